import { z } from 'zod';
import { looseNumber, hubCodeSchema, blankToUndefined, recordId } from '../shared/validate';
import { DEFAULT_TEMPLATE, TEMPLATE_IDS } from './templates';

export const MAX_LABELS = 2000;
export const MAX_BLANKS = 1000;

const id = looseNumber.pipe(recordId);

/** Tags as the API takes them (A,B,C) or as a form sends them (tags=A&tags=B), already joined with commas. */
const tagList = z
  .string()
  .max(MAX_LABELS * 40)
  .transform((s) => [...new Set(s.split(/[\s,;]+/).filter(Boolean))])
  .pipe(z.array(z.string().max(300)).max(MAX_LABELS));

export const labelQuerySchema = z.object({
  tags: tagList.optional().or(blankToUndefined),
  donation: id.optional().or(blankToUndefined),
  batch: id.optional().or(blankToUndefined),
  format: z
    .enum(TEMPLATE_IDS)
    .optional()
    .or(blankToUndefined)
    .transform((f) => f ?? DEFAULT_TEMPLATE),
  start: looseNumber.pipe(z.number().int().min(1).max(100)).optional().or(blankToUndefined),
  /** A printer's constant shift, corrected in mm (positive: right, down). */
  dx: looseNumber.pipe(z.number().min(-10).max(10)).optional().or(blankToUndefined),
  dy: looseNumber.pipe(z.number().min(-10).max(10)).optional().or(blankToUndefined),
});
export type LabelQuery = z.output<typeof labelQuerySchema>;

export const blankBatchSchema = z.object({
  hub: hubCodeSchema.optional().or(blankToUndefined),
  count: looseNumber.pipe(z.number().int().min(1).max(MAX_BLANKS)),
  format: z.enum(TEMPLATE_IDS).optional().or(blankToUndefined),
});
export type BlankBatchInput = z.output<typeof blankBatchSchema>;
