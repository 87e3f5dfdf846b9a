import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The next progressive number of a document (a delivery's DDT, a transfer document) for a hub and
 * year. The counter row is created once and then updated in place: a row lock in PostgreSQL and the
 * write lock in SQLite, so two documents at the same moment never share a number. A number taken by a
 * transaction that then fails is handed back with the rollback, so the sequence has no gaps.
 */
export async function nextDocumentNumber(trx: Transaction<Database>, hubId: number, kind: 'delivery' | 'transfer', year: number): Promise<number> {
  await trx
    .insertInto('document_counters')
    .values({ hub_id: hubId, kind, year, next_number: 1 })
    .onConflict((oc) => oc.columns(['hub_id', 'kind', 'year']).doNothing())
    .execute();
  const { next_number } = await trx
    .updateTable('document_counters')
    .set((eb) => ({ next_number: eb('next_number', '+', 1) }))
    .where('hub_id', '=', hubId)
    .where('kind', '=', kind)
    .where('year', '=', year)
    .returning('next_number')
    .executeTakeFirstOrThrow();
  return next_number - 1;
}
