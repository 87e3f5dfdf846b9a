/**
 * The figures of a hub, or of the whole region, over any period: read from the running totals (a few
 * hundred rows whatever the size of the history), with the impact estimated at read time.
 */
import type { Kysely, Transaction } from 'kysely';
import { check, type Actor } from '../access/policy';
import type { AppContext } from '../context';
import type { Database } from '../db/schema';
import { stockByState } from '../devices/public';
import { findHubByCode, listHubs, type Hub } from '../hubs/public';
import { DEVICE_STATES, ON_SITE_STATES } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { splitTypeClass } from './classes';
import { METRIC } from './deltas';
import { computeImpact, DEFAULT_DISPLACEMENT, DEFAULT_FACTOR_SET, type FactorSet, type Impact } from './impact';
import { addDays, buckets, currentQuarter, dayOf, lastTwelveMonths, leadBucketEnd, singleBucket, startOfDayUtc, type Period } from './periods';
import * as repo from './repository';

type Db = Kysely<Database> | Transaction<Database>;

export type Breakdown = { key: string; n: number; kg?: number };

export type Figures = {
  hub: { code: string; name: string } | null;
  period: Period;
  in: {
    devices: number;
    weighedDevices: number;
    weighedKg: number;
    byType: Breakdown[];
    byClass: Breakdown[];
    byDonorKind: Breakdown[];
    donations: number;
    donationsByKind: Breakdown[];
    donors: number;
  };
  out: {
    /** Net reuse: devices delivered in the period, less those returned in it (each return undoes one delivery). */
    reused: number;
    /** Gross: every delivery in the period. */
    delivered: number;
    reusedByType: Breakdown[];
    reusedByClass: Breakdown[];
    reusedByRecipientKind: Breakdown[];
    harvested: number;
    harvestedByType: Breakdown[];
    parts: Breakdown[];
    recycled: number;
    recycledKg: number;
    recycledByClass: Breakdown[];
    raeeShipments: number;
    raeeShippedKg: number;
    /** Returns in the period: the correction line, with the reuse, kg and CO2e each one took back. */
    returned: number;
    takenBack: { wasteKg: number; co2eKg: number };
  };
  work: { disksErased: number; disksDestroyed: number; installs: Breakdown[] };
  stock: {
    /** When the stock was read: "now" for a dashboard, the moment of submission for a report. */
    asOf: string;
    byState: Breakdown[];
    inStock: number;
    age: Breakdown[];
    /** Median days from the start of a cycle (intake or return) to delivery, for devices delivered in the period. */
    leadMedian: { from: number; to: number | null } | null;
    leadDelivered: number;
  };
  impact: Impact;
  people: { organisations: number; beneficiaries: number };
};

const cache = new WeakMap<object, Map<string, FactorSet>>();

/** A factor set by name (they never change once published, so they are read once per process). */
export async function loadFactorSet(db: Db, name = DEFAULT_FACTOR_SET): Promise<FactorSet> {
  let sets = cache.get(db);
  if (!sets) cache.set(db, (sets = new Map()));
  let set = sets.get(name);
  if (!set) {
    const rows = await repo.factorsOf(db, name);
    if (rows.length === 0) throw new AppError(422, 'figures.unknownFactorSet', { set: name });
    set = { name, factors: Object.fromEntries(rows.map((r) => [r.device_class, r])) };
    sets.set(name, set);
  }
  return set;
}

const sorted = (m: Map<string, { n: number; kg?: number }>): Breakdown[] =>
  [...m.entries()]
    .filter(([, v]) => v.n !== 0)
    .map(([key, v]) => ({ key, ...v }))
    .sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));

function add(m: Map<string, { n: number; kg?: number }>, key: string, n: number, kg?: number) {
  const e = m.get(key) ?? { n: 0, ...(kg !== undefined ? { kg: 0 } : {}) };
  e.n += n;
  if (kg !== undefined) e.kg = Math.round(((e.kg ?? 0) + kg) * 1000) / 1000;
  m.set(key, e);
}

/** Stock-age bands, in months since the cycle began. */
const AGE_BANDS: [string, number][] = [
  ['0-3', 3],
  ['3-6', 6],
  ['6-12', 12],
  ['12-24', 24],
  ['24+', Infinity],
];

