/**
 * The few specs a person cares about before taking a device home, for the public passport and
 * lists: processor, memory, storage, screen. Built from an allow-list, so a serial or a MAC address
 * never reaches a public page when the normalised specs grow.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { findSpecs } from './repository';
import { parseSpecs } from './disks';
import type { NormalisedSpecs } from './specs';

export type MainSpecs = {
  cpu: string | null;
  is64bit: boolean | null;
  ramGb: number | null;
  storage: { sizeGb: number | null; kind: 'hdd' | 'ssd' | 'nvme' | 'emmc' | 'unknown' }[];
  screenInches: number | null;
  batteryHealthPercent: number | null;
};

/** "Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz" reads as "Intel Core i7-4600U @ 2.10GHz". */
export function tidyCpu(model: string | null): string | null {
  if (!model) return null;
  return (
    model
      .replace(/\((R|TM|C)\)/gi, '')
      .replace(/\bCPU\b\s*/g, '')
      .replace(/\s+@/, ' @')
      .replace(/\s+/g, ' ')
      .trim() || null
  );
}

export function mainSpecsOf(specs: NormalisedSpecs): MainSpecs {
  return {
    cpu: tidyCpu(specs.cpu.model),
    is64bit: specs.cpu.is64bit,
    ramGb: specs.ram.totalBytes === null ? null : Math.round((specs.ram.totalBytes / 2 ** 30) * 10) / 10,
    storage: specs.disks.map((d) => ({ sizeGb: d.sizeBytes === null ? null : Math.round(d.sizeBytes / 1e9), kind: d.kind })),
    screenInches: specs.screenInches,
    batteryHealthPercent: specs.battery?.healthPercent ?? null,
  };
}

/** The device's main specs, or null when no hardware report has been applied. */
export async function getMainSpecs(db: Kysely<Database> | Transaction<Database>, deviceId: number): Promise<MainSpecs | null> {
  const specs = parseSpecs((await findSpecs(db, deviceId))?.specs);
  return specs ? mainSpecsOf(specs) : null;
}
