import { z } from 'zod';
import { looseNumber } from '../shared/validate';

const isoDay = z
  .string()
  .trim()
  .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'isoDate' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: 'isoDate' });
const blank = z.literal('').transform(() => undefined);

/** A period (month, quarter, year, or two days), and optionally the factor set and displacement of the estimates. */
export const figureQuerySchema = z
  .object({
    period: z
      .string()
      .trim()
      .regex(/^(19|20|21)\d{2}(-(0[1-9]|1[0-2]|Q[1-4]))?$/, { message: 'period' })
      .optional()
      .or(blank),
    from: isoDay.optional().or(blank),
    to: isoDay.optional().or(blank),
    displacement: looseNumber.pipe(z.number().min(0).max(1)).optional().or(blank),
    factors: z.string().trim().regex(/^[a-z0-9_]{1,40}$/).optional().or(blank),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'fromAndTo', path: ['to'] });
export type FigureQueryInput = z.output<typeof figureQuerySchema>;

export const hubCodeSchema = z.string().trim().toUpperCase().regex(/^[A-Z]{2,5}$/);

/** The disks behind a figure: which outcome, where (a hub's code; none: the region), and the period. */
export const diskQuerySchema = z.object({
  outcome: z.enum(['erased', 'destroyed']),
  hub: hubCodeSchema.optional().or(blank),
});
