/**
 * The one place that knows which database is underneath. Everything else writes portable Kysely
 * queries; the few things SQLite and PostgreSQL spell differently are answered here.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  AliasNode,
  DeleteQueryNode,
  Kysely,
  PostgresAdapter,
  TableNode,
  UpdateQueryNode,
  SelectQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  PostgresDialect,
  type PostgresDriver,
  type TransactionSettings,
  SqliteDialect,
  type SqliteDriver,
  CompiledQuery,
  sql,
  type DatabaseConnection,
  type Driver,
  type ColumnDataType,
  type CreateTableBuilder,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
  type Compilable,
  type Transaction,
  type QueryCompiler,
  LimitNode,
  OffsetNode,
  SqliteQueryCompiler,
  ValueNode,
} from 'kysely';
import { registerSharedSource, stopSharedChanges } from './notify';
import { ReadTurn } from './read-turn';
import { keptStatements } from './sqlite-statements';
import type { Database } from './schema';

export type DbKind = 'sqlite' | 'postgres';

export type OpenedDatabase = {
  db: Kysely<Database>;
  kind: DbKind;
  close(): Promise<void>;
  /** The SQLite connection underneath (online backups use it); absent on PostgreSQL. */
  sqlite?: SQLite.Database;
};

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function openDatabase(url: string): OpenedDatabase {
  if (isPostgresUrl(url)) {
    // COUNT and SUM come back as int8/numeric; node-pg would hand them over as strings.
    pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));
    // Pipelined: statements a transaction sends together (Promise.all) go out back to back and cost one
    // round trip, not one each; BEGIN rides along with the first statement (see PipelinedPgDriver).
    const pool = new pg.Pool({ connectionString: url, max: 10, pipeline: true } as pg.PoolConfig);
    const watch = new WriteWatch();
    const db = new Kysely<Database>({ dialect: new PipelinedPgDialect({ pool }), plugins: [watch] });
    watches.set(db, watch);
    registerSharedSource(db, { kind: 'postgres', url });
    return { db, kind: 'postgres', close: () => stopSharedChanges(db).then(() => db.destroy()) };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Deleted and overwritten content is zeroed on disk, not left in free pages: an erased person stays erased.
  database.pragma('secure_delete = ON');
  const watch = new WriteWatch();
  const turn = new ReadTurn(database);
  const statements = keptStatements(database, turn);
  const dialect = new ImmediateSqliteDialect({ database: statements }, (ms) => database.pragma(`busy_timeout = ${ms}`));
  const db = new Kysely<Database>({ dialect, plugins: [watch] });
  watches.set(db, watch);
  // Outside Kysely's transactions, a hot read is answered by its prepared statement at once (see compiledOnce).
  directReads.set(db, (query) => (turn.free ? (statements.prepare(query.sql).all(query.parameters as unknown[]) as unknown[]) : undefined));
  readTurns.set(db, turn);
  registerSharedSource(db, { kind: 'sqlite', file, moved: turn.end });
  const close = () => {
    turn.end();
    return stopSharedChanges(db).then(() => db.destroy());
  };
  return { db, kind: 'sqlite', close, sqlite: database };
}

/**
 * A transaction's BEGIN is sent without waiting for its answer: on a pipelined connection the first
 * statement follows it on the wire, and a write costs one round trip less. COMMIT and ROLLBACK wait for
 * it (a BEGIN that failed fails the commit; the statements behind it already failed on their own).
 */
class PipelinedPgDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new PipelinedPgDriver(super.createDriver() as PostgresDriver);
  }
}

