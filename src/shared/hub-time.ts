/**
 * The hubs' clock (Europe/Rome), the one home of hub time: a loan "due at 19:00" means 19:00 at the hub, summer
 * or winter; "today" for a form, a warranty, a document number or a figure is the hub's today; a delivery at
 * 00:30 on 1 January belongs to the new year. Stored instants stay ISO 8601 UTC.
 */
export const HUB_ZONE = 'Europe/Rome';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: HUB_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The hub's calendar date (YYYY-MM-DD) of an instant. */
export function hubDay(at: string | Date): string {
  return dayFormat.format(typeof at === 'string' ? new Date(at) : at);
}

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: HUB_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The wall-clock fields at the hub for an instant. */
function wallClock(ms: number) {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: +p.year!, mo: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second! };
}

/** Minutes the hub's clock is ahead of UTC at an instant (60 in winter, 120 in summer). */
function offsetMinutes(ms: number): number {
  const w = wallClock(ms);
  return Math.round((Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000) / 60000);
}

/** A time on the hub's clock (YYYY-MM-DDTHH:mm[:ss]) as a UTC instant. */
export function hubLocalToIso(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(local);
  if (!m) throw new Error(`not a local time: ${local}`);
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  // The offset at the guessed instant, then again at the corrected one (the two differ only across a DST change).
  let ms = asUtc - offsetMinutes(asUtc) * 60000;
  ms = asUtc - offsetMinutes(ms) * 60000;
  return new Date(ms).toISOString();
}

/** A due time as callers give it (see equipment/schema.ts#dueSchema), as a UTC instant. */
export function dueToIso(due: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) return hubLocalToIso(`${due}T23:59`);
  if (/(Z|[+-]\d{2}:\d{2})$/.test(due)) return new Date(due).toISOString();
  return hubLocalToIso(due);
}

/** An instant as the hub's clock shows it, for a date-time field: YYYY-MM-DDTHH:mm. */
export function hubLocal(iso: string): string {
  const w = wallClock(Date.parse(iso));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`;
}

/** The usual due time of a loan for the day: 19:00 today at the hub, or tomorrow if that has passed. */
export function defaultDue(nowIso: string): string {
  const today = hubDay(nowIso);
  const tonight = hubLocalToIso(`${today}T19:00`);
  if (Date.parse(tonight) > Date.parse(nowIso) + 30 * 60000) return `${today}T19:00`;
  return `${addDays(today, 1)}T19:00`;
}

/** A calendar date plus some days (or months), YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}
