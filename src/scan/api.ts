import { Hono } from 'hono';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { idSchema, resolveQuerySchema, stocktakeInputSchema, stocktakeScanSchema, undoInputSchema } from './schema';
import * as scan from './service';

export const scanApi = new Hono<AppEnv>();

/** What a scanned code names: `?code=` takes a bare tag, a tag typed loosely, or the label's full URL. */
scanApi.get('/scan/resolve', async (c) => {
  const actor = requireActor(c);
  const { code } = parseInput(resolveQuerySchema, c.req.query(), c.get('locale'));
  return c.json(await scan.resolveCode(c.get('ctx'), actor, code));
});

/** Takes back a scan's action where the lifecycle allows it: `{ tag, seq }` names the event. */
scanApi.post('/scan/undo', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(undoInputSchema, await readJson(c), c.get('locale'));
  const result = await scan.undoScan(c.get('ctx'), actor, input.tag, input.seq);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result);
});

scanApi.post('/stocktakes', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(stocktakeInputSchema, await readJson(c), c.get('locale'));
  return c.json(await scan.startStocktake(c.get('ctx'), actor, input), 201);
});

scanApi.post('/stocktakes/:id/scans', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const { code } = parseInput(stocktakeScanSchema, await readJson(c), c.get('locale'));
  return c.json(await scan.recordStocktakeScan(c.get('ctx'), actor, id, code));
});

scanApi.get('/stocktakes/:id', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const r = await scan.getStocktake(c.get('ctx'), actor, id);
  const device = (s: { tag: string; state: string | null; hub_code: string | null }) => ({ tag: s.tag, state: s.state, hub: s.hub_code });
  return c.json({
    id: r.stocktake.id,
    hub: r.stocktake.hub_code,
    status: r.stocktake.status,
    startedAt: r.stocktake.started_at,
    closedAt: r.stocktake.closed_at,
    counts: r.counts,
    found: r.found.map((s) => ({ ...device(s), kind: s.kind, incoming: r.incoming.has(s.tag) })),
    missing: r.missing.map((d) => ({ tag: d.tag, state: d.state, type: d.type })),
    unexpected: r.unexpected.map((s) => ({ ...device(s), kind: s.kind, reason: s.reason })),
  });
});