class PipelinedPgDriver implements Driver {
  private begun = new WeakMap<DatabaseConnection, Promise<unknown>>();
  constructor(private inner: PostgresDriver) {}
  init() {
    return this.inner.init();
  }
  acquireConnection() {
    return this.inner.acquireConnection();
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    if (settings.isolationLevel || settings.accessMode) return this.inner.beginTransaction(connection, settings);
    const begin = connection.executeQuery(CompiledQuery.raw('begin'));
    begin.catch(() => undefined);
    this.begun.set(connection, begin);
  }
  private async settled(connection: DatabaseConnection) {
    const begin = this.begun.get(connection);
    this.begun.delete(connection);
    await begin;
  }
  async commitTransaction(connection: DatabaseConnection) {
    await this.settled(connection);
    return this.inner.commitTransaction(connection);
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await this.settled(connection).catch(() => undefined);
    return this.inner.rollbackTransaction(connection);
  }
  savepoint: PostgresDriver['savepoint'] = (...args) => this.inner.savepoint(...args);
  rollbackToSavepoint: PostgresDriver['rollbackToSavepoint'] = (...args) => this.inner.rollbackToSavepoint(...args);
  releaseSavepoint: PostgresDriver['releaseSavepoint'] = (...args) => this.inner.releaseSavepoint(...args);
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(connection as Parameters<PostgresDriver['releaseConnection']>[0]);
  }
  destroy() {
    return this.inner.destroy();
  }
}

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE). Within one process Kysely already
 * runs them one at a time; with several processes on one file, a deferred transaction that read first
 * could not upgrade to writing once another process had written (SQLITE_BUSY at once, without waiting):
 * an immediate one waits its turn instead. SQLite's own waiting (busy_timeout) sleeps inside the call
 * and would freeze the whole process, every request with it, while another process writes: BEGIN
 * waits between tries on the event loop instead, for as long as busy_timeout would have (5 s).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    config: ConstructorParameters<typeof SqliteDialect>[0],
    private busyTimeout: (ms: number) => void,
  ) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(super.createDriver() as SqliteDriver, this.busyTimeout);
  }
  override createQueryCompiler(): QueryCompiler {
    return new LiteralLimitCompiler();
  }
}

/**
 * LIMIT and OFFSET as literals when they are plain integers. better-sqlite3's SQLite (built with STAT4)
 * runs a statement whose LIMIT is a bound parameter as if preparing it again each time, at a cost that
 * grows with the statement: measured, 1.8 µs against 0.5 µs for `select 1 limit ?`, and 14 µs against
 * 2 µs for the device page's read of its hardware reports (four tables). A value that is not a safe
 * integer (a compiledOnce marker, an expression) stays a parameter. PostgreSQL keeps its parameters.
 */
class LiteralLimitCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    super.visitLimit(LimitNode.create(asLiteral(node.limit)));
  }
  protected override visitOffset(node: OffsetNode): void {
    super.visitOffset(OffsetNode.create(asLiteral(node.offset)));
  }
}

function asLiteral(node: OperationNode): OperationNode {
  return ValueNode.is(node) && !node.immediate && Number.isSafeInteger(node.value) ? ValueNode.createImmediate(node.value) : node;
}

const BEGIN_WAIT_MS = 5_000;
const BUSY_TIMEOUT_MS = 5_000;

class ImmediateSqliteDriver implements Driver {
  constructor(
    private inner: SqliteDriver,
    private busyTimeout: (ms: number) => void,
  ) {}
  init() {
    return this.inner.init();
  }
  acquireConnection() {
    return this.inner.acquireConnection();
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    // A read-only transaction takes no lock: its snapshot starts at its first read, and writers go on.
    if (settings.accessMode === 'read only') {
      await connection.executeQuery(CompiledQuery.raw('begin'));
      return;
    }
    const deadline = Date.now() + BEGIN_WAIT_MS;
    for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
      this.busyTimeout(0);
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      } finally {
        this.busyTimeout(BUSY_TIMEOUT_MS);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  savepoint: SqliteDriver['savepoint'] = (...args) => this.inner.savepoint(...args);
  rollbackToSavepoint: SqliteDriver['rollbackToSavepoint'] = (...args) => this.inner.rollbackToSavepoint(...args);
  releaseSavepoint: SqliteDriver['releaseSavepoint'] = (...args) => this.inner.releaseSavepoint(...args);
  releaseConnection() {
    return this.inner.releaseConnection();
  }
  destroy() {
    return this.inner.destroy();
  }
}

type WriteListener = { table: string; kinds: readonly ('update' | 'delete')[]; fn: () => void };

/** Sees every UPDATE and DELETE built through Kysely (in or out of a transaction) and tells who asked. */
class WriteWatch implements KyselyPlugin {
  listeners: WriteListener[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.listeners.length) {
      const node = args.node;
      const kind = UpdateQueryNode.is(node) ? 'update' : DeleteQueryNode.is(node) ? 'delete' : null;
      if (kind) {
        const targets = kind === 'update' ? [(node as UpdateQueryNode).table] : (node as DeleteQueryNode).from.froms;
        for (const target of targets) {
          const name = tableName(target);
          for (const l of this.listeners) if (l.table === name && l.kinds.includes(kind)) l.fn();
        }
      }
    }
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (AliasNode.is(node)) return tableName(node.node);
  if (TableNode.is(node)) return node.table.identifier.name;
  return undefined;
}

const watches = new WeakMap<Kysely<Database>, WriteWatch>();

/**
 * Calls `fn` whenever a query built on this database updates or deletes rows of `table`: an in-memory
 * copy of those rows (the session cache) learns of every change, whichever code makes it.
 */
export function onTableWrite(db: Kysely<Database>, table: keyof Database & string, kinds: readonly ('update' | 'delete')[], fn: () => void) {
  watches.get(db)?.listeners.push({ table, kinds, fn });
}

// Migrations are written against Kysely<any>, hence the loose parameter type here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dbKind(db: Kysely<any>): DbKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** An integer primary key that the database fills in, strictly increasing, never reused. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withAutoId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, any>) {
  return dbKind(db) === 'postgres' ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * Text compared byte by byte. Prefix searches (term >= 'abc' AND term < 'abc~') rely on it:
 * PostgreSQL's default collation would otherwise order by locale rules.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function binaryText(db: Kysely<any>): ColumnDataType | RawBuilder<unknown> {
  return dbKind(db) === 'postgres' ? sql`text collate "C"` : 'text';
}

