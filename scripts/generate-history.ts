/**
 * A synthetic history for benchmarks and demos: the hubs' donations, devices in every state with a
 * complete event log (each device's row equals the projection of its events), erasure records,
 * partners, requests, deliveries, RAEE shipments, screen sizes, search terms and stock counts, over
 * several years; then the circular-economy running totals rebuilt from it. Plain multi-row INSERTs
 * through Kysely in large transactions, on SQLite or PostgreSQL alike.
 *
 *   npm run generate -- --devices 1000000 [--database data/bench.sqlite | postgres://…] [--years 5] [--seed 1]
 *
 * The database is migrated and its hubs seeded first; it must hold no devices yet.
 * Issue #8 reuses `generateHistory` for its benchmarks.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Insertable, Kysely } from 'kysely';
import { openDatabase, resyncAutoId } from '../src/db/adapter';
import { migrateToLatest } from '../src/db/migrate';
import type { Database } from '../src/db/schema';
import { USUALLY_HAS_STORAGE, type DeviceType } from '../src/devices/device-types';
import { deviceTerms } from '../src/devices/terms';
import { hubDay } from '../src/shared/hub-time';
import { rebuildFigures } from '../src/figures/rebuild';
import { seedHubs } from '../src/hubs/seed';
import type { DeviceState } from '../src/lifecycle/lifecycle';
import { formatTag } from '../src/tags/tag';

export type GenerateOptions = {
  devices: number;
  years?: number;
  /** The last instant of the history (default: now). */
  end?: Date;
  seed?: number;
  /** Search terms for every device (the device list's search); on by default. */
  terms?: boolean;
  log?: (line: string) => void;
};

export type GenerateResult = { devices: number; events: number; donations: number; deliveries: number; seconds: number; rebuildSeconds: number };

const DAY = 86_400_000;
const TYPES: [DeviceType, number][] = [
  ['laptop', 0.35],
  ['desktop', 0.25],
  ['monitor', 0.2],
  ['all_in_one', 0.03],
  ['tablet', 0.05],
  ['smartphone', 0.04],
  ['printer', 0.04],
  ['peripheral', 0.03],
  ['other', 0.01],
];
const DONOR_KINDS: [string, number][] = [
  ['company', 0.35],
  ['citizen', 0.4],
  ['public_body', 0.1],
  ['school', 0.1],
  ['association', 0.05],
];
const BRANDS: Record<string, string[]> = {
  laptop: ['Lenovo ThinkPad T440', 'Dell Latitude E7240', 'HP EliteBook 840', 'Acer TravelMate P253'],
  desktop: ['Dell OptiPlex 7010', 'HP ProDesk 600', 'Lenovo ThinkCentre M83'],
  monitor: ['Dell P2214H', 'Samsung S22', 'LG 24MB', 'Philips 190S'],
};
const IMAGES = ['Linux Mint 22 Xfce', 'Linux Mint 21.3 Cinnamon', 'Debian 12 Xfce', 'Ubuntu 24.04 LTS'];
const WEIGHT: Record<string, number> = { laptop: 2, desktop: 7, monitor: 4.5, all_in_one: 8, tablet: 0.7, smartphone: 0.2, printer: 11, peripheral: 0.5, other: 3 };

