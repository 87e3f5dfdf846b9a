/**
 * Changes made by other processes on the same database, for the in-memory caches.
 *
 * Triggers on the tables behind a cache (migration 0016_cluster) signal each change of a topic:
 * - on PostgreSQL with `pg_notify('rigenera_cache', topic)`, which the server delivers when the writing
 *   transaction commits; one dedicated connection per process LISTENs and calls the topic's listeners
 *   within milliseconds. While that connection is not listening (starting, lost, reconnecting) the
 *   caches are not trusted at all: `sharedCacheTrusted` says no, and every request reads the database.
 * - on SQLite by moving a counter in `cache_generations`. Before a cache answers, `sharedCacheTrusted`
 *   asks a second connection for `PRAGMA data_version` (which moves when any other connection commits,
 *   a microsecond's work); only when it moved are the counters read, and the listeners of the topics
 *   whose counter moved are called. So no process answers from a cache for a state another one has
 *   already committed over.
 * Changes made by this process are seen at once by the adapter's query watch (`onTableWrite`).
 */
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export const CHANNEL = 'rigenera_cache';
export type Topic = 'people';

/** On SQLite, `moved` lets go of this process's read snapshot (db/read-turn.ts) when another process committed. */
type Source = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string; moved: () => void };

interface Signals {
  listeners: Map<Topic, Set<() => void>>;
  /** Starts watching if not yet; true when a cache may answer now. */
  trusted(): boolean;
  close(): Promise<void>;
}

const sources = new WeakMap<Kysely<Database>, Source>();
const signals = new WeakMap<Kysely<Database>, Signals>();

/** The adapter tells where a database lives when it opens it. */
export function registerSharedSource(db: Kysely<Database>, source: Source) {
  sources.set(db, source);
}

/** Calls `fn` when another process changed what `topic` covers (and once when watching (re)starts). */
export function onSharedChange(db: Kysely<Database>, topic: Topic, fn: () => void) {
  const s = signalsOf(db);
  if (!s) return;
  let set = s.listeners.get(topic);
  if (!set) s.listeners.set(topic, (set = new Set()));
  set.add(fn);
  s.trusted();
}

/**
 * May an in-memory copy of a topic's rows be used now? On SQLite this is also where changes by other
 * processes are noticed (and the listeners called, synchronously, before the answer).
 * A database opened in memory, or unknown, has no other process: always true.
 */
export function sharedCacheTrusted(db: Kysely<Database>): boolean {
  const s = signalsOf(db);
  return s ? s.trusted() : true;
}

/** Stops watching (the adapter's close calls it). */
export async function stopSharedChanges(db: Kysely<Database>) {
  const s = signals.get(db);
  signals.delete(db);
  await s?.close();
}

function signalsOf(db: Kysely<Database>): Signals | undefined {
  let s = signals.get(db);
  if (s) return s;
  const source = sources.get(db);
  if (!source) return undefined;
  s = source.kind === 'postgres' ? new PgSignals(source.url) : new SqliteSignals(source.file, source.moved);
  signals.set(db, s);
  return s;
}

function fire(listeners: Map<Topic, Set<() => void>>, topic?: string) {
  for (const [t, set] of listeners) if (topic === undefined || t === topic) for (const fn of set) fn();
}

const RECONNECT_MS = 250;

class PgSignals implements Signals {
  listeners = new Map<Topic, Set<() => void>>();
  private client?: pg.Client;
  private listening = false;
  private starting = false;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(private url: string) {}

  trusted(): boolean {
    if (!this.listening && !this.starting && !this.closed && !this.retry) void this.connect();
    return this.listening;
  }

  private async connect() {
    this.starting = true;
    const client = new pg.Client({ connectionString: this.url, application_name: 'rigenera-cache-listener' });
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = undefined;
      client.end().catch(() => undefined);
      fire(this.listeners);
      if (!this.closed && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = undefined;
          if (!this.closed) void this.connect();
        }, RECONNECT_MS);
        this.retry.unref();
      }
    };
    client.on('notification', (m) => {
      if (m.channel === CHANNEL) fire(this.listeners, m.payload);
    });
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed || this.client !== client) {
        await client.end().catch(() => undefined);
        return;
      }
      // Whatever was cached before this moment may have changed unseen.
      fire(this.listeners);
      this.listening = true;
    } catch {
      lost();
    } finally {
      this.starting = false;
    }
  }

  async close() {
    this.closed = true;
    this.listening = false;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}

class SqliteSignals implements Signals {
  listeners = new Map<Topic, Set<() => void>>();
  private conn?: SQLite.Database;
  private version?: SQLite.Statement;
  private generations?: SQLite.Statement;
  private lastVersion = -1;
  private seen = new Map<string, number>();
  private failed = false;

  constructor(
    private file: string,
    private moved: () => void,
  ) {}

  trusted(): boolean {
    if (this.file === ':memory:') return true;
    try {
      if (!this.conn) {
        this.conn = new SQLite(this.file, { fileMustExist: true });
        this.version = this.conn.prepare('PRAGMA data_version').pluck();
        this.generations = this.conn.prepare('SELECT topic, generation FROM cache_generations');
      }
      const v = this.version!.get() as number;
      if (v === this.lastVersion && !this.failed) return true;
      // What a listener's cache reads next must include the commit just noticed.
      this.moved();
      const rows = this.generations!.all() as { topic: string; generation: number }[];
      const first = this.lastVersion === -1 || this.failed;
      for (const r of rows) {
        if (!first && this.seen.get(r.topic) !== r.generation) fire(this.listeners, r.topic);
        this.seen.set(r.topic, r.generation);
      }
      if (first) fire(this.listeners);
      this.lastVersion = v;
      this.failed = false;
      return true;
    } catch {
      // Not migrated yet, or the file is unreadable just now: answer from the database.
      this.failed = true;
      return false;
    }
  }

  async close() {
    this.conn?.close();
    this.conn = undefined;
  }
}
