import { z } from 'zod';
import { DEVICE_TYPES } from '../devices/device-types';
import { looseBoolean, looseNumber, optionalText, requiredText, hubCodeSchema, blankToUndefined } from '../shared/validate';
import { parseTag } from '../tags/tag';
import { DONOR_KINDS } from './tables';

export const MAX_DEVICES_PER_DONATION = 2000;

export const donorSchema = z.object({
  kind: z.enum(DONOR_KINDS),
  name: requiredText(200),
  /** Codice fiscale or partita IVA, when the donor gives one; it lets a repeat donor be recognised. */
  taxCode: optionalText(30).pipe(
    z
      .string()
      .transform((s) => s.toUpperCase().replace(/\s+/g, ''))
      .pipe(z.string().regex(/^[A-Z0-9]{11,16}$/))
      .optional(),
  ),
  email: optionalText(200).pipe(z.email().optional()),
  phone: optionalText(40).pipe(
    z
      .string()
      .regex(/^[+0-9 ()./-]{5,40}$/)
      .optional(),
  ),
});

const optionalBoolean = z.union([looseBoolean, blankToUndefined, z.literal('unknown').transform(() => undefined), z.null().transform(() => undefined)]).optional();

export const donatedDeviceSchema = z
  .object({
    type: z.enum(DEVICE_TYPES),
    brand: optionalText(80),
    model: optionalText(120),
    serial: optionalText(80),
    weightKg: z
      .union([looseNumber, blankToUndefined, z.null().transform(() => undefined)])
      .pipe(z.number().positive().max(500).optional())
      .optional(),
    hasStorage: optionalBoolean,
    conditionNote: optionalText(1000),
    /** Identical items (20 of the same monitor) on one line; each still gets its own tag. */
    quantity: looseNumber.pipe(z.number().int().min(1).max(500)).optional(),
    /** A blank pre-printed label already on the device (scanned or typed at intake): its tag is claimed. */
    tag: optionalText(300).pipe(
      z
        .string()
        .transform((s, ctx) => {
          const parsed = parseTag(s);
          if (parsed.ok) return parsed.tag;
          ctx.addIssue({ code: 'custom', message: 'tagInvalid' });
          return z.NEVER;
        })
        .optional(),
    ),
  })
  .refine((d) => !(d.serial && (d.quantity ?? 1) > 1), { path: ['quantity'], message: 'serialWithQuantity' })
  .refine((d) => !(d.tag && (d.quantity ?? 1) > 1), { path: ['quantity'], message: 'tagWithQuantity' });

export const donationInputSchema = z.object({
  hub: hubCodeSchema.optional(),
  donor: donorSchema,
  receivedAt: z.iso.date().optional().or(blankToUndefined),
  note: optionalText(2000),
  devices: z.array(donatedDeviceSchema).min(1).max(MAX_DEVICES_PER_DONATION),
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
    .optional(),
});
export type DonationInput = z.output<typeof donationInputSchema>;
