/**
 * Every list (devices, donations, requests, deliveries) as CSV or XLSX, with the list's filters.
 * Rows are read a page at a time by key; CSV is streamed as it is read, XLSX is written in parts of
 * XLSX_PART_ROWS rows in a worker thread, so memory stays bounded whatever the list's size. Columns
 * carry no more personal data than the viewer's role may see: a donor's name only for those who may
 * read donors, never a contact person, a borrower or who confirmed a receipt.
 */
import { check, type Actor, type Capability } from '../access/policy';
import { actsForPartner, listScope, scopeHubId, spansAllHubs } from '../access/scopes';
import type { AppContext } from '../context';
import * as devices from '../devices/service';
import { addDays, startOfDayUtc } from '../figures/periods';
import { findHubByCode } from '../hubs/public';
import { hasKey, type Locale, type MessageKey, type Translate } from '../i18n/catalogue';
import { csvField } from '../shared/csv';
import { AppError } from '../shared/errors';
import { writeXlsx, type OutCell } from '../shared/spreadsheet';
import * as repo from './repository';
import type { DeliveryExport, DonationExport, ExportFormat, ExportList, RequestExport } from './schema';
import type { deviceExportSchema } from './schema';
import type { z } from 'zod';
import { hubDay } from '../shared/hub-time';

export const XLSX_PART_ROWS = 20_000;
const PAGE = 500;

type DeviceExport = z.output<typeof deviceExportSchema>;
export type ExportQuery = DeviceExport | DonationExport | RequestExport | DeliveryExport;

type Column = { key: MessageKey; width: number };
type Source = { columns: Column[]; pages: AsyncGenerator<OutCell[][]> };

/** The day of a timestamp in the hubs' time zone, as a date cell. */
const day = (iso: string | null | undefined): OutCell => (iso ? { date: iso.length === 10 ? iso : hubDay(iso) } : null);
const label = (t: Translate, prefix: string, code: string) => (hasKey(`${prefix}.${code}`) ? t(`${prefix}.${code}` as MessageKey) : code);

/** The hub a list is limited to: the one asked for (administrators, the region), else a hub role's own. */
async function hubScope(ctx: AppContext, actor: Actor, capability: Capability, code: string | undefined): Promise<number | undefined> {
  if (!spansAllHubs(actor, capability)) return scopeHubId(listScope(actor, capability));
  if (!code) return undefined;
  const hub = await findHubByCode(ctx.db, code);
  if (!hub) throw new AppError(404, 'hubs.unknown', { hub: code });
  return hub.id;
}

function deviceSource(ctx: AppContext, actor: Actor, q: DeviceExport, t: Translate): Source {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  const columns: Column[] = [
    { key: 'field.tag', width: 14 },
    { key: 'field.hub', width: 6 },
    { key: 'field.type', width: 14 },
    { key: 'field.brand', width: 14 },
    { key: 'field.model', width: 22 },
    { key: 'field.serial', width: 18 },
    { key: 'field.state', width: 14 },
    { key: 'exports.col.weightKg', width: 9 },
    { key: 'exports.col.hasStorage', width: 9 },
    { key: 'field.receivedAt', width: 12 },
    { key: 'field.updatedAt', width: 12 },
  ];
  async function* pages() {
    let after: number | undefined;
    for (;;) {
      // The device list's own service: the same filters, hub rules and search as the page.
      const { items, next } = await devices.listDevices(ctx, actor, { ...q, after, limit: PAGE });
      if (items.length === 0) return;
      const extras = new Map(
        (
          await repo.deviceExtras(
            ctx.db,
            items.map((d) => d.id),
          )
        ).map((e) => [e.id, e]),
      );
      yield items.map((d) => {
        const e = extras.get(d.id);
        const storage = e?.has_storage === null || e?.has_storage === undefined ? null : t(e.has_storage ? 'common.yes' : 'common.no');
        return [d.tag, d.hub_code, label(t, 'deviceType', d.type), d.brand, d.model, d.serial, label(t, 'state', d.state), e?.weight_kg ?? null, storage, day(e?.received_at), day(d.updated_at)];
      });
      if (next === null) return;
      after = next;
    }
  }
  return { columns, pages: pages() };
}

