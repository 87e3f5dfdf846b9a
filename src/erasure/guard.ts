/**
 * The facts the erasure guard (lifecycle.ts#erasureStatus) decides on: the device's erasure,
 * destruction and removal records, and the disks that must each be accounted for — those its latest
 * hardware report lists, plus disks fitted from the parts stock since that report.
 */
import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from '../db/adapter';
import type { Database } from '../db/schema';
import { reportedDisks } from '../hardware/disks';
import type { AlreadyRead } from '../devices/registry';
import type { GuardFacts } from '../lifecycle/lifecycle';
import { fittedDiskParts, listErasureEvidence } from './repository';
import { undoneEventIds } from '../workshop/public';

const cycleOf = compiledOnce((db: Db, deviceId: number) => db.selectFrom('devices').select('cycle').where('id', '=', deviceId));

async function currentCycle(db: Db, deviceId: number) {
  return (await cycleOf(db, deviceId))[0]?.cycle;
}

type Db = Kysely<Database> | Transaction<Database>;

type Evidence = Awaited<ReturnType<typeof listErasureEvidence>>;

/** The records that count: a pending, refused, withdrawn or unfit record is kept but proves nothing. */
async function countingEvidence(db: Db, deviceId: number, known: AlreadyRead = {}) {
  // A caller that read the device's erasure rows passes them (any columns beyond these).
  return ((known.erasures as Evidence | undefined) ?? (await listErasureEvidence(db, deviceId))).filter((e) => e.standing === 'counts');
}

/** A fitted disk whose serial nobody recorded is named by its part number until a new report lists it. */
export const unknownPartSerial = (partId: number) => `part-${partId}`;

/**
 * Without a hardware report, the disks of the device's first log that counts become its known
 * disks (each recorded with serial, model and size): a later log must name the same disks.
 */
async function knownDisks(db: Db, deviceId: number, evidence?: Evidence, cycle?: number, specs?: AlreadyRead['specs']) {
  const { disks, since } = await reportedDisks(db, deviceId, specs);
  const fitted = await fittedDiskParts(db, deviceId, since);
  const fromLogs = disks.length === 0 && evidence ? evidence.filter((e) => e.source === 'nwipe' && e.cycle === cycle && e.disk_serial).map((e) => e.disk_serial) : [];
  const serials = [...disks.map((d) => d.serial), ...fromLogs, ...fitted.map((p) => p.serial ?? unknownPartSerial(p.id))];
  // A disk fitted into the device counts as erased only by records made after it was fitted.
  const fittedAt = new Map<string, number>();
  for (const p of fitted) fittedAt.set(p.serial ?? unknownPartSerial(p.id), Math.max(fittedAt.get(p.serial ?? '') ?? 0, p.event_id));
  return { serials: [...new Set(serials.filter((s): s is string => !!s))], fittedAt };
}

export async function knownDiskSerials(db: Db, deviceId: number, cycle?: number): Promise<string[]> {
  return (await knownDisks(db, deviceId, cycle === undefined ? undefined : await countingEvidence(db, deviceId), cycle)).serials;
}

export async function erasureFacts(db: Db, deviceId: number, read: AlreadyRead = {}): Promise<GuardFacts> {
  const [all, cycle] = await Promise.all([countingEvidence(db, deviceId, read), read.cycle ?? currentCycle(db, deviceId)]);
  // Only a record written by an event can have been undone: without one there is nothing to look up.
  const undone = all.some((e) => e.event_id !== null) ? await undoneEventIds(db, deviceId) : new Set<number>();
  // An erase event taken back by an undo (workshop/undo.ts) proves nothing any more.
  const erasures = all.filter((e) => e.event_id === null || !undone.has(e.event_id));
  const known = await knownDisks(db, deviceId, erasures, cycle, read.specs);
  const beforeFitting = (e: (typeof erasures)[number]) => e.disk_serial !== null && known.fittedAt.has(e.disk_serial) && (e.event_id ?? 0) < known.fittedAt.get(e.disk_serial)!;
  return {
    erasures: erasures.filter((e) => !beforeFitting(e)).map((e) => ({ outcome: e.outcome, cycle: e.cycle, diskSerial: e.disk_serial })),
    knownDiskSerials: known.serials,
  };
}