/** A small deterministic generator: the same seed gives the same history. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, weighted: [T, number][]): T {
  let r = rnd();
  for (const [v, w] of weighted) {
    if ((r -= w) < 0) return v;
  }
  return weighted[weighted.length - 1]![0];
}

async function insertAll<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[], columns: number) {
  // Both databases bind at most 32,766 parameters per statement in the worst case (SQLite's default).
  const chunk = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += chunk)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
}

async function maxId(
  db: Kysely<Database>,
  table: 'devices' | 'donations' | 'donors' | 'device_events' | 'deliveries' | 'partners' | 'partner_requests' | 'erasures' | 'raee_shipments' | 'delivery_devices',
) {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number>('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function generateHistory(db: Kysely<Database>, opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const rnd = random(opts.seed ?? 1);
  const years = opts.years ?? 5;
  const end = (opts.end ?? new Date()).getTime();
  const start = end - years * 365 * DAY;
  const N = opts.devices;
  if ((await maxId(db, 'devices')) > 0) throw new Error('generateHistory: the database already holds devices');
  const hubs = await db.selectFrom('hubs').select(['id', 'code']).orderBy('id').execute();
  if (hubs.length === 0) throw new Error('generateHistory: no hubs');
  // Hubs differ in size: the busiest does about three times what the quietest does.
  const hubWeights: [(typeof hubs)[number], number][] = hubs.map((h, i) => [h, (1 + ((i * 7) % 12) / 6) / hubs.length]);
  const totalW = hubWeights.reduce((s, [, w]) => s + w, 0);
  hubWeights.forEach((x) => (x[1] /= totalW));

  const ids = {
    donor: await maxId(db, 'donors'),
    donation: await maxId(db, 'donations'),
    partner: await maxId(db, 'partners'),
    request: await maxId(db, 'partner_requests'),
    delivery: await maxId(db, 'deliveries'),
    event: await maxId(db, 'device_events'),
    erasure: await maxId(db, 'erasures'),
    shipment: await maxId(db, 'raee_shipments'),
    deliveryDevice: await maxId(db, 'delivery_devices'),
  };
  const iso = (t: number) => new Date(t).toISOString();

  // ---- partners and their requests, one per partner and year
  const partners: Insertable<Database['partners']>[] = [];
  const requests: Insertable<Database['partner_requests']>[] = [];
  const requestOf = new Map<string, { id: number; partnerId: number; name: string }>();
  const partnerOfRequest = new Map<number, number>();
  const hubPartners = new Map<number, { id: number; name: string }[]>();
  const firstYear = new Date(start).getUTCFullYear();
  const lastYear = new Date(end).getUTCFullYear();
  for (const h of hubs) {
    const list: { id: number; name: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const kind = i < 18 ? 'school' : i < 30 ? 'association' : i < 35 ? 'public_body' : 'other';
      const id = ++ids.partner;
      const name = `${kind === 'school' ? 'Istituto' : kind === 'association' ? 'Associazione' : kind === 'public_body' ? 'Comune' : 'Ente'} ${h.code} ${i + 1}`;
      partners.push({
        id,
        hub_id: h.id,
        kind,
        name,
        code: kind === 'school' ? `GEN${h.code}${String(i).padStart(3, '0')}`.slice(0, 10) + `X${i}` : null,
        address: null,
        municipality: h.code,
        province: 'PG',
        status: 'active',
        open_data_consent: kind === 'association' && i % 2 === 0 ? 1 : 0,
        internal_note: null,
        decision_note: null,
        decided_at: null,
        decided_by_user_id: null,
        created_at: iso(start),
        created_by_user_id: null,
        created_by_token_id: null,
      } as Insertable<Database['partners']>);
      list.push({ id, name });
      for (let y = firstYear; y <= lastYear; y++) {
        const rid = ++ids.request;
        requests.push({
          id: rid,
          partner_id: id,
          hub_id: h.id,
          state: y < lastYear ? 'fulfilled' : 'approved',
          purpose: 'Laboratorio e prestito',
          beneficiaries_count: 10 + Math.floor(rnd() * 200),
          beneficiaries_description: null,
          min_ram_mb: null,
          min_screen_inches: null,
          needs_ssd: 0,
          internal_note: null,
          version: 1,
          created_by_user_id: null,
          created_by_token_id: null,
          created_at: iso(Date.UTC(y, 0, 1)),
          updated_at: iso(Date.UTC(y, 0, 1)),
        } as Insertable<Database['partner_requests']>);
        requestOf.set(`${id}|${y}`, { id: rid, partnerId: id, name });
        partnerOfRequest.set(rid, id);
      }
    }
    hubPartners.set(h.id, list);
  }
  await db.transaction().execute(async (trx) => {
    await insertAll(trx as unknown as Kysely<Database>, 'partners', partners, 17);
    await insertAll(trx as unknown as Kysely<Database>, 'partner_requests', requests, 16);
  });

  // ---- devices, chronologically, in large transactions
  const tagNumber = new Map<number, number>(hubs.map((h) => [h.id, 0]));
  const hubCodes = new Map(hubs.map((h) => [h.id, h.code]));
  const stock = new Map<string, number>();
  const deliveries = new Map<string, { id: number; hubId: number; year: number; number: number; partnerId: number; requestId: number; day: string; at: string }>();
  const deliveryNumbers = new Map<string, number>();
  const hubDonors = new Map<number, number[]>();
  let deviceId = 0;
  let events = 0;
  let donations = 0;
  const CHUNK = 20_000;
  const span = end - start;
  const recycledByHubMonth = new Map<string, { hubId: number; devices: { id: number; kg: number }[]; last: number }>();

  for (let made = 0; made < N;) {
    const rows = { donors: [] as Insertable<Database['donors']>[], donations: [] as Insertable<Database['donations']>[], devices: [] as Insertable<Database['devices']>[] };
    const evs: Insertable<Database['device_events']>[] = [];
    const erasures: Insertable<Database['erasures']>[] = [];
    const specs: Insertable<Database['device_specs']>[] = [];
    const terms: { term: string; device_id: number; hub_id: number }[] = [];
    const newDeliveries: Insertable<Database['deliveries']>[] = [];
    const deliveryDevices: Insertable<Database['delivery_devices']>[] = [];
    const target = Math.min(N, made + CHUNK);
    while (made < target) {
      // One donation: 1 to 10 devices, given on one day at one hub.
      const [hub] = [pick(rnd, hubWeights)];
      const at = start + Math.floor(((made + rnd()) / N) * span * 0.995);
      const count = Math.min(target - made, 1 + Math.floor(rnd() * rnd() * 10));
      const kind = pick(rnd, DONOR_KINDS);
      const known = hubDonors.get(hub.id) ?? [];
      let donorId: number;
      if (known.length > 0 && rnd() < 0.2) donorId = known[Math.floor(rnd() * known.length)]!;
      else {
        donorId = ++ids.donor;
        rows.donors.push({ id: donorId, kind, name: `Donatore ${donorId}`, tax_code: null, email: null, phone: null, created_at: iso(at), erased_at: null } as Insertable<Database['donors']>);
        known.push(donorId);
        if (known.length > 500) known.shift();
        hubDonors.set(hub.id, known);
      }
      const donationId = ++ids.donation;
      donations++;
      rows.donations.push({
        id: donationId,
        hub_id: hub.id,
        donor_id: donorId,
        received_at: iso(at),
        note: null,
        device_count: count,
        created_by_user_id: null,
        created_by_token_id: null,
        created_at: iso(at),
      } as Insertable<Database['donations']>);
      for (let k = 0; k < count; k++, made++) {
        const id = ++deviceId;
        const type = pick(rnd, TYPES);
        const n = tagNumber.get(hub.id)! + 1;
        tagNumber.set(hub.id, n);
        const tag = formatTag(hub.code, n);
        const model = BRANDS[type]?.[Math.floor(rnd() * BRANDS[type]!.length)] ?? null;
        const brand = model ? model.split(' ')[0]! : null;
        const serial = rnd() < 0.6 ? `GS${id.toString(36).toUpperCase()}${Math.floor(rnd() * 1e6)}` : null;
        const weight = rnd() < 0.3 ? Math.round(WEIGHT[type]! * (0.6 + rnd() * 0.8) * 100) / 100 : null;
        const storage = USUALLY_HAS_STORAGE.includes(type);
        // The device's story: a fate, then steps spaced by days; whatever lies after the end has not happened yet.
        type Step = { action: string; to: DeviceState; data: Record<string, unknown>; gap: number };
        const fate = rnd();
        const steps: Step[] = [];
        let hubId = hub.id;
        const refurbish = (cycle: number) => {
          steps.push({ action: 'diagnose', to: 'diagnosed', data: { outcome: 'refurbish', hasStorage: storage }, gap: 2 + rnd() * 20 });
          if (storage) steps.push({ action: 'erase', to: 'wiped', data: { method: 'Fill With Zeros', verified: true, tool: 'nwipe 0.34', source: 'manual', cycle }, gap: 1 + rnd() * 10 });
          if (type !== 'monitor' && type !== 'printer' && type !== 'peripheral')
            steps.push({ action: 'install', to: 'installed', data: { os: IMAGES[Math.floor(rnd() * IMAGES.length)]! }, gap: 1 + rnd() * 10 });
          steps.push({ action: 'ready', to: 'ready', data: {}, gap: 1 + rnd() * 5 });
          steps.push({ action: 'reserve', to: 'reserved', data: {}, gap: 3 + rnd() * 60 });
          steps.push({ action: 'deliver', to: 'delivered', data: {}, gap: 1 + rnd() * 14 });
        };
        if (fate < 0.04) {
          const other = hubs[(hubs.findIndex((h) => h.id === hub.id) + 1 + Math.floor(rnd() * (hubs.length - 1))) % hubs.length]!;
          steps.push({ action: 'transfer', to: 'in_transit', data: { toHubId: other.id, toHub: other.code }, gap: 1 + rnd() * 10 });
          steps.push({ action: 'arrive', to: 'received', data: {}, gap: 1 + rnd() * 5 });
          refurbish(1);
        } else if (fate < 0.6) {
          refurbish(1);
          if (rnd() < 0.06) {
            steps.push({ action: 'return', to: 'returned', data: { reason: 'guasto' }, gap: 30 + rnd() * 300 });
            if (rnd() < 0.6) refurbish(2);
          }
        } else if (fate < 0.8) {
          steps.push({ action: 'diagnose', to: 'diagnosed', data: { outcome: 'parts', hasStorage: storage }, gap: 2 + rnd() * 20 });
          steps.push({
            action: 'harvest',
            to: 'harvested',
            data: { parts: [{ kind: 'ram', count: 1 + Math.floor(rnd() * 2) }, ...(storage ? [{ kind: 'disk', count: 1 }] : [])] },
            gap: 1 + rnd() * 30,
          });
        } else {
          steps.push({ action: 'diagnose', to: 'diagnosed', data: { outcome: 'recycle', hasStorage: storage }, gap: 2 + rnd() * 20 });
          // Nothing readable goes to RAEE: a disk is destroyed first (the state stays diagnosed).
          if (storage) {
            steps.push({
              action: 'erase',
              to: 'diagnosed',
              data: { method: 'Distruzione fisica', verified: true, category: 'destroy', source: 'destruction', disks: [{ serial: null, outcome: 'destroyed' }], cycle: 1 },
              gap: 1 + rnd() * 10,
            });
          }
          steps.push({ action: 'recycle', to: 'recycled', data: { kg: weight ?? Math.round(WEIGHT[type]! * 100) / 100 }, gap: 1 + rnd() * 30 });
        }
        // Replay the story up to the end, building the projection as the lifecycle would.
        let state: DeviceState = 'received';
        let t = at;
        let seq = 1;
        let cycle = 1;
        let outcome: string | null = null;
        let hasStorage: number | null = storage ? 1 : 0;
        let os: string | null = null;
        let recipient: string | null = null;
        let document: string | null = null;
        let requestId: number | null = null;
        let deliveryIdOf: number | null = null;
        let transitFrom: number | null = null;
        let transitState: DeviceState | null = null;
        evs.push({
          id: ++ids.event,
          device_id: id,
          seq,
          action: 'receive',
          from_state: null,
          to_state: 'received',
          hub_id: hubId,
          actor_user_id: null,
          actor_token_id: null,
          data: JSON.stringify({ donation: donationId }),
          at: iso(at),
        } as Insertable<Database['device_events']>);
        for (const step of steps) {
          const next = t + Math.floor(step.gap * DAY);
          if (next >= end) break;
          t = next;
          const data: Record<string, unknown> = { ...step.data };
          const from = state;
          let to = step.to;
          if (step.action === 'diagnose') {
            outcome = data.outcome as string;
            hasStorage = data.hasStorage ? 1 : 0;
          } else if (step.action === 'erase') {
            delete data.cycle;
            const destroyed = data.source === 'destruction';
            erasures.push({
              id: ++ids.erasure,
              device_id: id,
              cycle,
              event_id: ids.event + 1,
              source: destroyed ? 'destruction' : 'manual',
              outcome: destroyed ? 'destroyed' : 'erased',
              method: data.method as string,
              tool: destroyed ? null : 'nwipe 0.34',
              nist_category: destroyed ? 'destroy' : 'clear',
              verified: 1,
              disk_serial: null,
              disk_model: null,
              disk_size_bytes: null,
              performed_by_user_id: null,
              at: iso(t),
              details: null,
            } as Insertable<Database['erasures']>);
          } else if (step.action === 'install') os = data.os as string;
          else if (step.action === 'reserve') {
            const y = new Date(t).getUTCFullYear();
            const list = hubPartners.get(hubId)!;
            const p = list[Math.floor(rnd() * list.length)]!;
            const req = requestOf.get(`${p.id}|${y}`)!;
            requestId = req.id;
            recipient = req.name;
            data.requestId = req.id;
            data.recipient = req.name;
          } else if (step.action === 'deliver') {
            const day = hubDay(new Date(t));
            const year = Number(day.slice(0, 4));
            const key = `${hubId}|${day}|${requestId}`;
            let d = deliveries.get(key);
            if (!d) {
              const numKey = `${hubId}|${year}`;
              const number = (deliveryNumbers.get(numKey) ?? 0) + 1;
              deliveryNumbers.set(numKey, number);
              d = { id: ++ids.delivery, hubId, year, number, partnerId: partnerOfRequest.get(requestId!)!, requestId: requestId!, day, at: iso(t) };
              deliveries.set(key, d);
              newDeliveries.push({
                id: d.id,
                hub_id: hubId,
                year,
                number,
                request_id: d.requestId,
                partner_id: d.partnerId,
                title: 'donation',
                delivered_on: day,
                loan_until: null,
                device_count: 0,
                created_by_user_id: null,
                created_by_token_id: null,
                created_at: d.at,
                receipt_completed_at: null,
              } as Insertable<Database['deliveries']>);
            }
            const hubCode = hubCodes.get(hubId)!;
            document = `DDT ${hubCode}-${d.year}-${String(d.number).padStart(4, '0')}`;
            deliveryIdOf = d.id;
            data.deliveryId = d.id;
            data.recipient = recipient;
            data.document = document;
            deliveryDevices.push({
              id: ++ids.deliveryDevice,
              delivery_id: d.id,
              device_id: id,
              tag,
              type,
              brand,
              model,
              serial,
              os,
              specs: null,
              erasure: JSON.stringify({ storage: storage, method: storage ? 'Fill With Zeros' : null, at: null }),
              received_at: null,
              received_by_user_id: null,
            } as Insertable<Database['delivery_devices']>);
          } else if (step.action === 'return') {
            cycle++;
            outcome = null;
            os = null;
            recipient = null;
            document = null;
            requestId = null;
            deliveryIdOf = null;
          } else if (step.action === 'transfer') {
            transitFrom = hubId;
            transitState = state;
            hubId = data.toHubId as number;
          } else if (step.action === 'arrive') {
            to = transitState ?? 'received';
            transitFrom = null;
            transitState = null;
          } else if (step.action === 'recycle') {
            const month = hubDay(new Date(t)).slice(0, 7);
            const k = `${hubId}|${month}`;
            const s = recycledByHubMonth.get(k) ?? { hubId, devices: [], last: t };
            s.devices.push({ id, kg: data.kg as number });
            s.last = Math.max(s.last, t);
            recycledByHubMonth.set(k, s);
          }
          state = to;
          seq++;
          evs.push({
            id: ++ids.event,
            device_id: id,
            seq,
            action: step.action,
            from_state: from,
            to_state: to,
            hub_id: hubId,
            actor_user_id: null,
            actor_token_id: null,
            data: JSON.stringify(data),
            at: iso(t),
          } as Insertable<Database['device_events']>);
        }
        events += seq;
        rows.devices.push({
          id,
          tag,
          hub_id: hubId,
          donation_id: donationId,
          type,
          brand,
          model,
          serial,
          weight_kg: weight,
          has_storage: hasStorage,
          condition_note: null,
          state,
          outcome,
          cycle,
          version: seq,
          os,
          recipient,
          delivery_document: document,
          request_id: state === 'reserved' || state === 'delivered' ? requestId : null,
          delivery_id: state === 'delivered' ? deliveryIdOf : null,
          transfer_id: null,
          transit_from_hub_id: transitFrom,
          transit_state: transitState,
          os_image_id: null,
          received_at: iso(at),
          updated_at: iso(t),
        } as Insertable<Database['devices']>);
        const cellKey = `${hubId}|${state}|${type}`;
        stock.set(cellKey, (stock.get(cellKey) ?? 0) + 1);
        if ((type === 'laptop' && rnd() < 0.6) || (type === 'monitor' && rnd() < 0.5)) {
          const inches = type === 'laptop' ? [11.6, 12.5, 13.3, 14, 15.6, 15.6, 17.3][Math.floor(rnd() * 7)]! : [17, 19, 20, 21.5, 22, 24, 27, 32][Math.floor(rnd() * 8)]!;
          specs.push({
            device_id: id,
            report_id: null,
            manufacturer: brand,
            model,
            serial: null,
            chassis: null,
            cpu_model: null,
            cpu_cores: null,
            cpu_threads: null,
            cpu_64bit: null,
            ram_mb: null,
            storage_gb: null,
            has_ssd: null,
            disk_count: null,
            screen_inches: inches,
            battery_health_pct: null,
            specs: '{}',
            updated_at: iso(at),
          } as Insertable<Database['device_specs']>);
        }
        if (opts.terms !== false) for (const term of deviceTerms({ tag, serial, brand, model })) terms.push({ term, device_id: id, hub_id: hubId });
      }
    }
    await db.transaction().execute(async (trx) => {
      const k = trx as unknown as Kysely<Database>;
      await insertAll(k, 'donors', rows.donors, 8);
      await insertAll(k, 'donations', rows.donations, 9);
      await insertAll(k, 'devices', rows.devices, 26);
      await insertAll(k, 'device_events', evs, 11);
      await insertAll(k, 'erasures', erasures, 15);
      await insertAll(k, 'device_specs', specs, 18);
      await insertAll(k, 'deliveries', newDeliveries, 14);
      await insertAll(k, 'delivery_devices', deliveryDevices, 14);
      if (terms.length) {
        for (let i = 0; i < terms.length; i += 9000)
          await k
            .insertInto('device_terms')
            .values(terms.slice(i, i + 9000))
            .onConflict((oc) => oc.doNothing())
            .execute();
      }
    });
    log(`  ${made.toLocaleString('en')} devices, ${events.toLocaleString('en')} events (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }

  // ---- what the whole history decides: shipments, counts, counters
  await db.transaction().execute(async (trx) => {
    const k = trx as unknown as Kysely<Database>;
    const shipments: Insertable<Database['raee_shipments']>[] = [];
    const items: Insertable<Database['raee_shipment_items']>[] = [];
    for (const [key, s] of recycledByHubMonth) {
      // A month's recycled devices leave together early the next month, if that is before the end.
      const shipped = s.last + 7 * DAY;
      if (shipped >= end) continue;
      const id = ++ids.shipment;
      const total = Math.round(s.devices.reduce((x, d) => x + d.kg, 0) * 100) / 100;
      shipments.push({
        id,
        hub_id: s.hubId,
        document_number: `FIR-${key.replace('|', '-')}`,
        shipped_on: hubDay(new Date(shipped)),
        total_kg: total,
        note: null,
        created_by_user_id: null,
        created_by_token_id: null,
        created_at: iso(shipped),
      } as Insertable<Database['raee_shipments']>);
      for (const d of s.devices) items.push({ device_id: d.id, shipment_id: id, kg: d.kg });
    }
    await insertAll(k, 'raee_shipments', shipments, 9);
    await insertAll(k, 'raee_shipment_items', items, 3);
    await insertAll(
      k,
      'stock_counts',
      [...stock.entries()].map(([key, count]) => {
        const [hub_id, state, type] = key.split('|');
        return { hub_id: Number(hub_id), state: state as DeviceState, type: type as DeviceType, count };
      }),
      4,
    );
    for (const [hubId, n] of tagNumber)
      await k
        .updateTable('tag_counters')
        .set({ next_number: n + 1 })
        .where('hub_id', '=', hubId)
        .execute();
    for (const [key, n] of deliveryNumbers) {
      const [hub_id, year] = key.split('|').map(Number) as [number, number];
      await k
        .insertInto('document_counters')
        .values({ hub_id, kind: 'delivery', year, next_number: n + 1 })
        .onConflict((oc) => oc.columns(['hub_id', 'kind', 'year']).doUpdateSet({ next_number: n + 1 }))
        .execute();
    }
    await k
      .updateTable('deliveries')
      .set((eb) => ({
        device_count: eb
          .selectFrom('delivery_devices')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('delivery_devices.delivery_id', '=', 'deliveries.id'),
      }))
      .execute();
  });
  for (const table of ['donors', 'donations', 'devices', 'device_events', 'erasures', 'partners', 'partner_requests', 'deliveries', 'delivery_devices', 'raee_shipments'])
    await resyncAutoId(db, table);
  const generated = (performance.now() - started) / 1000;
  log(`Generated in ${generated.toFixed(0)} s; rebuilding the running totals…`);
  const r0 = performance.now();
  await rebuildFigures(db, { onProgress: (done, total) => done % 200_000 < 5000 && log(`  recount ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`) });
  const rebuildSeconds = (performance.now() - r0) / 1000;
  log(`Running totals rebuilt in ${rebuildSeconds.toFixed(0)} s.`);
  return { devices: deviceId, events, donations, deliveries: deliveries.size, seconds: (performance.now() - started) / 1000, rebuildSeconds };
}

async function main() {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string', default: '1000000' },
      database: { type: 'string' },
      years: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      'no-terms': { type: 'boolean' },
    },
  });
  const url = values.database ?? process.env.DATABASE_URL ?? 'data/generated.sqlite';
  const devices = Number(values.devices);
  if (!Number.isInteger(devices) || devices < 1) throw new Error('--devices: a whole number of devices');
  const { db, kind, close } = openDatabase(url);
  try {
    await migrateToLatest(db);
    await seedHubs(db);
    console.log(`Generating ${devices.toLocaleString('en')} devices over ${values.years} years on ${kind} (${url.replace(/:[^:@/]*@/, ':***@')})…`);
    const r = await generateHistory(db, { devices, years: Number(values.years), seed: Number(values.seed), terms: !values['no-terms'], log: (l) => console.log(l) });
    console.log(
      `Done: ${r.devices.toLocaleString('en')} devices, ${r.events.toLocaleString('en')} events, ${r.donations.toLocaleString('en')} donations, ${r.deliveries.toLocaleString('en')} deliveries in ${r.seconds.toFixed(0)} s (recount ${r.rebuildSeconds.toFixed(0)} s).`,
    );
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
