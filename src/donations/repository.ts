import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export function findDonorByTaxCode(db: Db, taxCode: string) {
  return db.selectFrom('donors').select(['id']).where('tax_code', '=', taxCode).where('erased_at', 'is', null).executeTakeFirst();
}

export async function insertDonor(db: Db, row: Insertable<Database['donors']>): Promise<number> {
  return (await db.insertInto('donors').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertDonation(db: Db, row: Insertable<Database['donations']>): Promise<number> {
  return (await db.insertInto('donations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findDonation(db: Db, id: number) {
  return db
    .selectFrom('donations')
    .innerJoin('donors', 'donors.id', 'donations.donor_id')
    .innerJoin('hubs', 'hubs.id', 'donations.hub_id')
    .select([
      'donations.id',
      'donations.hub_id',
      'donations.received_at',
      'donations.note',
      'donations.device_count',
      'donations.created_at',
      'hubs.code as hub_code',
      'hubs.name as hub_name',
      'donors.kind as donor_kind',
      'donors.name as donor_name',
      'donors.tax_code as donor_tax_code',
      'donors.email as donor_email',
      'donors.phone as donor_phone',
      'donors.erased_at as donor_erased_at',
    ])
    .where('donations.id', '=', id)
    .executeTakeFirst();
}

export function listDonationDevices(db: Db, donationId: number) {
  return db.selectFrom('devices').select(['id', 'tag', 'type', 'brand', 'model', 'serial', 'state', 'weight_kg']).where('donation_id', '=', donationId).orderBy('id').execute();
}

export function listDonations(db: Db, filter: { scope: ListScope; beforeId?: number; limit: number }) {
  let q = db
    .selectFrom('donations')
    .innerJoin('donors', 'donors.id', 'donations.donor_id')
    .innerJoin('hubs', 'hubs.id', 'donations.hub_id')
    .select(['donations.id', 'donations.received_at', 'donations.device_count', 'hubs.code as hub_code', 'donors.kind as donor_kind', 'donors.name as donor_name'])
    .orderBy('donations.id', 'desc')
    .limit(filter.limit);
  q = whereInScope(q, filter.scope, { hub: 'donations.hub_id' });
  if (filter.beforeId !== undefined) q = q.where('donations.id', '<', filter.beforeId);
  return q.execute();
}

/** A donation filled in several transactions (a spreadsheet import's chunks) grows by each chunk's devices. */
export async function addToDeviceCount(db: Db, donationId: number, count: number) {
  await db
    .updateTable('donations')
    .set({ device_count: sql<number>`device_count + ${count}` })
    .where('id', '=', donationId)
    .execute();
}
