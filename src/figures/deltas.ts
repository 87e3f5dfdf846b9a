/**
 * What each fact adds to the running totals, as pure functions: the live projection (live.ts) and
 * the full recount (rebuild.ts) both call these, so the totals they produce cannot drift apart.
 */
import type { DeviceType } from '../devices/device-types';
import { erasureEvidenceOf, ON_SITE_STATES, type ActionFields, type DeviceState } from '../lifecycle/lifecycle';
import { grams, typeClassDim, type DeviceClass } from './classes';
import { bucketsOfDay, dayOf, daysBetween, leadBucket, monthOf } from './periods';

/** The metrics kept, each with what its dimension means. */
export const METRIC = {
  /** Devices received, by "type/class" (n, weighed n, grams). */
  in: 'in',
  /** Devices received, by donor kind. */
  inKind: 'in_kind',
  /** Donations registered, by donor kind. */
  donations: 'donations',
  /** Distinct donors (months, quarters, years only). */
  donors: 'donors',
  /** Devices delivered, by "type/class", with weighed n and grams for the impact (gross: see `returned`). */
  out: 'out',
  /** Devices delivered, by recipient kind. */
  outKind: 'out_kind',
  /** Deliveries undone by a return, by the kind of recipient that had the device: reuse taken back. */
  outKindBack: 'out_kind_back',
  /** Distinct organisations served; people the requests served said they would reach. */
  orgs: 'orgs',
  people: 'people',
  /** Days from the start of a device's cycle to its delivery, by lead bucket (see periods.ts). */
  lead: 'lead',
  harvested: 'harvested',
  /** Parts kept, by kind (n = parts). */
  parts: 'parts',
  /** Devices recycled, by "type/class", with the kg their recycle event recorded. */
  recycled: 'recycled',
  /** RAEE shipments (n) and their kg. */
  raee: 'raee_shipped',
  /**
   * Devices returned by recipients, by "type/class", with weighed n and grams: each return takes back
   * one delivery's reuse, kg and CO2e in the period of the return (reused = out − returned).
   */
  returned: 'returned',
  disksErased: 'disks_erased',
  disksDestroyed: 'disks_destroyed',
  /** Installs, by system (the catalogue image's name and version, or the name typed). */
  installs: 'installs',
} as const;

/** Distinct-member kinds, and the metric each one counts into. */
export const MEMBER = { donor: 'donors', partner: 'orgs', request: 'people' } as const;
export type MemberKind = keyof typeof MEMBER;

/** Devices physically in a hub's stock. */
const STOCK: readonly DeviceState[] = ON_SITE_STATES;

type Count = { scope: number; bucket: string; metric: string; dim: string; n: number; wn: number; g: number };
type Member = { scope: number; bucket: string; kind: MemberKind; member_id: number; weight: number };

/** Collects deltas, merged per row: a batch of hundreds of events writes each changed row once. */
export class FigureSink {
  readonly counts = new Map<string, Count>();
  readonly members = new Map<string, Member>();
  readonly stock = new Map<string, { hub_id: number; month: string; n: number }>();
  /** The quarters whose totals change (their version moves, see figure_versions). */
  readonly quarters = new Set<string>();

  /** Adds to the hub's and the region's (scope 0) day, month, quarter and year. */
  add(hubId: number, day: string, metric: string, dim: string, n: number, wn = 0, g = 0) {
    const buckets = bucketsOfDay(day);
    this.quarters.add(buckets[2]);
    for (const scope of [hubId, 0]) for (const bucket of buckets) this.addRow(scope, bucket, metric, dim, n, wn, g);
  }

  addRow(scope: number, bucket: string, metric: string, dim: string, n: number, wn = 0, g = 0) {
    const key = `${scope}|${bucket}|${metric}|${dim}`;
    const row = this.counts.get(key);
    if (row) {
      row.n += n;
      row.wn += wn;
      row.g += g;
    } else this.counts.set(key, { scope, bucket, metric, dim, n, wn, g });
  }

