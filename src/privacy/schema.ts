import { z } from 'zod';
import { recordIdParam } from '../shared/validate';

export const PERSON_KINDS = ['donor', 'contact', 'user', 'borrower'] as const;

/** Which person to erase: the kind of record and its id. */
export const erasureSchema = z.object({
  kind: z.enum(PERSON_KINDS),
  id: recordIdParam,
});
export type ErasureInput = z.output<typeof erasureSchema>;

export const searchSchema = z.object({ q: z.string().trim().max(100).optional() });
