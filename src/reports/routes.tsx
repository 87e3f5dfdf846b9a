import { Hono, type Context } from 'hono';
import { ReportPage, ReportsPage } from '../../views/reports/pages';
import { renderDocument } from '../documents/pdf';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure, type FormFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { parseInput, hubCodeSchema } from '../shared/validate';
import { regionalDocument, reportDocument } from './document';
import { toCsv } from '../shared/csv';
import { quarterKeySchema, reportFormSchema, reportIdSchema } from './schema';
import * as reports from './service';

export const reportRoutes = new Hono<AppEnv>();

reportRoutes.get('/reports', async (c) => {
  const actor = requireActor(c);
  const data = await reports.overview(c.get('ctx'), actor);
  return renderPage(c, c.get('t')('reports.title'), (v) => <ReportsPage v={v} {...data} />, { wide: true });
});

// The Region's consolidated report of a quarter, as a PDF and as CSV (before /reports/:hub/:quarter).
reportRoutes.get('/reports/region/:file{[0-9]{4}-Q[1-4]\\.(pdf|csv)}', async (c) => {
  const actor = requireActor(c);
  const file = c.req.param('file');
  const key = parseInput(quarterKeySchema, file.slice(0, 7), c.get('locale'));
  const report = await reports.regionalReport(c.get('ctx'), actor, key);
  const name = `rapporto-regionale-${key}`;
  if (file.endsWith('.csv')) {
    const body = toCsv(
      [...reports.REGION_COLUMNS],
      [...report.rows, report.total].map((r) => reports.REGION_COLUMNS.map((h) => r[h])),
    );
    return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"`, 'Cache-Control': 'private, no-store' });
  }
  const pdf = await renderDocument(regionalDocument(c.get('locale'), report));
  return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${name}.pdf"`, 'Cache-Control': 'private, no-store' });
});

// Before /reports/:hub/:quarter, which would otherwise take "v" for a hub.
reportRoutes.get('/reports/v/:file{[0-9]+\\.pdf}', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(reportIdSchema, c.req.param('file').replace(/\.pdf$/, ''), c.get('locale'));
  const report = await reports.getReport(c.get('ctx'), actor, id);
  const pdf = await renderDocument(reportDocument(c.get('locale'), report));
  const name = `rapporto-${report.hub_code}-${report.quarterKey}-v${report.version}.pdf`;
  return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${name}"`, 'Cache-Control': 'private, no-store' });
});

async function reportPage(c: Context<AppEnv>, code: string, key: string, extra: Partial<FormFailure> & { notice?: string } = {}) {
  const actor = requireActor(c);
  const view = await reports.reportView(c.get('ctx'), actor, code, key);
  return renderPage(
    c,
    c.get('t')('reports.hubTitle', { quarter: view.period.key, hub: view.hub.name }),
    (v) => <ReportPage v={v} {...view} notice={extra.notice} error={extra.error} issues={extra.issues} />,
    {
      status: extra.status ?? 200,
      wide: true,
    },
  );
}

function params(c: Context<AppEnv>) {
  return { code: parseInput(hubCodeSchema, c.req.param('hub'), c.get('locale')), key: parseInput(quarterKeySchema, c.req.param('quarter'), c.get('locale')) };
}

reportRoutes.get('/reports/:hub/:quarter', (c) => {
  const { code, key } = params(c);
  const done = Number(c.req.query('done'));
  return reportPage(c, code, key, Number.isInteger(done) && done > 0 ? { notice: c.get('t')('reports.done', { version: done }) } : {});
});

reportRoutes.post('/reports/:hub/:quarter', async (c) => {
  const actor = requireActor(c);
  const { code, key } = params(c);
  try {
    const input = parseInput(reportFormSchema, await readForm(c), c.get('locale'));
    const result = await reports.submitReport(c.get('ctx'), actor, { hub: code, quarter: key, note: input.note });
    return c.redirect(`/reports/${result.hub}/${result.quarter}?done=${result.version}`, 303);
  } catch (e) {
    return reportPage(c, code, key, formFailure(e, c.get('t')));
  }
});
