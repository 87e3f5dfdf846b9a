import { DEVICE_TYPES } from '../../src/devices/device-types';
import { DONOR_KINDS } from '../../src/donations/tables';
import type { HubOption } from '../../src/hubs/view-model';
import { formatDateTime, formatNumber } from '../../src/i18n/format';
import { IMPORT_FIELDS, type ImportDefaults, type Mapping, type RowProblem } from '../../src/imports/fields';
import type { DryRun } from '../../src/imports/service';
import type { Cell } from '../../src/shared/spreadsheet';
import { ErrorBox, Field, Notice, PostForm, Select } from '../components/forms';
import { typeLabel } from '../components/state-badge';
import type { View } from '../view';

const cellText = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c));

export function ImportListPage(p: {
  v: View;
  hubs: HubOption[] | null;
  imports: { id: number; file_name: string; status: string; total_rows: number; created_count: number; skipped_count: number; created_at: string; hub_code: string }[];
  error?: string;
  issues?: { path: string; message: string }[];
}) {
  const { v } = p;
  return (
    <section>
      <h1>{v.t('imports.title')}</h1>
      <p>{v.t('imports.intro')}</p>
      <ErrorBox message={p.error} issues={p.issues} />
      <PostForm v={v} action="/imports" enctype="multipart/form-data">
        {p.hubs ? <Select id="hub" name="hub" label={v.t('imports.hub')} required options={p.hubs.map((h) => ({ value: h.code, label: h.name }))} /> : null}
        <div class="field">
          <label for="file">{v.t('imports.file')}</label>
          <input id="file" name="file" type="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </div>
        <button type="submit">{v.t('imports.upload')}</button>
      </PostForm>
      <details class="action">
        <summary>{v.t('imports.headers')}</summary>
        <p class="pad">{v.t('imports.headers.text')}</p>
      </details>
      <h2>{v.t('imports.recent')}</h2>
      {p.imports.length === 0 ? (
        <p>{v.t('imports.none')}</p>
      ) : (
        <ul class="request-list">
          {p.imports.map((i) => (
            <li>
              <a href={`/imports/${i.id}`}>{v.t('imports.mapping.title', { id: i.id, file: i.file_name })}</a> <span class="badge">{v.t(`imports.status.${i.status}` as never)}</span>
              <br />
              <span class="muted">
                {i.hub_code} · {formatDateTime(v.locale, i.created_at)} · {v.t('imports.rows', { count: formatNumber(v.locale, i.total_rows) })}
                {i.status === 'done' ? ` · ${v.t('imports.done', { created: formatNumber(v.locale, i.created_count), skipped: formatNumber(v.locale, i.skipped_count) })}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Problems(p: { v: View; rows: { row: number; problems: RowProblem[] }[] }) {
  const { v } = p;
  return (
    <div class="table-wrap">
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">{v.t('imports.row')}</th>
            <th scope="col">{v.t('imports.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td data-label={v.t('imports.row')}>{formatNumber(v.locale, r.row)}</td>
              <td data-label={v.t('imports.problems')}>
                <ul class="plain">
                  {r.problems.map((x) => (
                    <li>{v.locale === 'en' ? x.en : x.it}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const SHOWN_PROBLEMS = 200;

export function ImportMappingPage(p: {
  v: View;
  id: number;
  file: string;
  totalRows: number;
  header: Cell[];
  mapping: Mapping;
  defaults: ImportDefaults;
  samples: { row: number; cells: Cell[] }[];
  dry?: DryRun;
  error?: string;
  issues?: { path: string; message: string }[];
}) {
  const { v } = p;
  const options = [{ value: '', label: v.t('imports.field.ignore') }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: v.t(`imports.field.${f}` as never) }))];
  return (
    <section>
      <h1>{v.t('imports.mapping.title', { id: p.id, file: p.file })}</h1>
      <p>{v.t('imports.mapping.summary', { rows: formatNumber(v.locale, p.totalRows), columns: p.header.length })}</p>
      <ErrorBox message={p.error} issues={p.issues} />
      <PostForm v={v} action={`/imports/${p.id}/mapping`}>
        <div class="table-wrap">
          <table class="cards mapping">
            <thead>
              <tr>
                <th scope="col">{v.t('imports.mapping.column')}</th>
                <th scope="col">{v.t('imports.mapping.examples')}</th>
                <th scope="col">{v.t('imports.mapping.field')}</th>
              </tr>
            </thead>
            <tbody>
              {p.header.map((h, i) => (
                <tr>
                  <th scope="row" data-label={v.t('imports.mapping.column')}>
                    {cellText(h) || `#${i + 1}`}
                  </th>
                  <td data-label={v.t('imports.mapping.examples')} class="muted">
                    {p.samples
                      .map((s) => cellText(s.cells[i]))
                      .filter(Boolean)
                      .slice(0, 3)
                      .join(' · ')}
                  </td>
                  <td data-label={v.t('imports.mapping.field')}>
                    <label class="sr-only" for={`col-${i}`}>
                      {v.t('imports.mapping.fieldFor', { column: cellText(h) || `#${i + 1}` })}
                    </label>
                    <select id={`col-${i}`} name={`columns.${i}`}>
                      {options.map((o) => (
                        <option value={o.value} selected={o.value === (p.mapping[i] ?? '')}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <fieldset>
          <legend>{v.t('imports.defaults')}</legend>
          <p class="hint">{v.t('imports.defaults.hint')}</p>
          <Select
            id="donorKind"
            name="donorKind"
            label={v.t('field.donorKind')}
            value={p.defaults.donorKind ?? ''}
            options={[{ value: '', label: '—' }, ...DONOR_KINDS.map((k) => ({ value: k, label: v.t(`donorKind.${k}`) }))]}
          />
          <Field id="donorName" name="donorName" label={v.t('field.name')} value={p.defaults.donorName} maxlength={200} autocomplete="off" />
          <Field id="donorTaxCode" name="donorTaxCode" label={v.t('field.taxCode')} value={p.defaults.donorTaxCode} hint={v.t('donations.taxCode.hint')} autocomplete="off" />
          <Field id="receivedAt" name="receivedAt" type="date" label={v.t('field.receivedAt')} value={p.defaults.receivedAt} />
          <Select
            id="typeFallback"
            name="typeFallback"
            label={v.t('imports.typeFallback')}
            value={p.defaults.typeFallback ?? ''}
            options={[{ value: '', label: v.t('imports.typeFallback.none') }, ...DEVICE_TYPES.map((t) => ({ value: t, label: typeLabel(v, t) }))]}
          />
        </fieldset>
        <button type="submit" class={p.dry ? 'secondary' : undefined}>
          {v.t('imports.check')}
        </button>
      </PostForm>
      {p.dry ? <DryRunResult v={v} id={p.id} dry={p.dry} /> : null}
    </section>
  );
}

function DryRunResult(p: { v: View; id: number; dry: DryRun }) {
  const { v, dry } = p;
  return (
    <section aria-labelledby="dry-title">
      <h2 id="dry-title">{v.t('imports.dry.title')}</h2>
      <div class={`alert ${dry.problemRows ? 'alert-warn' : 'alert-ok'}`} role="status">
        <p>{v.t('imports.dry.ok', { rows: formatNumber(v.locale, dry.okRows), devices: formatNumber(v.locale, dry.devices) })}</p>
        <p>{dry.problemRows ? v.t('imports.dry.problems', { rows: formatNumber(v.locale, dry.problemRows) }) : v.t('imports.dry.none')}</p>
      </div>
      {dry.okRows > 0 ? (
        <PostForm v={v} action={`/imports/${p.id}/start`}>
          <input type="hidden" name="confirm" value="1" />
          <button type="submit" class="big">
            {v.t('imports.start', { rows: formatNumber(v.locale, dry.okRows) })}
          </button>
        </PostForm>
      ) : (
        <p class="alert alert-error">{v.t('imports.nothingToImport')}</p>
      )}
      {dry.problems.length ? (
        <>
          {dry.problems.length > SHOWN_PROBLEMS ? <p>{v.t('imports.dry.shown', { shown: SHOWN_PROBLEMS })}</p> : null}
          <p>
            <a href={`/imports/${p.id}/problems.csv`} download>
              {v.t('imports.dry.download')}
            </a>
          </p>
          <Problems v={v} rows={dry.problems.slice(0, SHOWN_PROBLEMS)} />
        </>
      ) : null}
    </section>
  );
}

export type Progress = {
  id: number;
  file: string;
  status: string;
  totalRows: number;
  processedRows: number;
  created: number;
  skipped: number;
  percent: number;
  resumable: boolean;
};

export function progressText(v: View, p: Progress) {
  return v.t('imports.progress.text', {
    done: formatNumber(v.locale, p.processedRows),
    total: formatNumber(v.locale, p.totalRows),
    percent: p.percent,
    created: formatNumber(v.locale, p.created),
    skipped: formatNumber(v.locale, p.skipped),
  });
}

export function ImportProgressPage(p: {
  v: View;
  progress: Progress;
  donations: { id: number; device_count: number }[];
  skipped: { row: number; problems: RowProblem[] }[];
  notice?: string;
  error?: string;
}) {
  const { v, progress: pr } = p;
  const live = pr.status === 'queued' || pr.status === 'running';
  return (
    <section>
      <h1>{v.t('imports.progress.title', { id: pr.id, file: pr.file })}</h1>
      <Notice message={p.notice} />
      <ErrorBox message={p.error} />
      <div class="progress-box" data-progress-url={live ? `/api/v1/imports/${pr.id}` : undefined} data-progress-template={v.t('imports.progress.text')}>
        <label for="import-progress">{v.t('imports.progress.label')}</label>
        <progress id="import-progress" max="100" value={String(pr.percent)}>
          {pr.percent}%
        </progress>
        <p aria-live="polite" data-progress-text>
          {progressText(v, pr)}
        </p>
        {live ? (
          <p class="muted">
            {v.t('imports.progress.wait')} <a href={`/imports/${pr.id}`}>{v.t('imports.progress.refresh')}</a>
          </p>
        ) : null}
      </div>
      {pr.status === 'done' ? (
        <p class="alert alert-ok" role="status">
          {v.t('imports.done', { created: formatNumber(v.locale, pr.created), skipped: formatNumber(v.locale, pr.skipped) })}
        </p>
      ) : null}
      {pr.resumable ? (
        <div class="alert alert-warn" role="alert">
          <p>{pr.status === 'failed' ? v.t('imports.failedNotice') : v.t('imports.stalled')}</p>
          <PostForm v={v} action={`/imports/${pr.id}/start`}>
            <input type="hidden" name="confirm" value="1" />
            <button type="submit">{v.t('imports.resume')}</button>
          </PostForm>
        </div>
      ) : null}
      {p.donations.length ? (
        <>
          <h2>{v.t('imports.donations')}</h2>
          <ul class="request-list">
            {p.donations.map((d) => (
              <li>
                <a href={`/donations/${d.id}`}>{v.t('imports.donationLink', { id: d.id, count: formatNumber(v.locale, d.device_count) })}</a>
                {' · '}
                <a href={`/labels?donation=${d.id}`}>{v.t('imports.printLabels')}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.skipped.length ? (
        <>
          <h2>{v.t('imports.skipped.title')}</h2>
          {pr.skipped > SHOWN_PROBLEMS ? <p>{v.t('imports.dry.shown', { shown: SHOWN_PROBLEMS })}</p> : null}
          <p>
            <a href={`/imports/${pr.id}/skipped.csv`} download>
              {v.t('imports.skipped.download')}
            </a>
          </p>
          <Problems v={v} rows={p.skipped} />
        </>
      ) : null}
      <script src={v.asset('progress.js')} defer></script>
    </section>
  );
}
