/**
 * Every page and scan starts by finding who is asking. The session row and its person change rarely
 * (a logout, a person disabled, erased or switching language), so they are kept in memory for a few
 * seconds, per database. Any UPDATE or DELETE of a person, and any session deleted, clears it at once:
 * in this process by the adapter's query watch, in every other process on the same database by the
 * tables' change signal (src/db/notify.ts: NOTIFY on PostgreSQL, a counter checked before each answer
 * on SQLite). While that signal cannot be relied on, nothing is answered from memory.
 */
import type { Kysely } from 'kysely';
import { onTableWrite } from '../db/adapter';
import { onSharedChange, sharedCacheTrusted } from '../db/notify';
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

/** `epoch` moves at every clearing: a row read before a clearing is not remembered after it. */
type Cache = { entries: Map<string, CachedSession<unknown>>; epoch: number };
const caches = new WeakMap<Kysely<Database>, Cache>();

function cacheOf(db: Kysely<Database>): Cache {
  let c = caches.get(db);
  if (!c) {
    const cache: Cache = (c = { entries: new Map(), epoch: 0 });
    caches.set(db, cache);
    const clear = () => {
      cache.entries.clear();
      cache.epoch++;
    };
    // Any change to a person (a name, a language, a role, disabled, erased) or a session ended, by
    // whatever code or process: nothing is answered from memory any more. (Last-seen updates are this
    // module's own.)
    onTableWrite(db, 'users', ['update', 'delete'], clear);
    onTableWrite(db, 'sessions', ['delete'], clear);
    onSharedChange(db, 'people', clear);
  }
  return c;
}

/** Take it before reading a session from the database, and hand it to rememberSession. */
export function sessionEpoch(db: Kysely<Database>): number {
  return cacheOf(db).epoch;
}

export function cachedSession<U>(db: Kysely<Database>, id: string, now: number): CachedSession<U> | undefined {
  const cache = cacheOf(db);
  if (!sharedCacheTrusted(db)) return undefined;
  const c = cache.entries;
  const entry = c.get(id) as CachedSession<U> | undefined;
  if (!entry) return undefined;
  if (now - entry.loadedAt > SESSION_CACHE_MS || now < entry.loadedAt) {
    c.delete(id);
    return undefined;
  }
  return entry;
}

export function rememberSession<U>(db: Kysely<Database>, id: string, entry: CachedSession<U>, epoch: number) {
  const cache = cacheOf(db);
  // Cleared while the row was being read: it may be the state just changed.
  if (cache.epoch !== epoch) return;
  const c = cache.entries;
  if (c.size >= MAX_ENTRIES) c.delete(c.keys().next().value!);
  c.set(id, entry);
}

export function forgetSession(db: Kysely<Database>, id: string) {
  cacheOf(db).entries.delete(id);
}

/** A person was disabled, erased or changed: none of their sessions may be answered from memory. */
export function forgetUser(db: Kysely<Database>, userId: number) {
  const c = cacheOf(db).entries;
  for (const [id, entry] of c) if (entry.userId === userId) c.delete(id);
}
