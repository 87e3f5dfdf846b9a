/**
 * Background work that must run in one process at a time, however many app processes serve the
 * database (an import's run, a sweep, an outbox worker):
 *
 *   const r = await runOnceAcrossProcesses(ctx.db, `import:${id}`, () => runIt());
 *   if (!r.ran) … another process holds it: do nothing
 *
 * On PostgreSQL a session advisory lock, held on one pooled connection while `work` runs (the server
 * lets it go if the process dies). On SQLite a row in cluster_locks with a lease, renewed while `work`
 * runs and taken over only once it has run out (a process that died without letting go).
 * `work` itself uses the database as usual; the lock's connection is not handed to it.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import { dbKind } from './adapter';
import type { Database } from './schema';

export const LEASE_MS = 30_000;
/** Keys of this program's advisory locks, apart from any other program's on the same server. */
const PG_LOCK_SPACE = 1919;

export type Once<T> = { ran: true; value: T } | { ran: false };

const heldHere = new WeakMap<Kysely<Database>, Set<string>>();

export async function runOnceAcrossProcesses<T>(db: Kysely<Database>, name: string, work: () => Promise<T>, now: () => Date = () => new Date()): Promise<Once<T>> {
  let held = heldHere.get(db);
  if (!held) heldHere.set(db, (held = new Set()));
  if (held.has(name)) return { ran: false };
  held.add(name);
  try {
    return await (dbKind(db) === 'postgres' ? withAdvisoryLock(db, name, work) : withLease(db, name, work, now));
  } finally {
    held.delete(name);
  }
}

async function withAdvisoryLock<T>(db: Kysely<Database>, name: string, work: () => Promise<T>): Promise<Once<T>> {
  return db.connection().execute(async (conn) => {
    const got = await sql<{ got: boolean }>`SELECT pg_try_advisory_lock(${PG_LOCK_SPACE}, hashtext(${name})) AS got`.execute(conn);
    if (!got.rows[0]?.got) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await sql`SELECT pg_advisory_unlock(${PG_LOCK_SPACE}, hashtext(${name}))`.execute(conn);
    }
  });
}

async function withLease<T>(db: Kysely<Database>, name: string, work: () => Promise<T>, now: () => Date): Promise<Once<T>> {
  const HOLDER = `${hostname()}:${process.pid}:${randomUUID()}`;
  const until = () => new Date(now().getTime() + LEASE_MS).toISOString();
  const at = now().toISOString();
  // Insert, or take over a lease that ran out; either way the row then names this process.
  await db
    .insertInto('cluster_locks')
    .values({ name, holder: HOLDER, expires_at: until() })
    .onConflict((oc) => oc.column('name').doUpdateSet({ holder: HOLDER, expires_at: until() }).where('cluster_locks.expires_at', '<', at))
    .execute();
  const row = await db.selectFrom('cluster_locks').select('holder').where('name', '=', name).executeTakeFirst();
  if (row?.holder !== HOLDER) return { ran: false };
  const renew = setInterval(() => {
    void db
      .updateTable('cluster_locks')
      .set({ expires_at: until() })
      .where('name', '=', name)
      .where('holder', '=', HOLDER)
      .execute()
      .catch(() => undefined);
  }, LEASE_MS / 3);
  renew.unref();
  try {
    return { ran: true, value: await work() };
  } finally {
    clearInterval(renew);
    await db
      .deleteFrom('cluster_locks')
      .where('name', '=', name)
      .where('holder', '=', HOLDER)
      .execute()
      .catch(() => undefined);
  }
}