  /** Someone (a donor, an organisation, a request) who counts once per month, quarter and year. */
  member(hubId: number, day: string, kind: MemberKind, id: number, weight: number) {
    const [, m, q, y] = bucketsOfDay(day);
    this.quarters.add(q);
    for (const scope of [hubId, 0]) {
      for (const bucket of [m, q, y]) {
        const key = `${scope}|${bucket}|${kind}|${id}`;
        if (!this.members.has(key)) this.members.set(key, { scope, bucket, kind, member_id: id, weight });
      }
    }
  }

  /** The hub's row and the region's (hub_id 0), so the region reads one row per month. */
  stockAge(hubId: number, month: string, delta: number) {
    for (const hub of [hubId, 0]) {
      const key = `${hub}|${month}`;
      const row = this.stock.get(key) ?? { hub_id: hub, month, n: 0 };
      row.n += delta;
      this.stock.set(key, row);
    }
  }

  /** The rows with something in them. */
  countRows() {
    return [...this.counts.values()].filter((r) => r.n !== 0 || r.wn !== 0 || r.g !== 0);
  }
  stockRows() {
    return [...this.stock.values()].filter((r) => r.n !== 0);
  }
}

export type FigureEvent = {
  action: string;
  at: string;
  /** The device's hub after the event, and before it (a transfer changes it). */
  hubId: number;
  prevHubId: number | null;
  from: DeviceState | null;
  to: DeviceState;
  data: Record<string, unknown>;
};

export type FigureDevice = { type: DeviceType; cls: DeviceClass; weightG: number | null };

export type EventContext = {
  /** For intake: the kind of donor; for a delivery: the kind of recipient; for a return: the kind of recipient it undoes. */
  donorKind?: string | null;
  recipientKind?: string | null;
  /** When the device's cycle began (intake or latest return), before and after this event. */
  prevCycleStart: string | null;
  cycleStart: string;
  /** For an undo: the event it takes back, as that event recorded it. */
  undone?: { action: string; data: Record<string, unknown> };
};

/** What one device event adds. An `undo` takes back, in its own period, what the event it undoes had added. */
export function eventFigures(sink: FigureSink, ev: FigureEvent, dev: FigureDevice, ctx: EventContext): void {
  const day = dayOf(ev.at);
  const hub = ev.hubId;
  const undo = ev.action === 'undo';
  const sign = undo ? -1 : 1;
  const add: Add = (metric, dim, n, wn = 0, g = 0) => sink.add(hub, day, metric, dim, sign * n, sign * wn, sign * g);
  const counted = undo ? ctx.undone : { action: ev.action, data: ev.data };
  if (counted) countsOf(add, counted.action, counted.data, day, dev, ctx);
  // Stock age: a device counts in its hub's stock, by the month its cycle began, while on the shelves.
  const inFrom = ev.from !== null && STOCK.includes(ev.from) && ev.prevHubId !== null && ctx.prevCycleStart !== null;
  const inTo = STOCK.includes(ev.to);
  const unchanged = inFrom && inTo && ev.prevHubId === hub && ctx.prevCycleStart === ctx.cycleStart;
  if (!unchanged) {
    if (inFrom) sink.stockAge(ev.prevHubId!, monthOf(dayOf(ctx.prevCycleStart!)), -1);
    if (inTo) sink.stockAge(hub, monthOf(dayOf(ctx.cycleStart)), +1);
  }
}

type Add = (metric: string, dim: string, n: number, wn?: number, g?: number) => void;

