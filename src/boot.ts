import './devices/plugins';
import type { Config } from './config';
import { systemClock, type AppContext } from './context';
import { openDatabase } from './db/adapter';
import { migrateToLatest } from './db/migrate';
import { seedHubs } from './hubs/seed';

/**
 * Opens the database, brings it to the latest schema and makes sure the hubs are there. With several
 * app processes the first one does that before the others start, and they only open it (`prepare: false`).
 */
export async function boot(config: Config, opts: { prepare?: boolean } = {}): Promise<{ ctx: AppContext; close: () => Promise<void>; migrated: string[]; hubsAdded: number }> {
  const { db, kind, close } = openDatabase(config.databaseUrl);
  const prepare = opts.prepare ?? true;
  const migrated = prepare ? await migrateToLatest(db) : [];
  const hubsAdded = prepare ? await seedHubs(db) : 0;
  return { ctx: { db, dbKind: kind, config, clock: systemClock }, close, migrated, hubsAdded };
}
