import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { labelQuerySchema } from './schema';
import * as labels from './service';

export const labelApi = new Hono<AppEnv>();

/** Query parameters with repeats joined: `tags=A&tags=B` and `tags=A,B` mean the same. */
export function labelQueryInput(c: Context<AppEnv>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, values] of Object.entries(c.req.queries())) out[k] = k === 'tags' ? values.join(',') : (values[0] ?? '');
  return out;
}

labelApi.get('/labels/formats', (c) => {
  requireActor(c);
  return c.json({ formats: labels.listFormats(c.get('t')) });
});

/** The printable file for tags, a donation or a batch of blanks, in one format. */
labelApi.get('/labels', async (c) => {
  const actor = requireActor(c);
  const q = parseInput(labelQuerySchema, labelQueryInput(c), c.get('locale'));
  const template = labels.requireTemplate(q.format);
  labels.checkStart(template, q.start);
  const contents = await labels.selectLabels(c.get('ctx'), actor, q, c.get('t'));
  const file = await labels.labelFile(template, contents, q);
  c.header('Content-Type', file.contentType);
  c.header('Content-Disposition', `attachment; filename="${file.filename}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(file.body as Uint8Array<ArrayBuffer>);
});
