import { z } from 'zod';
import { looseNumber, hubCodeSchema, blankToUndefined } from '../shared/validate';

const isoDay = z
  .string()
  .trim()
  .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'isoDate' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: 'isoDate' });

/** A period (month, quarter, year, or two days), and optionally the factor set and displacement of the estimates. */
export const figureQuerySchema = z
  .object({
    period: z
      .string()
      .trim()
      .regex(/^(19|20|21)\d{2}(-(0[1-9]|1[0-2]|Q[1-4]))?$/, { message: 'period' })
      .optional()
      .or(blankToUndefined),
    from: isoDay.optional().or(blankToUndefined),
    to: isoDay.optional().or(blankToUndefined),
    displacement: looseNumber.pipe(z.number().min(0).max(1)).optional().or(blankToUndefined),
    factors: z
      .string()
      .trim()
      .regex(/^[a-z0-9_]{1,40}$/)
      .optional()
      .or(blankToUndefined),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'fromAndTo', path: ['to'] });
export type FigureQueryInput = z.output<typeof figureQuerySchema>;

/** The disks behind a figure: which outcome, where (a hub's code; none: the region), and the period. */
export const diskQuerySchema = z.object({
  outcome: z.enum(['erased', 'destroyed']),
  hub: hubCodeSchema.optional().or(blankToUndefined),
});
