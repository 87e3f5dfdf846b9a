/**
 * The facts the erasure guard (lifecycle.ts#erasureStatus) decides on: the device's erasure,
 * destruction and removal records, and the disks that must each be accounted for — those its latest
 * hardware report lists, plus disks fitted from the parts stock since that report.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { reportedDisks } from '../hardware/disks';
import type { GuardFacts } from '../lifecycle/lifecycle';
import { fittedDiskParts, listErasureEvidence } from './repository';

type Db = Kysely<Database> | Transaction<Database>;

/** A fitted disk whose serial nobody recorded is named by its part number until a new report lists it. */
export const unknownPartSerial = (partId: number) => `part-${partId}`;

export async function knownDiskSerials(db: Db, deviceId: number): Promise<string[]> {
  const { disks, since } = await reportedDisks(db, deviceId);
  const fitted = await fittedDiskParts(db, deviceId, since);
  const serials = [...disks.map((d) => d.serial), ...fitted.map((p) => p.serial ?? unknownPartSerial(p.id))];
  return [...new Set(serials.filter((s): s is string => !!s))];
}

export async function erasureFacts(db: Db, deviceId: number): Promise<GuardFacts> {
  const [erasures, knownDisks] = await Promise.all([listErasureEvidence(db, deviceId), knownDiskSerials(db, deviceId)]);
  return {
    erasures: erasures.map((e) => ({ outcome: e.outcome, cycle: e.cycle, diskSerial: e.disk_serial })),
    knownDiskSerials: knownDisks,
  };
}
