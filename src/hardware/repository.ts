import type { Insertable, Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/adapter';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

const reportSummary = [
  'hardware_reports.id',
  'hardware_reports.device_id',
  'hardware_reports.uuid',
  'hardware_reports.cycle',
  'hardware_reports.status',
  'hardware_reports.flag',
  'hardware_reports.specs',
  'hardware_reports.notes',
  'hardware_reports.at',
  'hardware_reports.reviewed_at',
] as const;

export function findReportByUuid(db: Db, uuid: string) {
  return db.selectFrom('hardware_reports').select(reportSummary).where('uuid', '=', uuid).executeTakeFirst();
}

export function findReport(db: Db, id: number) {
  return db.selectFrom('hardware_reports').select(reportSummary).where('id', '=', id).executeTakeFirst();
}

export async function insertReport(db: Db, row: Insertable<Database['hardware_reports']>): Promise<number> {
  return (await db.insertInto('hardware_reports').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The device's latest 20 reports, newest first, without the raw uploads (those are fetched one at a time). */
const reportsOf = compiledOnce((db: Db, deviceId: number) =>
  db
    .selectFrom('hardware_reports')
    .leftJoin('users', 'users.id', 'hardware_reports.uploaded_by_user_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'hardware_reports.uploaded_by_token_id')
    .select([...reportSummary, 'users.name as user_name', 'api_tokens.label as token_label'])
    .where('hardware_reports.device_id', '=', deviceId)
    .orderBy('hardware_reports.id', 'desc')
    .limit(20),
);

export function listReports(db: Db, deviceId: number) {
  return reportsOf(db, deviceId);
}

export function findRawReport(db: Db, deviceId: number, id: number) {
  return db.selectFrom('hardware_reports').select(['id', 'raw', 'at']).where('device_id', '=', deviceId).where('id', '=', id).executeTakeFirst();
}

export function setReportStatus(db: Db, id: number, status: Database['hardware_reports']['status'], reviewer: number | null, at: string) {
  return db.updateTable('hardware_reports').set({ status, reviewed_by_user_id: reviewer, reviewed_at: at }).where('id', '=', id).execute();
}

export function upsertSpecs(db: Db, row: Insertable<Database['device_specs']>) {
  const { device_id: _id, ...update } = row;
  return db
    .insertInto('device_specs')
    .values(row)
    .onConflict((oc) => oc.column('device_id').doUpdateSet(update))
    .execute();
}

const specsOf = compiledOnce((db: Db, deviceId: number) => db.selectFrom('device_specs').selectAll().where('device_id', '=', deviceId));

export async function findSpecs(db: Db, deviceId: number) {
  return (await specsOf(db, deviceId))[0];
}

export function findSpecsOf(db: Db, deviceIds: number[]) {
  if (deviceIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('device_specs').select(['device_id', 'specs', 'updated_at']).where('device_id', 'in', deviceIds).execute();
}
