import { Hono } from 'hono';
import { z } from 'zod';
import { renderDevice } from '../devices/public-pages';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { AppError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { idParam, reviewSchema } from './schema';
import { reviewReport } from './service';

export const hardwareRoutes = new Hono<AppEnv>();

hardwareRoutes.post('/d/:tag/hardware-reports/:id/review', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  try {
    const id = parseInput(idParam, c.req.param('id'), c.get('locale'));
    const { decision } = parseInput(reviewSchema.extend({ decision: z.enum(['accept', 'reject']) }), raw, c.get('locale'));
    const r = await reviewReport(c.get('ctx'), actor, tag, id, decision);
    return c.redirect(`/d/${r.tag}#specs`, 303);
  } catch (e) {
    if (e instanceof ValidationError) return renderDevice(c, tag, { issues: e.issues }, 422);
    if (e instanceof AppError && [403, 404, 409].includes(e.status)) return renderDevice(c, tag, { error: c.get('t')(e.key, e.params) }, e.status);
    throw e;
  }
});
