import type { Config } from './config';
import { systemClock, type AppContext } from './context';
import { openDatabase } from './db/adapter';
import { migrateToLatest } from './db/migrate';
import { seedHubs } from './hubs/seed';

/** Opens the database, brings it to the latest schema and makes sure the hubs are there. */
export async function boot(config: Config): Promise<{ ctx: AppContext; close: () => Promise<void>; migrated: string[]; hubsAdded: number }> {
  const { db, kind, close } = openDatabase(config.databaseUrl);
  const migrated = await migrateToLatest(db);
  const hubsAdded = await seedHubs(db);
  return { ctx: { db, dbKind: kind, config, clock: systemClock }, close, migrated, hubsAdded };
}
