import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput, hubCodeSchema } from '../shared/validate';
import { queryOf } from './routes';
import * as figures from './service';

export const figureApi = new Hono<AppEnv>();

/** The region's figures for a period (?period=2026-Q1, or ?from=…&to=…), with the hubs compared. */
figureApi.get('/figures', async (c) => {
  const actor = requireActor(c);
  const { q, period } = queryOf(c);
  const data = await figures.regionFigures(c.get('ctx'), actor, period, q);
  return c.json({ figures: data.figures, monthly: data.monthly, hubs: data.compared });
});

figureApi.get('/figures/hubs/:code', async (c) => {
  const actor = requireActor(c);
  const { q, period } = queryOf(c);
  const data = await figures.hubFigures(c.get('ctx'), actor, parseInput(hubCodeSchema, c.req.param('code'), c.get('locale')), period, q);
  return c.json({ figures: data.figures, monthly: data.monthly });
});
