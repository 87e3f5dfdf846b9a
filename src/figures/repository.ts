/** Every query of the figures: running totals, distinct members, stock age, factors and the source rows a recount reads. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DeviceState } from '../lifecycle/lifecycle';
import type { FigureSink, MemberKind } from './deltas';
import { MEMBER } from './deltas';

type Db = Kysely<Database> | Transaction<Database>;

// Rows per multi-row statement: well inside both databases' bound-parameter limits.
const CHUNK = 2000;

/** Adds the sink's rows to the running totals (one upsert per chunk; the sink never repeats a key). */
/**
 * Rows are written in one order, the same for every transaction: two transactions that add to the
 * same cells then lock them in the same order and wait for each other instead of deadlocking.
 */
const inOrder = <T>(rows: readonly T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

export async function flushCounts(db: Db, unordered: ReturnType<FigureSink['countRows']>) {
  const rows = inOrder(unordered, (r) => `${r.scope}|${r.bucket}|${r.metric}|${r.dim}`);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('figure_counts')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['scope', 'bucket', 'metric', 'dim']).doUpdateSet((eb) => ({
          n: eb('figure_counts.n', '+', eb.ref('excluded.n')),
          wn: eb('figure_counts.wn', '+', eb.ref('excluded.wn')),
          g: eb('figure_counts.g', '+', eb.ref('excluded.g')),
        })),
      )
      .execute();
  }
}

export async function flushStockAge(db: Db, unordered: ReturnType<FigureSink['stockRows']>) {
  const rows = inOrder(unordered, (r) => `${r.hub_id}|${r.month}`);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('figure_stock_age')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['hub_id', 'month']).doUpdateSet((eb) => ({ n: eb('figure_stock_age.n', '+', eb.ref('excluded.n')) })))
      .execute();
  }
}

/**
 * Adds members; those that were not there yet count once in their metric. The primary key decides
 * who is new, so two transactions adding the same donor at once still count it once.
 */
export async function flushMembers(db: Db, sink: FigureSink) {
  const members = inOrder([...sink.members.values()], (m) => `${m.scope}|${m.bucket}|${m.kind}|${m.member_id}`);
  const counted = new FigureSinkRows();
  for (let i = 0; i < members.length; i += CHUNK) {
    const chunk = members.slice(i, i + CHUNK);
    const inserted = await db
      .insertInto('figure_members')
      .values(chunk.map(({ weight: _w, ...m }) => m))
      .onConflict((oc) => oc.doNothing())
      .returning(['scope', 'bucket', 'kind', 'member_id'])
      .execute();
    const weight = new Map(chunk.map((m) => [`${m.scope}|${m.bucket}|${m.kind}|${m.member_id}`, m.weight]));
    for (const r of inserted) counted.add(r.scope, r.bucket, MEMBER[r.kind as MemberKind], weight.get(`${r.scope}|${r.bucket}|${r.kind}|${r.member_id}`) ?? 0);
  }
  await flushCounts(db, counted.rows());
}

/** Totals of distinct members, merged per row. */
class FigureSinkRows {
  private map = new Map<string, { scope: number; bucket: string; metric: string; dim: string; n: number; wn: number; g: number }>();
  add(scope: number, bucket: string, metric: string, n: number) {
    const key = `${scope}|${bucket}|${metric}`;
    const row = this.map.get(key) ?? { scope, bucket, metric, dim: '', n: 0, wn: 0, g: 0 };
    row.n += n;
    this.map.set(key, row);
  }
  rows() {
    return [...this.map.values()];
  }
}

/**
 * A recount's rows, into emptied tables: plain inserts (the sink already merged every key), members
 * as they are (it already knows who is distinct) with their totals.
 */
export async function insertRecount(db: Db, sink: FigureSink) {
  const members = [...sink.members.values()];
  const totals = new FigureSinkRows();
  for (const m of members) totals.add(m.scope, m.bucket, MEMBER[m.kind], m.weight);
  const counts = [...sink.countRows(), ...totals.rows()];
  for (let i = 0; i < counts.length; i += CHUNK)
    await db
      .insertInto('figure_counts')
      .values(counts.slice(i, i + CHUNK))
      .execute();
  for (let i = 0; i < members.length; i += CHUNK) {
    await db
      .insertInto('figure_members')
      .values(members.slice(i, i + CHUNK).map(({ weight: _w, ...m }) => m))
      .execute();
  }
  const stock = sink.stockRows();
  for (let i = 0; i < stock.length; i += CHUNK)
    await db
      .insertInto('figure_stock_age')
      .values(stock.slice(i, i + CHUNK))
      .execute();
  return counts.length + members.length;
}

