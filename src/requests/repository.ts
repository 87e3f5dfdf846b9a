import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DeviceType } from '../devices/device-types';
import type { RequestState } from './states';

type Db = Kysely<Database> | Transaction<Database>;

const requestColumns = [
  'partner_requests.id',
  'partner_requests.partner_id',
  'partner_requests.hub_id',
  'partner_requests.state',
  'partner_requests.purpose',
  'partner_requests.beneficiaries_count',
  'partner_requests.beneficiaries_description',
  'partner_requests.min_ram_mb',
  'partner_requests.min_screen_inches',
  'partner_requests.needs_ssd',
  'partner_requests.internal_note',
  'partner_requests.version',
  'partner_requests.created_at',
  'partner_requests.updated_at',
] as const;

export type RequestRow = Awaited<ReturnType<typeof findRequest>> & {};

export function findRequest(db: Db, id: number) {
  return db
    .selectFrom('partner_requests')
    .innerJoin('partners', 'partners.id', 'partner_requests.partner_id')
    .innerJoin('hubs', 'hubs.id', 'partner_requests.hub_id')
    .select([...requestColumns, 'partners.name as partner_name', 'partners.kind as partner_kind', 'hubs.code as hub_code', 'hubs.name as hub_name'])
    .where('partner_requests.id', '=', id)
    .executeTakeFirst();
}

/**
 * Takes the request's row lock (PostgreSQL) or the write lock (SQLite) and bumps its version: two
 * reservations or deliveries for the same request queue, so neither counts before the other has written.
 */
