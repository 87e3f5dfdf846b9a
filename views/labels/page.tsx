import { ProgressBox } from '../exports/links';
import { raw } from 'hono/html';
import type { LabelTemplate } from '../../src/labels/templates';
import { formatDate } from '../../src/i18n/format';
import { Csrf, ErrorBox, Field, Select } from '../components/forms';
import type { View } from '../view';

export type LabelSelection = { tags?: string; donation?: number; batch?: number };

/** The query string of a selection and its print options, for links to the file and the preview. */
export function labelQuery(sel: LabelSelection, opts: { format: string; start?: number; dx?: number; dy?: number }): string {
  const s = new URLSearchParams();
  if (sel.tags) s.set('tags', sel.tags);
  if (sel.donation) s.set('donation', String(sel.donation));
  if (sel.batch) s.set('batch', String(sel.batch));
  s.set('format', opts.format);
  if (opts.start && opts.start > 1) s.set('start', String(opts.start));
  if (opts.dx) s.set('dx', String(opts.dx));
  if (opts.dy) s.set('dy', String(opts.dy));
  return s.toString();
}

export function LabelsPage(p: {
  v: View;
  selection: LabelSelection;
  tags: string[];
  template: LabelTemplate;
  templates: readonly LabelTemplate[];
  start: number;
  dx: number;
  dy: number;
  pages: number;
  firstPageSvg: string;
}) {
  const { v, template: t } = p;
  const query = labelQuery(p.selection, { format: t.id, start: p.start, dx: p.dx, dy: p.dy });
  const perPage = t.columns * t.rows;
  const spill = perPage > 1 && p.start > 1 ? Math.max(0, p.tags.length - (perPage - p.start + 1)) : 0;
  return (
    <section>
      <link rel="stylesheet" href={v.asset('labels.css')} />
      <script src={v.asset('labels.js')} defer></script>
      <h1>{v.t('labels.count', { count: p.tags.length })}</h1>
      <p class="muted tag-list">{v.t('labels.tagsShown', { tags: p.tags.slice(0, 12).join(', ') + (p.tags.length > 12 ? ', …' : '') })}</p>
      <form method="get" action="/labels" class="label-options">
        {p.selection.tags ? <input type="hidden" name="tags" value={p.selection.tags} /> : null}
        {p.selection.donation ? <input type="hidden" name="donation" value={String(p.selection.donation)} /> : null}
        {p.selection.batch ? <input type="hidden" name="batch" value={String(p.selection.batch)} /> : null}
        <Select id="format" name="format" label={v.t('labels.format')} value={t.id} options={p.templates.map((x) => ({ value: x.id, label: v.t(`labels.format.${x.id}` as never) }))} />
        <p class="hint">{v.t('labels.stock', { stock: t.stock })}</p>
        {perPage > 1 ? (
          <Field id="start" name="start" type="number" min="1" max={String(perPage)} label={v.t('labels.start')} hint={v.t('labels.start.hint', { max: perPage })} value={String(p.start)} />
        ) : null}
        {t.output === 'pdf' ? (
          <fieldset>
            <legend>{v.t('labels.offset')}</legend>
            <p class="hint">{v.t('labels.offset.hint')}</p>
            <div class="grid-2">
              <Field id="dx" name="dx" label={v.t('labels.dx')} inputmode="decimal" value={String(p.dx)} pattern="-?[0-9]+([.,][0-9]+)?" />
              <Field id="dy" name="dy" label={v.t('labels.dy')} inputmode="decimal" value={String(p.dy)} pattern="-?[0-9]+([.,][0-9]+)?" />
            </div>
          </fieldset>
        ) : null}
        <button type="submit" class="secondary">
          {v.t('labels.update')}
        </button>
      </form>
      <div class="actions-row">
        {/* A sheet of hundreds of labels takes seconds to draw: the page shows that it is coming. */}
        <a
          class="button"
          href={`/api/v1/labels?${query}`}
          data-label-link="/api/v1/labels"
          id="label-download"
          download
          data-download="label-progress"
          data-preparing={v.t('exports.labelsPreparing', { count: p.tags.length })}
          data-done={v.t('exports.done')}
        >
          {v.t(t.output === 'zpl' ? 'labels.download.zpl' : 'labels.download.pdf')}
        </a>
        <a class="button secondary" href={`/labels/preview?${query}`} data-label-link="/labels/preview">
          {v.t('labels.preview')}
        </a>
      </div>
      {/* Starting part-way down a sheet, the labels that do not fit continue on a new one: said before printing. */}
      {spill > 0 ? (
        <p class="alert alert-warn" id="label-spill">
          {v.t('labels.spill', { start: p.start, fit: perPage - p.start + 1, rest: spill, sheets: p.pages })}
        </p>
      ) : null}
      <ProgressBox v={v} id="label-progress" />
      <script src={v.asset('progress.js')} defer></script>
      <p class="alert alert-warn">{v.t(t.output === 'zpl' ? 'labels.zplHint' : t.kind === 'sheet' ? 'labels.printHint' : 'labels.qlHint')}</p>
      <h2>
        {v.t('labels.previewFirst')} <span class="muted">· {v.t('labels.pages', { pages: p.pages })}</span>
      </h2>
      <div class="label-preview">{raw(p.firstPageSvg)}</div>
    </section>
  );
}

export function LabelsLanding(p: {
  v: View;
  canCreateBlanks: boolean;
  hubs: { code: string; name: string }[] | null;
  batches: { id: number; count: number; first_tag: string; last_tag: string; created_at: string; hub_code: string; claimed: number }[];
  error?: string;
  issues?: { path: string; message: string }[];
}) {
  const { v } = p;
  return (
    <section>
      <h1>{v.t('labels.title')}</h1>
      <p>{v.t('labels.intro')}</p>
      <h2>{v.t('labels.blanks.title')}</h2>
      <p>{v.t('labels.blanks.intro')}</p>
      <ErrorBox message={p.error} issues={p.issues} />
      {p.canCreateBlanks ? (
        <form method="post" action="/labels/blanks">
          <Csrf v={v} />
          {p.hubs ? (
            <Select id="blank-hub" name="hub" label={v.t('field.hub')} options={[{ value: '', label: '—' }, ...p.hubs.map((h) => ({ value: h.code, label: `${h.name} (${h.code})` }))]} />
          ) : null}
          <Field id="blank-count" name="count" type="number" min="1" max="1000" label={v.t('labels.blanks.count')} value="21" required />
          <button type="submit">{v.t('labels.blanks.create')}</button>
        </form>
      ) : null}
      {p.batches.length ? (
        <>
          <h3>{v.t('labels.blanks.recent')}</h3>
          <ul class="batches">
            {p.batches.map((b) => (
              <li>
                <strong>{v.t('labels.blanks.batch', { id: b.id })}</strong> · {formatDate(v.locale, b.created_at)} · {b.hub_code} ·{' '}
                {v.t('labels.blanks.range', { count: b.count, first: b.first_tag, last: b.last_tag })}
                {b.claimed ? ` · ${v.t('labels.blanks.claimed', { claimed: b.claimed })}` : ''} · <a href={`/labels?batch=${b.id}`}>{v.t('labels.blanks.reprint')}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
