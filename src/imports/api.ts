import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { importIdSchema } from './schema';
import * as imports from './service';

export const importApi = new Hono<AppEnv>();

/** An import's progress: what the page's progress bar polls, and what a script can wait on. */
importApi.get('/imports/:id', async (c) => {
  const imp = await imports.loadImport(c.get('ctx'), requireActor(c), parseInput(importIdSchema, c.req.param('id'), c.get('locale')));
  c.header('Cache-Control', 'no-store');
  return c.json(imports.progressOf(c.get('ctx'), imp));
});
