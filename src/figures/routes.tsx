import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import { DashboardPage, DisksPage } from '../../views/figures/dashboard';
import { can } from '../access/policy';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage, toHtml, viewOf } from '../http/render';
import { AppError } from '../shared/errors';
import { parseInput, hubCodeSchema } from '../shared/validate';
import { findHubById } from '../hubs/public';
import { cachedDashboard } from './dashboard-cache';
import { parsePeriod } from './periods';
import { diskQuerySchema, figureQuerySchema } from './schema';
import * as figures from './service';

export const figureRoutes = new Hono<AppEnv>();

export function queryOf(c: Context<AppEnv>, besides: string[] = []) {
  const query = c.req.query();
  for (const k of besides) delete query[k];
  const q = parseInput(figureQuerySchema, query, c.get('locale'));
  return { q, period: figures.resolvePeriod(c.get('ctx'), q, parsePeriod) };
}

/** Coordinators land on their hub's figures; the region and administrators on the region's. */
figureRoutes.get('/figures', (c) => {
  const actor = requireActor(c);
  const search = new URL(c.req.url).search;
  if (can(actor, 'figures.region')) return c.redirect(`/figures/region${search}`, 303);
  if (can(actor, 'figures.read') && actor.hubId !== null) return c.redirect(`/figures/hub/${encodeURIComponent(String(actor.hubId))}${search}`, 303);
  throw new AppError(403, 'access.denied');
});

figureRoutes.get('/figures/region', async (c) => {
  const actor = requireActor(c);
  figures.requireRegion(actor);
  const { q, period } = queryOf(c);
  const title = c.get('t')('figures.title.region');
  const body = await cachedDashboard(c.get('ctx'), figures.dashboardKey('region', period, q, c.get('locale')), async () => {
    const data = await figures.regionFigures(c.get('ctx'), actor, period, q);
    const v = viewOf(c);
    return toHtml(
      <DashboardPage
        v={v}
        title={title}
        action="/figures/region"
        figures={data.figures}
        monthly={data.monthly}
        compared={data.compared}
        hubLinks={data.hubs}
        extraLinks={[
          { href: '/reports', label: v.t('figures.reports') },
          { href: '/opendata', label: v.t('figures.opendata') },
        ]}
      />,
    );
  });
  return renderPage(c, title, () => raw(body), { wide: true });
});

/** The disks behind "disks erased" or "disks destroyed": each one, with its device, and their count. */
figureRoutes.get('/figures/disks', async (c) => {
  const actor = requireActor(c);
  const { outcome, hub } = parseInput(diskQuerySchema, { outcome: c.req.query('outcome'), hub: c.req.query('hub') }, c.get('locale'));
  const { period } = queryOf(c, ['outcome', 'hub']);
  const data = await figures.disksBehind(c.get('ctx'), actor, { outcome, hub }, period);
  const title = c.get('t')(outcome === 'destroyed' ? 'figures.work.destroyed' : 'figures.work.erased');
  return renderPage(c, title, (v) => <DisksPage v={v} title={title} {...data} />, { wide: true });
});

figureRoutes.get('/figures/hub/:code', async (c) => {
  const actor = requireActor(c);
  let code = c.req.param('code');
  // /figures sends a coordinator here by hub id; the page's own address uses the hub's code.
  if (/^\d+$/.test(code)) {
    const hub = await findHubById(c.get('ctx').db, Number(code));
    if (hub) return c.redirect(`/figures/hub/${hub.code}${new URL(c.req.url).search}`, 303);
  }
  code = parseInput(hubCodeSchema, code, c.get('locale'));
  const hub = await figures.readableHub(c.get('ctx'), actor, code);
  const { q, period } = queryOf(c);
  const title = c.get('t')('figures.title.hub', { hub: hub.name });
  const body = await cachedDashboard(c.get('ctx'), figures.dashboardKey(`hub:${hub.id}`, period, q, c.get('locale')), async () => {
    const data = await figures.figuresOfHub(c.get('ctx'), hub, period, q);
    const v = viewOf(c);
    return toHtml(
      <DashboardPage
        v={v}
        title={title}
        action={`/figures/hub/${data.hub.code}`}
        figures={data.figures}
        monthly={data.monthly}
        extraLinks={[
          { href: '/reports', label: v.t('figures.reports') },
          { href: `/hubs/${data.hub.code}`, label: v.t('figures.publicPage') },
        ]}
      />,
    );
  });
  return renderPage(c, title, () => raw(body), { wide: true });
});
