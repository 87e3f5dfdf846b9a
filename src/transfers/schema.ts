import { z } from 'zod';
import { optionalText, hubCodeSchema, blankToUndefined, recordIdParam } from '../shared/validate';
import { tagsInputSchema } from '../requests/schema';

export const transferInputSchema = z.object({
  toHub: hubCodeSchema,
  tags: tagsInputSchema,
  note: optionalText(500),
});
export type TransferInput = z.output<typeof transferInputSchema>;

/** No tags: everything of the transfer still on its way. */
export const arrivalSchema = z.object({
  tags: z.union([tagsInputSchema, blankToUndefined]).optional(),
});

export const idSchema = recordIdParam;
