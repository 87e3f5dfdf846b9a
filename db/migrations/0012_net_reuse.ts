import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../src/db/schema';
import { recountFigures } from '../../src/figures/rebuild';

// Reuse is net from now on: a return takes back its delivery's kg (kept on the `returned` total) and its
// recipient kind (`out_kind_back`). Totals kept before did not carry them: they are recounted from the
// event log, in the migration's own transaction.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await recountFigures(db as Transaction<Database>);
}

// The recount is what the older code would also accept (it only ignores the new rows).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(_db: Kysely<any>): Promise<void> {}