export async function computeFigures(
  db: Db,
  opts: {
    hubId: number | null;
    hub?: { code: string; name: string } | null;
    period: Period;
    factorSet?: string;
    displacement?: number;
    now: Date;
    /** The stock at the end of this day (a quarterly report: its quarter's last day), instead of now. */
    stockAt?: string;
  },
): Promise<Figures> {
  const { hubId, period } = opts;
  const scope = hubId ?? 0;
  const bks = buckets(period);
  const single = singleBucket(period);
  const stockEnd = opts.stockAt ? startOfDayUtc(addDays(opts.stockAt, 1)) : null;
  const [rows, states, ages, set] = await Promise.all([
    repo.sumCounts(db, scope, bks),
    stockEnd ? repo.stockByStateAt(db, hubId, stockEnd) : stockByState(db, hubId),
    stockEnd ? stockAgeAt(db, hubId, stockEnd) : repo.stockAge(db, hubId),
    loadFactorSet(db, opts.factorSet ?? DEFAULT_FACTOR_SET),
  ]);
  const byMetric = new Map<string, { dim: string; n: number; wn: number; g: number }[]>();
  for (const r of rows) {
    const list = byMetric.get(r.metric) ?? [];
    list.push({ dim: r.dim, n: Number(r.n), wn: Number(r.wn), g: Number(r.g) });
    byMetric.set(r.metric, list);
  }
  const of = (metric: string) => byMetric.get(metric) ?? [];
  const total = (metric: string) => of(metric).reduce((s, r) => s + r.n, 0);
  const kgOf = (metric: string) => of(metric).reduce((s, r) => s + r.g, 0) / 1000;
  const split = (metric: string, part: 'type' | 'cls', withKg = false) => {
    const m = new Map<string, { n: number; kg?: number }>();
    for (const r of of(metric)) add(m, splitTypeClass(r.dim)[part], r.n, withKg ? r.g / 1000 : undefined);
    return sorted(m);
  };
  const plain = (metric: string, withKg = false) => {
    const m = new Map<string, { n: number; kg?: number }>();
    for (const r of of(metric)) add(m, r.dim, r.n, withKg ? r.g / 1000 : undefined);
    return sorted(m);
  };

  // Distinct counts are kept per month, quarter and year; other periods count them from the source rows.
  let donors: number;
  let served: { orgs: number; people: number };
  if (single) {
    donors = total(METRIC.donors);
    served = { orgs: total(METRIC.orgs), people: total(METRIC.people) };
  } else {
    [donors, served] = await Promise.all([repo.distinctDonors(db, hubId, startOfDayUtc(period.from), startOfDayUtc(addDays(period.to, 1))), repo.distinctServed(db, hubId, period.from, period.to)]);
  }

  // Median lead time from the histogram.
  const lead = of(METRIC.lead)
    .map((r) => ({ start: Number(r.dim), n: r.n }))
    .filter((r) => r.n > 0)
    .sort((a, b) => a.start - b.start);
  const delivered = lead.reduce((s, r) => s + r.n, 0);
  let leadMedian: Figures['stock']['leadMedian'] = null;
  if (delivered > 0) {
    let seen = 0;
    for (const r of lead) {
      seen += r.n;
      if (seen * 2 >= delivered) {
        const end = leadBucketEnd(r.start);
        leadMedian = { from: r.start, to: end === Infinity ? null : end };
        break;
      }
    }
  }

  const stateCount = new Map(states.map((s) => [s.state as string, Number(s.count)]));
  const today = opts.stockAt ?? dayOf(opts.now);
  const ageBands = new Map<string, { n: number }>(AGE_BANDS.map(([k]) => [k, { n: 0 }]));
  for (const a of ages) {
    const n = Number(a.n);
    if (!n) continue;
    const months = (Number(today.slice(0, 4)) - Number(a.month.slice(0, 4))) * 12 + (Number(today.slice(5, 7)) - Number(a.month.slice(5, 7)));
    const band = AGE_BANDS.find(([, max]) => months < max)![0];
    ageBands.get(band)!.n += n;
  }

  const displacement = opts.displacement ?? DEFAULT_DISPLACEMENT;
  const impact = computeImpact(netByClass(of(METRIC.out), of(METRIC.returned)), set, displacement);
  const takenBack = computeImpact(netByClass(of(METRIC.returned), []), set, displacement);
  const minus = (a: Breakdown[], b: Breakdown[]) => {
    const m = new Map<string, { n: number }>();
    for (const x of a) add(m, x.key, x.n);
    for (const x of b) add(m, x.key, -x.n);
    return sorted(m);
  };
  const inRows = of(METRIC.in);
  return {
    hub: opts.hub ?? null,
    period,
    in: {
      devices: total(METRIC.in),
      weighedDevices: inRows.reduce((s, r) => s + r.wn, 0),
      weighedKg: kgOf(METRIC.in),
      byType: split(METRIC.in, 'type', true),
      byClass: split(METRIC.in, 'cls', true),
      byDonorKind: plain(METRIC.inKind, true),
      donations: total(METRIC.donations),
      donationsByKind: plain(METRIC.donations),
      donors,
    },
    out: {
      reused: total(METRIC.out) - total(METRIC.returned),
      delivered: total(METRIC.out),
      reusedByType: minus(split(METRIC.out, 'type'), split(METRIC.returned, 'type')),
      reusedByClass: minus(split(METRIC.out, 'cls'), split(METRIC.returned, 'cls')),
      reusedByRecipientKind: minus(plain(METRIC.outKind), plain(METRIC.outKindBack)),
      harvested: total(METRIC.harvested),
      harvestedByType: split(METRIC.harvested, 'type'),
      parts: plain(METRIC.parts),
      recycled: total(METRIC.recycled),
      recycledKg: kgOf(METRIC.recycled),
      recycledByClass: split(METRIC.recycled, 'cls', true),
      raeeShipments: total(METRIC.raee),
      raeeShippedKg: kgOf(METRIC.raee),
      returned: total(METRIC.returned),
      takenBack: { wasteKg: takenBack.wasteKg, co2eKg: takenBack.co2eKg },
    },
    work: { disksErased: total(METRIC.disksErased), disksDestroyed: total(METRIC.disksDestroyed), installs: plain(METRIC.installs) },
    stock: {
      asOf: stockEnd ?? opts.now.toISOString(),
      byState: DEVICE_STATES.map((s) => ({ key: s, n: stateCount.get(s) ?? 0 })),
      inStock: ON_SITE_STATES.reduce((s, st) => s + (stateCount.get(st) ?? 0), 0),
      age: AGE_BANDS.map(([k]) => ({ key: k, n: ageBands.get(k)!.n })),
      leadMedian,
      leadDelivered: delivered,
    },
    impact,
    people: { organisations: served.orgs, beneficiaries: served.people },
  };
}

