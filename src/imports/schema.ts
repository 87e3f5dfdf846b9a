import { z } from 'zod';
import { DEVICE_TYPES } from '../devices/device-types';
import { donorSchema } from '../donations/schema';
import { DONOR_KINDS } from '../donations/tables';
import { optionalText } from '../shared/validate';
import { IMPORT_FIELDS } from './fields';

const blank = z.literal('').transform(() => undefined);

/** The mapping form: what each column means, and the donor and defaults for rows that do not say. */
export const mappingInputSchema = z.object({
  columns: z
    .array(z.enum(IMPORT_FIELDS).or(z.literal('').transform(() => null)))
    .min(1)
    .max(100),
  donorKind: z.enum(DONOR_KINDS).optional().or(blank),
  donorName: optionalText(200),
  donorTaxCode: donorSchema.shape.taxCode,
  receivedAt: z.iso.date().optional().or(blank),
  typeFallback: z.enum(DEVICE_TYPES).optional().or(blank),
});
export type MappingInput = z.output<typeof mappingInputSchema>;

/** The upload form: the file, and the hub (administrators choose one). */
export const uploadInputSchema = z.object({
  hub: z.string().trim().toUpperCase().regex(/^[A-Z]{2,5}$/).optional().or(blank),
  file: z.instanceof(File, { message: 'fileRequired' }),
});

/** Starting (or resuming) an import, and revoking a token, are said in so many words: an empty post does nothing. */
export const confirmSchema = z.object({ confirm: z.literal('1') });

export const importIdSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);
