import { z } from 'zod';
import { ROLES } from '../access/roles';
import { requiredText } from '../shared/validate';

export const newUserSchema = z.object({
  name: requiredText(120),
  email: z.string().trim().toLowerCase().pipe(z.email().max(200)),
  role: z.enum(ROLES).default('volunteer'),
  hub: z.string().trim().toUpperCase().regex(/^[A-Z]{2,5}$/).optional().or(z.literal('').transform(() => undefined)),
});
export type NewUserInput = z.output<typeof newUserSchema>;

export const userIdSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);