/** Devices on the shelves at an instant, by the month their cycle began (as figure_stock_age keeps them for now). */
async function stockAgeAt(db: Db, hubId: number | null, beforeUtc: string) {
  const months = new Map<string, number>();
  for (const r of await repo.cycleStartsAt(db, hubId, beforeUtc, ON_SITE_STATES)) {
    const m = dayOf(r.at).slice(0, 7);
    months.set(m, (months.get(m) ?? 0) + 1);
  }
  return [...months.entries()].map(([month, n]) => ({ month, n }));
}

type Row = { dim: string; n: number; wn: number; g: number };

/** Delivered less returned, per device class: what the impact is estimated on (returned alone: what a return took back). */
export function netByClass(out: readonly Row[], back: readonly Row[]) {
  const m = new Map<string, { n: number; wn: number; g: number }>();
  for (const [rows, sign] of [
    [out, 1],
    [back, -1],
  ] as const) {
    for (const r of rows) {
      const cls = splitTypeClass(r.dim).cls;
      const e = m.get(cls) ?? { n: 0, wn: 0, g: 0 };
      e.n += sign * r.n;
      e.wn += sign * r.wn;
      e.g += sign * r.g;
      m.set(cls, e);
    }
  }
  return [...m.entries()].map(([cls, v]) => ({ cls, ...v }));
}

/** Devices received and reused (net of returns) per month, for the twelve months ending with the period. */
export async function monthlyInOut(db: Db, hubId: number | null, period: Period) {
  const months = lastTwelveMonths(period.to);
  const rows = await repo.countsByBucket(db, hubId ?? 0, months, [METRIC.inKind, METRIC.outKind, METRIC.outKindBack]);
  const n = (m: string, metric: string) => Number(rows.find((r) => r.bucket === m && r.metric === metric)?.n ?? 0);
  return months.map((m) => ({ month: m, in: n(m, METRIC.inKind), out: n(m, METRIC.outKind) - n(m, METRIC.outKindBack) }));
}

