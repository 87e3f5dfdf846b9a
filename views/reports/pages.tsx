import type { Figures } from '../../src/figures/service';
import type { Period } from '../../src/figures/periods';
import type { HubOption } from '../../src/hubs/view-model';
import { formatDate, formatDateTime, formatNumber } from '../../src/i18n/format';
import { ErrorBox, Notice, PostForm, TextArea } from '../components/forms';
import { FiguresBody } from '../figures/dashboard';
import type { View } from '../view';

type Cell = { quarter: string; latest: { id: number; version: number; submitted_at: string } | null };

export function ReportsPage(props: { v: View; quarters: Period[]; rows: { hub: HubOption; cells: Cell[] }[]; canSubmit: boolean; regional: boolean }) {
  const { v } = props;
  return (
    <section>
      <h1>{v.t('reports.title')}</h1>
      <p>{v.t('reports.intro')}</p>
      <h2>{v.t('reports.matrix')}</h2>
      <div class="table-scroll">
        <table class="figures-table report-matrix">
          <thead>
            <tr>
              <th scope="col">{v.t('figures.col.hub')}</th>
              {props.quarters.map((q) => (
                <th scope="col">{q.key}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <th scope="row">{r.hub.name}</th>
                {r.cells.map((c) => (
                  <td>
                    <a href={`/reports/${r.hub.code}/${c.quarter}`}>
                      {c.latest ? `✓ v${c.latest.version} · ${formatDate(v.locale, c.latest.submitted_at)}` : props.canSubmit ? v.t('reports.review') : v.t('reports.notSubmitted')}
                    </a>
                    {c.latest ? <span class="sr-only">{v.t('reports.submitted', { version: c.latest.version, date: formatDate(v.locale, c.latest.submitted_at) })}</span> : null}
                  </td>
                ))}
              </tr>
            ))}
            {props.regional ? (
              <tr class="regional">
                <th scope="row">{v.t('reports.region.link')}</th>
                {props.quarters.map((q) => (
                  <td>
                    <a href={`/reports/region/${q.key}.pdf`}>PDF</a> · <a href={`/reports/region/${q.key}.csv`}>CSV</a>
                  </td>
                ))}
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ReportPage(props: {
  v: View;
  hub: HubOption;
  period: Period;
  live: Figures;
  versions: { id: number; version: number; submitted_at: string; submitted_by: string | null; factor_set: string; displacement: number; note: string | null }[];
  over: boolean;
  changedSince: boolean;
  reachedBack: number;
  latestVersion: number | null;
  canSubmit: boolean;
  notice?: string;
  error?: string;
  issues?: { path: string; message: string }[];
}) {
  const { v } = props;
  const latest = props.versions[0];
  return (
    <section>
      <h1>{v.t('reports.hubTitle', { quarter: props.period.key, hub: props.hub.name })}</h1>
      <Notice message={props.notice} />
      <ErrorBox message={props.error} issues={props.issues} />
      {!props.over ? <p class="alert alert-warn">{v.t('reports.quarterNotOver', { quarter: props.period.key, date: formatDate(v.locale, `${props.period.to}T12:00:00.000Z`) })}</p> : null}
      {props.changedSince ? <p class="alert alert-warn">{v.t('reports.changedSince')}</p> : null}
      {props.reachedBack > 0 ? (
        <p class="alert alert-warn" data-reached-back={props.reachedBack}>
          {v.t('reports.reachedBack', { version: props.latestVersion ?? 1, count: props.reachedBack })}
        </p>
      ) : null}
      <h2>{v.t('reports.versions')}</h2>
      {props.versions.length === 0 ? (
        <p>{v.t('reports.notSubmitted')}</p>
      ) : (
        <ul>
          {props.versions.map((r) => (
            <li>
              <strong>{v.t('reports.version', { version: r.version })}</strong> · {v.t('reports.by', { date: formatDateTime(v.locale, r.submitted_at), who: r.submitted_by ?? '—' })} ·{' '}
              {v.t('reports.frozen', { set: r.factor_set, displacement: formatNumber(v.locale, r.displacement, 2) })} · <a href={`/reports/v/${r.id}.pdf`}>{v.t('reports.pdf')}</a>
              {r.version > 1 ? (
                <span class="muted">
                  {' '}
                  · {v.t('reports.supersedes', { version: r.version - 1, date: formatDateTime(v.locale, props.versions.find((x) => x.version === r.version - 1)?.submitted_at ?? r.submitted_at) })}
                </span>
              ) : null}
              {r.note ? <p class="muted">{r.note}</p> : null}
            </li>
          ))}
        </ul>
      )}
      {props.canSubmit ? (
        <PostForm v={v} action={`/reports/${props.hub.code}/${props.period.key}`}>
          <TextArea id="note" name="note" label={v.t('reports.note')} rows={3} maxlength={2000} />
          <button type="submit">{latest ? v.t('reports.submitCorrection') : v.t('reports.submit')}</button>
        </PostForm>
      ) : null}
      <h2>{v.t('reports.live')}</h2>
      <FiguresBody v={v} figures={props.live} stockTitle={v.t('reports.stockAtEnd', { date: formatDate(v.locale, `${props.period.to}T12:00:00.000Z`) })} />
    </section>
  );
}
