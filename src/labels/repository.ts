import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** What a label shows of a device: never a serial, a note or anything about a person. */
export function findLabelDevices(db: Db, tags: string[]) {
  if (tags.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('devices')
    .innerJoin('hubs', 'hubs.id', 'devices.hub_id')
    .select(['devices.tag', 'devices.type', 'devices.brand', 'devices.model', 'devices.hub_id', 'hubs.name as hub_name'])
    .where('devices.tag', 'in', tags)
    .execute();
}

export function listDonationTags(db: Db, donationId: number) {
  return db.selectFrom('devices').select('tag').where('donation_id', '=', donationId).orderBy('id').execute();
}

export function findDonationHub(db: Db, donationId: number) {
  return db.selectFrom('donations').select(['id', 'hub_id']).where('id', '=', donationId).executeTakeFirst();
}

export function findBlanks(db: Db, tags: string[]) {
  if (tags.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('label_blanks')
    .innerJoin('hubs', 'hubs.id', 'label_blanks.hub_id')
    .select(['label_blanks.tag', 'label_blanks.hub_id', 'label_blanks.claimed_at', 'label_blanks.batch_id', 'hubs.name as hub_name', 'hubs.code as hub_code'])
    .where('label_blanks.tag', 'in', tags)
    .execute();
}

export async function insertBatch(db: Db, row: Insertable<Database['label_batches']>): Promise<number> {
  return (await db.insertInto('label_batches').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function insertBlanks(db: Db, rows: Insertable<Database['label_blanks']>[]) {
  return db.insertInto('label_blanks').values(rows).execute();
}

export function findBatch(db: Db, id: number) {
  return db.selectFrom('label_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listBatchTags(db: Db, batchId: number) {
  return db.selectFrom('label_blanks').select('tag').where('batch_id', '=', batchId).orderBy('tag').execute();
}

export function listBatches(db: Db, scope: ListScope, limit = 20) {
  let q = db
    .selectFrom('label_batches')
    .innerJoin('hubs', 'hubs.id', 'label_batches.hub_id')
    .select(['label_batches.id', 'label_batches.count', 'label_batches.first_tag', 'label_batches.last_tag', 'label_batches.created_at', 'hubs.code as hub_code'])
    .orderBy('label_batches.id', 'desc')
    .limit(limit);
  q = whereInScope(q, scope, { hub: 'label_batches.hub_id' });
  return q.execute();
}

/** How many of a batch's blanks were claimed at intake. */
export async function countClaimed(db: Db, batchIds: number[]): Promise<Map<number, number>> {
  if (batchIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('label_blanks')
    .select(['batch_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('batch_id', 'in', batchIds)
    .where('claimed_at', 'is not', null)
    .groupBy('batch_id')
    .execute();
  return new Map(rows.map((r) => [r.batch_id, Number(r.n)]));
}

/**
 * Claims a blank for a donation: only an unclaimed blank of this hub, and only once. The row lock
 * (PostgreSQL) or the write lock (SQLite) makes the second of two simultaneous claims find it taken.
 */
export async function claimBlank(db: Db, tag: string, hubId: number, donationId: number, at: string): Promise<boolean> {
  const r = await db.updateTable('label_blanks').set({ claimed_at: at, donation_id: donationId }).where('tag', '=', tag).where('hub_id', '=', hubId).where('claimed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
