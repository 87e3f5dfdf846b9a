/**
 * On SQLite, the reads of one turn of the event loop share one read transaction.
 *
 * Outside a transaction every statement opens and closes its own, and in WAL mode that is most of a
 * small read's cost: measured on a 100,000-device database, an indexed one-row read took 3.9 µs alone
 * and 0.6 µs inside a transaction. A device page runs 15 reads in one go and paid for 15.
 *
 * The snapshot is taken by the turn's first read and let go:
 * - at the end of the turn (setImmediate), so it never holds a read lock for long;
 * - before any statement that is not a plain SELECT (a write, a BEGIN IMMEDIATE, a PRAGMA), so what this
 *   process writes is seen by its next read, as before;
 * - when a request starts (`freshReads`), so a request never reads from a snapshot older than its own
 *   arrival: whatever any process committed before the request was sent is in what it reads;
 * - when this process learns that another one committed (db/notify.ts, before a cache is refilled);
 * - before a read, once it is older than a millisecond: code that waited synchronously for another
 *   process (a child process, in the CLI's tests) reads what that process wrote.
 * Inside a transaction opened by Kysely (another request's, between two of its awaits) nothing changes.
 */
import type SQLite from 'better-sqlite3';

/** How long a snapshot may serve reads; a page's own reads take well under it (30–60 µs in SQLite). */
const MAX_AGE_MS = 1;

export class ReadTurn {
  private open = false;
  private openedAt = 0;
  private readonly begin: SQLite.Statement;
  private readonly commit: SQLite.Statement;

  constructor(private readonly database: SQLite.Database) {
    this.begin = database.prepare('begin');
    this.commit = database.prepare('commit');
  }

  /** Called before `stmt` runs: joins it to the turn's snapshot, or ends the snapshot first. */
  before(stmt: SQLite.Statement) {
    if (isPlainRead(stmt)) {
      if (this.open && performance.now() - this.openedAt > MAX_AGE_MS) this.end();
      if (!this.open && !this.database.inTransaction) {
        this.begin.run();
        this.open = true;
        this.openedAt = performance.now();
        setImmediate(this.end);
      }
    } else this.end();
  }

  /** May a read run now without queueing behind a transaction? Yes unless Kysely has one open. */
  get free(): boolean {
    return this.open || !this.database.inTransaction;
  }

  readonly end = () => {
    if (!this.open) return;
    this.open = false;
    if (this.database.open && this.database.inTransaction) this.commit.run();
  };
}

const plain = new WeakMap<SQLite.Statement, boolean>();

function isPlainRead(stmt: SQLite.Statement): boolean {
  let known = plain.get(stmt);
  if (known === undefined) {
    // A PRAGMA can return rows and still act (wal_checkpoint); only SELECT and WITH … SELECT join.
    known = stmt.reader && stmt.readonly && /^\s*(select|with)\b/i.test(stmt.source);
    plain.set(stmt, known);
  }
  return known;
}
