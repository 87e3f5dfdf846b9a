import { Hono, type Context } from 'hono';
import { can } from '../access/policy';
import { spansAllHubs } from '../access/scopes';
import { LabelsLanding, LabelsPage, labelQuery } from '../../views/labels/page';
import { PrintPreview } from '../../views/labels/preview';
import { listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage, toHtml, viewOf } from '../http/render';
import { AppError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { labelQueryInput } from './api';
import { compose, renderSvgPage } from './render';
import { blankBatchSchema, labelQuerySchema } from './schema';
import * as labels from './service';
import { perPage, TEMPLATES } from './templates';

export const labelRoutes = new Hono<AppEnv>();

/** Named CSS pages, one per template, with its exact size and no margins: the preview prints at 100 %. */
const PAGES_CSS = TEMPLATES.map(
  (t) => `@page fmt-${t.id} { size: ${t.page.width}mm ${t.page.height}mm; margin: 0; }\n` + `.fmt-${t.id} { page: fmt-${t.id}; width: ${t.page.width}mm; height: ${t.page.height}mm; }`,
).join('\n');
const PAGES_CSS_VERSION = String(PAGES_CSS.length) + String(TEMPLATES.length);

labelRoutes.get('/labels/pages.css', (c) => {
  c.header('Content-Type', 'text/css; charset=utf-8');
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(PAGES_CSS);
});

async function landing(c: Context<AppEnv>, extra: { error?: string; issues?: { path: string; message: string }[] } = {}, status = 200) {
  const actor = requireActor(c);
  const canCreateBlanks = can(actor, 'label.blanks');
  const hubs = spansAllHubs(actor, 'label.blanks') ? await listHubs(c.get('ctx').db) : null;
  const batches = await labels.listBlankBatches(c.get('ctx'), actor);
  return renderPage(c, c.get('t')('labels.title'), (v) => <LabelsLanding v={v} canCreateBlanks={canCreateBlanks} hubs={hubs} batches={batches} {...extra} />, { status });
}

/** Choose format, start position and offset for a selection; preview its first page; download or open the print preview. */
labelRoutes.get('/labels', async (c) => {
  const actor = requireActor(c);
  const q = parseInput(labelQuerySchema, labelQueryInput(c), c.get('locale'));
  if (!q.tags?.length && q.donation === undefined && q.batch === undefined) return landing(c);
  const template = labels.requireTemplate(q.format);
  const contents = await labels.selectLabels(c.get('ctx'), actor, q, c.get('t'));
  const start = Math.min(q.start ?? 1, perPage(template));
  const pages = compose(template, contents, { start, dx: q.dx, dy: q.dy });
  const firstPageSvg = renderSvgPage(template, pages[0]!, { outlines: true, usedBefore: start - 1 });
  return renderPage(c, c.get('t')('labels.title'), (v) => (
    <LabelsPage
      v={v}
      selection={{ tags: q.tags?.join(','), donation: q.donation, batch: q.batch }}
      tags={contents.map((x) => x.tag)}
      template={template}
      templates={TEMPLATES}
      start={start}
      dx={q.dx ?? 0}
      dy={q.dy ?? 0}
      pages={pages.length}
      firstPageSvg={firstPageSvg}
    />
  ));
});

/** Every page as SVG in mm, ready for the browser's print dialog at 100 %. */
labelRoutes.get('/labels/preview', async (c) => {
  const actor = requireActor(c);
  const q = parseInput(labelQuerySchema, labelQueryInput(c), c.get('locale'));
  const template = labels.requireTemplate(q.format);
  labels.checkStart(template, q.start);
  const contents = await labels.selectLabels(c.get('ctx'), actor, q, c.get('t'));
  const pages = compose(template, contents, q);
  const v = viewOf(c);
  const query = labelQuery({ tags: q.tags?.join(','), donation: q.donation, batch: q.batch }, { format: template.id, start: q.start, dx: q.dx, dy: q.dy });
  const html = await toHtml(
    <PrintPreview
      v={v}
      template={template}
      title={c.get('t')('labels.preview')}
      back={`/labels?${query}`}
      pagesCss={`/labels/pages.css?v=${PAGES_CSS_VERSION}`}
      pagesSvg={pages.map((page, i) => renderSvgPage(template, page, { outlines: true, usedBefore: i === 0 ? (q.start ?? 1) - 1 : 0 }))}
    />,
  );
  return c.html('<!doctype html>' + html);
});

labelRoutes.post('/labels/blanks', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const input = parseInput(blankBatchSchema, raw, c.get('locale'));
    const batch = await labels.createBlankBatch(c.get('ctx'), actor, input);
    return c.redirect(`/labels?batch=${batch.id}${input.format ? `&format=${input.format}` : ''}`, 303);
  } catch (e) {
    if (e instanceof ValidationError) return landing(c, { issues: e.issues }, 422);
    if (e instanceof AppError && e.status !== 401) return landing(c, { error: c.get('t')(e.key, e.params) }, e.status);
    throw e;
  }
});
