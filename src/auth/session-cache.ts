/**
 * Every page and scan starts by finding who is asking. The session row and its person change rarely
 * (a logout, a person disabled, erased or switching language), so they are kept in memory for a few
 * seconds, per database. Any UPDATE or DELETE of a person, and any session deleted, clears it at once
 * (the adapter watches the queries); the short life bounds what another server process on the same
 * PostgreSQL database could still see.
 */
import type { Kysely } from 'kysely';
import { onTableWrite } from '../db/adapter';
import type { Database } from '../db/schema';

export const SESSION_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type CachedSession<U> = {
  user: U;
  userId: number;
  lastSeenAt: number;
  expiresAt: number;
  /** When this entry was read from the database (the app's clock). */
  loadedAt: number;
};

type Cache = Map<string, CachedSession<unknown>>;
const caches = new WeakMap<Kysely<Database>, Cache>();

function cacheOf(db: Kysely<Database>): Cache {
  let c = caches.get(db);
  if (!c) {
    const cache: Cache = (c = new Map());
    caches.set(db, cache);
    // Any change to a person (a name, a language, disabled, erased) or a session ended, by whatever
    // code: nothing is answered from memory any more. (Last-seen updates are this module's own.)
    onTableWrite(db, 'users', ['update', 'delete'], () => cache.clear());
    onTableWrite(db, 'sessions', ['delete'], () => cache.clear());
  }
  return c;
}

export function cachedSession<U>(db: Kysely<Database>, id: string, now: number): CachedSession<U> | undefined {
  const c = cacheOf(db);
  const entry = c.get(id) as CachedSession<U> | undefined;
  if (!entry) return undefined;
  if (now - entry.loadedAt > SESSION_CACHE_MS || now < entry.loadedAt) {
    c.delete(id);
    return undefined;
  }
  return entry;
}

export function rememberSession<U>(db: Kysely<Database>, id: string, entry: CachedSession<U>) {
  const c = cacheOf(db);
  if (c.size >= MAX_ENTRIES) c.delete(c.keys().next().value!);
  c.set(id, entry);
}

export function forgetSession(db: Kysely<Database>, id: string) {
  cacheOf(db).delete(id);
}

/** A person was disabled, erased or changed: none of their sessions may be answered from memory. */
export function forgetUser(db: Kysely<Database>, userId: number) {
  const c = cacheOf(db);
  for (const [id, entry] of c) if (entry.userId === userId) c.delete(id);
}
