import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../access/roles';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

const publicColumns = ['id', 'email', 'name', 'role', 'hub_id', 'partner_id', 'locale', 'created_at', 'disabled_at', 'erased_at'] as const;

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Db, id: number) {
  return db.selectFrom('users').select(publicColumns).where('id', '=', id).executeTakeFirst();
}

export type NewUser = {
  email: string;
  name: string;
  passwordHash: string | null;
  role: Role;
  hubId: number | null;
  partnerId?: number | null;
  locale?: 'it' | 'en';
  createdBy: number | null;
  at: string;
};

export async function insertUser(db: Db, u: NewUser): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({
      email: u.email.trim().toLowerCase(),
      name: u.name,
      password_hash: u.passwordHash,
      role: u.role,
      hub_id: u.hubId,
      partner_id: u.partnerId ?? null,
      locale: u.locale ?? 'it',
      created_at: u.at,
      created_by: u.createdBy,
      disabled_at: null,
      erased_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export function listUsers(db: Db, filter: { scope: ListScope; roles?: Role[] }) {
  let q = db
    .selectFrom('users')
    .leftJoin('hubs', 'hubs.id', 'users.hub_id')
    .select([...publicColumns.map((c) => `users.${c}` as const), 'hubs.code as hub_code'])
    .where('users.erased_at', 'is', null)
    .orderBy('users.disabled_at', 'desc')
    .orderBy('users.name');
  q = whereInScope(q, filter.scope, { hub: 'users.hub_id' });
  if (filter.roles) q = q.where('users.role', 'in', filter.roles);
  return q.execute();
}

export function setUserDisabled(db: Db, id: number, at: string | null) {
  return db.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute();
}

export function setUserPassword(db: Db, id: number, passwordHash: string) {
  return db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

export function setUserLocale(db: Db, id: number, locale: 'it' | 'en') {
  return db.updateTable('users').set({ locale }).where('id', '=', id).execute();
}
