import { z } from 'zod';
import { recordIdParam } from '../shared/validate';

/** A page of the audit log: before an id, and optionally one kind of act. */
export const auditQuerySchema = z.object({
  before: recordIdParam.optional(),
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z.]*$/)
    .optional(),
});
