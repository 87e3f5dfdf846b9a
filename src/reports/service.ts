/**
 * Quarterly reports: a coordinator reviews the quarter's figures and submits them. The submission is
 * frozen (figures, factor set, displacement) and never changes; a correction is a new version.
 */
import { check, type Actor } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { addDays, dayOf, previousQuarter, currentQuarter, quarterPeriod, startOfDayUtc, type Period } from '../figures/periods';
import { computeFigures, type Figures } from '../figures/service';
import { DEFAULT_DISPLACEMENT, DEFAULT_FACTOR_SET, round2 } from '../figures/impact';
import { findHubByCode, findHubById, listHubs, type Hub } from '../hubs/public';
import { AppError } from '../shared/errors';
import * as repo from './repository';
import { actorColumns } from '../shared/write/actor';

type Db = Kysely<Database> | Transaction<Database>;

export function quarterOfKey(key: string): { year: number; quarter: number; period: Period } {
  const m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (!m) throw new AppError(422, 'reports.badQuarter');
  const year = Number(m[1]);
  const quarter = Number(m[2]);
  return { year, quarter, period: quarterPeriod(year, quarter) };
}

/**
 * What a submitted report freezes: the quarter's figures, the stock at the quarter's end, and the
 * devices delivered in the quarter that were returned after it ended. Such a return counts in the
 * quarter it happened (its report shows the correction); it is recorded here so that the hub can
 * issue a corrected version of the earlier report, never changing the frozen one.
 */
export type ReportFigures = Figures & { laterReturns?: { devices: number; tags: string[] } };

/** Figures for a report: the quarter's, with the stock at its end and the returns that reached back into it. */
export async function reportFigures(db: Db, hub: Hub, period: Period, now: Date): Promise<ReportFigures> {
  const figures = await computeFigures(db, {
    hubId: hub.id,
    hub: { code: hub.code, name: hub.name },
    period,
    factorSet: DEFAULT_FACTOR_SET,
    displacement: DEFAULT_DISPLACEMENT,
    now,
    stockAt: period.to,
  });
  return { ...figures, laterReturns: await laterReturns(db, hub.id, period) };
}

/** Devices delivered in the quarter whose delivery was undone by a return after the quarter ended. */
async function laterReturns(db: Db, hubId: number, period: Period) {
  const end = startOfDayUtc(addDays(period.to, 1));
  const delivered = await repo.deliveredIn(db, hubId, period.from, period.to);
  const returns = await repo.returnsFrom(db, [...new Set(delivered.map((d) => d.device_id))], startOfDayUtc(period.from));
  const tags = new Set<string>();
  for (const d of delivered) {
    const undoing = returns.find((r) => r.device_id === d.device_id && r.at > d.created_at);
    if (undoing && undoing.at >= end) tags.add(d.tag);
  }
  return { devices: tags.size, tags: [...tags].sort() };
}

/** The headline figures a correction names when they changed from the version it supersedes. */
const COMPARED: [string, (f: ReportFigures) => number][] = [
  ['figures.in.devices', (f) => f.in.devices],
  ['figures.out.delivered', (f) => f.out.delivered ?? f.out.reused],
  ['figures.out.correction', (f) => f.out.returned],
  ['figures.out.net', (f) => f.out.reused],
  ['figures.out.harvested', (f) => f.out.harvested],
  ['figures.out.recycled', (f) => f.out.recycled],
  ['figures.out.recycledKg', (f) => f.out.recycledKg],
  ['figures.work.erased', (f) => f.work.disksErased],
  ['figures.work.destroyed', (f) => f.work.disksDestroyed],
  ['figures.stock.inStock', (f) => f.stock.inStock],
  ['figures.impact.waste', (f) => f.impact.wasteKg],
  ['figures.impact.co2', (f) => f.impact.co2eKg],
  ['figures.people.orgs', (f) => f.people.organisations],
  ['figures.people.beneficiaries', (f) => f.people.beneficiaries],
  ['reports.laterReturns', (f) => f.laterReturns?.devices ?? 0],
];

export type Change = { key: string; before: number; after: number };

/** What changed from one version to the next, figure by figure. */
export function changesBetween(before: ReportFigures, after: ReportFigures): Change[] {
  return COMPARED.map(([key, of]) => ({ key, before: of(before), after: of(after) })).filter((c) => c.before !== c.after);
}

/** The figures that a correction may change: everything but the moment the stock was read. */
export function periodPart(f: Figures) {
  const { stock: _s, ...rest } = f;
  return JSON.stringify({ ...rest, leadMedian: f.stock.leadMedian, leadDelivered: f.stock.leadDelivered, inStock: f.stock.inStock, byState: f.stock.byState });
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
    regional: check(actor, 'figures.region').ok,
  };
}