/** Every hub's devices received and reused in the period. */
export async function hubsCompared(db: Db, period: Period, hubs: Hub[]) {
  const rows = await repo.countsByHub(
    db,
    hubs.map((h) => h.id),
    buckets(period),
    [METRIC.inKind, METRIC.outKind, METRIC.outKindBack],
  );
  const n = (id: number, metric: string) => Number(rows.find((r) => r.scope === id && r.metric === metric)?.n ?? 0);
  return hubs.map((h) => ({ code: h.code, name: h.name, in: n(h.id, METRIC.inKind), out: n(h.id, METRIC.outKind) - n(h.id, METRIC.outKindBack) }));
}

export type FigureQuery = { period?: string; from?: string; to?: string; displacement?: number; factors?: string };

/** The period asked for, or the current quarter; a custom range must be in order and at most ten years. */
export function resolvePeriod(ctx: AppContext, q: FigureQuery, parse: (q: FigureQuery) => Period | null): Period {
  const p = parse(q);
  if (p) {
    if (p.from > p.to) throw new AppError(422, 'figures.periodOrder');
    return p;
  }
  return currentQuarter(dayOf(ctx.clock.now()));
}

/** The hub whose figures the actor asked for, once they may read them. */
export async function readableHub(ctx: AppContext, actor: Actor, code: string): Promise<Hub> {
  const hub = await findHubByCode(ctx.db, code);
  if (!hub) throw new AppError(404, 'hubs.unknown', { hub: code });
  const decision = check(actor, 'figures.read', { hubId: hub.id });
  if (!decision.ok) throw new AppError(403, decision.reason === 'hub' ? 'figures.otherHub' : 'access.denied', { hub: hub.name });
  return hub;
}

export function requireRegion(actor: Actor) {
  if (!check(actor, 'figures.region').ok) throw new AppError(403, 'access.denied');
}

export async function hubFigures(ctx: AppContext, actor: Actor, code: string, period: Period, q: FigureQuery) {
  return figuresOfHub(ctx, await readableHub(ctx, actor, code), period, q);
}

/** A hub's figures, for a hub the caller has already found readable (readableHub). */
export async function figuresOfHub(ctx: AppContext, hub: Hub, period: Period, q: FigureQuery) {
  const [figures, monthly] = await Promise.all([
    computeFigures(ctx.db, { hubId: hub.id, hub: { code: hub.code, name: hub.name }, period, factorSet: q.factors, displacement: q.displacement, now: ctx.clock.now() }),
    monthlyInOut(ctx.db, hub.id, period),
  ]);
  return { hub, figures, monthly };
}

export async function regionFigures(ctx: AppContext, actor: Actor, period: Period, q: FigureQuery) {
  requireRegion(actor);
  const hubs = await listHubs(ctx.db);
  const [figures, monthly, compared] = await Promise.all([
    computeFigures(ctx.db, { hubId: null, period, factorSet: q.factors, displacement: q.displacement, now: ctx.clock.now() }),
    monthlyInOut(ctx.db, null, period),
    hubsCompared(ctx.db, period, hubs),
  ]);
  return { hubs, figures, monthly, compared };
}

/** What a dashboard's page body depends on besides the totals' versions: the cache key (see dashboard-cache.ts). */
export function dashboardKey(scope: string, period: Period, q: FigureQuery, locale: string): string {
  return [scope, period.from, period.to, q.factors ?? '', q.displacement ?? '', locale].join('|');
}

/** The disks behind "disks erased" or "disks destroyed" of a period, at a hub (its readers) or in the region. */
export async function disksBehind(ctx: AppContext, actor: Actor, q: { outcome: 'erased' | 'destroyed'; hub?: string }, period: Period) {
  const hub = q.hub ? await readableHub(ctx, actor, q.hub) : null;
  if (!hub) requireRegion(actor);
  const fromUtc = startOfDayUtc(period.from);
  const toUtc = startOfDayUtc(addDays(period.to, 1));
  const [count, disks] = await Promise.all([repo.countDisks(ctx.db, q.outcome, hub?.id ?? null, fromUtc, toUtc), repo.listDisks(ctx.db, q.outcome, hub?.id ?? null, fromUtc, toUtc)]);
  return { hub, period, outcome: q.outcome, count, disks, truncated: count > disks.length };
}
