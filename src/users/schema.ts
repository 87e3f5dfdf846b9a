import { z } from 'zod';
import { ROLES } from '../access/roles';
import { requiredText, hubCodeSchema, blankToUndefined, recordIdParam } from '../shared/validate';

export const newUserSchema = z.object({
  name: requiredText(120),
  email: z.string().trim().toLowerCase().pipe(z.email().max(200)),
  role: z.enum(ROLES).default('volunteer'),
  hub: hubCodeSchema.optional().or(blankToUndefined),
});
export type NewUserInput = z.output<typeof newUserSchema>;

export const userIdSchema = recordIdParam;
