import { z } from 'zod';
import { DEVICE_STATES, DIAGNOSIS_OUTCOMES } from '../lifecycle/lifecycle';
import { looseBoolean, looseNumber, optionalText, requiredText } from '../shared/validate';
import { DEVICE_TYPES } from './device-types';

const note = optionalText(2000);

/** Shared by forms and the API: a client key makes a resubmitted form or a double scan count once. */
const common = {
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/).optional(),
  /** The version the person saw; if the device moved since, they are told instead of overwriting. */
  expectedVersion: looseNumber.pipe(z.number().int().min(1)).optional(),
  note,
};

export const actionInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('diagnose'), outcome: z.enum(DIAGNOSIS_OUTCOMES), hasStorage: looseBoolean, ...common }),
  z.object({
    action: z.literal('erase'),
    method: requiredText(120),
    verified: looseBoolean,
    tool: optionalText(120),
    ...common,
  }),
  z.object({ action: z.literal('install'), os: requiredText(120), ...common }),
  z.object({ action: z.literal('ready'), ...common }),
  z.object({ action: z.literal('reserve'), recipient: requiredText(200), ...common }),
  z.object({ action: z.literal('unreserve'), ...common }),
  z.object({ action: z.literal('deliver'), recipient: requiredText(200), document: requiredText(60), ...common }),
  z.object({ action: z.literal('return'), reason: optionalText(500), ...common }),
  z.object({ action: z.literal('harvest'), ...common }),
  z.object({ action: z.literal('recycle'), kg: looseNumber.pipe(z.number().positive().max(5000)), ...common }),
  z.object({ action: z.literal('transfer'), toHub: z.string().trim().toUpperCase().regex(/^[A-Z]{2,5}$/), ...common }),
]);
export type ActionInput = z.output<typeof actionInputSchema>;

export const listQuerySchema = z.object({
  hub: z.string().trim().toUpperCase().regex(/^[A-Z]{2,5}$/).optional().or(z.literal('').transform(() => undefined)),
  state: z.enum(DEVICE_STATES).optional().or(z.literal('').transform(() => undefined)),
  type: z.enum(DEVICE_TYPES).optional().or(z.literal('').transform(() => undefined)),
  q: optionalText(100),
  after: looseNumber.pipe(z.number().int().positive()).optional().or(z.literal('').transform(() => undefined)),
  limit: looseNumber.pipe(z.number().int().min(1).max(200)).optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;
