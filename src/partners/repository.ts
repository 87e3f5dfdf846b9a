import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../db/schema';
import type { PartnerStatus } from './tables';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertPartner(db: Db, row: Insertable<Database['partners']>): Promise<number> {
  const { id } = await db.insertInto('partners').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function updatePartner(db: Db, id: number, patch: Updateable<Database['partners']>) {
  return db.updateTable('partners').set(patch).where('id', '=', id).execute();
}

export function findPartner(db: Db, id: number) {
  return db
    .selectFrom('partners')
    .innerJoin('hubs', 'hubs.id', 'partners.hub_id')
    .selectAll('partners')
    .select(['hubs.code as hub_code', 'hubs.name as hub_name'])
    .where('partners.id', '=', id)
    .executeTakeFirst();
}

export type PartnerRow = NonNullable<Awaited<ReturnType<typeof findPartner>>>;

export function findPartnerByCode(db: Db, code: string) {
  return db.selectFrom('partners').select(['id', 'status', 'hub_id']).where('code', '=', code).executeTakeFirst();
}

export function listPartners(db: Db, f: { scope: ListScope; statuses?: PartnerStatus[] }) {
  let q = db
    .selectFrom('partners')
    .innerJoin('hubs', 'hubs.id', 'partners.hub_id')
    .select([
      'partners.id',
      'partners.kind',
      'partners.name',
      'partners.code',
      'partners.municipality',
      'partners.status',
      'partners.open_data_consent',
      'partners.created_at',
      'hubs.code as hub_code',
    ])
    .orderBy('partners.name');
  q = whereInScope(q, f.scope, { hub: 'partners.hub_id', partner: 'partners.id' });
  if (f.statuses) q = q.where('partners.status', 'in', f.statuses);
  return q.execute();
}

export function insertContact(db: Db, row: Insertable<Database['partner_contacts']>) {
  return db.insertInto('partner_contacts').values(row).execute();
}

export function listContacts(db: Db, partnerId: number) {
  return db.selectFrom('partner_contacts').select(['id', 'name', 'role', 'email', 'phone', 'created_at']).where('partner_id', '=', partnerId).where('erased_at', 'is', null).orderBy('id').execute();
}

/** Erases a contact person: the fields are blanked, the row stays so nothing that refers to it breaks. */
export async function eraseContact(db: Db, partnerId: number, contactId: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('partner_contacts')
    .set({ name: '—', role: null, email: null, phone: null, erased_at: at })
    .where('id', '=', contactId)
    .where('partner_id', '=', partnerId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listPartnerUsers(db: Db, partnerId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'password_hash', 'disabled_at', 'created_at'])
    .where('partner_id', '=', partnerId)
    .where('role', '=', 'partner')
    .where('erased_at', 'is', null)
    .orderBy('id')
    .execute();
}