async function donationSource(ctx: AppContext, actor: Actor, q: DonationExport, t: Translate): Promise<Source> {
  if (!check(actor, 'device.read').ok || actsForPartner(actor)) throw new AppError(403, 'access.denied');
  const hubId = await hubScope(ctx, actor, 'device.read', q.hub);
  // A donor's name (a private citizen's is personal data) only for those who may read donors.
  const showDonor = check(actor, 'donor.read', { hubId: hubId ?? null }).ok;
  const columns: Column[] = [
    { key: 'exports.col.donation', width: 9 },
    { key: 'field.receivedAt', width: 12 },
    { key: 'field.hub', width: 6 },
    { key: 'field.donorKind', width: 16 },
    ...(showDonor ? [{ key: 'exports.col.donor' as MessageKey, width: 28 }] : []),
    { key: 'exports.col.devices', width: 10 },
  ];
  async function* pages() {
    let beforeId: number | undefined;
    for (;;) {
      const rows = await repo.donationPage(ctx.db, {
        hubId,
        beforeId,
        limit: PAGE,
        fromUtc: q.from ? startOfDayUtc(q.from) : undefined,
        toUtc: q.to ? startOfDayUtc(addDays(q.to, 1)) : undefined,
        donorKind: q.donorKind,
      });
      if (rows.length === 0) return;
      yield rows.map((r) => [
        r.id,
        day(r.received_at),
        r.hub_code,
        label(t, 'donorKind', r.donor_kind),
        ...(showDonor ? [r.donor_erased_at ? t('exports.erased') : r.donor_name] : []),
        r.device_count,
      ]);
      if (rows.length < PAGE) return;
      beforeId = rows.at(-1)!.id;
    }
  }
  return { columns, pages: pages() };
}

async function requestSource(ctx: AppContext, actor: Actor, q: RequestExport, t: Translate): Promise<Source> {
  if (!check(actor, 'request.read').ok || actsForPartner(actor)) throw new AppError(403, 'access.denied');
  const hubId = await hubScope(ctx, actor, 'request.read', q.hub);
  const columns: Column[] = [
    { key: 'exports.col.request', width: 9 },
    { key: 'exports.col.createdAt', width: 12 },
    { key: 'field.hub', width: 6 },
    { key: 'exports.col.partner', width: 30 },
    { key: 'exports.col.partnerKind', width: 18 },
    { key: 'field.state', width: 14 },
    { key: 'exports.col.items', width: 30 },
    { key: 'exports.col.purpose', width: 40 },
    { key: 'exports.col.beneficiaries', width: 10 },
  ];
  async function* pages() {
    let beforeId: number | undefined;
    for (;;) {
      const rows = await repo.requestPage(ctx.db, {
        hubId,
        beforeId,
        limit: PAGE,
        fromUtc: q.from ? startOfDayUtc(q.from) : undefined,
        toUtc: q.to ? startOfDayUtc(addDays(q.to, 1)) : undefined,
        state: q.state,
      });
      if (rows.length === 0) return;
      const items = await repo.requestItems(
        ctx.db,
        rows.map((r) => r.id),
      );
      yield rows.map((r) => [
        r.id,
        day(r.created_at),
        r.hub_code,
        r.partner_name,
        label(t, 'partnerKind', r.partner_kind),
        label(t, 'requestState', r.state),
        items
          .filter((i) => i.request_id === r.id)
          .map((i) => `${i.quantity} × ${label(t, 'deviceType', i.type)}`)
          .join(', '),
        r.purpose,
        r.beneficiaries_count,
      ]);
      if (rows.length < PAGE) return;
      beforeId = rows.at(-1)!.id;
    }
  }
  return { columns, pages: pages() };
}

