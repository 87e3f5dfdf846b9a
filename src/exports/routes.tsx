import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { deliveryExportSchema, deviceExportSchema, donationExportSchema, EXPORT_FORMATS, EXPORT_LISTS, requestExportSchema, type ExportList } from './schema';
import { exportList } from './service';

export const exportRoutes = new Hono<AppEnv>();

const SCHEMAS = { devices: deviceExportSchema, donations: donationExportSchema, requests: requestExportSchema, deliveries: deliveryExportSchema } as const;
const listSchema = z.enum(EXPORT_LISTS);
const formatSchema = z.object({ format: z.enum(EXPORT_FORMATS) });

/** `/exports/devices?format=csv&state=ready…`: the list with the page's filters, as a file. */
exportRoutes.get('/exports/:list', async (c) => {
  const actor = requireActor(c);
  const list: ExportList = parseInput(listSchema, c.req.param('list'), c.get('locale'));
  const all = c.req.query();
  const { format } = parseInput(formatSchema, { format: all.format }, c.get('locale'));
  const { format: _f, ...filters } = all;
  const query = parseInput(SCHEMAS[list], filters, c.get('locale'));
  const file = await exportList(c.get('ctx'), actor, list, format, query, { t: c.get('t'), locale: c.get('locale') });
  const headers: Record<string, string> = {
    'Content-Type': file.type,
    'Content-Disposition': `attachment; filename="${file.name}"`,
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (file.nextPart) {
    const next = new URLSearchParams({ ...all, part: String(file.nextPart) });
    headers.Link = `</exports/${list}?${next.toString()}>; rel="next"`;
  }
  if (file.body instanceof Uint8Array) headers['Content-Length'] = String(file.body.length);
  return c.body(file.body as never, 200, headers);
});
