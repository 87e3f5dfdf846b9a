import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export function insertErasures(db: Db, rows: Insertable<Database['erasures']>[]) {
  if (rows.length === 0) return Promise.resolve();
  return db.insertInto('erasures').values(rows).execute().then(() => undefined);
}

export function listErasureEvidence(db: Db, deviceId: number) {
  return db.selectFrom('erasures').select(['outcome', 'cycle', 'disk_serial', 'event_id']).where('device_id', '=', deviceId).orderBy('id', 'asc').execute();
}

/** Every record of the device, oldest first, with who made it. */
export function listErasureRecords(db: Db, deviceId: number) {
  return db
    .selectFrom('erasures')
    .leftJoin('users', 'users.id', 'erasures.performed_by_user_id')
    .leftJoin('device_events', 'device_events.id', 'erasures.event_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'device_events.actor_token_id')
    .selectAll('erasures')
    .select(['users.name as user_name', 'api_tokens.label as token_label'])
    .where('erasures.device_id', '=', deviceId)
    .orderBy('erasures.id', 'asc')
    .execute();
}

/** Disks of the device already destroyed or removed: they cannot be kept as parts at harvest. */
export async function goneDiskSerials(db: Db, deviceId: number): Promise<string[]> {
  const rows = await db.selectFrom('erasures').select('disk_serial').where('device_id', '=', deviceId).where('outcome', 'in', ['destroyed', 'removed']).execute();
  return rows.map((r) => r.disk_serial).filter((s): s is string => !!s);
}

export function findLogByHash(db: Db, deviceId: number, sha256: string) {
  return db.selectFrom('erasure_logs').select(['id', 'cycle', 'response', 'at']).where('device_id', '=', deviceId).where('sha256', '=', sha256).executeTakeFirst();
}

export async function insertLog(db: Db, row: Insertable<Database['erasure_logs']>): Promise<number> {
  return (await db.insertInto('erasure_logs').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function setLogResponse(db: Db, id: number, response: string) {
  return db.updateTable('erasure_logs').set({ response }).where('id', '=', id).execute();
}

export function linkRecordsToLog(db: Db, eventId: number, logId: number) {
  return db.updateTable('erasures').set({ log_id: logId }).where('event_id', '=', eventId).execute();
}

export function listLogs(db: Db, deviceId: number) {
  return db
    .selectFrom('erasure_logs')
    .select(['id', 'cycle', 'tool', 'tool_version', 'method', 'started_at', 'finished_at', 'at'])
    .where('device_id', '=', deviceId)
    .orderBy('id', 'desc')
    .execute();
}

export function findLogRaw(db: Db, deviceId: number, id: number) {
  return db.selectFrom('erasure_logs').select(['id', 'raw', 'at']).where('device_id', '=', deviceId).where('id', '=', id).executeTakeFirst();
}

/** Disk parts fitted into the device after a given moment (its latest report): they must be erased there too. */
export function fittedDiskParts(db: Db, deviceId: number, since: string | null) {
  let q = db
    .selectFrom('part_moves')
    .innerJoin('parts', 'parts.id', 'part_moves.part_id')
    .select(['parts.id', 'parts.serial', 'part_moves.at', 'part_moves.event_id'])
    .where('part_moves.device_id', '=', deviceId)
    .where('parts.kind', '=', 'disk');
  if (since) q = q.where('part_moves.at', '>', since);
  return q.execute();
}

// ---- certificates

export function findCertificate(db: Db, kind: 'device' | 'donation', subjectId: number, contentHash: string) {
  const column = kind === 'device' ? 'device_id' : 'donation_id';
  return db.selectFrom('certificates').select(['id', 'code', 'issued_at']).where(column, '=', subjectId).where('kind', '=', kind).where('content_hash', '=', contentHash).executeTakeFirst();
}

export async function insertCertificate(db: Db, row: Insertable<Database['certificates']>) {
  return (await db.insertInto('certificates').values(row).returning(['id', 'code', 'issued_at']).executeTakeFirstOrThrow());
}

export function findCertificateByCode(db: Db, code: string) {
  return db
    .selectFrom('certificates')
    .innerJoin('hubs', 'hubs.id', 'certificates.hub_id')
    .select(['certificates.id', 'certificates.code', 'certificates.kind', 'certificates.snapshot', 'certificates.issued_at', 'certificates.device_id', 'certificates.donation_id', 'hubs.name as hub_name'])
    .where('certificates.code', '=', code)
    .executeTakeFirst();
}

/** Certificates issued later for the same subject: a check says when a newer one replaced it. */
export function newerCertificate(db: Db, id: number, kind: 'device' | 'donation', subjectId: number) {
  const column = kind === 'device' ? 'device_id' : 'donation_id';
  return db.selectFrom('certificates').select(['id', 'issued_at']).where(column, '=', subjectId).where('kind', '=', kind).where('id', '>', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
}