/** Moves the version of every quarter whose totals just changed, in the same transaction. */
export async function bumpVersions(db: Db, quarters: Iterable<string>) {
  const rows = [...quarters].sort().map((bucket) => ({ bucket, version: 1 }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('figure_versions')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column('bucket').doUpdateSet((eb) => ({ version: eb('figure_versions.version', '+', 1) })))
      .execute();
  }
}

export async function versionOf(db: Db, bucket: string): Promise<number> {
  const r = await db.selectFrom('figure_versions').select('version').where('bucket', '=', bucket).executeTakeFirst();
  return Number(r?.version ?? 0);
}

/** Changes whenever any quarter's totals change: the sum and number of every quarter's version. */
export async function figuresGeneration(db: Db): Promise<string> {
  const r = await db
    .selectFrom('figure_versions')
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('version'), eb.lit(0)).as('sum'), eb.fn.countAll<number>().as('n')])
    .executeTakeFirstOrThrow();
  return `${Number(r.sum)}/${Number(r.n)}`;
}

export async function clearFigures(db: Db) {
  await db.deleteFrom('figure_counts').execute();
  await db.deleteFrom('figure_members').execute();
  await db.deleteFrom('figure_stock_age').execute();
}

// ---- what the live projection looks up

export function deviceFacts(db: Db, ids: number[]) {
  return db
    .selectFrom('devices')
    .leftJoin('device_specs', 'device_specs.device_id', 'devices.id')
    .select(['devices.id', 'devices.type', 'devices.weight_kg', 'devices.received_at', 'device_specs.screen_inches'])
    .where('devices.id', 'in', ids)
    .execute();
}

export function donationFacts(db: Db, ids: number[]) {
  return db
    .selectFrom('donations')
    .innerJoin('donors', 'donors.id', 'donations.donor_id')
    .select(['donations.id', 'donations.hub_id', 'donations.received_at', 'donations.donor_id', 'donors.kind'])
    .where('donations.id', 'in', ids)
    .execute();
}

export function deliveryFacts(db: Db, ids: number[]) {
  return db
    .selectFrom('deliveries')
    .innerJoin('partners', 'partners.id', 'deliveries.partner_id')
    .innerJoin('partner_requests', 'partner_requests.id', 'deliveries.request_id')
    .select(['deliveries.id', 'deliveries.hub_id', 'deliveries.delivered_on', 'deliveries.partner_id', 'deliveries.request_id', 'partners.kind', 'partner_requests.beneficiaries_count'])
    .where('deliveries.id', 'in', ids)
    .execute();
}

/** When the device's current cycle began: its intake, or its latest return. */
export async function cycleStartOf(db: Db, deviceId: number): Promise<string | null> {
  const row = await db.selectFrom('device_events').select('at').where('device_id', '=', deviceId).where('action', 'in', ['receive', 'return']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.at ?? null;
}

/** The delivery the device's latest `deliver` event made (a return undoes it). */
export async function lastDeliveryIdOf(db: Db, deviceId: number): Promise<number | null> {
  const row = await db.selectFrom('device_events').select('data').where('device_id', '=', deviceId).where('action', '=', 'deliver').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (!row?.data) return null;
  try {
    const id = (JSON.parse(row.data) as { deliveryId?: unknown }).deliveryId;
    return typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

/** The device's events, oldest first (a reclassification replays them). */
export function eventsOf(db: Db, deviceId: number) {
  return db.selectFrom('device_events').select(['device_id', 'seq', 'action', 'at', 'hub_id', 'from_state', 'to_state', 'data']).where('device_id', '=', deviceId).orderBy('seq').execute();
}

/** The events some undos take back (device, seq), as they were recorded. */
export function eventsBySeq(db: Db, keys: readonly { deviceId: number; seq: number }[]) {
  return db
    .selectFrom('device_events')
    .select(['device_id', 'seq', 'action', 'data'])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('device_id', '=', k.deviceId), eb('seq', '=', k.seq)]))))
    .execute();
}

// ---- what a recount reads

export function allDonations(db: Db) {
  return db
    .selectFrom('donations')
    .innerJoin('donors', 'donors.id', 'donations.donor_id')
    .select(['donations.id', 'donations.hub_id', 'donations.received_at', 'donations.donor_id', 'donors.kind'])
    .execute();
}

export function allDeliveries(db: Db) {
  return db
    .selectFrom('deliveries')
    .innerJoin('partners', 'partners.id', 'deliveries.partner_id')
    .innerJoin('partner_requests', 'partner_requests.id', 'deliveries.request_id')
    .select(['deliveries.id', 'deliveries.hub_id', 'deliveries.delivered_on', 'deliveries.partner_id', 'deliveries.request_id', 'partners.kind', 'partner_requests.beneficiaries_count'])
    .execute();
}

