import { z } from 'zod';
import { ROLES } from '../access/roles';
import { looseNumber, requiredText, hubCodeSchema, blankToUndefined, recordId, recordIdParam } from '../shared/validate';

/** An administrator's new token: a name that says where it is used, its role, and its hub or partner. */
export const newTokenSchema = z.object({
  label: requiredText(100),
  role: z.enum(ROLES),
  hub: hubCodeSchema.optional().or(blankToUndefined),
  partner: looseNumber.pipe(recordId).optional().or(blankToUndefined),
});
export type NewTokenInput = z.output<typeof newTokenSchema>;

export const tokenIdSchema = recordIdParam;