/**
 * Did this error come from the storage rather than the request? `full`: no space left (SQLITE_FULL,
 * PostgreSQL's disk_full); `unavailable`: the database cannot be written or reached just now (a
 * read-only file or database, a lock held too long, an I/O error, a server shutting down or refusing
 * connections). Either way the transaction was rolled back and the user can only try again later.
 */
export function storageFailure(error: unknown): 'full' | 'unavailable' | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'SQLITE_FULL' || code === '53100') return 'full';
  if (/^SQLITE_(READONLY|CANTOPEN|IOERR|BUSY|LOCKED|PERM|NOTADB|CORRUPT)/.test(code)) return 'unavailable';
  if (['25006', '53200', '53300', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return 'unavailable';
  return null;
}

/**
 * Rows read to be changed in the same transaction: PostgreSQL locks them until it ends (FOR UPDATE).
 * SQLite needs nothing: its one connection runs one transaction at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations and services alike pass their Kysely
export function forUpdate<QB extends { forUpdate(): QB }>(db: Kysely<any>, query: QB): QB {
  return dbKind(db) === 'postgres' ? query.forUpdate() : query;
}

/**
 * After personal data was erased: make sure the old values are gone from the files too, not only from
 * the tables. SQLite runs with secure_delete, so the overwritten and freed bytes are already zeroed in
 * the database pages; what is left is the write-ahead log, which is checkpointed and truncated (a VACUUM
 * would rebuild the whole file: 10 s on a 280 MB database, with every hub waiting). PostgreSQL keeps dead
 * row versions in the table files until they are rewritten, which only VACUUM FULL does: it rewrites the
 * tables that held the person (they are locked meanwhile). Neither can run inside a transaction.
 */
export async function compactAfterErasure(db: Kysely<Database>, tables: (keyof Database & string)[]): Promise<void> {
  if (dbKind(db) === 'postgres') {
    for (const table of tables) await sql`VACUUM FULL ${sql.table(table)}`.execute(db);
    return;
  }
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}

/** Did this error come from a UNIQUE or PRIMARY KEY constraint? */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** PostgreSQL gave up one of two transactions waiting on each other (or could not serialise it): running it again is safe. */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === '40P01' || e?.code === '40001';
}

/**
 * PostgreSQL ends one of two transactions that wait on each other (a deadlock, or a snapshot it cannot
 * serialise): work that is all in its one transaction is simply run again, a few times at most, before
 * its error is the answer.
 */
export async function retryingDeadlocks<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 3 || !isDeadlock(error)) throw error;
    }
  }
}

/** Case-insensitive "contains" for short free-text filters on small sets (not for the device search). */
export function containsInsensitive(db: Kysely<Database>, column: Expression<string | null>, needle: string) {
  const pattern = `%${needle.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
  return dbKind(db) === 'postgres' ? sql<boolean>`${column} ilike ${pattern} escape '\\'` : sql<boolean>`${column} like ${pattern} escape '\\'`;
}

/**
 * After rows were inserted with explicit ids (a bulk generator), the next id the database hands out
 * must come after them. SQLite's AUTOINCREMENT already follows the largest id; PostgreSQL's sequence does not.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function resyncAutoId(db: Kysely<any>, table: string): Promise<void> {
  if (dbKind(db) !== 'postgres') return;
  await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ${sql.table(table)}), 1))`.execute(db);
}

