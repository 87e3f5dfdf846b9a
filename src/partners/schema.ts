import { z } from 'zod';
import { looseBoolean, optionalText, requiredText, hubCodeSchema, blankToUndefined, recordIdParam } from '../shared/validate';
import { checkCodiceFiscale, checkMeccanografico } from './codes';
import { PARTNER_KINDS } from './tables';

const optionalHub = hubCodeSchema.optional().or(blankToUndefined);
const checkbox = z
  .union([looseBoolean, z.literal('').transform(() => false)])
  .optional()
  .transform((v) => v ?? false);

export const contactSchema = z.object({
  name: requiredText(120),
  role: optionalText(80),
  email: optionalText(200).pipe(z.email().toLowerCase().optional()),
  phone: optionalText(40).pipe(
    z
      .string()
      .regex(/^[+0-9 ()./-]{5,40}$/)
      .optional(),
  ),
});
export type ContactInput = z.output<typeof contactSchema>;

/**
 * A codice fiscale or partita IVA, checked when given (11 digits, the same check digit for both; 16
 * characters for a person), and returned normalised.
 */
export const taxCode = optionalText(20)
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const r = checkCodiceFiscale(v);
    if (r.ok) return r.code;
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  })
  .optional();

const organisation = {
  kind: z.enum(PARTNER_KINDS),
  name: requiredText(200),
  code: optionalText(30),
  address: optionalText(200),
  /** A school's codice fiscale (its code is the codice meccanografico): on the delivery documents. */
  taxCode,
  /** Who signs for the organisation: a school's head teacher, an association's legal representative. */
  representative: optionalText(120),
  municipality: requiredText(100),
  province: optionalText(2).pipe(
    z
      .string()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/)
      .optional(),
  ),
  openDataConsent: checkbox,
};

/**
 * A school is identified by its codice meccanografico, an association by its codice fiscale; a public
 * body or another organisation may give a codice fiscale. The code comes back normalised.
 */
function checkCode<T extends { kind: (typeof PARTNER_KINDS)[number]; code?: string }>(value: T, ctx: z.RefinementCtx): T {
  if (!value.code) {
    if (value.kind === 'school') ctx.addIssue({ code: 'custom', path: ['code'], message: 'meccanograficoRequired' });
    if (value.kind === 'association') ctx.addIssue({ code: 'custom', path: ['code'], message: 'cfRequired' });
    return value;
  }
  const result = value.kind === 'school' ? checkMeccanografico(value.code) : checkCodiceFiscale(value.code);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', path: ['code'], message: result.reason });
    return value;
  }
  return { ...value, code: result.code };
}

/** A coordinator (or the API) registers an organisation directly: it is active at once. */
export const partnerInputSchema = z
  .object({
    ...organisation,
    hub: optionalHub,
    internalNote: optionalText(2000),
    contacts: z.array(contactSchema).max(20).optional(),
  })
  .transform(checkCode);
export type PartnerInput = z.output<typeof partnerInputSchema>;

/** An organisation applies from the public page; a coordinator of the chosen hub decides. */
export const applicationSchema = z
  .object({
    ...organisation,
    hub: hubCodeSchema,
    contact: contactSchema.extend({ email: z.string().trim().toLowerCase().pipe(z.email().max(200)) }),
    privacy: z
      .unknown()
      .transform((v) => v === true || v === 'true' || v === 'on')
      .refine((v) => v, { message: 'privacyRequired' }),
    /** A field people never see: a form that fills it was filled by a robot. */
    website: z.string().max(200).optional(),
  })
  .transform(checkCode);
export type ApplicationInput = z.output<typeof applicationSchema>;

export const decisionSchema = z.object({
  decision: z.enum(['approve', 'refuse']),
  note: optionalText(1000),
});

export const inviteSchema = z.object({
  name: requiredText(120),
  email: z.string().trim().toLowerCase().pipe(z.email().max(200)),
});

export const updatePartnerSchema = z.object({
  address: optionalText(200),
  taxCode,
  representative: optionalText(120),
  municipality: requiredText(100),
  openDataConsent: checkbox,
  internalNote: optionalText(2000),
});

export const idSchema = recordIdParam;
