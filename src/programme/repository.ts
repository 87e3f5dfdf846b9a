import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export function findProgramme(db: Db) {
  return db.selectFrom('programme').selectAll().where('id', '=', 1).executeTakeFirst();
}

/** Writes the one row of the programme, creating it the first time. */
export async function saveProgramme(db: Db, values: Omit<Updateable<Database['programme']>, 'id'> & { name: string }) {
  await db
    .insertInto('programme')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}