async function deliverySource(ctx: AppContext, actor: Actor, q: DeliveryExport, t: Translate): Promise<Source> {
  if (!check(actor, 'delivery.read').ok || actsForPartner(actor)) throw new AppError(403, 'access.denied');
  const hubId = await hubScope(ctx, actor, 'delivery.read', q.hub);
  const columns: Column[] = [
    { key: 'exports.col.delivery', width: 14 },
    { key: 'exports.col.deliveredOn', width: 12 },
    { key: 'field.hub', width: 6 },
    { key: 'exports.col.partner', width: 30 },
    { key: 'exports.col.partnerKind', width: 18 },
    { key: 'exports.col.title', width: 16 },
    { key: 'exports.col.loanUntil', width: 12 },
    { key: 'exports.col.devices', width: 10 },
    { key: 'exports.col.request', width: 9 },
    { key: 'exports.col.receiptOn', width: 12 },
  ];
  async function* pages() {
    let beforeId: number | undefined;
    for (;;) {
      const rows = await repo.deliveryPage(ctx.db, { hubId, beforeId, limit: PAGE, from: q.from, to: q.to, title: q.title });
      if (rows.length === 0) return;
      yield rows.map((r) => [
        `${r.hub_code} ${r.number}/${r.year}`,
        day(r.delivered_on),
        r.hub_code,
        r.partner_name,
        label(t, 'partnerKind', r.partner_kind),
        label(t, 'deliveryTitle', r.title),
        day(r.loan_until),
        r.device_count,
        r.request_id,
        day(r.receipt_completed_at),
      ]);
      if (rows.length < PAGE) return;
      beforeId = rows.at(-1)!.id;
    }
  }
  return { columns, pages: pages() };
}

function source(ctx: AppContext, actor: Actor, list: ExportList, q: ExportQuery, t: Translate): Promise<Source> | Source {
  switch (list) {
    case 'devices':
      return deviceSource(ctx, actor, q as DeviceExport, t);
    case 'donations':
      return donationSource(ctx, actor, q as DonationExport, t);
    case 'requests':
      return requestSource(ctx, actor, q as RequestExport, t);
    case 'deliveries':
      return deliverySource(ctx, actor, q as DeliveryExport, t);
  }
}

/** A CSV cell: dates as ISO 8601 days, numbers with a dot; csvField defuses formulas. */
function csvCell(c: OutCell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object') return c.date;
  return csvField(typeof c === 'boolean' ? String(c) : c);
}

export type ExportFile = { name: string; type: string; body: ReadableStream<Uint8Array> | Uint8Array; nextPart?: number };

/** The list as a file: a CSV stream, or one XLSX part (with the next part's number when there is more). */
export async function exportList(
  ctx: AppContext,
  actor: Actor,
  list: ExportList,
  format: ExportFormat,
  q: ExportQuery,
  opts: { t: Translate; locale: Locale; partRows?: number },
): Promise<ExportFile> {
  const partRows = opts.partRows ?? XLSX_PART_ROWS;
  const src = await source(ctx, actor, list, q, opts.t);
  const header = src.columns.map((c) => opts.t(c.key));
  const stamp = hubDay(ctx.clock.now());
  const base = `${opts.t(`exports.file.${list}` as MessageKey)}-${stamp}`;
  if (format === 'csv') {
    const encoder = new TextEncoder();
    let started = false;
    const body = new ReadableStream<Uint8Array>({
      // Pulled: the next page is read only when the client has taken the last one.
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(header.map(csvField).join(',') + '\r\n'));
          return;
        }
        const { value, done } = await src.pages.next();
        if (done) return controller.close();
        controller.enqueue(encoder.encode(value.map((r) => r.map(csvCell).join(',') + '\r\n').join('')));
      },
      async cancel() {
        await src.pages.return(undefined);
      },
    });
    return { name: `${base}.csv`, type: 'text/csv; charset=utf-8', body };
  }
  const part = (q as { part?: number }).part ?? 1;
  const skip = (part - 1) * partRows;
  const rows: OutCell[][] = [header];
  let seen = 0;
  let more = false;
  for await (const page of src.pages) {
    for (const r of page) {
      if (seen++ < skip) continue;
      if (rows.length > partRows) {
        more = true;
        break;
      }
      rows.push(r);
    }
    if (more) break;
  }
  await src.pages.return(undefined);
  const bytes = await writeXlsx(opts.t(`exports.file.${list}` as MessageKey), rows, {
    dateFormat: 'dd/mm/yyyy',
    widths: src.columns.map((c) => c.width),
  });
  const suffix = part > 1 || more ? `-${opts.t('exports.part')}-${part}` : '';
  return { name: `${base}${suffix}.xlsx`, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: bytes, nextPart: more ? part + 1 : undefined };
}
