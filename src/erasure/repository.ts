import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/adapter';
import type { Database } from '../db/schema';
import type { ErasureStanding } from '../lifecycle/lifecycle';

type Db = Kysely<Database> | Transaction<Database>;

export function insertErasures(db: Db, rows: Insertable<Database['erasures']>[]) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('erasures')
    .values(rows)
    .execute()
    .then(() => undefined);
}

/** Every record of the device with what the guard decides on; which of them count is the guard's rule (guard.ts). Compiled once. */
export const listErasureEvidence = compiledOnce((db: Db, deviceId: number) =>
  db.selectFrom('erasures').select(['outcome', 'cycle', 'disk_serial', 'event_id', 'source', 'standing']).where('device_id', '=', deviceId).orderBy('id', 'asc'),
);

/**
 * Disks already recorded as erased, destroyed or removed, with a record that counts, on another
 * device in that device's current cycle: a log naming one of them is not evidence here.
 */
export function disksClaimedElsewhere(db: Db, deviceId: number, serials: string[]) {
  if (serials.length === 0) return Promise.resolve([]);
  return (
    db
      .selectFrom('erasures')
      .innerJoin('devices', 'devices.id', 'erasures.device_id')
      .select(['erasures.disk_serial', 'devices.tag'])
      .where('erasures.disk_serial', 'in', serials)
      .where('erasures.device_id', '!=', deviceId)
      .whereRef('erasures.cycle', '=', 'devices.cycle')
      .where('erasures.standing', '=', 'counts')
      // A removed disk left that device: it may well turn up in this one.
      .where('erasures.outcome', 'in', ['erased', 'destroyed'])
      .execute()
  );
}

/** When the device's current cycle began: its intake, or its latest return. */
export async function cycleStartedAt(db: Db, deviceId: number): Promise<string | null> {
  const row = await db
    .selectFrom('device_events')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('device_id', '=', deviceId)
    .where('action', 'in', ['receive', 'return'])
    .executeTakeFirst();
  return (row?.at as string | null | undefined) ?? null;
}

/** Records by id, of one device: what a review is about. */
export function findRecords(db: Db, deviceId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('erasures').selectAll().where('device_id', '=', deviceId).where('id', 'in', ids).execute();
}

export function setStanding(
  db: Db,
  ids: number[],
  change: { standing: ErasureStanding; reviewed_by_user_id: number | null; reviewed_by_token_id: number | null; reviewed_at: string; review_reason: string | null },
) {
  return db.updateTable('erasures').set(change).where('id', 'in', ids).execute();
}

/** A hub's records waiting for a coordinator, oldest first, with the device and who recorded them. */
export function listPendingRecords(db: Db, scope: ListScope) {
  let q = db
    .selectFrom('erasures')
    .innerJoin('devices', 'devices.id', 'erasures.device_id')
    .leftJoin('users', 'users.id', 'erasures.performed_by_user_id')
    .select([
      'erasures.id',
      'erasures.event_id',
      'erasures.source',
      'erasures.outcome',
      'erasures.method',
      'erasures.tool',
      'erasures.nist_category',
      'erasures.verification',
      'erasures.disk_serial',
      'erasures.disk_model',
      'erasures.at',
      'devices.tag',
      'devices.brand',
      'devices.model',
      'users.name as user_name',
    ])
    .where('erasures.standing', '=', 'pending')
    .whereRef('erasures.cycle', '=', 'devices.cycle');
  q = whereInScope(q, scope, { hub: 'devices.hub_id' });
  return q.orderBy('erasures.id', 'asc').limit(500).execute();
}

export function findLog(db: Db, deviceId: number, id: number) {
  return db.selectFrom('erasure_logs').selectAll().where('device_id', '=', deviceId).where('id', '=', id).executeTakeFirst();
}

export function recordsOfLog(db: Db, logId: number) {
  return db.selectFrom('erasures').selectAll().where('log_id', '=', logId).orderBy('id', 'asc').execute();
}

