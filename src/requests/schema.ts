import { z } from 'zod';
import { DEVICE_TYPES } from '../devices/device-types';
import { looseBoolean, looseNumber, optionalText, requiredText, blankToUndefined, recordId, recordIdParam } from '../shared/validate';

const optionalNumber = (schema: z.ZodNumber) =>
  z
    .union([looseNumber, blankToUndefined, z.null().transform(() => undefined)])
    .pipe(schema.optional())
    .optional();

export const MAX_TAGS = 500;

export const requestItemSchema = z.object({
  type: z.enum(DEVICE_TYPES),
  quantity: looseNumber.pipe(z.number().int().min(1).max(500)),
});

/** What a partner asks for. Coordinators entering a request taken by phone name the partner. */
export const requestInputSchema = z
  .object({
    partner: looseNumber.pipe(recordId).optional().or(blankToUndefined),
    items: z
      .array(z.union([requestItemSchema, z.object({ type: z.literal(''), quantity: z.any() }).transform(() => null)]))
      .min(1)
      .max(9),
    purpose: requiredText(1000),
    beneficiaries: z.object({
      count: looseNumber.pipe(z.number().int().min(1).max(100_000)),
      description: optionalText(500),
    }),
    minSpecs: z
      .object({
        ramGb: optionalNumber(z.number().min(0.5).max(256)),
        screenInches: optionalNumber(z.number().min(5).max(40)),
        ssd: z.union([looseBoolean, z.literal('').transform(() => false)]).optional(),
      })
      .optional(),
    idempotencyKey: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
      .optional(),
  })
  .transform((r) => ({ ...r, items: mergeItems(r.items.filter((i): i is z.output<typeof requestItemSchema> => i !== null)) }))
  .refine((r) => r.items.length > 0, { path: ['items'], message: 'itemsRequired' });
export type RequestInput = z.output<typeof requestInputSchema>;

/** Two lines of laptops are one line of their sum. */
function mergeItems(items: z.output<typeof requestItemSchema>[]) {
  const byType = new Map<string, z.output<typeof requestItemSchema>>();
  for (const i of items) {
    const prior = byType.get(i.type);
    byType.set(i.type, prior ? { type: i.type, quantity: Math.min(prior.quantity + i.quantity, 500) } : { ...i });
  }
  return [...byType.values()];
}

export const tagListSchema = z.array(z.string().trim().min(1).max(40)).min(1).max(MAX_TAGS);

/** Tags as a JSON list or as one text box (a form): at most MAX_TAGS either way, the text bounded before it is split. */
export const tagsInputSchema = z.union([
  tagListSchema,
  z
    .string()
    .max(40 * MAX_TAGS)
    .transform(splitTags)
    .pipe(tagListSchema),
]);

export const reservationSchema = z.object({
  tags: tagsInputSchema,
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
    .optional(),
});

/** Tags typed or scanned into one text box: one per line, or separated by spaces or commas. */
export function splitTags(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

export const requestDecisionSchema = z.object({
  decision: z.enum(['approve', 'refuse', 'cancel']),
  note: optionalText(1000),
});

/**
 * A text field the form always sends, possibly empty: its absence means the post did not come from
 * the form, and a bare POST must not clear a note or cancel a request.
 */
export const presentText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((v) => v.trim())
    .pipe(z.string().regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/u))
    .transform((v) => (v === '' ? undefined : v));

export const internalNoteSchema = z.object({ internalNote: presentText(2000) });

/** The partner's cancellation: the form's note field is always there, even when left empty. */
export const cancelSchema = z.object({ note: presentText(1000) });

export const idSchema = recordIdParam;
