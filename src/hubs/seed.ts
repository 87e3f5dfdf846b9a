import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { fromRoot } from '../paths';
import { parseCsv } from '../shared/csv';
import { insertMissingHubs, type HubSeedRow } from './repository';

/** The 12 DigiPASS hubs of Umbria, from db/seed/hubs-umbria.csv (a copy of the programme's list). */
export function readHubSeed(file = fromRoot('db', 'seed', 'hubs-umbria.csv')): HubSeedRow[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (!header) return [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: column ${name} missing`);
    return i;
  };
  const [zona, code, name, comune, istat, province] = [col('zona_sociale'), col('code'), col('name'), col('comune_capofila'), col('istat_capofila'), col('province')];
  return rows
    .filter((r) => r.length > 1)
    .map((r) => ({
      zona_sociale: Number(r[zona]),
      code: r[code]!.trim().toUpperCase(),
      name: r[name]!.trim(),
      comune: r[comune]!.trim(),
      istat_code: r[istat]!.trim(),
      province: r[province]!.trim(),
    }));
}

export function seedHubs(db: Kysely<Database>): Promise<number> {
  return insertMissingHubs(db, readHubSeed());
}
