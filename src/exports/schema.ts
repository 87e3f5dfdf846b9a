import { z } from 'zod';
import { DELIVERY_TITLES } from '../deliveries/tables';
import { listQuerySchema } from '../devices/schema';
import { DONOR_KINDS } from '../donations/tables';
import { REQUEST_STATES } from '../requests/states';
import { looseNumber, hubCodeSchema, blankToUndefined } from '../shared/validate';

const hub = hubCodeSchema.optional().or(blankToUndefined);
const day = z.iso.date().optional().or(blankToUndefined);
/** XLSX exports come in parts of this many rows; CSV streams any number. */
const part = looseNumber.pipe(z.number().int().min(1).max(1000)).optional().or(blankToUndefined);

export const EXPORT_LISTS = ['devices', 'donations', 'requests', 'deliveries'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The device list's own filters (the same schema as the list page and the API), without its paging. */
export const deviceExportSchema = listQuerySchema.omit({ after: true, limit: true }).extend({ part });
export const donationExportSchema = z.object({ hub, from: day, to: day, donorKind: z.enum(DONOR_KINDS).optional().or(blankToUndefined), part });
export const requestExportSchema = z.object({ hub, from: day, to: day, state: z.enum(REQUEST_STATES).optional().or(blankToUndefined), part });
export const deliveryExportSchema = z.object({ hub, from: day, to: day, title: z.enum(DELIVERY_TITLES).optional().or(blankToUndefined), part });

export type DonationExport = z.output<typeof donationExportSchema>;
export type RequestExport = z.output<typeof requestExportSchema>;
export type DeliveryExport = z.output<typeof deliveryExportSchema>;
