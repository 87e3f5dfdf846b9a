import type { Kysely } from 'kysely';
import type { Config } from './config';
import type { DbKind } from './db/adapter';
import type { Database } from './db/schema';

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** What every service needs: built once by the server (or a test) and handed down explicitly. */
export type AppContext = {
  db: Kysely<Database>;
  dbKind: DbKind;
  config: Config;
  clock: Clock;
};

export const nowIso = (ctx: Pick<AppContext, 'clock'>) => ctx.clock.now().toISOString();