/**
 * Rows a worker may claim: on PostgreSQL the candidates are locked and rows another worker holds are
 * skipped (FOR UPDATE SKIP LOCKED), so concurrent claimers each take different rows. SQLite has no row
 * locks and needs none: it runs one writing statement at a time, and the claim is one statement.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function claimableRows<DB, TB extends keyof DB, O>(db: Kysely<any>, query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
  return dbKind(db) === 'postgres' ? query.forUpdate().skipLocked() : query;
}

type WriteKind = 'update' | 'delete';

/**
 * Makes every committed UPDATE or DELETE of `table` signal `topic` to the other processes (see notify.ts):
 * PostgreSQL notifies on commit, SQLite moves the topic's counter in cache_generations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function signalChanges(db: Kysely<any>, table: string, kinds: readonly WriteKind[], topic: string): Promise<void> {
  if (!/^[a-z_]+$/.test(table) || !/^[a-z_]+$/.test(topic)) throw new Error('signalChanges: plain names only');
  if (dbKind(db) === 'postgres') {
    await sql`CREATE OR REPLACE FUNCTION rigenera_cache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('rigenera_cache', TG_ARGV[0]); RETURN NULL; END $$`.execute(db);
    const events = kinds.map((k) => k.toUpperCase()).join(' OR ');
    await sql`CREATE TRIGGER ${sql.raw(`${table}_signal`)} AFTER ${sql.raw(events)} ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION rigenera_cache_changed(${sql.lit(topic)})`.execute(db);
    return;
  }
  for (const kind of kinds) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_${kind}_signal`)} AFTER ${sql.raw(kind.toUpperCase())} ON ${sql.table(table)}
      BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE topic = ${sql.lit(topic)}; END`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function dropChangeSignal(db: Kysely<any>, table: string, kinds: readonly WriteKind[]): Promise<void> {
  if (dbKind(db) === 'postgres') {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${table}_signal`)} ON ${sql.table(table)}`.execute(db);
    return;
  }
  for (const kind of kinds) await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${table}_${kind}_signal`)}`.execute(db);
}

// ---- hot reads

type Value = string | number;
type Db = Kysely<Database> | Transaction<Database>;

/**
 * better-sqlite3 answers synchronously, so on SQLite the query executor only adds its queue for the one
 * connection and a few promise hops: about 2 µs of a 3 µs read, 15 times per device page. While no
 * transaction is open on that connection, a read can see nothing uncommitted and waits for nothing: it
 * runs directly. Inside a transaction (another request's, between two of its awaits) it queues as before.
 * The app streams no query (an open iterator would keep the connection busy).
 */
const directReads = new WeakMap<Kysely<Database>, (query: CompiledQuery) => unknown[] | undefined>();
const readTurns = new WeakMap<Kysely<Database>, ReadTurn>();

/**
 * A request starts: the reads it makes must not share a snapshot taken before it arrived (db/read-turn.ts).
 * Nothing to do on PostgreSQL, where every statement outside a transaction sees the latest commit.
 */
export function freshReads(db: Kysely<Database>) {
  readTurns.get(db)?.end();
}

/**
 * A hot read, compiled once per dialect: each call binds its values into the compiled statement
 * (where marker values stood) instead of building and compiling the query again. Every value must
 * appear exactly once among the statement's parameters, and the query's shape must not depend on
 * the values (no `if`, no lists): `build` is called once, with markers.
 */
export function compiledOnce<R, A extends Value[]>(build: (db: Db, ...values: A) => Compilable<R>) {
  const compiled = new Map<string, { query: CompiledQuery<R>; at: number[]; select: boolean }>();
  return async (db: Db, ...values: A): Promise<R[]> => {
    const kind = dbKind(db);
    let c = compiled.get(kind);
    if (!c) {
      const marks = values.map((_, i) => `\u0000compiled-once-${i}`) as A;
      const query = build(db, ...marks).compile();
      const at = marks.map((m) => query.parameters.indexOf(m));
      if (at.some((i, n) => i < 0 || query.parameters.lastIndexOf(marks[n]) !== i)) throw new Error('compiledOnce: each value must appear once');
      c = { query, at, select: SelectQueryNode.is(query.query) };
      compiled.set(kind, c);
    }
    const parameters = [...c.query.parameters];
    for (let i = 0; i < values.length; i++) parameters[c.at[i]!] = values[i];
    const query = { ...c.query, parameters };
    const rows = c.select ? directReads.get(db as Kysely<Database>)?.(query) : undefined;
    return rows ? (rows as R[]) : (await db.executeQuery<R>(query)).rows;
  };
}
