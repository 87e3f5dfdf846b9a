/**
 * Periods and buckets, in the hubs' time zone (see shared/hub-time.ts): an event at 00:30 on 1 April belongs to
 * April. A period is a range of whole days; it is read as the fewest aligned buckets (years, quarters,
 * months, days) that cover it exactly.
 */
import { hubDay } from '../shared/hub-time';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';
export type Period = { kind: PeriodKind; key: string; from: string; to: string };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const dayByHour = new Map<string, string>();
/** The local day of an instant. Cached per UTC hour: the offset only ever changes on the hour. */
export function dayOf(at: string | Date): string {
  const iso = typeof at === 'string' ? at : at.toISOString();
  const hour = iso.slice(0, 13);
  let day = dayByHour.get(hour);
  if (day === undefined) {
    day = hubDay(new Date(`${hour}:00:00.000Z`));
    if (dayByHour.size > 200_000) dayByHour.clear();
    dayByHour.set(hour, day);
  }
  return day;
}
export const monthOf = (day: string) => day.slice(0, 7);
export const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
export const yearOf = (day: string) => day.slice(0, 4);

/** The buckets a day adds to: the day, its month, its quarter, its year. */
export function bucketsOfDay(day: string): [string, string, string, string] {
  return [day, monthOf(day), quarterOf(day), yearOf(day)];
}

function daysInMonth(y: number, m: number) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function monthPeriod(key: string): Period {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return { kind: 'month', key, from: `${key}-01`, to: `${key}-${pad(daysInMonth(y, m))}` };
}

export function quarterPeriod(year: number, q: number): Period {
  const m0 = (q - 1) * 3 + 1;
  return { kind: 'quarter', key: `${year}-Q${q}`, from: `${year}-${pad(m0)}-01`, to: `${year}-${pad(m0 + 2)}-${pad(daysInMonth(year, m0 + 2))}` };
}

export function yearPeriod(year: number): Period {
  return { kind: 'year', key: String(year), from: `${year}-01-01`, to: `${year}-12-31` };
}

/** "2026-03", "2026-Q1", "2026", or two days: the period they name, or null. */
export function parsePeriod(spec: { period?: string; from?: string; to?: string }): Period | null {
  const p = spec.period;
  if (p) {
    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(p)) return monthPeriod(p);
    const quarter = /^(\d{4})-Q([1-4])$/.exec(p);
    if (quarter) return quarterPeriod(Number(quarter[1]), Number(quarter[2]));
    if (/^\d{4}$/.test(p)) return yearPeriod(Number(p));
    return null;
  }
  if (spec.from && spec.to) return { kind: 'custom', key: `${spec.from}..${spec.to}`, from: spec.from, to: spec.to };
  return null;
}

export function currentQuarter(today: string): Period {
  return quarterPeriod(Number(today.slice(0, 4)), Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1);
}

export function previousQuarter(p: Period): Period {
  const [y, q] = [Number(p.key.slice(0, 4)), Number(p.key.slice(6))];
  return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
}

/** The single bucket a period is, when it is one (a month, quarter or year): distinct counts are kept for those. */
export function singleBucket(p: Period): string | null {
  const b = buckets(p);
  return b.length === 1 && b[0]!.length !== 10 ? b[0]! : null;
}

/** The fewest aligned buckets covering [from, to] exactly. */
export function buckets(p: { from: string; to: string }): string[] {
  const out: string[] = [];
  let d = p.from;
  while (d <= p.to) {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const yearEnd = `${y}-12-31`;
    if (m === 1 && day === 1 && yearEnd <= p.to) {
      out.push(String(y));
      d = addDays(yearEnd, 1);
      continue;
    }
    if (day === 1 && (m - 1) % 3 === 0) {
      const qEnd = quarterPeriod(y, (m - 1) / 3 + 1).to;
      if (qEnd <= p.to) {
        out.push(quarterOf(d));
        d = addDays(qEnd, 1);
        continue;
      }
    }
    if (day === 1) {
      const mEnd = monthPeriod(d.slice(0, 7)).to;
      if (mEnd <= p.to) {
        out.push(d.slice(0, 7));
        d = addDays(mEnd, 1);
        continue;
      }
    }
    out.push(d);
    d = addDays(d, 1);
  }
  return out;
}

/** The instant a local day begins (UTC ISO), for queries on timestamps: Rome is UTC+1 or UTC+2. */
export function startOfDayUtc(day: string): string {
  const base = Date.parse(`${day}T00:00:00Z`);
  for (const hours of [1, 2, 0]) {
    const t = base - hours * 3_600_000;
    if (hubDay(new Date(t)) === day && hubDay(new Date(t - 1)) !== day) return new Date(t).toISOString();
  }
  return new Date(base).toISOString();
}

/** The months of the twelve months ending with the given day's month, oldest first. */
export function lastTwelveMonths(day: string): string[] {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`);
  }
  return out;
}

/**
 * Lead-time buckets (days from the start of a device's cycle to its delivery): exact days to 60,
 * weeks to 182, 30-day steps to 730, then one bucket. The median is exact within its bucket.
 */
export function leadBucket(days: number): number {
  const d = Math.max(0, days);
  if (d <= 60) return d;
  if (d <= 182) return 61 + Math.floor((d - 61) / 7) * 7;
  if (d <= 730) return 183 + Math.floor((d - 183) / 30) * 30;
  return 731;
}

export function leadBucketEnd(start: number): number {
  if (start <= 60) return start;
  if (start < 183) return Math.min(start + 6, 182);
  if (start < 731) return Math.min(start + 29, 730);
  return Infinity;
}