/** The counts one event adds, on the day `day` (the stock age is the caller's: it follows the states). */
function countsOf(add: Add, action: string, data: Record<string, unknown>, day: string, dev: FigureDevice, ctx: EventContext): void {
  const dim = typeClassDim(dev.type, dev.cls);
  const wn = dev.weightG === null ? 0 : 1;
  const g = dev.weightG ?? 0;
  switch (action) {
    case 'receive':
      add(METRIC.in, dim, 1, wn, g);
      add(METRIC.inKind, ctx.donorKind ?? 'unknown', 1, wn, g);
      break;
    case 'deliver':
      add(METRIC.out, dim, 1, wn, g);
      add(METRIC.outKind, ctx.recipientKind ?? 'other', 1);
      add(METRIC.lead, String(leadBucket(daysBetween(dayOf(ctx.cycleStart), day))), 1);
      break;
    case 'harvest': {
      add(METRIC.harvested, dim, 1);
      for (const p of partsOf(data.parts)) add(METRIC.parts, p.kind, p.count);
      break;
    }
    case 'recycle': {
      const kg = grams(Number(data.kg));
      add(METRIC.recycled, dim, 1, kg === null ? 0 : 1, kg ?? 0);
      break;
    }
    case 'return':
      // The delivery it undoes no longer counts as reuse: the same device, class and weight, taken back.
      add(METRIC.returned, dim, 1, wn, g);
      add(METRIC.outKindBack, ctx.recipientKind ?? 'other', 1);
      break;
    case 'erase': {
      const fields = data as unknown as ActionFields['erase'];
      let erased = 0;
      let destroyed = 0;
      for (const e of erasureEvidenceOf({ ...fields, disks: Array.isArray(fields.disks) ? fields.disks : undefined }, 0)) {
        if (e.outcome === 'erased') erased++;
        else if (e.outcome === 'destroyed') destroyed++;
      }
      if (erased) add(METRIC.disksErased, '', erased);
      if (destroyed) add(METRIC.disksDestroyed, '', destroyed);
      // A disk removed and kept joins the parts, as at a harvest.
      const kept = (Array.isArray(fields.disks) ? fields.disks : []).filter((d) => d?.keptAsPart).length;
      if (kept) add(METRIC.parts, 'disk', kept);
      break;
    }
    case 'install': {
      const os = typeof data.os === 'string' && data.os ? data.os.slice(0, 120) : '?';
      add(METRIC.installs, os, 1);
      break;
    }
  }
}

/** Does this event move the device into or out of stock (so its cycle start must be known)? */
export function needsCycleStart(ev: Pick<FigureEvent, 'action' | 'from' | 'to'>): boolean {
  return ev.action === 'deliver' || (ev.from !== null && STOCK.includes(ev.from)) !== STOCK.includes(ev.to);
}

function partsOf(value: unknown): { kind: string; count: number }[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is { kind: string; count: number } => typeof p?.kind === 'string' && Number.isInteger(p?.count) && p.count > 0)
    .map((p) => ({ kind: p.kind.slice(0, 40), count: p.count }));
}

/** A donation: counted once, by its donor's kind; its donor counts once per month, quarter and year. */
export function donationFigures(sink: FigureSink, d: { hubId: number; receivedAt: string; donorKind: string; donorId: number }) {
  const day = dayOf(d.receivedAt);
  sink.add(d.hubId, day, METRIC.donations, d.donorKind, 1);
  sink.member(d.hubId, day, 'donor', d.donorId, 1);
}

/** A delivery: its organisation counts once per period, and so do the people its request said it would serve. */
export function deliveryFigures(sink: FigureSink, d: { hubId: number; deliveredOn: string; partnerId: number; requestId: number; beneficiaries: number }) {
  sink.member(d.hubId, d.deliveredOn, 'partner', d.partnerId, 1);
  sink.member(d.hubId, d.deliveredOn, 'request', d.requestId, d.beneficiaries);
}

/** An outbound RAEE shipment, on the day it left. */
export function shipmentFigures(sink: FigureSink, s: { hubId: number; shippedOn: string; totalKg: number }) {
  sink.add(s.hubId, s.shippedOn, METRIC.raee, '', 1, 1, grams(s.totalKg) ?? 0);
}
