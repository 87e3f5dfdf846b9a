import type { Kysely, Transaction, Updateable } from 'kysely';
import { compiledOnce } from '../db/adapter';
import type { Database } from '../db/schema';
import type { HubOption } from './view-model';

type Db = Kysely<Database> | Transaction<Database>;

export type Hub = {
  id: number;
  code: string;
  name: string;
  comune: string;
  province: string;
  contact_email: string | null;
  contact_phone: string | null;
  address: string | null;
  opening_hours: string | null;
  responsible: string | null;
};

const columns = ['id', 'code', 'name', 'comune', 'province', 'contact_email', 'contact_phone', 'address', 'opening_hours', 'responsible'] as const;

const allHubs = compiledOnce((db: Db) => db.selectFrom('hubs').select(columns).orderBy('code'));

export function listHubs(db: Db): Promise<Hub[]> {
  return allHubs(db);
}

const hubOptions = compiledOnce((db: Db) => db.selectFrom('hubs').select(['id', 'code', 'name', 'comune']).orderBy('code'));

/** The hubs as a choice offers them (a device's transfer form): half the work of every column, on every such page. */
export function listHubOptions(db: Db): Promise<HubOption[]> {
  return hubOptions(db);
}

export function findHubByCode(db: Db, code: string): Promise<Hub | undefined> {
  return db.selectFrom('hubs').select(columns).where('code', '=', code.toUpperCase()).executeTakeFirst();
}

/** Hubs with their ISTAT municipality code, for open data. */
export function listHubsWithIstat(db: Db) {
  return db.selectFrom('hubs').select(['id', 'code', 'name', 'istat_code']).orderBy('code').execute();
}

/** The cheapest read that proves the database answers (the health check). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.selectFrom('hubs').select('id').limit(1).execute();
}

export function findHubById(db: Db, id: number): Promise<Hub | undefined> {
  return db.selectFrom('hubs').select(columns).where('id', '=', id).executeTakeFirst();
}

/** A hub's contacts, opening hours and person responsible. */
export function updateHubIdentity(db: Db, id: number, patch: Pick<Updateable<Database['hubs']>, 'address' | 'contact_email' | 'contact_phone' | 'opening_hours' | 'responsible'>) {
  return db.updateTable('hubs').set(patch).where('id', '=', id).execute();
}

export type HubSeedRow = {
  code: string;
  name: string;
  zona_sociale: number;
  comune: string;
  istat_code: string;
  province: string;
};

/** Inserts the hubs that are not there yet; returns how many were added. */
export async function insertMissingHubs(db: Kysely<Database>, rows: HubSeedRow[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const existing = new Set((await trx.selectFrom('hubs').select('code').execute()).map((h) => h.code));
    let added = 0;
    for (const row of rows) {
      if (existing.has(row.code)) continue;
      const { id } = await trx
        .insertInto('hubs')
        .values({ ...row, contact_email: null, contact_phone: null, address: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('tag_counters').values({ hub_id: id, next_number: 1 }).execute();
      added++;
    }
    return added;
  });
}
