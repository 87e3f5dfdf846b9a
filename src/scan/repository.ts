import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DeviceState } from '../lifecycle/lifecycle';

type Db = Kysely<Database> | Transaction<Database>;

/** The device's latest event with who made it: what an undo must still find on top. */
export function latestEvent(db: Db, deviceId: number) {
  return db.selectFrom('device_events').select(['seq', 'action', 'data', 'actor_user_id', 'actor_token_id', 'at']).where('device_id', '=', deviceId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** The device's latest event of one action, e.g. the reservation an unreserve ended. */
export function latestEventOf(db: Db, deviceId: number, action: string) {
  return db.selectFrom('device_events').select(['seq', 'data']).where('device_id', '=', deviceId).where('action', '=', action).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

// ---- stock-takes

export async function insertStocktake(db: Db, row: Insertable<Database['stocktakes']>): Promise<number> {
  return (await db.insertInto('stocktakes').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findStocktake(db: Db, id: number) {
  return db
    .selectFrom('stocktakes')
    .innerJoin('hubs', 'hubs.id', 'stocktakes.hub_id')
    .selectAll('stocktakes')
    .select(['hubs.code as hub_code', 'hubs.name as hub_name'])
    .where('stocktakes.id', '=', id)
    .executeTakeFirst();
}

export function listStocktakes(db: Db, scope: ListScope, limit = 20) {
  let q = db
    .selectFrom('stocktakes')
    .innerJoin('hubs', 'hubs.id', 'stocktakes.hub_id')
    .select(['stocktakes.id', 'stocktakes.status', 'stocktakes.started_at', 'stocktakes.closed_at', 'stocktakes.note', 'hubs.code as hub_code', 'hubs.name as hub_name'])
    .orderBy('stocktakes.id', 'desc')
    .limit(limit);
  q = whereInScope(q, scope, { hub: 'stocktakes.hub_id' });
  return q.execute();
}

export function closeStocktake(db: Db, id: number, at: string) {
  return db.updateTable('stocktakes').set({ status: 'closed', closed_at: at }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
}

/** Records a scan once; false when this thing was already scanned in this stock-take. */
export async function insertScan(db: Db, row: Insertable<Database['stocktake_scans']>): Promise<boolean> {
  const r = await db
    .insertInto('stocktake_scans')
    .values(row)
    .onConflict((oc) => oc.columns(['stocktake_id', 'kind', 'tag']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Every scan of a stock-take with what its tag names now (for devices: hub and state). */
export function listScans(db: Db, stocktakeId: number) {
  return db
    .selectFrom('stocktake_scans')
    .leftJoin('devices', (j) => j.onRef('devices.id', '=', 'stocktake_scans.ref_id').on('stocktake_scans.kind', '=', 'device'))
    .leftJoin('hubs', 'hubs.id', 'devices.hub_id')
    .select([
      'stocktake_scans.id',
      'stocktake_scans.kind',
      'stocktake_scans.tag',
      'stocktake_scans.ref_id',
      'stocktake_scans.scanned_at',
      'devices.type',
      'devices.brand',
      'devices.model',
      'devices.state',
      'devices.hub_id',
      'hubs.code as hub_code',
      'hubs.name as hub_name',
    ])
    .where('stocktake_scans.stocktake_id', '=', stocktakeId)
    .orderBy('stocktake_scans.id', 'desc')
    .execute();
}

/** Devices the hub's records place on its shelves. */
export function listExpected(db: Db, hubId: number, states: readonly DeviceState[]) {
  return db
    .selectFrom('devices')
    .select(['id', 'tag', 'type', 'brand', 'model', 'state'])
    .where('hub_id', '=', hubId)
    .where('state', 'in', [...states])
    .orderBy('id')
    .execute();
}

export async function countExpected(db: Db, hubId: number, states: readonly DeviceState[]): Promise<number> {
  const r = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('hub_id', '=', hubId)
    .where('state', 'in', [...states])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Scans of devices that the records place at this hub in one of these states. */
export async function countScannedHere(db: Db, stocktakeId: number, hubId: number, states: readonly DeviceState[]): Promise<number> {
  const r = await db
    .selectFrom('stocktake_scans')
    .innerJoin('devices', 'devices.id', 'stocktake_scans.ref_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('stocktake_scans.stocktake_id', '=', stocktakeId)
    .where('stocktake_scans.kind', '=', 'device')
    .where('devices.hub_id', '=', hubId)
    .where('devices.state', 'in', [...states])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countScans(db: Db, stocktakeId: number): Promise<number> {
  const r = await db
    .selectFrom('stocktake_scans')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('stocktake_id', '=', stocktakeId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
