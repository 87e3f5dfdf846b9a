import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { AppError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { jsonDocuments } from './input';
import { mainSpecsOf } from './main-specs';
import { hardwareReportSchema, idParam, reviewSchema } from './schema';
import * as hardware from './service';

export const hardwareApi = new Hono<AppEnv>();

/**
 * A hardware report, kept exactly as it came. A body that is not JSON is refused with the reason
 * (truncated, or broken at which character) rather than a bare "bad JSON".
 */
hardwareApi.post('/devices/:tag/hardware-reports', async (c) => {
  const actor = requireActor(c);
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError(415, 'http.expectedJson');
  const raw = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    const docs = jsonDocuments('report', raw);
    if (docs.length !== 1) throw new AppError(422, 'hardware.invalid.notJson', { part: 'report', position: '' });
    body = docs[0];
  }
  const input = parseInput(hardwareReportSchema, body, c.get('locale'));
  const result = await hardware.submitReport(c.get('ctx'), actor, c.req.param('tag'), input, raw);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result, result.replayed ? 200 : 201);
});

hardwareApi.get('/devices/:tag/hardware-reports', async (c) => {
  const device = await hardware.loadDevice(c.get('ctx'), requireActor(c), c.req.param('tag'), 'device.read');
  const data = await hardware.deviceHardware(c.get('ctx').db, device.id);
  return c.json({ tag: device.tag, specs: data.specs, mainSpecs: data.specs ? mainSpecsOf(data.specs) : null, reportId: data.reportId, reports: data.reports });
});

hardwareApi.get('/devices/:tag/hardware-reports/:id/raw', async (c) => {
  const id = parseInput(idParam, c.req.param('id'), c.get('locale'));
  const report = await hardware.rawReport(c.get('ctx'), requireActor(c), c.req.param('tag'), id);
  c.header('Content-Disposition', `attachment; filename="hardware-${report.tag}-${report.id}.json"`);
  return c.body(report.raw, 200, { 'Content-Type': 'application/json; charset=utf-8' });
});

hardwareApi.post('/devices/:tag/hardware-reports/:id/review', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idParam, c.req.param('id'), c.get('locale'));
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError(415, 'http.expectedJson');
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new AppError(400, 'http.badJson');
  }
  const { decision } = parseInput(reviewSchema, body, c.get('locale'));
  return c.json(await hardware.reviewReport(c.get('ctx'), actor, c.req.param('tag'), id, decision));
});
