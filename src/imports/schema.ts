import { z } from 'zod';
import { DEVICE_TYPES } from '../devices/device-types';
import { donorSchema } from '../donations/schema';
import { DONOR_KINDS } from '../donations/tables';
import { optionalText, hubCodeSchema, blankToUndefined, recordIdParam } from '../shared/validate';
import { IMPORT_FIELDS } from './fields';

/** The mapping form: what each column means, and the donor and defaults for rows that do not say. */
export const mappingInputSchema = z.object({
  columns: z
    .array(z.enum(IMPORT_FIELDS).or(z.literal('').transform(() => null)))
    .min(1)
    .max(100),
  donorKind: z.enum(DONOR_KINDS).optional().or(blankToUndefined),
  donorName: optionalText(200),
  donorTaxCode: donorSchema.shape.taxCode,
  receivedAt: z.iso.date().optional().or(blankToUndefined),
  typeFallback: z.enum(DEVICE_TYPES).optional().or(blankToUndefined),
});
export type MappingInput = z.output<typeof mappingInputSchema>;

/** The upload form: the file, and the hub (administrators choose one). */
export const uploadInputSchema = z.object({
  hub: hubCodeSchema.optional().or(blankToUndefined),
  file: z.instanceof(File, { message: 'fileRequired' }),
});

/** Starting (or resuming) an import, and revoking a token, are said in so many words: an empty post does nothing. */
export const confirmSchema = z.object({ confirm: z.literal('1') });

export const importIdSchema = recordIdParam;
