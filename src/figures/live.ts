/**
 * The running totals kept in step with the events, inside the events' own transaction: called from
 * devices/actions.ts#applyProjections for every device event, and by the features that write
 * facts without a device event (RAEE shipments, a new screen size from a hardware report).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DeviceType } from '../devices/device-types';
import type { DeviceState } from '../lifecycle/lifecycle';
import { deviceClass, grams, SIZED_TYPES } from './classes';
import { deliveryFigures, donationFigures, eventFigures, FigureSink, needsCycleStart, shipmentFigures, type FigureEvent } from './deltas';
import * as repo from './repository';
import { registerProjection } from '../devices/registry';

/** One device event, as the devices service hands it to the projections. */
export type FigureChange = {
  deviceId: number;
  type: DeviceType;
  before: { hubId: number; state: DeviceState } | null;
  after: { hubId: number; state: DeviceState };
  action: string;
  at: string;
  data: Record<string, unknown>;
};

const CHUNK = 500;

/** Circular-economy figures (in, out, work, stock age, distinct donors and organisations) follow every device event (wired in devices/plugins.ts). */
export function registerFigures() {
  registerProjection(applyFigureChanges);
}

export async function applyFigureChanges(trx: Transaction<Database>, changes: readonly FigureChange[]): Promise<void> {
  if (changes.length === 0) return;
  const ids = [...new Set(changes.map((c) => c.deviceId))];
  const devices = new Map<number, Awaited<ReturnType<typeof repo.deviceFacts>>[number]>();
  for (let i = 0; i < ids.length; i += CHUNK) for (const d of await repo.deviceFacts(trx, ids.slice(i, i + CHUNK))) devices.set(d.id, d);

  const donationIds = new Set<number>();
  const deliveryIds = new Set<number>();
  // A donation filled in several transactions (a spreadsheet import's chunks) counts once, with its first devices.
  const countedDonations = new Set<number>();
  for (const c of changes) {
    if (c.action === 'receive' && typeof c.data.donation === 'number') donationIds.add(c.data.donation);
    if (c.action === 'receive' && typeof c.data.donation === 'number' && !c.data.continuesDonation) countedDonations.add(c.data.donation);
    if (c.action === 'deliver' && typeof c.data.deliveryId === 'number') deliveryIds.add(c.data.deliveryId);
  }
  // A return undoes the device's latest delivery: its recipient's kind is taken back.
  const undone = new Map<number, number>();
  for (const c of changes) {
    if (c.action !== 'return') continue;
    const id = await repo.lastDeliveryIdOf(trx, c.deviceId);
    if (id !== null) undone.set(c.deviceId, id);
  }
  // An undo takes back what the event it undoes had added: that event's own record says what.
  const undoKeys = changes.filter((c) => c.action === 'undo' && typeof c.data.undoes === 'number').map((c) => ({ deviceId: c.deviceId, seq: c.data.undoes as number }));
  const undoneEvents = new Map((undoKeys.length ? await repo.eventsBySeq(trx, undoKeys) : []).map((e) => [`${e.device_id}|${e.seq}`, { action: e.action, data: parseData(e.data) }]));
  const donations = donationIds.size ? await repo.donationFacts(trx, [...donationIds]) : [];
  const deliveries = deliveryIds.size ? await repo.deliveryFacts(trx, [...deliveryIds]) : [];
  const undoneDeliveries = undone.size ? await repo.deliveryFacts(trx, [...new Set(undone.values())]) : [];
  const donorKind = new Map(donations.map((d) => [d.id, d.kind as string]));
  const recipientKind = new Map([...deliveries, ...undoneDeliveries].map((d) => [d.id, d.kind as string]));

  const sink = new FigureSink();
  for (const c of changes) {
    const d = devices.get(c.deviceId);
    if (!d) continue;
    const ev: FigureEvent = { action: c.action, at: c.at, hubId: c.after.hubId, prevHubId: c.before?.hubId ?? null, from: c.before?.state ?? null, to: c.after.state, data: c.data };
    // The cycle begins at intake or at a return; other events look it up only when they need it.
    // (When the event neither moves it in or out of stock nor delivers it, the start does not matter.)
    let cycleStart = c.at;
    let prevCycleStart: string | null = c.at;
    if (c.action === 'receive') prevCycleStart = null;
    else if (c.action === 'return') prevCycleStart = d.received_at;
    else if (needsCycleStart(ev)) {
      cycleStart = (await repo.cycleStartOf(trx, c.deviceId)) ?? d.received_at;
      prevCycleStart = cycleStart;
    }
    eventFigures(
      sink,
      ev,
      { type: d.type, cls: deviceClass(d.type, d.screen_inches), weightG: grams(d.weight_kg) },
      {
        donorKind: typeof c.data.donation === 'number' ? donorKind.get(c.data.donation) : undefined,
        recipientKind: c.action === 'return' ? recipientKind.get(undone.get(c.deviceId) ?? -1) : typeof c.data.deliveryId === 'number' ? recipientKind.get(c.data.deliveryId) : undefined,
        prevCycleStart,
        cycleStart,
        undone: c.action === 'undo' ? undoneEvents.get(`${c.deviceId}|${String(c.data.undoes)}`) : undefined,
      },
    );
  }
  for (const d of donations) if (countedDonations.has(d.id)) donationFigures(sink, { hubId: d.hub_id, receivedAt: d.received_at, donorKind: d.kind, donorId: d.donor_id });
  for (const d of deliveries) deliveryFigures(sink, { hubId: d.hub_id, deliveredOn: d.delivered_on, partnerId: d.partner_id, requestId: d.request_id, beneficiaries: d.beneficiaries_count });
  await flush(trx, sink);
}

