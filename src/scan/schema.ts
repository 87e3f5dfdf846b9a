import { z } from 'zod';
import { looseNumber, optionalText, hubCodeSchema, blankToUndefined, recordId } from '../shared/validate';

/** What a scanner or a person sent: a bare tag, a tag with typos, or a full label URL. */
export const codeSchema = z.string().trim().min(1).max(300);

export const resolveQuerySchema = z.object({ code: codeSchema });

export const undoInputSchema = z.object({
  tag: codeSchema,
  /** The event to take back: it must still be the device's latest. */
  seq: looseNumber.pipe(
    z
      .number()
      .int()
      .min(2)
      .max(2 ** 31 - 1),
  ),
});

export const stocktakeInputSchema = z.object({
  hub: hubCodeSchema.optional().or(blankToUndefined),
  note: optionalText(200),
});

/** The page's form always names the hub (a hidden field for hub staff): starting a stock-take is never implied. */
export const stocktakeFormSchema = stocktakeInputSchema.extend({ hub: hubCodeSchema });

export const closeFormSchema = z.object({ confirm: z.literal('close') });

export const stocktakeScanSchema = z.object({ code: codeSchema });

export const stocktakeActSchema = z.object({
  tag: codeSchema,
  action: z.enum(['arrive', 'transfer']),
});

export const idSchema = looseNumber.pipe(recordId);
