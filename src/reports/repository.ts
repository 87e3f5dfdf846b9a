import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

const columns = [
  'quarterly_reports.id',
  'quarterly_reports.hub_id',
  'quarterly_reports.year',
  'quarterly_reports.quarter',
  'quarterly_reports.version',
  'quarterly_reports.factor_set',
  'quarterly_reports.displacement',
  'quarterly_reports.note',
  'quarterly_reports.submitted_at',
  'hubs.code as hub_code',
  'hubs.name as hub_name',
  'users.name as submitted_by',
  'users.erased_at as submitter_erased',
] as const;

function base(db: Db) {
  return db.selectFrom('quarterly_reports').innerJoin('hubs', 'hubs.id', 'quarterly_reports.hub_id').leftJoin('users', 'users.id', 'quarterly_reports.submitted_by_user_id');
}

export function versionsOf(db: Db, hubId: number, year: number, quarter: number) {
  return base(db).select(columns).where('quarterly_reports.hub_id', '=', hubId).where('year', '=', year).where('quarter', '=', quarter).orderBy('version', 'desc').execute();
}

export function findReport(db: Db, id: number) {
  return base(db)
    .select([...columns, 'quarterly_reports.figures'])
    .where('quarterly_reports.id', '=', id)
    .executeTakeFirst();
}

/** The latest version's figures, to tell whether a correction changes anything. */
export function latestFigures(db: Db, hubId: number, year: number, quarter: number) {
  return db
    .selectFrom('quarterly_reports')
    .select(['version', 'figures', 'factor_set', 'displacement'])
    .where('hub_id', '=', hubId)
    .where('year', '=', year)
    .where('quarter', '=', quarter)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest version of every hub's report, for the quarters asked. */
export function latestVersions(db: Db, quarters: { year: number; quarter: number }[], hubId?: number) {
  let q = db
    .selectFrom('quarterly_reports')
    .select(['hub_id', 'year', 'quarter', (eb) => eb.fn.max<number>('version').as('version'), (eb) => eb.fn.max<string>('submitted_at').as('submitted_at'), (eb) => eb.fn.max<number>('id').as('id')])
    .where((eb) => eb.or(quarters.map((p) => eb.and([eb('year', '=', p.year), eb('quarter', '=', p.quarter)]))))
    .groupBy(['hub_id', 'year', 'quarter']);
  if (hubId !== undefined) q = q.where('hub_id', '=', hubId);
  return q.execute();
}

export async function insertReport(db: Db, row: Insertable<Database['quarterly_reports']>) {
  const { id } = await db.insertInto('quarterly_reports').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The devices a hub delivered in a quarter, with when (a return after that undoes it). */
export function deliveredIn(db: Db, hubId: number, from: string, to: string) {
  return db
    .selectFrom('delivery_devices')
    .innerJoin('deliveries', 'deliveries.id', 'delivery_devices.delivery_id')
    .select(['delivery_devices.device_id', 'delivery_devices.tag', 'deliveries.created_at'])
    .where('deliveries.hub_id', '=', hubId)
    .where('deliveries.delivered_on', '>=', from)
    .where('deliveries.delivered_on', '<=', to)
    .execute();
}

/** Returns of some devices from an instant on, oldest first. */
export function returnsFrom(db: Db, deviceIds: number[], fromUtc: string) {
  if (deviceIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('device_events').select(['device_id', 'at']).where('action', '=', 'return').where('at', '>=', fromUtc).where('device_id', 'in', deviceIds).orderBy('at').execute();
}

/** The version a correction supersedes. */
export function previousVersion(db: Db, hubId: number, year: number, quarter: number, version: number) {
  return db
    .selectFrom('quarterly_reports')
    .select(['id', 'version', 'figures', 'submitted_at'])
    .where('hub_id', '=', hubId)
    .where('year', '=', year)
    .where('quarter', '=', quarter)
    .where('version', '=', version - 1)
    .executeTakeFirst();
}
