import type { Kysely, Transaction } from 'kysely';
import { forUpdate } from '../db/adapter';
import type { Database } from '../db/schema';
import type { Role } from '../access/roles';

type Db = Kysely<Database> | Transaction<Database>;

// ---- sessions

export function insertSession(db: Db, row: Database['sessions']) {
  return db.insertInto('sessions').values(row).execute();
}

export function findSessionWithUser(db: Db, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id',
      'users.name',
      'users.email',
      'users.role',
      'users.hub_id',
      'users.partner_id',
      'users.locale',
      'users.disabled_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

export function touchSession(db: Db, id: string, at: string) {
  return db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export function deleteSession(db: Db, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).execute();
}

export function deleteUserSessions(db: Db, userId: number) {
  return db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

// ---- API tokens

export function insertApiToken(db: Db, row: Omit<Database['api_tokens'], 'id'>) {
  return db.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findApiToken(db: Db, tokenHash: string) {
  return db.selectFrom('api_tokens').select(['id', 'label', 'role', 'hub_id', 'partner_id', 'last_used_at', 'last_used_ip', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The tokens a person handed out stop working with them (disabled or erased); returns how many. */
export async function revokeTokensCreatedBy(db: Db, userId: number, at: string): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: at }).where('created_by', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export function markApiTokenUsed(db: Db, id: number, at: string, ip: string) {
  return db.updateTable('api_tokens').set({ last_used_at: at, last_used_ip: ip }).where('id', '=', id).execute();
}

// ---- one-time links

export function insertOneTimeLink(db: Db, row: Database['one_time_links']) {
  return db.insertInto('one_time_links').values(row).execute();
}

export function findOneTimeLink(db: Db, tokenHash: string) {
  return db.selectFrom('one_time_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Older links of a person that were never used: a new one replaces them. */
export function deleteUnusedLinks(db: Db, userId: number, purpose: 'setup' | 'welcome') {
  return db.deleteFrom('one_time_links').where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

/** Marks the link used; false when someone else used it first. */
export async function consumeOneTimeLink(db: Db, tokenHash: string, at: string): Promise<boolean> {
  const r = await db.updateTable('one_time_links').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- login throttle

export function findThrottle(db: Db, keys: string[]) {
  return db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
}

/** The throttle rows of these keys, created if missing and locked until the transaction ends (in key order: no deadlock). */
export async function lockThrottle(trx: Transaction<Database>, keys: string[], at: string) {
  const sorted = [...keys].sort();
  await trx
    .insertInto('login_throttle')
    .values(sorted.map((key) => ({ key, failures: 0, last_failure_at: at, locked_until: null })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return forUpdate(trx, trx.selectFrom('login_throttle').selectAll().where('key', 'in', sorted).orderBy('key')).execute();
}

export function setThrottle(db: Db, key: string, values: { failures: number; last_failure_at: string; locked_until: string | null }) {
  return db.updateTable('login_throttle').set(values).where('key', '=', key).execute();
}

export function clearThrottle(db: Db, keys: string[]) {
  return db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}

export function countAdmins(db: Db) {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin' satisfies Role)
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}
