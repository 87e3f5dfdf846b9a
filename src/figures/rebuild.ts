/**
 * The full recount: every running total recomputed from the event log and the source tables
 * (donations, deliveries, RAEE shipments, known screen sizes), through the same pure functions the
 * live projection uses. Tests compare it with the live totals; the history generator calls it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { deviceClass, grams } from './classes';
import { deliveryFigures, donationFigures, FigureSink, shipmentFigures } from './deltas';
import { replay } from './live';
import * as repo from './repository';
import { together } from '../db/together';

/** Devices read per round trip. */
const DEVICES_PER_ROUND = 5000;

type Progress = { onProgress?: (done: number, total: number) => void };

export async function rebuildFigures(db: Kysely<Database>, opts: Progress = {}): Promise<{ devices: number; rows: number }> {
  return db.transaction().execute((trx) => recountFigures(trx, opts));
}

/** The recount inside a transaction the caller holds (a migration that changes what the totals mean runs it). */
export async function recountFigures(trx: Transaction<Database>, opts: Progress = {}): Promise<{ devices: number; rows: number }> {
  await repo.clearFigures(trx);
  const sink = new FigureSink();
  const donor = new Map<number, string>();
  for (const d of await repo.allDonations(trx)) {
    donor.set(d.id, d.kind);
    donationFigures(sink, { hubId: d.hub_id, receivedAt: d.received_at, donorKind: d.kind, donorId: d.donor_id });
  }
  const recipient = new Map<number, string>();
  for (const d of await repo.allDeliveries(trx)) {
    recipient.set(d.id, d.kind);
    deliveryFigures(sink, { hubId: d.hub_id, deliveredOn: d.delivered_on, partnerId: d.partner_id, requestId: d.request_id, beneficiaries: d.beneficiaries_count });
  }
  for (const s of await repo.allShipments(trx)) shipmentFigures(sink, { hubId: s.hub_id, shippedOn: s.shipped_on, totalKg: s.total_kg });
  const screens = new Map((await repo.knownScreens(trx)).map((s) => [s.device_id, s.screen_inches]));

  const { lo, hi } = await repo.deviceIdRange(trx);
  let devices = 0;
  if (lo !== null && hi !== null) {
    for (let start = lo; start <= hi; start += DEVICES_PER_ROUND) {
      const end = start + DEVICES_PER_ROUND - 1;
      const [rows, events] = await together([repo.devicesBetween(trx, start, end), repo.eventsBetween(trx, start, end)]);
      let i = 0;
      for (const d of rows) {
        while (i < events.length && events[i]!.device_id < d.id) i++;
        let j = i;
        while (j < events.length && events[j]!.device_id === d.id) j++;
        replay(sink, events.slice(i, j), { type: d.type, cls: deviceClass(d.type, screens.get(d.id)), weightG: grams(d.weight_kg) }, { donor, recipient });
        i = j;
      }
      devices += rows.length;
      opts.onProgress?.(Math.min(end, hi) - lo + 1, hi - lo + 1);
    }
  }
  const rows = await repo.insertRecount(trx, sink);
  // Whatever was computed from the old totals is stale now, for every quarter.
  const quarters = new Set(sink.quarters);
  for (const r of await trx.selectFrom('figure_versions').select('bucket').execute()) quarters.add(r.bucket);
  await repo.bumpVersions(trx, quarters);
  return { devices, rows };
}
