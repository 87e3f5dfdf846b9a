import { z } from 'zod';
import { ERASURE_OUTCOMES } from '../lifecycle/lifecycle';
import { looseBoolean, looseNumber, optionalText, requiredText, blankToUndefined } from '../shared/validate';

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'isoDate' });

/** One disk named in a manual record: at least its serial. */
export const diskRefSchema = z.object({
  serial: requiredText(100),
  model: optionalText(120),
  sizeBytes: looseNumber.pipe(z.number().int().nonnegative().max(1e15)).optional(),
  outcome: z.enum(ERASURE_OUTCOMES).optional(),
});

const common = {
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
    .optional(),
  expectedVersion: looseNumber.pipe(z.number().int().min(1)).optional(),
  note: optionalText(2000),
  /** Which disks the record is about; none means the device's storage as a whole (no report yet). */
  disks: z.array(diskRefSchema).max(32).optional(),
};

/**
 * A record typed by a person: a wipe done with another tool (ATA Secure Erase, NVMe sanitize...),
 * the physical destruction of disks, or their removal (kept as a part, or destroyed).
 */
export const manualErasureSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('wipe'),
    method: requiredText(120),
    tool: requiredText(120),
    /**
     * NIST SP 800-88 Rev. 1: Clear (overwriting with the device's normal commands) or Purge (sanitize,
     * secure erase, crypto erase). Derived from the method where the method implies it; else chosen.
     */
    category: z.enum(['clear', 'purge']).optional().or(blankToUndefined),
    verification: requiredText(200),
    verified: looseBoolean,
    performedAt: isoDate.optional().or(blankToUndefined),
    ...common,
  }),
  z.object({
    kind: z.literal('destruction'),
    how: requiredText(200),
    performedBy: requiredText(200),
    performedAt: isoDate,
    ...common,
  }),
  z.object({
    kind: z.literal('removal'),
    /** Kept as a part goes to the hub's stock (and must be erased wherever it is fitted); destroyed is final. */
    keep: z.enum(['part', 'destroyed']),
    how: optionalText(200),
    performedBy: optionalText(200),
    performedAt: isoDate.optional().or(blankToUndefined),
    ...common,
  }),
]);
export type ManualErasureInput = z.output<typeof manualErasureSchema>;

/** A coordinator confirms or refuses a volunteer's records, or accepts a log that did not fit; anyone withdraws a mistake. */
export const reviewSchema = z
  .object({
    kind: z.enum(['confirm', 'refuse', 'accept', 'withdraw']),
    records: z
      .array(looseNumber.pipe(z.number().int().min(1)))
      .min(1)
      .max(64)
      .optional(),
    log: looseNumber.pipe(z.number().int().min(1)).optional(),
    reason: optionalText(1000),
    expectedVersion: looseNumber.pipe(z.number().int().min(1)).optional(),
  })
  // Accepting a log that does not fit, and withdrawing a record, always say why.
  .refine((v) => !['accept', 'withdraw'].includes(v.kind) || !!v.reason, { message: 'reasonRequired', path: ['reason'] });
export type ReviewInput = z.output<typeof reviewSchema>;