/** Every record of the device, oldest first, with who made it. */
export const listErasureRecords = compiledOnce((db: Db, deviceId: number) =>
  db
    .selectFrom('erasures')
    .leftJoin('users', 'users.id', 'erasures.performed_by_user_id')
    .leftJoin('device_events', 'device_events.id', 'erasures.event_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'device_events.actor_token_id')
    .leftJoin('users as reviewers', 'reviewers.id', 'erasures.reviewed_by_user_id')
    .leftJoin('api_tokens as reviewer_tokens', 'reviewer_tokens.id', 'erasures.reviewed_by_token_id')
    .selectAll('erasures')
    .select(['users.name as user_name', 'api_tokens.label as token_label', (eb) => eb.fn.coalesce('reviewers.name', 'reviewer_tokens.label').as('reviewer_name')])
    .where('erasures.device_id', '=', deviceId)
    .orderBy('erasures.id', 'asc'),
);

/** One of a device's erasure, destruction or removal records, with who made and who reviewed it. */
export type ErasureRecord = Awaited<ReturnType<typeof listErasureRecords>>[number];

/** Disks of the device already destroyed or removed: they cannot be kept as parts at harvest. */
export async function goneDiskSerials(db: Db, deviceId: number): Promise<string[]> {
  const rows = await db.selectFrom('erasures').select('disk_serial').where('device_id', '=', deviceId).where('outcome', 'in', ['destroyed', 'removed']).execute();
  return rows.map((r) => r.disk_serial).filter((s): s is string => !!s);
}

export function findLogByHash(db: Db, deviceId: number, sha256: string) {
  return db.selectFrom('erasure_logs').select(['id', 'cycle', 'response', 'at', 'problems']).where('device_id', '=', deviceId).where('sha256', '=', sha256).executeTakeFirst();
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

export const listLogs = compiledOnce((db: Db, deviceId: number) =>
  db
    .selectFrom('erasure_logs')
    .select(['id', 'cycle', 'tool', 'tool_version', 'method', 'started_at', 'finished_at', 'at', 'problems', 'operator_name'])
    .where('device_id', '=', deviceId)
    .orderBy('id', 'desc'),
);

export function findLogRaw(db: Db, deviceId: number, id: number) {
  return db.selectFrom('erasure_logs').select(['id', 'raw', 'at']).where('device_id', '=', deviceId).where('id', '=', id).executeTakeFirst();
}

/** Disk parts fitted into the device after a given moment (its latest report): they must be erased there too. */
const fittedDisks = (db: Db, deviceId: number) =>
  db
    .selectFrom('part_moves')
    .innerJoin('parts', 'parts.id', 'part_moves.part_id')
    .select(['parts.id', 'parts.serial', 'part_moves.at', 'part_moves.event_id'])
    .where('part_moves.device_id', '=', deviceId)
    .where('parts.kind', '=', 'disk');
const everFitted = compiledOnce(fittedDisks);
const fittedSince = compiledOnce((db: Db, deviceId: number, since: string) => fittedDisks(db, deviceId).where('part_moves.at', '>', since));

export function fittedDiskParts(db: Db, deviceId: number, since: string | null) {
  return since ? fittedSince(db, deviceId, since) : everFitted(db, deviceId);
}

// ---- certificates

export function findCertificate(db: Db, kind: 'device' | 'donation', subjectId: number, contentHash: string) {
  const column = kind === 'device' ? 'device_id' : 'donation_id';
  return db.selectFrom('certificates').select(['id', 'code', 'issued_at']).where(column, '=', subjectId).where('kind', '=', kind).where('content_hash', '=', contentHash).executeTakeFirst();
}

export async function insertCertificate(db: Db, row: Insertable<Database['certificates']>) {
  return await db.insertInto('certificates').values(row).returning(['id', 'code', 'issued_at']).executeTakeFirstOrThrow();
}

export function findCertificateByCode(db: Db, code: string) {
  return db
    .selectFrom('certificates')
    .innerJoin('hubs', 'hubs.id', 'certificates.hub_id')
    .select([
      'certificates.id',
      'certificates.code',
      'certificates.kind',
      'certificates.snapshot',
      'certificates.issued_at',
      'certificates.device_id',
      'certificates.donation_id',
      'hubs.name as hub_name',
    ])
    .where('certificates.code', '=', code)
    .executeTakeFirst();
}

/** Certificates issued later for the same subject: a check says when a newer one replaced it. */
export function newerCertificate(db: Db, id: number, kind: 'device' | 'donation', subjectId: number) {
  const column = kind === 'device' ? 'device_id' : 'donation_id';
  return db.selectFrom('certificates').select(['id', 'issued_at']).where(column, '=', subjectId).where('kind', '=', kind).where('id', '>', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** The standing of records now: a certificate's check says when one it rests on was withdrawn. */
export function standingOf(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('erasures').select(['id', 'standing']).where('id', 'in', ids.slice(0, 500)).execute();
}