export async function lockRequest(db: Transaction<Database>, id: number): Promise<boolean> {
  const r = await db
    .updateTable('partner_requests')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertRequest(db: Db, row: Insertable<Database['partner_requests']>): Promise<number> {
  const { id } = await db.insertInto('partner_requests').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function insertItems(db: Db, rows: Insertable<Database['request_items']>[]) {
  return db.insertInto('request_items').values(rows).execute();
}

export function listItems(db: Db, requestId: number) {
  return db.selectFrom('request_items').select(['type', 'quantity']).where('request_id', '=', requestId).orderBy('id').execute();
}

export function listItemsFor(db: Db, requestIds: number[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('request_items').select(['request_id', 'type', 'quantity']).where('request_id', 'in', requestIds).orderBy('id').execute();
}

export function setState(db: Db, id: number, state: RequestState, at: string) {
  return db.updateTable('partner_requests').set({ state, updated_at: at }).where('id', '=', id).execute();
}

export function setInternalNote(db: Db, id: number, note: string | null, at: string) {
  return db.updateTable('partner_requests').set({ internal_note: note, updated_at: at }).where('id', '=', id).execute();
}

export function insertEvent(db: Db, row: Insertable<Database['request_events']>) {
  return db.insertInto('request_events').values(row).execute();
}

export function listEvents(db: Db, requestId: number) {
  return db
    .selectFrom('request_events')
    .leftJoin('users', 'users.id', 'request_events.actor_user_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'request_events.actor_token_id')
    .select([
      'request_events.id',
      'request_events.action',
      'request_events.from_state',
      'request_events.to_state',
      'request_events.note',
      'request_events.data',
      'request_events.by_partner',
      'request_events.at',
      'users.name as user_name',
      'users.erased_at as user_erased_at',
      'api_tokens.label as token_label',
    ])
    .where('request_events.request_id', '=', requestId)
    .orderBy('request_events.id', 'asc')
    .execute();
}

/** Requests newest first, for one partner, one hub, or all; optionally only some states. */
export function listRequests(db: Db, f: { scope: ListScope; states?: readonly RequestState[]; limit: number }) {
  let q = db
    .selectFrom('partner_requests')
    .innerJoin('partners', 'partners.id', 'partner_requests.partner_id')
    .innerJoin('hubs', 'hubs.id', 'partner_requests.hub_id')
    .select([...requestColumns, 'partners.name as partner_name', 'partners.kind as partner_kind', 'hubs.code as hub_code', 'hubs.name as hub_name'])
    .orderBy('partner_requests.id', 'desc')
    .limit(f.limit);
  q = whereInScope(q, f.scope, { hub: 'partner_requests.hub_id', partner: 'partner_requests.partner_id' });
  if (f.states) q = q.where('partner_requests.state', 'in', [...f.states]);
  return q.execute();
}

/** Devices reserved now for a request, per type. */
export async function reservedCounts(db: Db, requestId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('devices')
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('request_id', '=', requestId)
    .where('state', '=', 'reserved')
    .groupBy('type')
    .execute();
  return new Map(rows.map((r) => [r.type, Number(r.n)]));
}

/** Devices delivered for a request, per type (a device returned later still counts: it was delivered). */
export async function deliveredCounts(db: Db, requestId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('delivery_devices')
    .innerJoin('deliveries', 'deliveries.id', 'delivery_devices.delivery_id')
    .select(['delivery_devices.type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('deliveries.request_id', '=', requestId)
    .groupBy('delivery_devices.type')
    .execute();
  return new Map(rows.map((r) => [r.type, Number(r.n)]));
}

/** The devices reserved for a request, oldest stock first. */
export function deliveriesOf(db: Db, requestId: number) {
  return db.selectFrom('deliveries').select(['id', 'year', 'number', 'title', 'delivered_on', 'device_count', 'receipt_completed_at']).where('request_id', '=', requestId).orderBy('id').execute();
}

export function reservedDevices(db: Db, requestId: number) {
  return db
    .selectFrom('devices')
    .leftJoin('device_specs', 'device_specs.device_id', 'devices.id')
    .select([
      'devices.id',
      'devices.tag',
      'devices.type',
      'devices.brand',
      'devices.model',
      'devices.serial',
      'devices.os',
      'devices.version',
      'devices.received_at',
      'device_specs.ram_mb',
      'device_specs.storage_gb',
      'device_specs.has_ssd',
      'device_specs.screen_inches',
      'device_specs.cpu_model',
    ])
    .where('devices.request_id', '=', requestId)
    .where('devices.state', '=', 'reserved')
    .orderBy('devices.received_at')
    .orderBy('devices.id')
    .execute();
}

export type Candidate = Awaited<ReturnType<typeof readyDevices>>[number];

/** Ready devices of a hub of some types, oldest stock first, with the specs a hardware report gave. */
export function readyDevices(db: Db, hubId: number, types: DeviceType[], limit: number) {
  if (types.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('devices')
    .leftJoin('device_specs', 'device_specs.device_id', 'devices.id')
    .select([
      'devices.id',
      'devices.tag',
      'devices.type',
      'devices.brand',
      'devices.model',
      'devices.os',
      'devices.received_at',
      'device_specs.ram_mb',
      'device_specs.storage_gb',
      'device_specs.has_ssd',
      'device_specs.screen_inches',
      'device_specs.cpu_model',
    ])
    .where('devices.hub_id', '=', hubId)
    .where('devices.state', '=', 'ready')
    .where('devices.type', 'in', types)
    .orderBy('devices.received_at')
    .orderBy('devices.id')
    .limit(limit)
    .execute();
}

/** Ready devices per type in a hub: the stock the allocation page shows next to the requests. */
export async function readyStock(db: Db, scope: ListScope) {
  let q = db
    .selectFrom('stock_counts')
    .select(['type', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('state', '=', 'ready')
    .groupBy('type');
  q = whereInScope(q, scope, { hub: 'hub_id' });
  return (await q.execute()).map((r) => ({ type: r.type, count: Number(r.n) })).filter((r) => r.count > 0);
}

export function specsOf(db: Db, deviceId: number) {
  return db.selectFrom('device_specs').select(['ram_mb', 'storage_gb', 'has_ssd', 'screen_inches', 'cpu_model']).where('device_id', '=', deviceId).executeTakeFirst();
}

/** Open requests of a hub that asked for a type of device: what a ready device can be reserved for. */
export function openRequestsFor(db: Db, hubId: number, type: DeviceType) {
  return db
    .selectFrom('partner_requests')
    .innerJoin('partners', 'partners.id', 'partner_requests.partner_id')
    .innerJoin('request_items', 'request_items.request_id', 'partner_requests.id')
    .select(['partner_requests.id', 'partners.name as partner_name', 'request_items.quantity'])
    .where('partner_requests.hub_id', '=', hubId)
    .where('partner_requests.state', 'in', ['approved', 'partially_fulfilled'])
    .where('request_items.type', '=', type)
    .orderBy('partner_requests.id')
    .execute();
}
