import { z } from 'zod';
import { looseBoolean, looseNumber, optionalText, requiredText, hubCodeSchema, blankToUndefined, recordId } from '../shared/validate';
import { ASSET_CATEGORIES, ASSET_FEATURES, ASSET_STATES, BORROWER_DOCUMENTS, BORROWER_KINDS, MAINTENANCE_KINDS } from './lifecycle';

const nullish = z.null().transform(() => undefined);
const note = optionalText(2000);
const id = looseNumber.pipe(recordId);

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'isoDate' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'isoDate' });
const optionalDate = isoDate.optional().or(blankToUndefined).or(nullish);

/** Euro, typed the Italian way too ("1.234,50" is not accepted; "1234,50" and "1234.50" are): stored in cents. */
const euros = z
  .union([looseNumber, blankToUndefined, nullish])
  .pipe(z.number().min(0).max(10_000_000).optional())
  .transform((v) => (v === undefined ? undefined : Math.round(v * 100)))
  .optional();

/** Checkboxes (features=free_os&features=wifi), a list, or a comma-separated string. */
const features = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ASSET_FEATURES)).max(ASSET_FEATURES.length))
  .transform((v) => [...new Set(v)])
  .optional();

const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
  .optional();

/**
 * Callers send `category`; inside it is `assetCategory`, so that a refusal names the asset's category
 * (`field.assetCategory`) and not the erasure's NIST category, which owns `field.category`.
 */
function renameCategory(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v) || !('category' in v)) return v;
  const { category, ...rest } = v as Record<string, unknown>;
  return { ...rest, assetCategory: category };
}
/** Required, and said so plainly when missing or left on “—”. */
const category = requiredText(40).pipe(z.enum(ASSET_CATEGORIES));

const assetFields = z.object({
  hub: hubCodeSchema.optional().or(blankToUndefined),
  assetCategory: category,
  make: optionalText(80),
  model: optionalText(120),
  serial: optionalText(80),
  location: optionalText(120),
  purchasedOn: optionalDate,
  cost: euros,
  /** The funding source: its id (forms) or its exact name (scripts). */
  fundingSource: z.union([id, optionalText(120)]).optional(),
  supplier: optionalText(160),
  invoiceRef: optionalText(80),
  warrantyEnd: optionalDate,
  features,
  nextCheckOn: optionalDate,
  note,
  idempotencyKey,
});
export const assetInputSchema = z.preprocess(renameCategory, assetFields);
export type AssetInput = z.output<typeof assetInputSchema>;

/** Editing the details: the same fields, without the hub and the key. */
export const assetEditSchema = z.preprocess(renameCategory, assetFields.omit({ hub: true, idempotencyKey: true }).extend({ expectedVersion: looseNumber.pipe(z.number().int().min(1)).optional() }));
export type AssetEdit = z.output<typeof assetEditSchema>;

/**
 * When a loan is due: an instant with its offset (2026-03-10T18:00:00Z), a time on the hub's clock as a
 * phone's date-time field sends it (2026-03-10T19:00), or a day (the end of that day, 23:59, hub time).
 */
export const dueSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/, { message: 'dueAt' });

const common = { note, idempotencyKey, expectedVersion: looseNumber.pipe(z.number().int().min(1)).optional() };

export const assetActionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('lend'),
    borrowerKind: z.enum(BORROWER_KINDS),
    borrowerName: requiredText(80),
    borrowerDocument: z.enum(BORROWER_DOCUMENTS).optional().or(blankToUndefined),
    due: dueSchema,
    ...common,
  }),
  z.object({ action: z.literal('return'), ...common }),
  z.object({ action: z.literal('repair'), reason: requiredText(500), repairer: optionalText(160), ...common }),
  z.object({ action: z.literal('repaired'), cost: euros, by: optionalText(160), ...common }),
  z.object({ action: z.literal('lose'), ...common, note: requiredText(2000) }),
  z.object({ action: z.literal('found'), location: optionalText(120), ...common }),
  z.object({ action: z.literal('retire'), reason: requiredText(500), toWorkshop: looseBoolean.optional().or(blankToUndefined), ...common }),
]);
export type AssetActionInput = z.output<typeof assetActionSchema>;

export const maintenanceSchema = z.object({
  kind: z.enum(MAINTENANCE_KINDS),
  on: isoDate,
  by: optionalText(160),
  cost: euros,
  note,
  /** A check moves the next one on (a year later unless said otherwise). */
  nextCheckOn: optionalDate,
});
export type MaintenanceInput = z.output<typeof maintenanceSchema>;

export const assetListSchema = z.preprocess(
  renameCategory,
  z.object({
    hub: hubCodeSchema.optional().or(blankToUndefined),
    assetCategory: z.enum(ASSET_CATEGORIES).optional().or(blankToUndefined),
    state: z.enum(ASSET_STATES).optional().or(blankToUndefined),
    funding: id.optional().or(blankToUndefined),
    after: id.optional().or(blankToUndefined),
    limit: looseNumber.pipe(z.number().int().min(1).max(500)).optional(),
  }),
);
export type AssetListQuery = z.output<typeof assetListSchema>;

export const loanListSchema = z.object({
  hub: hubCodeSchema.optional().or(blankToUndefined),
  overdue: looseBoolean.optional().or(blankToUndefined),
});

export const registerQuerySchema = z.object({
  funding: id,
  hub: hubCodeSchema.optional().or(blankToUndefined),
  format: z.enum(['csv', 'pdf']).optional().or(blankToUndefined),
});
export type RegisterQuery = z.output<typeof registerQuerySchema>;

export const kitQuerySchema = z.object({ hub: hubCodeSchema.optional().or(blankToUndefined) });

export const fundingSourceSchema = z.object({ name: requiredText(120) });
export const fundingSourceUpdateSchema = z.object({ name: requiredText(120), active: looseBoolean.optional().or(blankToUndefined) });

const kitItemFields = z.object({
  labelIt: requiredText(200),
  labelEn: requiredText(200),
  assetCategory: category,
  feature: z.enum(ASSET_FEATURES).optional().or(blankToUndefined),
  minCount: looseNumber.pipe(z.number().int().min(1).max(1000)),
  position: looseNumber.pipe(z.number().int().min(1).max(1000)).optional().or(blankToUndefined),
});
export const kitItemSchema = z.preprocess(renameCategory, kitItemFields);
export type KitItemInput = z.output<typeof kitItemSchema>;
export const kitItemUpdateSchema = z.preprocess(renameCategory, z.discriminatedUnion('op', [kitItemFields.extend({ op: z.literal('save') }), z.object({ op: z.literal('delete') })]));

export const idSchema = id;
export const confirmSchema = z.object({ confirm: z.literal('erase') });
