import type { Transaction } from 'kysely';
import type { AppContext } from '../../context';
import type { Database } from '../../db/schema';

export type Trx = Transaction<Database>;

/**
 * What a write function gets: everything a service has except `db`. Inside a transaction every
 * statement must go through `trx`; on SQLite a query on `db` would wait on that very transaction.
 */
export type WriteContext = Omit<AppContext, 'db'> & { trx: Trx };

/** Runs `run` in one transaction, handing it a context that can only write through that transaction. */
export function inTransaction<T>(ctx: AppContext, run: (w: WriteContext) => Promise<T>): Promise<T> {
  const { db, ...rest } = ctx;
  return db.transaction().execute((trx) => run({ ...rest, trx }));
}
