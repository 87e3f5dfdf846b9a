import { z } from 'zod';
import { taxCode } from '../partners/schema';
import { optionalText, requiredText } from '../shared/validate';

/** A PEC is an e-mail address; the domain says nothing sure about it being certified, so only the shape is checked. */
const email = optionalText(200).pipe(z.email().toLowerCase().optional());

export const programmeSchema = z.object({
  name: requiredText(120),
  bodyName: optionalText(200),
  taxCode,
  address: optionalText(300),
  pec: email,
  legalRepresentative: optionalText(120),
  privacyController: optionalText(200),
  privacyContact: optionalText(200),
  court: optionalText(80),
});
export type ProgrammeInput = z.output<typeof programmeSchema>;

export const hubIdentitySchema = z.object({
  address: optionalText(300),
  email,
  phone: optionalText(40).pipe(
    z
      .string()
      .regex(/^[+0-9 ()./-]{5,40}$/, { message: 'phone' })
      .optional(),
  ),
  openingHours: optionalText(300),
  responsible: optionalText(120),
});
export type HubIdentityInput = z.output<typeof hubIdentitySchema>;
