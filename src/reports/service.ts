/**
 * Quarterly reports: a coordinator reviews the quarter's figures and submits them. The submission is
 * frozen (figures, factor set, displacement) and never changes; a correction is a new version.
 */
import { check, type Actor } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import { dayOf, previousQuarter, currentQuarter, quarterPeriod, type Period } from '../figures/periods';
import { computeFigures, type Figures } from '../figures/service';
import { DEFAULT_DISPLACEMENT, DEFAULT_FACTOR_SET } from '../figures/impact';
import { findHubByCode, findHubById, listHubs, type Hub } from '../hubs/repository';
import { AppError } from '../shared/errors';
import * as repo from './repository';

export function quarterOfKey(key: string): { year: number; quarter: number; period: Period } {
  const m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (!m) throw new AppError(422, 'reports.badQuarter');
  const year = Number(m[1]);
  const quarter = Number(m[2]);
  return { year, quarter, period: quarterPeriod(year, quarter) };
}

/** The figures that a correction may change: everything but the stock, which moves every day. */
export function periodPart(f: Figures) {
  const { stock: _s, ...rest } = f;
  return JSON.stringify({ ...rest, leadMedian: f.stock.leadMedian, leadDelivered: f.stock.leadDelivered });
}

async function hubFor(ctx: AppContext, actor: Actor, code: string, capability: 'report.read' | 'report.submit'): Promise<Hub> {
  const hub = await findHubByCode(ctx.db, code);
  if (!hub) throw new AppError(404, 'hubs.unknown', { hub: code });
  const decision = check(actor, capability, { hubId: hub.id });
  if (!decision.ok) throw new AppError(403, decision.reason === 'hub' ? 'figures.otherHub' : 'access.denied', { hub: hub.name });
  return hub;
}

/** The last eight quarters up to the latest one that is over, newest first. */
export function recentQuarters(ctx: AppContext, count = 8): Period[] {
  let p = previousQuarter(currentQuarter(dayOf(ctx.clock.now())));
  const out: Period[] = [];
  for (let i = 0; i < count; i++) {
    out.push(p);
    p = previousQuarter(p);
  }
  return out;
}

/** Which hubs submitted which quarters: every hub for the region, the coordinator's own hub for a coordinator. */
export async function overview(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'report.read').ok) throw new AppError(403, 'access.denied');
  const quarters = recentQuarters(ctx);
  const all = await listHubs(ctx.db);
  const hubs = check(actor, 'figures.region').ok ? all : all.filter((h) => h.id === actor.hubId);
  const keyOf = (p: Period) => ({ year: Number(p.key.slice(0, 4)), quarter: Number(p.key.slice(6)) });
  const latest = await repo.latestVersions(ctx.db, quarters.map(keyOf), hubs.length === 1 ? hubs[0]!.id : undefined);
  const cell = (hubId: number, p: Period) => {
    const k = keyOf(p);
    return latest.find((r) => r.hub_id === hubId && r.year === k.year && r.quarter === k.quarter) ?? null;
  };
  return {
    quarters,
    rows: hubs.map((h) => ({ hub: h, cells: quarters.map((p) => ({ quarter: p.key, latest: cell(h.id, p) })) })),
    canSubmit: check(actor, 'report.submit').ok,
  };
}

/** A hub's quarter: today's figures for it, its submitted versions, and whether they still match. */
export async function reportView(ctx: AppContext, actor: Actor, code: string, key: string) {
  const hub = await hubFor(ctx, actor, code, 'report.read');
  const { year, quarter, period } = quarterOfKey(key);
  const [live, versions, latest] = await Promise.all([
    computeFigures(ctx.db, { hubId: hub.id, hub: { code: hub.code, name: hub.name }, period, now: ctx.clock.now() }),
    repo.versionsOf(ctx.db, hub.id, year, quarter),
    repo.latestFigures(ctx.db, hub.id, year, quarter),
  ]);
  const over = period.to < dayOf(ctx.clock.now());
  const changedSince = latest ? periodPart(JSON.parse(latest.figures) as Figures) !== periodPart(live) : false;
  return {
    hub,
    period,
    live,
    versions: versions.map((r) => ({ ...r, submitted_by: r.submitter_erased ? null : r.submitted_by })),
    over,
    changedSince,
    canSubmit: check(actor, 'report.submit', { hubId: hub.id }).ok && over,
  };
}

/**
 * Submits the quarter's figures as a new version, frozen with the factor set and displacement they
 * used. A quarter that is not over yet cannot be submitted; a correction that changes nothing is refused.
 */
export async function submitReport(ctx: AppContext, actor: Actor, input: { hub: string; quarter: string; note?: string }) {
  const hub = await hubFor(ctx, actor, input.hub, 'report.submit');
  const { year, quarter, period } = quarterOfKey(input.quarter);
  const today = dayOf(ctx.clock.now());
  if (period.to >= today) throw new AppError(409, 'reports.quarterNotOver', { quarter: period.key, date: period.to });
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const figures = await computeFigures(trx, {
        hubId: hub.id,
        hub: { code: hub.code, name: hub.name },
        period,
        factorSet: DEFAULT_FACTOR_SET,
        displacement: DEFAULT_DISPLACEMENT,
        now: ctx.clock.now(),
      });
      const latest = await repo.latestFigures(trx, hub.id, year, quarter);
      if (latest && periodPart(JSON.parse(latest.figures) as Figures) === periodPart(figures)) throw new AppError(409, 'reports.noChange');
      const version = (latest?.version ?? 0) + 1;
      const id = await repo.insertReport(trx, {
        hub_id: hub.id,
        year,
        quarter,
        version,
        factor_set: figures.impact.factorSet,
        displacement: figures.impact.displacement,
        figures: JSON.stringify(figures),
        note: input.note ?? null,
        submitted_by_user_id: actor.kind === 'user' ? actor.id : null,
        submitted_by_token_id: actor.kind === 'token' ? actor.id : null,
        submitted_at: nowIso(ctx),
      });
      return { id, hub: hub.code, quarter: period.key, version, factorSet: figures.impact.factorSet, displacement: figures.impact.displacement, figures };
    });
  } catch (e) {
    // Two submissions at the same moment: one version each would be wrong; the second is told.
    if (isUniqueViolation(e)) throw new AppError(409, 'reports.noChange');
    throw e;
  }
}

/** A submitted version exactly as it was frozen. */
export async function getReport(ctx: AppContext, actor: Actor, id: number) {
  const r = await repo.findReport(ctx.db, id);
  if (!r) throw new AppError(404, 'reports.unknown');
  const hub = await findHubById(ctx.db, r.hub_id);
  if (!check(actor, 'report.read', { hubId: r.hub_id }).ok || !hub) throw new AppError(404, 'reports.unknown');
  return { ...r, submitted_by: r.submitter_erased ? null : r.submitted_by, figures: JSON.parse(r.figures) as Figures, quarterKey: `${r.year}-Q${r.quarter}` };
}
export type FrozenReport = Awaited<ReturnType<typeof getReport>>;
