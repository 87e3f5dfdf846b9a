import { z } from 'zod';
import { DELIVERY_TITLES } from '../deliveries/tables';
import { DEVICE_STATES, DIAGNOSIS_OUTCOMES } from '../lifecycle/lifecycle';
import { looseBoolean, looseNumber, optionalText, requiredText, hubCodeSchema, blankToUndefined, recordId } from '../shared/validate';
import { DEVICE_TYPES } from './device-types';
import { diskRefSchema } from '../erasure/schema';
import { checklistResultsSchema, harvestPartsSchema } from '../workshop/schema';

const note = optionalText(2000);
/** Events a figure counts, for the list of devices behind it. */
/** `net`: the devices behind net reuse, whose deliveries and returns in the period do not cancel out. */
export const FIGURE_EVENTS = ['receive', 'deliver', 'harvest', 'recycle', 'return', 'erase', 'install', 'net'] as const;
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'isoDate' });

/** Shared by forms and the API: a client key makes a resubmitted form or a double scan count once. */
const common = {
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
    .optional(),
  /** The version the person saw; if the device moved since, they are told instead of overwriting. */
  expectedVersion: looseNumber.pipe(z.number().int().min(1)).optional(),
  note,
};

export const actionInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('diagnose'),
    outcome: z.enum(DIAGNOSIS_OUTCOMES),
    /** Left out: the answer recorded for the device (at intake or an earlier diagnosis) stands; a batch keeps each device's own. */
    hasStorage: looseBoolean.optional().or(blankToUndefined),
    /** Why this outcome, and the checklist's answers (see workshop/checklists.ts). */
    reason: optionalText(500),
    checklist: checklistResultsSchema.optional(),
    /** "Everything works" (one tap on the page): every checklist item not answered otherwise passes. */
    checklistAll: looseBoolean.optional(),
    ...common,
  }),
  z.object({
    action: z.literal('erase'),
    method: requiredText(120),
    verified: looseBoolean,
    tool: optionalText(120),
    category: z.enum(['clear', 'purge']).optional().or(blankToUndefined),
    verification: optionalText(200),
    /** The disks this record covers, when the device's disks are known (see erasure/schema.ts). */
    disks: z
      .array(diskRefSchema.omit({ outcome: true, sizeBytes: true }))
      .max(32)
      .optional(),
    ...common,
  }),
  // The system, from the image catalogue (`imageId`) or named (`os`).
  z
    .object({
      action: z.literal('install'),
      os: optionalText(120),
      imageId: looseNumber.pipe(recordId).optional().or(blankToUndefined),
      ...common,
    })
    .refine((v) => v.os !== undefined || v.imageId !== undefined, { message: 'osOrImage', path: ['os'] }),
  z.object({ action: z.literal('ready'), ...common }),
  // A reservation names the partner request (its number); the recipient is the request's organisation.
  z.object({
    action: z.literal('reserve'),
    request: looseNumber.pipe(recordId),
    ...common,
  }),
  z.object({ action: z.literal('unreserve'), ...common }),
  // Delivering one device makes a delivery of its own, with its document (see deliveries/service.ts).
  z.object({
    action: z.literal('deliver'),
    title: z.enum(DELIVERY_TITLES).default('donation'),
    loanUntil: isoDate.optional().or(blankToUndefined),
    ...common,
  }),
  z.object({ action: z.literal('return'), reason: optionalText(500), ...common }),
  z.object({ action: z.literal('harvest'), parts: harvestPartsSchema.optional(), ...common }),
  z.object({ action: z.literal('recycle'), kg: looseNumber.pipe(z.number().positive().max(5000)), ...common }),
  z.object({ action: z.literal('transfer'), toHub: hubCodeSchema, ...common }),
  z.object({ action: z.literal('arrive'), ...common }),
]);
export type ActionInput = z.output<typeof actionInputSchema>;

export const listQuerySchema = z.object({
  hub: hubCodeSchema.optional().or(blankToUndefined),
  state: z.enum(DEVICE_STATES).optional().or(blankToUndefined),
  type: z.enum(DEVICE_TYPES).optional().or(blankToUndefined),
  q: optionalText(100),
  // Hardware filters (device_specs): "laptops with at least 4 GB RAM and an SSD".
  minRam: looseNumber.pipe(z.number().min(0).max(4096)).optional().or(blankToUndefined),
  minStorage: looseNumber.pipe(z.number().int().min(0).max(100_000)).optional().or(blankToUndefined),
  ssd: looseBoolean.optional().or(blankToUndefined),
  cpu64: looseBoolean.optional().or(blankToUndefined),
  outdatedImage: looseBoolean.optional().or(blankToUndefined),
  after: looseNumber.pipe(z.number().int().positive()).optional().or(blankToUndefined),
  limit: looseNumber.pipe(z.number().int().min(1).max(200)).optional(),
  // The devices behind a figure: those with an event of this kind (at their hub then) between two days.
  event: z.enum(FIGURE_EVENTS).optional().or(blankToUndefined),
  from: isoDate.optional().or(blankToUndefined),
  to: isoDate.optional().or(blankToUndefined),
});
export type ListQuery = z.output<typeof listQuerySchema>;
