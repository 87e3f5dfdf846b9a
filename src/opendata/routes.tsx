/** Public, without login: open data files, their DCAT-AP_IT description, and each hub's public page. */
import { Hono, type Context } from 'hono';
import { HubPublicPage, OpenDataPage } from '../../views/opendata/pages';
import { findHubByCode, listHubs } from '../hubs/public';
import type { AppEnv } from '../http/env';
import { renderPage } from '../http/render';
import { AppError } from '../shared/errors';
import { toCsv } from '../shared/csv';
import { parseInput, hubCodeSchema } from '../shared/validate';
import { quarterFileSchema } from './schema';
import * as opendata from './service';

export const openDataRoutes = new Hono<AppEnv>();

const PUBLIC_CACHE = 'public, max-age=300';

function file(c: Context<AppEnv>, name: string, format: 'csv' | 'json', header: readonly string[], rows: Record<string, string | number>[], meta: Record<string, unknown>) {
  if (format === 'csv') {
    const body = toCsv(
      [...header],
      rows.map((r) => header.map((h) => r[h])),
    );
    return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `inline; filename="${name}.csv"`, 'Cache-Control': PUBLIC_CACHE });
  }
  c.header('Cache-Control', PUBLIC_CACHE);
  return c.json({ ...meta, rows });
}

openDataRoutes.get('/opendata', async (c) => {
  const [quarters, hubs] = await Promise.all([opendata.publishedQuarters(c.get('ctx')), listHubs(c.get('ctx').db)]);
  return renderPage(c, c.get('t')('opendata.title'), (v) => <OpenDataPage v={v} quarters={quarters} hubs={hubs} licence={opendata.LICENCE} factorsLicence={opendata.FACTORS_LICENCE} />);
});

openDataRoutes.get('/opendata/figures/:file', async (c) => {
  const { quarter, format } = parseInput(quarterFileSchema, c.req.param('file'), c.get('locale'));
  const { period, provisional } = await opendata.publishedQuarter(c.get('ctx'), quarter);
  const rows = await opendata.quarterFigures(c.get('ctx'), period);
  return file(c, `rigenera-figures-${quarter}`, format, opendata.FIGURE_COLUMNS, rows, {
    dataset: 'rigenera-figures',
    period: { start: period.from, end: period.to },
    provisional,
    method: 'reused_count = delivered_count - returned_count: a return takes back its delivery in the quarter of the return',
    licence: opendata.LICENCE.url,
    estimates: 'waste_prevented_kg and co2e_avoided_* are estimates (The Restart Project method)',
  });
});

openDataRoutes.get('/opendata/recipients/:file', async (c) => {
  const { quarter, format } = parseInput(quarterFileSchema, c.req.param('file'), c.get('locale'));
  const { period, provisional } = await opendata.publishedQuarter(c.get('ctx'), quarter);
  const rows = await opendata.quarterRecipients(c.get('ctx'), period, c.get('locale'));
  return file(c, `rigenera-recipients-${quarter}`, format, opendata.RECIPIENT_COLUMNS, rows, {
    dataset: 'rigenera-recipients',
    period: { start: period.from, end: period.to },
    provisional,
    licence: opendata.LICENCE.url,
  });
});

openDataRoutes.get('/opendata/impact-factors.csv', async (c) => {
  const rows = await opendata.factorRows(c.get('ctx'));
  return file(c, 'rigenera-impact-factors', 'csv', opendata.FACTOR_COLUMNS, rows as unknown as Record<string, string | number>[], {});
});

openDataRoutes.get('/opendata/catalog.jsonld', async (c) => {
  const body = JSON.stringify(await opendata.catalogue(c.get('ctx'), c.get('locale')), null, 2);
  return c.body(body, 200, { 'Content-Type': 'application/ld+json; charset=utf-8', 'Cache-Control': PUBLIC_CACHE });
});

openDataRoutes.get('/hubs/:code', async (c) => {
  const code = parseInput(hubCodeSchema, c.req.param('code'), c.get('locale'));
  const hub = await findHubByCode(c.get('ctx').db, code);
  if (!hub) throw new AppError(404, 'hubs.unknown', { hub: code });
  const data = await opendata.hubHeadlines(c.get('ctx'), hub.id);
  c.header('Cache-Control', PUBLIC_CACHE);
  return renderPage(c, hub.name, (v) => <HubPublicPage v={v} hub={hub} {...data} />);
});
