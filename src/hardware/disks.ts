import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { AlreadyRead } from '../devices/registry';
import { findSpecs } from './repository';
import type { NormalisedSpecs } from './specs';

type Db = Kysely<Database> | Transaction<Database>;

export function parseSpecs(json: string | null | undefined): NormalisedSpecs | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Partial<NormalisedSpecs> | null;
    // A row written without a hardware report (a screen size alone, a synthetic history) has no specs to show.
    if (!v || typeof v !== 'object' || !v.cpu || !v.ram || !Array.isArray(v.ram.modules) || !Array.isArray(v.disks)) return null;
    return v as NormalisedSpecs;
  } catch {
    return null;
  }
}

/** The disks the device's current specs list (from its latest applied hardware report); `known`: its specs row, already read. */
export async function reportedDisks(db: Db, deviceId: number, known?: AlreadyRead['specs']) {
  const row = known === undefined ? await findSpecs(db, deviceId) : known;
  return { disks: parseSpecs(row?.specs)?.disks ?? [], since: row?.updated_at ?? null };
}