async function flush(trx: Transaction<Database>, sink: FigureSink) {
  await repo.flushCounts(trx, sink.countRows());
  await repo.flushStockAge(trx, sink.stockRows());
  if (sink.members.size) await repo.flushMembers(trx, sink);
  await repo.bumpVersions(trx, sink.quarters);
}

/** An outbound RAEE shipment, in the shipment's own transaction. */
export async function applyShipment(trx: Transaction<Database>, s: { hubId: number; shippedOn: string; totalKg: number }) {
  const sink = new FigureSink();
  shipmentFigures(sink, s);
  await flush(trx, sink);
}

/**
 * A laptop's or monitor's screen size became known (or changed): its class may change, and with it
 * every class-dependent total the device contributed to. Its events are replayed under the old class,
 * taken away, and replayed under the new one. Call it before the new size is written.
 */
export async function reclassify(trx: Transaction<Database>, deviceId: number, newScreenInches: number | null) {
  const [d] = await repo.deviceFacts(trx, [deviceId]);
  if (!d || !SIZED_TYPES.includes(d.type)) return;
  const before = deviceClass(d.type, d.screen_inches);
  const after = deviceClass(d.type, newScreenInches);
  if (before === after) return;
  const events = await repo.eventsOf(trx, deviceId);
  const kinds = await contextOf(trx, events);
  const sink = new FigureSink();
  for (const [cls, sign] of [
    [before, -1],
    [after, +1],
  ] as const) {
    const part = new FigureSink();
    replay(part, events, { type: d.type, cls, weightG: grams(d.weight_kg) }, kinds);
    for (const r of part.countRows()) sink.addRow(r.scope, r.bucket, r.metric, r.dim, sign * r.n, sign * r.wn, sign * r.g);
    for (const q of part.quarters) sink.quarters.add(q);
  }
  await repo.flushCounts(trx, sink.countRows());
  await repo.bumpVersions(trx, sink.quarters);
}

type EventRow = Awaited<ReturnType<typeof repo.eventsOf>>[number];
type Kinds = { donor: Map<number, string>; recipient: Map<number, string> };

async function contextOf(trx: Transaction<Database>, events: EventRow[]): Promise<Kinds> {
  const donationIds: number[] = [];
  const deliveryIds: number[] = [];
  for (const e of events) {
    const data = parseData(e.data);
    if (e.action === 'receive' && typeof data.donation === 'number') donationIds.push(data.donation);
    if (e.action === 'deliver' && typeof data.deliveryId === 'number') deliveryIds.push(data.deliveryId);
  }
  const donor = new Map((donationIds.length ? await repo.donationFacts(trx, donationIds) : []).map((d) => [d.id, d.kind as string]));
  const recipient = new Map((deliveryIds.length ? await repo.deliveryFacts(trx, deliveryIds) : []).map((d) => [d.id, d.kind as string]));
  return { donor, recipient };
}

export function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const v = JSON.parse(data) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Replays one device's events, oldest first, into a sink: the recount does this for every device,
 * a reclassification for one.
 */
export function replay(sink: FigureSink, events: readonly EventRow[], device: Parameters<typeof eventFigures>[2], kinds: Kinds) {
  let prevHubId: number | null = null;
  let cycleStart: string | null = null;
  let lastDelivery: number | undefined;
  const bySeq = new Map<number, { action: string; data: Record<string, unknown> }>();
  for (const e of events) {
    const data = parseData(e.data);
    bySeq.set(e.seq, { action: e.action, data });
    if (e.action === 'deliver' && typeof data.deliveryId === 'number') lastDelivery = data.deliveryId;
    const prevCycleStart = cycleStart;
    if (e.action === 'receive' || e.action === 'return' || cycleStart === null) cycleStart = e.at;
    eventFigures(sink, { action: e.action, at: e.at, hubId: e.hub_id, prevHubId, from: e.from_state, to: e.to_state, data }, device, {
      donorKind: typeof data.donation === 'number' ? kinds.donor.get(data.donation) : undefined,
      recipientKind: e.action === 'return' ? kinds.recipient.get(lastDelivery ?? -1) : typeof data.deliveryId === 'number' ? kinds.recipient.get(data.deliveryId) : undefined,
      prevCycleStart,
      cycleStart,
      undone: e.action === 'undo' && typeof data.undoes === 'number' ? bySeq.get(data.undoes) : undefined,
    });
    prevHubId = e.hub_id;
  }
}
