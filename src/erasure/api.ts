import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { AppError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { idParam } from '../hardware/schema';
import { deviceCertificate, donationCertificate, verifyCertificate } from './certificates';
import { pendingRecords, reviewErasure } from './review';
import { manualErasureSchema, reviewSchema } from './schema';
import * as erasure from './service';
import { loadDevice } from '../hardware/service';

export const erasureApi = new Hono<AppEnv>();

/** Logs are a few kilobytes; anything near a megabyte is not a log (an image, an archive, a disk dump). */
export const logLimit = bodyLimit({
  maxSize: erasure.MAX_LOG_BYTES,
  onError: () => {
    throw new AppError(413, 'erasure.log.tooLarge', { max: '1 MB' });
  },
});

erasureApi.post('/devices/:tag/erasure-logs', logLimit, async (c) => {
  const actor = requireActor(c);
  const type = c.req.header('content-type') ?? '';
  if (!/^(text\/[\w.+-]+|application\/octet-stream)\b/i.test(type)) throw new AppError(415, 'erasure.log.expectedText');
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const result = await erasure.uploadErasureLog(c.get('ctx'), actor, c.req.param('tag'), bytes);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  // What the log proved, in the caller's language.
  return c.json({ ...result, message: erasure.describeLog(c.get('t'), result) }, result.replayed ? 200 : 201);
});

erasureApi.get('/devices/:tag/erasure-logs/:id/raw', async (c) => {
  const id = parseInput(idParam, c.req.param('id'), c.get('locale'));
  const log = await erasure.rawLog(c.get('ctx'), requireActor(c), c.req.param('tag'), id);
  c.header('Content-Disposition', `attachment; filename="nwipe-${log.tag}-${log.id}.txt"`);
  return c.body(log.raw, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
});

erasureApi.post('/devices/:tag/erasures', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(manualErasureSchema, await readJson(c), c.get('locale'));
  const result = await erasure.recordManualErasure(c.get('ctx'), actor, c.req.param('tag'), input);
  return c.json({ ...result, message: c.get('t')(result.counts ? 'erasure.answer.counted' : 'erasure.answer.pending') }, 201);
});

erasureApi.post('/devices/:tag/erasure-reviews', async (c) => {
  const input = parseInput(reviewSchema, await readJson(c), c.get('locale'));
  return c.json(await reviewErasure(c.get('ctx'), requireActor(c), c.req.param('tag'), input));
});

/** The coordinator's "to confirm" list: volunteers' records of the hub's devices that do not count yet. */
erasureApi.get('/erasures/pending', async (c) => {
  const rows = await pendingRecords(c.get('ctx'), requireActor(c));
  return c.json({
    items: rows.map((r) => ({
      id: r.id,
      tag: r.tag,
      source: r.source,
      outcome: r.outcome,
      serial: r.disk_serial,
      model: r.disk_model,
      method: r.method,
      tool: r.tool,
      category: r.nist_category,
      verification: r.verification,
      recordedBy: r.user_name,
      at: r.at,
    })),
  });
});

erasureApi.get('/devices/:tag/erasures', async (c) => {
  const device = await loadDevice(c.get('ctx'), requireActor(c), c.req.param('tag'), 'device.read');
  const o = await erasure.erasureOverview(c.get('ctx').db, device);
  return c.json({
    tag: device.tag,
    erased: o.erased,
    missingDisks: o.missingDisks,
    disks: o.disks,
    records: o.records.map((r) => ({
      id: r.id,
      cycle: r.cycle,
      source: r.source,
      outcome: r.outcome,
      serial: r.disk_serial,
      model: r.disk_model,
      sizeBytes: r.disk_size_bytes,
      method: r.method,
      category: r.nist_category,
      tool: r.tool,
      verification: r.verification,
      rounds: r.rounds,
      status: r.status,
      devicePath: r.device_path,
      durationSeconds: r.duration_seconds,
      throughputMBs: r.throughput_mbs,
      performedBy: r.performed_by_name ?? r.user_name ?? r.token_label,
      performedAt: r.performed_at,
      startedAt: r.started_at,
      operator: r.operator_name,
      standing: r.standing,
      reviewedBy: r.reviewer_name,
      reviewedAt: r.reviewed_at,
      reviewReason: r.review_reason,
      logId: r.log_id,
      at: r.at,
    })),
    logs: o.logs,
  });
});

function pdf(c: Context<AppEnv>, doc: { pdf: Buffer; filename: string; code: string }) {
  c.header('Content-Disposition', `inline; filename="${doc.filename}"`);
  c.header('X-Verification-Code', doc.code);
  return c.body(new Uint8Array(doc.pdf), 200, { 'Content-Type': 'application/pdf' });
}

erasureApi.get('/devices/:tag/erasure-certificate.pdf', async (c) => pdf(c, await deviceCertificate(c.get('ctx'), requireActor(c), c.req.param('tag'), c.get('locale'))));

erasureApi.get('/donations/:id/erasure-certificate.pdf', async (c) => {
  const id = parseInput(idParam, c.req.param('id'), c.get('locale'));
  return pdf(c, await donationCertificate(c.get('ctx'), requireActor(c), id, c.get('locale')));
});

/** Anyone holding a certificate can check it: no login, no personal data in the answer. */
erasureApi.get('/certificates/:code', async (c) => c.json(await verifyCertificate(c.get('ctx'), c.req.param('code'))));
