import { z } from 'zod';

/** A page of the audit log: before an id, and optionally one kind of act. */
export const auditQuerySchema = z.object({
  before: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z.]*$/)
    .optional(),
});
