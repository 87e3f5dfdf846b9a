/**
 * The SQLite connection as Kysely (and the direct reads) see it: prepared statements kept, rows built
 * cheaply, and each statement placed in or out of the turn's read transaction (read-turn.ts).
 */
import type SQLite from 'better-sqlite3';
import type { ReadTurn } from './read-turn';

/** What Kysely's SQLite connection uses of a statement. */
export interface Runnable {
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): SQLite.RunResult;
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
}

/**
 * better-sqlite3 builds a row object through V8's API one column at a time, about 0.2 µs a column: the
 * device page's own row (28 columns) took 8.4 µs, of which 3.7 µs was the read. A kept statement reads
 * rows as arrays and turns them into objects with a function made once for its columns: 4.9 µs. The
 * objects are the same (keys in the same order, a repeated name keeps its last value).
 */
class Kept implements Runnable {
  readonly reader: boolean;
  private names: string[] = [];
  private make: (row: unknown[]) => unknown = () => ({});

  constructor(readonly stmt: SQLite.Statement) {
    this.reader = stmt.reader;
    if (this.reader) {
      stmt.raw(true);
      this.learnColumns();
    }
  }

  all(parameters: readonly unknown[]): unknown[] {
    const rows = this.stmt.all(parameters) as unknown[][];
    // Another process may change the schema under a kept statement (SQLite prepares it again by itself).
    if (rows.length && rows[0]!.length !== this.names.length) this.learnColumns();
    return rows.map(this.make);
  }

  run(parameters: readonly unknown[]) {
    return this.stmt.run(parameters);
  }

  *iterate(parameters: readonly unknown[]) {
    for (const row of this.stmt.iterate(parameters) as IterableIterator<unknown[]>) yield this.make(row);
  }

  private learnColumns() {
    this.names = this.stmt.columns().map((c) => c.name);
    this.make = rowMaker(this.names);
  }
}

/** An object literal per column list: V8 builds it in one step with the final shape. */
function rowMaker(names: string[]): (row: unknown[]) => unknown {
  const last = new Map(names.map((name, i) => [name, i]));
  // A computed key, never a quoted one, so that a column named __proto__ stays a plain property.
  const fields = [...last].map(([name, i]) => `[${JSON.stringify(name)}]: r[${i}]`);
  return new Function('r', `return { ${fields.join(', ')} };`) as (row: unknown[]) => unknown;
}

const NO_OP: Runnable = {
  reader: false,
  all: () => [],
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  iterate: () => [][Symbol.iterator](),
};

/**
 * Kysely asks better-sqlite3 to prepare every statement it runs, and preparing costs more than running
 * a small indexed query. The app sends the same few hundred statements over and over, so keep the
 * prepared ones (least recently used out first). One connection runs one statement at a time. A schema
 * change made here (a migration) lets them all go, so that no kept statement keeps an old column list.
 */
export function keptStatements(database: SQLite.Database, turn: ReadTurn, max = 1000) {
  const cache = new Map<string, Kept>();
  return {
    prepare(sql: string): Runnable {
      // A full disk (SQLITE_FULL) or an I/O error may already have rolled the transaction back: the
      // ROLLBACK that follows must not hide the error that caused it.
      if (sql === 'rollback') {
        turn.end();
        if (!database.inTransaction) return NO_OP;
      }
      let kept = cache.get(sql);
      if (kept) {
        cache.delete(sql);
      } else {
        if (/^\s*(create|alter|drop)\b/i.test(sql)) cache.clear();
        kept = new Kept(database.prepare(sql));
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, kept);
      turn.before(kept.stmt);
      return kept;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
