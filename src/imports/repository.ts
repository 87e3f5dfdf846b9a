import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertImport(db: Db, row: Insertable<Database['imports']>): Promise<number> {
  return (await db.insertInto('imports').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** An upload that could not be stored whole is forgotten: its rows, then itself. */
export async function deleteImport(db: Db, id: number) {
  await db.deleteFrom('import_rows').where('import_id', '=', id).execute();
  await db.deleteFrom('imports').where('id', '=', id).execute();
}

export function insertRows(db: Db, rows: Insertable<Database['import_rows']>[]) {
  return db.insertInto('import_rows').values(rows).execute();
}

export function findImport(db: Db, id: number) {
  return db
    .selectFrom('imports')
    .innerJoin('hubs', 'hubs.id', 'imports.hub_id')
    .selectAll('imports')
    .select(['hubs.code as hub_code', 'hubs.name as hub_name'])
    .where('imports.id', '=', id)
    .executeTakeFirst();
}
export type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

export function listImports(db: Db, scope: ListScope, limit = 30) {
  let q = db
    .selectFrom('imports')
    .innerJoin('hubs', 'hubs.id', 'imports.hub_id')
    .select(['imports.id', 'imports.file_name', 'imports.status', 'imports.total_rows', 'imports.created_count', 'imports.skipped_count', 'imports.created_at', 'hubs.code as hub_code'])
    .orderBy('imports.id', 'desc')
    .limit(limit);
  q = whereInScope(q, scope, { hub: 'imports.hub_id' });
  return q.execute();
}

export function importCounts(db: Db, id: number) {
  return db.selectFrom('imports').select(['processed_rows', 'created_count', 'skipped_count']).where('id', '=', id).executeTakeFirstOrThrow();
}

export async function updateImport(db: Db, id: number, patch: Updateable<Database['imports']>) {
  await db.updateTable('imports').set(patch).where('id', '=', id).execute();
}

/** Moves an import from one of `from` to `to`; false if someone else moved it first. */
export async function transition(db: Db, id: number, from: readonly Database['imports']['status'][], patch: Updateable<Database['imports']>): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Rows in order from `afterRow`, `limit` at a time (the dry run reads them all, page by page). */
export function rowsAfter(db: Db, importId: number, afterRow: number, limit: number) {
  return db
    .selectFrom('import_rows')
    .select(['row_number', 'cells', 'status', 'reason', 'device_id', 'devices_created'])
    .where('import_id', '=', importId)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

export function pendingRows(db: Db, importId: number, limit: number) {
  return db.selectFrom('import_rows').select(['row_number', 'cells']).where('import_id', '=', importId).where('status', '=', 'pending').orderBy('row_number').limit(limit).execute();
}

export function firstRows(db: Db, importId: number, limit: number) {
  return db.selectFrom('import_rows').select(['row_number', 'cells']).where('import_id', '=', importId).orderBy('row_number').limit(limit).execute();
}

/** CASE row_number WHEN … THEN … END, with each value cast so both databases know its type. */
function byRow(pairs: [number, number | string][], type: 'integer' | 'text') {
  const cast = type === 'integer' ? sql`integer` : sql`text`;
  return sql<never>`CASE row_number ${sql.join(
    pairs.map(([row, value]) => sql`WHEN ${row} THEN CAST(${value} AS ${cast})`),
    sql` `,
  )} END`;
}

/** A chunk's outcome, one statement per kind: created rows name their first device, skipped rows say why. */
export async function markRows(db: Db, importId: number, created: { row: number; deviceId: number; count: number }[], skipped: { row: number; reason: string }[]) {
  const SLICE = 300;
  for (let i = 0; i < created.length; i += SLICE) {
    const part = created.slice(i, i + SLICE);
    await db
      .updateTable('import_rows')
      .set({
        status: 'created',
        device_id: byRow(
          part.map((r) => [r.row, r.deviceId]),
          'integer',
        ),
        devices_created: byRow(
          part.map((r) => [r.row, r.count]),
          'integer',
        ),
      })
      .where('import_id', '=', importId)
      .where(
        'row_number',
        'in',
        part.map((r) => r.row),
      )
      .execute();
  }
  for (let i = 0; i < skipped.length; i += SLICE) {
    const part = skipped.slice(i, i + SLICE);
    await db
      .updateTable('import_rows')
      .set({
        status: 'skipped',
        reason: byRow(
          part.map((r) => [r.row, r.reason]),
          'text',
        ),
      })
      .where('import_id', '=', importId)
      .where(
        'row_number',
        'in',
        part.map((r) => r.row),
      )
      .execute();
  }
}

export function skippedRows(db: Db, importId: number, afterRow: number, limit: number) {
  return db
    .selectFrom('import_rows')
    .select(['row_number', 'cells', 'reason'])
    .where('import_id', '=', importId)
    .where('status', '=', 'skipped')
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

/** Serials already registered, any hub. */
export async function existingSerials(db: Db, serials: string[]): Promise<Set<string>> {
  if (serials.length === 0) return new Set();
  const rows = await db.selectFrom('devices').select('serial').where('serial', 'in', serials).execute();
  return new Set(rows.map((r) => r.serial!));
}

export function findGroupDonation(db: Db, importId: number, groupKey: string) {
  return db.selectFrom('import_donations').select('donation_id').where('import_id', '=', importId).where('group_key', '=', groupKey).executeTakeFirst();
}

/** The donations this import made so far, by group (a donor on a day, numbered past the first), with their devices. */
export function importDonationCounts(db: Db, importId: number) {
  return db
    .selectFrom('import_donations')
    .innerJoin('donations', 'donations.id', 'import_donations.donation_id')
    .select(['import_donations.group_key', 'donations.device_count'])
    .where('import_donations.import_id', '=', importId)
    .execute();
}

export function insertGroupDonation(db: Db, row: Insertable<Database['import_donations']>) {
  return db.insertInto('import_donations').values(row).execute();
}

export function importDonations(db: Db, importId: number) {
  return db
    .selectFrom('import_donations')
    .innerJoin('donations', 'donations.id', 'import_donations.donation_id')
    .select(['donations.id', 'donations.device_count', 'donations.received_at'])
    .where('import_donations.import_id', '=', importId)
    .orderBy('donations.id')
    .execute();
}
