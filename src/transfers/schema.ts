import { z } from 'zod';
import { optionalText, hubCodeSchema, blankToUndefined, recordIdParam } from '../shared/validate';
import { MAX_TAGS, splitTags, tagListSchema } from '../requests/schema';

const tags = z.union([
  tagListSchema,
  z
    .string()
    .max(40 * MAX_TAGS)
    .transform(splitTags)
    .pipe(tagListSchema),
]);

export const transferInputSchema = z.object({
  toHub: hubCodeSchema,
  tags,
  note: optionalText(500),
});
export type TransferInput = z.output<typeof transferInputSchema>;

/** No tags: everything of the transfer still on its way. */
export const arrivalSchema = z.object({
  tags: z.union([tags, blankToUndefined]).optional(),
});

export const idSchema = recordIdParam;
