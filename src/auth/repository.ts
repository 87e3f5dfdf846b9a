import type { Kysely, Transaction } from 'kysely';
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
  return db
    .selectFrom('api_tokens')
    .select(['id', 'label', 'role', 'hub_id', 'partner_id', 'last_used_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function markApiTokenUsed(db: Db, id: number, at: string) {
  return db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

// ---- one-time links

export function insertOneTimeLink(db: Db, row: Database['one_time_links']) {
  return db.insertInto('one_time_links').values(row).execute();
}

export function findOneTimeLink(db: Db, tokenHash: string) {
  return db.selectFrom('one_time_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Ends a person's links of one purpose that are still open: a re-issued link replaces them. */
export function retireOneTimeLinks(db: Db, userId: number, purpose: 'setup' | 'welcome', at: string) {
  return db.updateTable('one_time_links').set({ used_at: at }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

/** Marks the link used; false when someone else used it first. */
export async function consumeOneTimeLink(db: Db, tokenHash: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('one_time_links')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- login throttle

export function findThrottle(db: Db, keys: string[]) {
  return db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
}

export async function recordThrottleFailure(db: Db, key: string, at: string, lockedUntil: (failures: number) => string | null) {
  const row = await db.selectFrom('login_throttle').select('failures').where('key', '=', key).executeTakeFirst();
  const failures = (row?.failures ?? 0) + 1;
  const values = { failures, last_failure_at: at, locked_until: lockedUntil(failures) };
  if (row) await db.updateTable('login_throttle').set(values).where('key', '=', key).execute();
  else await db.insertInto('login_throttle').values({ key, ...values }).execute();
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
