import { z } from 'zod';
import { looseBoolean, looseNumber, optionalText, requiredText, blankToUndefined, recordIdParam } from '../shared/validate';
import { MAX_TAGS, tagsInputSchema } from '../requests/schema';
import { DELIVERY_TITLES, REPORT_KINDS } from './tables';

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'isoDate' });

/** Euro with at most two decimals, up to 100,000; an empty field means no value declared. */
const euros = z.union([blankToUndefined, looseNumber.pipe(z.number().min(0).max(100_000)).transform((n) => Math.round(n * 100))]);
const declaredValues = z
  .record(z.string().max(40), euros)
  .refine((r) => Object.keys(r).length <= MAX_TAGS, { message: 'tooManyValues' })
  .transform((r) => Object.fromEntries(Object.entries(r).filter((e): e is [string, number] => e[1] !== undefined)));

export const deliveryInputSchema = z.object({
  tags: tagsInputSchema,
  title: z.enum(DELIVERY_TITLES),
  /** For a loan: the end of the comodato (default: one year after delivery). */
  loanUntil: isoDate.optional().or(blankToUndefined),
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
    .optional(),
  /** The value declared on the delivery note per device, in euro, by tag: optional, for the recipient's inventory. */
  values: declaredValues.optional(),
});
export type DeliveryInput = z.output<typeof deliveryInputSchema>;

/**
 * Which devices arrived: some by tag, or `all`. Confirming is a statement, so a body that says
 * neither (or says something else) is refused rather than read as "all".
 */
export const receiptSchema = z
  .strictObject({
    tags: z.union([tagsInputSchema, blankToUndefined]).optional(),
    all: z.union([looseBoolean, z.literal('').transform(() => false)]).optional(),
  })
  .refine((r) => r.all === true || (r.tags?.length ?? 0) > 0, { message: 'receiptWhich' });

export const reportSchema = z.object({
  tag: z.string().trim().min(1).max(40),
  kind: z.enum(REPORT_KINDS),
  description: requiredText(1000),
});

export const returnSchema = z.object({
  tag: z.string().trim().min(1).max(40),
  reason: optionalText(500),
});

export const resolveSchema = z.object({
  report: recordIdParam,
});

export const idSchema = recordIdParam;
