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
import { undoneEventIds } from '../workshop/repository';

type Db = Kysely<Database> | Transaction<Database>;

/** A fitted disk whose serial nobody recorded is named by its part number until a new report lists it. */
export const unknownPartSerial = (partId: number) => `part-${partId}`;

async function knownDisks(db: Db, deviceId: number) {
  const { disks, since } = await reportedDisks(db, deviceId);
  const fitted = await fittedDiskParts(db, deviceId, since);
  const serials = [...disks.map((d) => d.serial), ...fitted.map((p) => p.serial ?? unknownPartSerial(p.id))];
  // A disk fitted into the device counts as erased only by records made after it was fitted.
  const fittedAt = new Map<string, number>();
  for (const p of fitted) fittedAt.set(p.serial ?? unknownPartSerial(p.id), Math.max(fittedAt.get(p.serial ?? '') ?? 0, p.event_id));
  return { serials: [...new Set(serials.filter((s): s is string => !!s))], fittedAt };
}

export async function knownDiskSerials(db: Db, deviceId: number): Promise<string[]> {
  return (await knownDisks(db, deviceId)).serials;
}

export async function erasureFacts(db: Db, deviceId: number): Promise<GuardFacts> {
  const [all, known, undone] = await Promise.all([listErasureEvidence(db, deviceId), knownDisks(db, deviceId), undoneEventIds(db, deviceId)]);
  // An erase event taken back by an undo (workshop/undo.ts) proves nothing any more.
  const erasures = all.filter((e) => e.event_id === null || !undone.has(e.event_id));
  const beforeFitting = (e: (typeof erasures)[number]) => e.disk_serial !== null && known.fittedAt.has(e.disk_serial) && (e.event_id ?? 0) < known.fittedAt.get(e.disk_serial)!;
  return {
    erasures: erasures.filter((e) => !beforeFitting(e)).map((e) => ({ outcome: e.outcome, cycle: e.cycle, diskSerial: e.disk_serial })),
    knownDiskSerials: known.serials,
  };
}
