import { z } from 'zod';
import { optionalText, hubCodeSchema, blankToUndefined, recordIdParam } from '../shared/validate';

export const quarterKeySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(19|20|21)\d{2}-Q[1-4]$/, { message: 'quarter' });

export const submitReportSchema = z.object({
  hub: hubCodeSchema,
  quarter: quarterKeySchema,
  note: optionalText(2000),
});
export type SubmitReportInput = z.output<typeof submitReportSchema>;

export const reportFormSchema = z.object({ note: optionalText(2000) });
export const reportIdSchema = recordIdParam;
export const reportListSchema = z.object({ quarter: quarterKeySchema.optional().or(blankToUndefined) });