/** A hub's quarter: today's figures for it, its submitted versions, and whether they still match. */
export async function reportView(ctx: AppContext, actor: Actor, code: string, key: string) {
  const hub = await hubFor(ctx, actor, code, 'report.read');
  const { year, quarter, period } = quarterOfKey(key);
  const [live, versions, latest] = await Promise.all([
    reportFigures(ctx.db, hub, period, ctx.clock.now()),
    repo.versionsOf(ctx.db, hub.id, year, quarter),
    repo.latestFigures(ctx.db, hub.id, year, quarter),
  ]);
  const over = period.to < dayOf(ctx.clock.now());
  const frozen = latest ? (JSON.parse(latest.figures) as ReportFigures) : null;
  const changedSince = frozen ? periodPart(frozen) !== periodPart(live) : false;
  // Returns after the submission that undo deliveries of this quarter: a corrected version can be issued.
  const reachedBack = frozen ? Math.max(0, (live.laterReturns?.devices ?? 0) - (frozen.laterReturns?.devices ?? 0)) : 0;
  return {
    hub,
    period,
    live,
    reachedBack,
    latestVersion: latest?.version ?? null,
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
      const figures = await reportFigures(trx, hub, period, ctx.clock.now());
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
        ...actorColumns(actor, 'submitted_by'),
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
  const figures = JSON.parse(r.figures) as ReportFigures;
  // A correction says which version it supersedes and what changed from it.
  const prev = r.version > 1 ? await repo.previousVersion(ctx.db, r.hub_id, r.year, r.quarter, r.version) : undefined;
  const supersedes = prev ? { id: prev.id, version: prev.version, submittedAt: prev.submitted_at, changes: changesBetween(JSON.parse(prev.figures) as ReportFigures, figures) } : null;
  return { ...r, submitted_by: r.submitter_erased ? null : r.submitted_by, figures, supersedes, quarterKey: `${r.year}-Q${r.quarter}` };
}
export type FrozenReport = Awaited<ReturnType<typeof getReport>>;

export const REGION_COLUMNS = [
  'period_start',
  'period_end',
  'hub_code',
  'hub_name',
  'report_version',
  'received_count',
  'delivered_count',
  'returned_count',
  'reused_count',
  'harvested_count',
  'recycled_count',
  'recycled_kg',
  'waste_prevented_kg',
  'co2e_avoided_kg',
  'returned_after_quarter_count',
  'in_stock_at_end_count',
] as const;
export type RegionRow = Record<(typeof REGION_COLUMNS)[number], string | number>;

/**
 * The Region's consolidated report of a quarter that is over: one row per hub, from its latest
 * submitted (frozen) version, or from today's figures for a hub that has not submitted; the total is
 * the sum of the rows, so it always agrees with the hubs' own reports.
 */
export async function regionalReport(ctx: AppContext, actor: Actor, key: string) {
  if (!check(actor, 'figures.region').ok) throw new AppError(403, 'access.denied');
  const { year, quarter, period } = quarterOfKey(key);
  if (period.to >= dayOf(ctx.clock.now())) throw new AppError(409, 'reports.quarterNotOver', { quarter: period.key, date: period.to });
  const hubs = await listHubs(ctx.db);
  const latest = await repo.latestVersions(ctx.db, [{ year, quarter }]);
  const rows: RegionRow[] = [];
  for (const hub of hubs) {
    const v = latest.find((r) => r.hub_id === hub.id);
    const frozen = v ? await repo.findReport(ctx.db, Number(v.id)) : undefined;
    const f: ReportFigures = frozen ? (JSON.parse(frozen.figures) as ReportFigures) : await reportFigures(ctx.db, hub, period, ctx.clock.now());
    rows.push({
      period_start: period.from,
      period_end: period.to,
      hub_code: hub.code,
      hub_name: hub.name,
      report_version: frozen ? frozen.version : '',
      received_count: f.in.devices,
      delivered_count: f.out.delivered ?? f.out.reused,
      returned_count: f.out.returned,
      reused_count: f.out.reused,
      harvested_count: f.out.harvested,
      recycled_count: f.out.recycled,
      recycled_kg: round2(f.out.recycledKg),
      waste_prevented_kg: f.impact.wasteKg,
      co2e_avoided_kg: f.impact.co2eKg,
      returned_after_quarter_count: f.laterReturns?.devices ?? 0,
      in_stock_at_end_count: f.stock.inStock,
    });
  }
  const total = Object.fromEntries(REGION_COLUMNS.map((c) => [c, ''])) as RegionRow;
  Object.assign(total, { period_start: period.from, period_end: period.to, hub_code: 'REGIONE', hub_name: 'Regione Umbria' });
  for (const c of REGION_COLUMNS) {
    if (!c.endsWith('_count') && !c.endsWith('_kg')) continue;
    total[c] = round2(rows.reduce((s, r) => s + Number(r[c]), 0));
  }
  return { period, rows, total };
}
export type RegionalReport = Awaited<ReturnType<typeof regionalReport>>;
