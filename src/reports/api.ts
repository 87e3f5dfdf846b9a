import { Hono } from 'hono';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { reportIdSchema, submitReportSchema } from './schema';
import * as reports from './service';

export const reportApi = new Hono<AppEnv>();

/** Which hubs submitted which of the last eight quarters (latest version of each). */
reportApi.get('/reports', async (c) => {
  const actor = requireActor(c);
  const data = await reports.overview(c.get('ctx'), actor);
  return c.json({
    quarters: data.quarters.map((q) => q.key),
    hubs: data.rows.map((r) => ({
      hub: r.hub.code,
      quarters: r.cells.map((x) => ({ quarter: x.quarter, submitted: x.latest !== null, version: x.latest?.version ?? null, id: x.latest?.id ?? null, submittedAt: x.latest?.submitted_at ?? null })),
    })),
  });
});

reportApi.post('/reports', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(submitReportSchema, await readJson(c), c.get('locale'));
  const r = await reports.submitReport(c.get('ctx'), actor, input);
  return c.json({ ...r, pdf: `${c.get('ctx').config.publicBaseUrl}/reports/v/${r.id}.pdf` }, 201);
});

reportApi.get('/reports/:id', async (c) => {
  const actor = requireActor(c);
  const r = await reports.getReport(c.get('ctx'), actor, parseInput(reportIdSchema, c.req.param('id'), c.get('locale')));
  return c.json({
    id: r.id,
    hub: r.hub_code,
    quarter: r.quarterKey,
    version: r.version,
    factorSet: r.factor_set,
    displacement: r.displacement,
    submittedAt: r.submitted_at,
    note: r.note,
    supersedes: r.supersedes,
    figures: r.figures,
    pdf: `${c.get('ctx').config.publicBaseUrl}/reports/v/${r.id}.pdf`,
  });
});
