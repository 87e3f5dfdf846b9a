import { z } from 'zod';
import { recordIdParam } from '../shared/validate';

/** A tool's output as it came: text, an array (smartctl per disk, or lshw's wrapped root) or an object. */
const toolOutput = z.union([z.string().max(4_000_000), z.array(z.unknown()).max(256), z.record(z.string(), z.unknown())]).nullish();

export const hardwareReportSchema = z.object({
  /** The probe's id for this report: sent again (a retry), it is recognised and not stored twice. */
  uuid: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{8,64}$/)
    .optional(),
  lshw: toolOutput,
  smartctl: toolOutput,
  dmidecode: toolOutput,
  lscpu: toolOutput,
  battery: toolOutput,
  /** The internal panel's EDID, as hex text. */
  display: toolOutput,
  probe: z
    .object({
      version: z.string().max(40).optional(),
      missing: z.array(z.string().max(80)).max(20).optional(),
    })
    .optional(),
});
export type HardwareReportInput = z.output<typeof hardwareReportSchema>;

export const reviewSchema = z.object({ decision: z.enum(['accept', 'reject']) });

export const idParam = recordIdParam;
