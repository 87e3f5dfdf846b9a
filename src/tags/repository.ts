import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { formatTag } from './tag';

/**
 * Reserves `count` consecutive tag numbers for a hub. The counter row is updated in place
 * (a row lock in PostgreSQL, the write lock in SQLite), so two registrations at the same moment
 * get disjoint ranges; numbers are never handed back, so a tag is never reused.
 */
export async function allocateTags(trx: Transaction<Database>, hub: { id: number; code: string }, count: number): Promise<string[]> {
  const { next_number } = await trx
    .updateTable('tag_counters')
    .set((eb) => ({ next_number: eb('next_number', '+', count) }))
    .where('hub_id', '=', hub.id)
    .returning('next_number')
    .executeTakeFirstOrThrow();
  const first = next_number - count;
  return Array.from({ length: count }, (_, i) => formatTag(hub.code, first + i));
}
