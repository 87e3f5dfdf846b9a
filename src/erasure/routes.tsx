import { Hono, type Context } from 'hono';
import { VerifyPage } from '../../views/erasure/verify';
import { renderDevice } from '../devices/public-pages';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { idParam } from '../hardware/schema';
import { deviceCertificate, donationCertificate, verifyCertificate } from './certificates';
import { PendingPage } from '../../views/erasure/pending';
import { pendingRecords, reviewErasure } from './review';
import { manualErasureSchema, reviewSchema } from './schema';
import * as erasure from './service';

export const erasureRoutes = new Hono<AppEnv>();

/**
 * The device page again, saying what was proved (never a bare "done"); a refusal the person can act
 * on shows there too, in their language; anything else is an error page.
 */
async function onDevicePage(c: Context<AppEnv>, tag: string, work: () => Promise<string>) {
  try {
    const said = await work();
    return renderDevice(c, tag, { done: said });
  } catch (e) {
    if (e instanceof ValidationError) return renderDevice(c, tag, { issues: e.issues }, 422);
    if (e instanceof AppError && [403, 409, 413, 415, 422].includes(e.status)) return renderDevice(c, tag, { error: c.get('t')(e.key, e.params) }, e.status);
    throw e;
  }
}

// No route-level body limit here: the CSRF check has already read the form. The service refuses a log over 1 MB (413).
erasureRoutes.post('/d/:tag/erasure-logs', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const body = await c.req.parseBody().catch(() => {
    throw new AppError(415, 'http.expectedForm');
  });
  return onDevicePage(c, tag, async () => {
    const file = body.log;
    if (!(file instanceof File) || file.size === 0) throw new AppError(422, file instanceof File ? 'erasure.log.empty' : 'erasure.upload.noFile');
    return erasure.describeLog(c.get('t'), await erasure.uploadErasureLog(c.get('ctx'), actor, tag, new Uint8Array(await file.arrayBuffer())));
  });
});

erasureRoutes.post('/d/:tag/erasures', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  // Unticked disks and an empty serial field are not disks.
  if (Array.isArray(raw.disks)) raw.disks = raw.disks.filter((d) => typeof d === 'object' && d !== null && String((d as { serial?: unknown }).serial ?? '').trim() !== '');
  if (Array.isArray(raw.disks) && raw.disks.length === 0) delete raw.disks;
  return onDevicePage(c, tag, async () => {
    const input = parseInput(manualErasureSchema, raw, c.get('locale'));
    const r = await erasure.recordManualErasure(c.get('ctx'), actor, tag, input);
    return c.get('t')(r.counts ? 'erasure.answer.counted' : 'erasure.answer.pending');
  });
});

erasureRoutes.post('/d/:tag/erasure-reviews', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  return onDevicePage(c, tag, async () => {
    const input = parseInput(reviewSchema, raw, c.get('locale'));
    const r = await reviewErasure(c.get('ctx'), actor, tag, input);
    const what = c.get('t')(`erasure.review.done.${input.kind}`);
    return `${c.get('t')('erasure.answer.reviewed', { what })} ${c.get('t')(r.erased ? 'erasure.answer.deviceErased' : 'erasure.upload.stillMissing', { disks: r.missingDisks.join(', ') || '—' })}`;
  });
});

/** The coordinator's list of volunteers' records to confirm. */
erasureRoutes.get('/erasures/pending', async (c) => {
  const rows = await pendingRecords(c.get('ctx'), requireActor(c));
  return renderPage(c, c.get('t')('erasure.pending.title'), (v) => (
    <PendingPage
      v={v}
      rows={rows.map((r) => ({
        id: r.id,
        tag: r.tag,
        device: [r.brand, r.model].filter(Boolean).join(' '),
        serial: r.disk_serial,
        model: r.disk_model,
        outcome: r.outcome,
        method: r.method,
        source: r.source,
        who: r.user_name,
        at: r.at,
      }))}
    />
  ));
});

function pdf(c: Context<AppEnv>, doc: { pdf: Buffer; filename: string; code: string }) {
  c.header('Content-Disposition', `inline; filename="${doc.filename}"`);
  c.header('X-Verification-Code', doc.code);
  return c.body(new Uint8Array(doc.pdf), 200, { 'Content-Type': 'application/pdf' });
}

erasureRoutes.get('/d/:tag/erasure-certificate.pdf', async (c) => pdf(c, await deviceCertificate(c.get('ctx'), requireActor(c), c.req.param('tag'), c.get('locale'))));

erasureRoutes.get('/donations/:id/erasure-certificate.pdf', async (c) => {
  const id = parseInput(idParam, c.req.param('id'), c.get('locale'));
  return pdf(c, await donationCertificate(c.get('ctx'), requireActor(c), id, c.get('locale')));
});

/** The public check: no login. A code typed in the form is normalised and shown at its own address. */
erasureRoutes.get('/verify', async (c) => {
  const code = c.req.query('code')?.trim();
  if (code) return c.redirect(`/verify/${encodeURIComponent(code.slice(0, 40))}`, 303);
  return renderPage(c, c.get('t')('erasure.verify.title'), (v) => <VerifyPage v={v} />);
});

erasureRoutes.get('/verify/:code', async (c) => {
  const code = c.req.param('code');
  try {
    const cert = await verifyCertificate(c.get('ctx'), code);
    return renderPage(c, c.get('t')('erasure.verify.title'), (v) => <VerifyPage v={v} cert={cert} code={cert.code} />);
  } catch (e) {
    if (e instanceof AppError && (e.status === 400 || e.status === 404)) {
      return renderPage(c, c.get('t')('erasure.verify.title'), (v) => <VerifyPage v={v} code={code.slice(0, 40)} error={c.get('t')(e.key, e.params)} />, { status: e.status });
    }
    throw e;
  }
});