export function allShipments(db: Db) {
  return db.selectFrom('raee_shipments').select(['hub_id', 'shipped_on', 'total_kg']).execute();
}

export function knownScreens(db: Db) {
  return db.selectFrom('device_specs').select(['device_id', 'screen_inches']).where('screen_inches', 'is not', null).execute();
}

export async function deviceIdRange(db: Db) {
  const r = await db
    .selectFrom('devices')
    .select((eb) => [eb.fn.min<number>('id').as('lo'), eb.fn.max<number>('id').as('hi')])
    .executeTakeFirstOrThrow();
  return { lo: r.lo === null ? null : Number(r.lo), hi: r.hi === null ? null : Number(r.hi) };
}

export function devicesBetween(db: Db, lo: number, hi: number) {
  return db.selectFrom('devices').select(['id', 'type', 'weight_kg']).where('id', '>=', lo).where('id', '<=', hi).orderBy('id').execute();
}

export function eventsBetween(db: Db, lo: number, hi: number) {
  return db
    .selectFrom('device_events')
    .select(['device_id', 'seq', 'action', 'at', 'hub_id', 'from_state', 'to_state', 'data'])
    .where('device_id', '>=', lo)
    .where('device_id', '<=', hi)
    .orderBy('device_id')
    .orderBy('seq')
    .execute();
}

// ---- the stock at a past moment (a quarterly report's end): read from the event log

/** The latest event of each device before an instant: its state and hub then. */
function latestEventsBefore(db: Db, beforeUtc: string) {
  return db
    .selectFrom('device_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('at', '<', beforeUtc)
    .groupBy('device_id');
}

/** Devices per state at an instant, for a hub (or all): each device in the state its latest event before then left it. */
export function stockByStateAt(db: Db, hubId: number | null, beforeUtc: string) {
  let q = db
    .selectFrom('device_events')
    .select(['to_state as state', (eb) => eb.fn.countAll<number>().as('count')])
    .where('id', 'in', latestEventsBefore(db, beforeUtc))
    .groupBy('to_state');
  if (hubId !== null) q = q.where('hub_id', '=', hubId);
  return q.execute();
}

/** For the devices on the shelves at an instant: when their cycle began (their latest intake or return before it). */
export function cycleStartsAt(db: Db, hubId: number | null, beforeUtc: string, onSite: readonly DeviceState[]) {
  let inStock = db
    .selectFrom('device_events')
    .select('device_id')
    .where('id', 'in', latestEventsBefore(db, beforeUtc))
    .where('to_state', 'in', [...onSite]);
  if (hubId !== null) inStock = inStock.where('hub_id', '=', hubId);
  return db
    .selectFrom('device_events')
    .select(['device_id', (eb) => eb.fn.max<string>('at').as('at')])
    .where('action', 'in', ['receive', 'return'])
    .where('at', '<', beforeUtc)
    .where('device_id', 'in', inStock)
    .groupBy('device_id')
    .execute();
}

// ---- reading the totals

/** Sums of every metric and dimension over the buckets of a period, for one scope. */
export function sumCounts(db: Db, scope: number, buckets: string[], metrics?: string[]) {
  let q = db
    .selectFrom('figure_counts')
    .select(['metric', 'dim', (eb) => eb.fn.sum<number>('n').as('n'), (eb) => eb.fn.sum<number>('wn').as('wn'), (eb) => eb.fn.sum<number>('g').as('g')])
    .where('scope', '=', scope)
    .where('bucket', 'in', buckets)
    .groupBy(['metric', 'dim']);
  if (metrics) q = q.where('metric', 'in', metrics);
  return q.execute();
}

/** One metric summed per bucket (monthly charts) for one scope. */
export function countsByBucket(db: Db, scope: number, buckets: string[], metrics: string[]) {
  return db
    .selectFrom('figure_counts')
    .select(['bucket', 'metric', (eb) => eb.fn.sum<number>('n').as('n')])
    .where('scope', '=', scope)
    .where('bucket', 'in', buckets)
    .where('metric', 'in', metrics)
    .groupBy(['bucket', 'metric'])
    .execute();
}

/** Metrics summed per hub (hubs compared) over the buckets of a period. */
export function countsByHub(db: Db, hubIds: number[], buckets: string[], metrics: string[]) {
  return (
    db
      .selectFrom('figure_counts')
      .select(['scope', 'metric', (eb) => eb.fn.sum<number>('n').as('n')])
      // The hubs by id, so that each is one seek of the primary key (scope, bucket, metric, dim).
      .where('scope', 'in', hubIds)
      .where('bucket', 'in', buckets)
      .where('metric', 'in', metrics)
      .groupBy(['scope', 'metric'])
      .execute()
  );
}

/** Devices in stock by the month their cycle began: a hub's, or the region's (kept as hub 0). */
export function stockAge(db: Db, hubId: number | null) {
  return db
    .selectFrom('figure_stock_age')
    .select(['month', 'n'])
    .where('hub_id', '=', hubId ?? 0)
    .execute();
}

// Distinct counts over periods that are not one month, quarter or year: read from the source rows.

export async function distinctDonors(db: Db, hubId: number | null, fromUtc: string, toUtc: string): Promise<number> {
  let q = db
    .selectFrom('donations')
    .select((eb) => eb.fn.count<number>('donor_id').distinct().as('n'))
    .where('received_at', '>=', fromUtc)
    .where('received_at', '<', toUtc);
  if (hubId !== null) q = q.where('hub_id', '=', hubId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function distinctServed(db: Db, hubId: number | null, from: string, to: string): Promise<{ orgs: number; people: number }> {
  let d = db.selectFrom('deliveries').where('delivered_on', '>=', from).where('delivered_on', '<=', to);
  if (hubId !== null) d = d.where('hub_id', '=', hubId);
  const orgs = await d.select((eb) => eb.fn.count<number>('partner_id').distinct().as('n')).executeTakeFirstOrThrow();
  const people = await db
    .selectFrom('partner_requests')
    .select((eb) => eb.fn.sum<number>('beneficiaries_count').as('n'))
    .where('id', 'in', d.select('request_id'))
    .executeTakeFirstOrThrow();
  return { orgs: Number(orgs.n), people: Number(people.n ?? 0) };
}

export function factorSets(db: Db) {
  return db.selectFrom('impact_factors').select('factor_set').distinct().orderBy('factor_set').execute();
}

export function factorsOf(db: Db, factorSet?: string) {
  let q = db.selectFrom('impact_factors').selectAll().orderBy('factor_set').orderBy('device_class');
  if (factorSet) q = q.where('factor_set', '=', factorSet);
  return q.execute();
}

/** A stable dump of every running total, for comparing the live totals with a recount. */
export async function dumpFigures(db: Db) {
  const counts = await db
    .selectFrom('figure_counts')
    .selectAll()
    .where((eb) => eb.or([eb('n', '!=', 0), eb('wn', '!=', 0), eb('g', '!=', 0)]))
    .orderBy('scope')
    .orderBy('bucket')
    .orderBy('metric')
    .orderBy('dim')
    .execute();
  const members = await db.selectFrom('figure_members').selectAll().orderBy('scope').orderBy('bucket').orderBy('kind').orderBy('member_id').execute();
  const stock = await db.selectFrom('figure_stock_age').selectAll().where('n', '!=', 0).orderBy('hub_id').orderBy('month').execute();
  const num = <T extends Record<string, unknown>>(r: T) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+$/.test(v) && k !== 'bucket' && k !== 'dim' && k !== 'month') ? Number(v) : v]));
  return { counts: counts.map(num), members: members.map(num), stock: stock.map(num) };
}

