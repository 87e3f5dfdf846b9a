import type { Migration } from 'kysely';
import * as m0001 from './0001_backbone';

/** Every migration, in order. A static list keeps the bundle self-contained (no directory scan at start). */
export const migrations: Record<string, Migration> = {
  '0001_backbone': m0001,
};
