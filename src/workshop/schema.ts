import { z } from 'zod';
import { DEVICE_TYPES } from '../devices/device-types';
import { DIAGNOSIS_OUTCOMES } from '../lifecycle/lifecycle';
import { looseBoolean, looseNumber, optionalText, requiredText, hubCodeSchema, blankToUndefined, recordId } from '../shared/validate';

export const PART_KINDS = ['ram', 'disk', 'battery', 'psu', 'screen', 'other'] as const;
export type PartKind = (typeof PART_KINDS)[number];

const count = looseNumber.pipe(z.number().int().min(0).max(500));
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'isoDate' });

/** Parts kept at harvest: a list (API) or one count per kind (the form's number fields). Zero counts are dropped. */
export const harvestPartsSchema = z
  .union([z.array(z.object({ kind: z.enum(PART_KINDS), count: count, description: optionalText(200) })).max(50), z.partialRecord(z.enum(PART_KINDS), count.optional().or(blankToUndefined))])
  .transform((v) =>
    (Array.isArray(v) ? v : PART_KINDS.map((kind) => ({ kind, count: (v as Partial<Record<PartKind, number>>)[kind] ?? 0, description: undefined as string | undefined }))).filter((p) => p.count > 0),
  );

/** The checklist at diagnosis: item key → pass, fail or not present. */
export const checklistResultsSchema = z.record(z.string().regex(/^[a-z0-9_-]{1,40}$/), z.enum(['pass', 'fail', 'absent'])).refine((r) => Object.keys(r).length <= 60);

export const checklistEditSchema = z.object({
  type: z.enum(DEVICE_TYPES),
  /** One item per line, as the coordinator wants them asked. */
  lines: z.string().max(4000),
});

export const imageSchema = z.object({
  name: requiredText(120),
  version: requiredText(60),
  notes: optionalText(1000),
  outdated: looseBoolean.optional(),
});

export const imagePatchSchema = z.object({
  name: requiredText(120).optional(),
  version: requiredText(60).optional(),
  notes: optionalText(1000).or(blankToUndefined),
  outdated: looseBoolean.optional(),
});

export const fitPartSchema = z.object({
  part: looseNumber.pipe(recordId),
  quantity: looseNumber.pipe(z.number().int().min(1).max(100)).default(1),
  note: optionalText(500),
  expectedVersion: looseNumber.pipe(z.number().int().min(1)).optional(),
});

export const shipmentSchema = z.object({
  hub: hubCodeSchema.optional(),
  document: requiredText(60),
  date: isoDate,
  note: optionalText(500),
  /** The recycled devices leaving together; from the form, the ticked tags. */
  tags: z.union([
    z.array(z.string().max(40)).min(1).max(2000),
    z
      .string()
      .max(40)
      .transform((s) => [s]),
  ]),
});

/** Taking back the device's latest event (`seq`); a final action also needs the reason. */
export const undoFormSchema = z.object({
  seq: looseNumber.pipe(
    z
      .number()
      .int()
      .min(2)
      .max(2 ** 31 - 1),
  ),
  reason: optionalText(500),
});

/** A coordinator's correction of a diagnosis: always with the reason. */
export const correctFormSchema = z.object({
  outcome: z.enum(DIAGNOSIS_OUTCOMES),
  hasStorage: looseBoolean,
  reason: requiredText(500),
  expectedVersion: looseNumber.pipe(z.number().int().min(1)).optional(),
});