/** Most disks a drill-down lists (the count above it is always the full one). */
export const DISKS_LISTED = 1000;

/** The disks with an outcome (erased, destroyed) recorded by erase events in [fromUtc, toUtc), at a hub or anywhere. */
function disksQuery(db: Db, outcome: 'erased' | 'destroyed', hubId: number | null, fromUtc: string, toUtc: string) {
  let q = db
    .selectFrom('erasures')
    .innerJoin('device_events', 'device_events.id', 'erasures.event_id')
    .innerJoin('devices', 'devices.id', 'erasures.device_id')
    .where('erasures.outcome', '=', outcome)
    .where('device_events.at', '>=', fromUtc)
    .where('device_events.at', '<', toUtc);
  if (hubId !== null) q = q.where('device_events.hub_id', '=', hubId);
  return q;
}

export async function countDisks(db: Db, outcome: 'erased' | 'destroyed', hubId: number | null, fromUtc: string, toUtc: string): Promise<number> {
  const r = await disksQuery(db, outcome, hubId, fromUtc, toUtc)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listDisks(db: Db, outcome: 'erased' | 'destroyed', hubId: number | null, fromUtc: string, toUtc: string) {
  return disksQuery(db, outcome, hubId, fromUtc, toUtc)
    .select(['devices.tag', 'devices.type', 'erasures.disk_serial', 'erasures.disk_model', 'erasures.method', 'erasures.source', 'device_events.at'])
    .orderBy('device_events.at')
    .orderBy('erasures.id')
    .limit(DISKS_LISTED)
    .execute();
}
