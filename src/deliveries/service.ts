import { check, maySeePartnerPeople, type Actor } from '../access/policy';
import { actsForPartner, isStaff, listScope } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import * as devicesRepo from '../devices/public';
import type { ActionInput } from '../devices/schema';
import { registerActionRoute, registerActionStep } from '../devices/registry';
import { applyAction, applyActionIn, requireAccess, type ActionResult } from '../devices/actions';
import { nextDocumentNumber } from '../documents/numbering';
import { hubDay } from '../shared/hub-time';
import * as requestsRepo from '../requests/public';
import { canonicalTags, deliveryLabel, inBulk } from '../requests/service';
import { isOpen, stateAfterDelivery } from '../requests/states';
import { AppError } from '../shared/errors';
import { actorColumns, actorUserId } from '../shared/write/actor';
import { type Trx } from '../shared/write/context';
import { runKeyed } from '../shared/write/idempotency';
import { notify } from '../mail/notify';
import * as repo from './repository';
import type { DeliveryInput } from './schema';
import type { DeliveryTitle, ReportKind } from './tables';
import { together } from '../db/together';

export type DeliveryResult = {
  id: number;
  number: number;
  year: number;
  label: string;
  hub: string;
  request: number;
  requestState: string;
  partner: { id: number; name: string };
  title: DeliveryTitle;
  deliveredOn: string;
  loanUntil: string | null;
  devices: { tag: string; serial: string | null }[];
  documents: { ddt: string; comodato: string | null };
  replayed?: boolean;
  /** The device actions, for a delivery started from one device's page. */
  actions?: ActionResult[];
};

/** What the documents say about a device's specs, kept as numbers and worded in the reader's language. */
export type SpecsSnapshot = { cpu: string | null; ramMb: number | null; storageGb: number | null; ssd: boolean | null; screen: number | null };
export type ErasureSnapshot = { storage: boolean; method: string | null; at: string | null };

function addOneYear(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // 29 February lends until 28 February.
  const date = new Date(Date.UTC(y + 1, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** Declared values by canonical tag; a value for a device that is not being delivered is refused. */
function declaredValuesByTag(values: Record<string, number> | undefined, tags: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const [raw, cents] of Object.entries(values ?? {})) {
    const [tag] = canonicalTags([raw]);
    if (!tag || !tags.includes(tag)) throw new AppError(422, 'deliveries.notInDelivery', { tag: tag ?? raw });
    out.set(tag, cents);
  }
  return out;
}

export function documentUrls(ctx: Pick<AppContext, 'config'>, id: number, title: DeliveryTitle) {
  const base = ctx.config.publicBaseUrl;
  return { ddt: `${base}/deliveries/${id}/ddt.pdf`, comodato: title === 'loan' ? `${base}/deliveries/${id}/comodato.pdf` : null };
}

/**
 * Delivers devices reserved for a request: one delivery with the hub's next number for the year,
 * the devices as they are handed over (tags, serials, specs, system, how their storage was made
 * safe), every device `delivered` naming the recipient and the document, and the request's state
 * moved on. All or nothing; the erasure guard is the lifecycle's, asked for every device.
 */
export async function deliverDevices(ctx: AppContext, actor: Actor, requestId: number, input: DeliveryInput & { expectedVersion?: number; note?: string }): Promise<DeliveryResult> {
  if (!check(actor, 'device.deliver').ok) throw new AppError(403, 'access.denied');
  const tags = canonicalTags(input.tags);
  const print = [requestId, tags, input.title, input.loanUntil ?? null, input.values ?? null];
  return runKeyed(
    ctx,
    actor,
    'delivery',
    input.idempotencyKey,
    print,
    ({ trx }) => deliverIn(ctx, trx, actor, requestId, tags, input),
    () => nowIso(ctx),
  );
}

async function deliverIn(
  ctx: Omit<AppContext, 'db'>,
  trx: Trx,
  actor: Actor,
  requestId: number,
  tags: string[],
  input: DeliveryInput & { expectedVersion?: number; note?: string },
): Promise<DeliveryResult> {
  const request = await requestsRepo.findRequest(trx, requestId);
  if (!request || !check(actor, 'device.deliver', { hubId: request.hub_id }).ok) throw new AppError(404, 'requests.unknown', { id: requestId });
  await requestsRepo.lockRequest(trx, requestId);
  if (!isOpen(request.state)) throw new AppError(409, 'requests.notOpen', { id: requestId, requestState: request.state });
  const now = ctx.clock.now();
  const at = now.toISOString();
  const day = hubDay(now);
  const year = Number(day.slice(0, 4));
  const loanUntil = input.title === 'loan' ? (input.loanUntil ?? addOneYear(day)) : null;
  if (loanUntil !== null && loanUntil <= day) throw new AppError(422, 'deliveries.loanEndsTooSoon', { date: loanUntil });

  const devices = [];
  for (const tag of tags) {
    const device = await devicesRepo.findDeviceByTag(trx, tag);
    if (!device) throw new AppError(404, 'tags.unknown', { tag });
    if (device.state !== 'reserved' || device.request_id !== requestId) {
      throw new AppError(409, 'deliveries.notReservedForRequest', { tag, id: requestId }, { state: device.state });
    }
    devices.push(device);
  }
  const values = declaredValuesByTag(input.values, tags);
  const number = await nextDocumentNumber(trx, request.hub_id, 'delivery', year);
  const label = deliveryLabel(request.hub_code, number, year);
  const deliveryId = await repo.insertDelivery(trx, {
    hub_id: request.hub_id,
    year,
    number,
    request_id: requestId,
    partner_id: request.partner_id,
    title: input.title,
    delivered_on: day,
    loan_until: loanUntil,
    device_count: devices.length,
    ...actorColumns(actor, 'created_by'),
    created_at: at,
    receipt_completed_at: null,
  });
  const actions: ActionResult[] = [];
  for (const device of devices) {
    const specs = await requestsRepo.specsOf(trx, device.id);
    const erasure = device.has_storage === 1 ? await devicesRepo.latestSafeErasure(trx, device.id, device.cycle) : undefined;
    const specsSnapshot: SpecsSnapshot | null = specs
      ? { cpu: specs.cpu_model, ramMb: specs.ram_mb, storageGb: specs.storage_gb, ssd: specs.has_ssd === null ? null : specs.has_ssd === 1, screen: specs.screen_inches }
      : null;
    const erasureSnapshot: ErasureSnapshot = { storage: device.has_storage !== 0, method: erasure?.method ?? null, at: erasure?.at ?? null };
    await repo.insertDeliveryDevice(trx, {
      delivery_id: deliveryId,
      device_id: device.id,
      tag: device.tag,
      type: device.type,
      brand: device.brand,
      model: device.model,
      serial: device.serial,
      os: device.os,
      specs: specsSnapshot ? JSON.stringify(specsSnapshot) : null,
      erasure: JSON.stringify(erasureSnapshot),
      declared_value_cents: values.get(device.tag) ?? null,
      received_at: null,
      received_by_user_id: null,
    });
    try {
      actions.push(
        await applyActionIn(
          ctx,
          trx,
          actor,
          device.tag,
          { action: 'deliver', title: input.title, loanUntil: input.loanUntil, expectedVersion: input.expectedVersion, note: input.note },
          { deliveryId, recipient: request.partner_name, document: `DDT ${label}`, note: input.note },
        ),
      );
    } catch (e) {
      throw inBulk(e, device.tag);
    }
  }
  const [items, delivered] = await together([requestsRepo.listItems(trx, requestId), requestsRepo.deliveredCounts(trx, requestId)]);
  const to = stateAfterDelivery(items, delivered);
  if (to !== request.state) await requestsRepo.setState(trx, requestId, to, at);
  await requestsRepo.insertEvent(trx, {
    request_id: requestId,
    action: 'deliver',
    from_state: request.state,
    to_state: to,
    note: null,
    data: JSON.stringify({ delivery: label, deliveryId, count: devices.length }),
    ...actorColumns(actor, 'actor'),
    by_partner: 0,
    at,
  });
  const result: DeliveryResult = {
    id: deliveryId,
    number,
    year,
    label,
    hub: request.hub_code,
    request: requestId,
    requestState: to,
    partner: { id: request.partner_id, name: request.partner_name },
    title: input.title,
    deliveredOn: day,
    loanUntil,
    devices: devices.map((d) => ({ tag: d.tag, serial: d.serial })),
    documents: documentUrls(ctx, deliveryId, input.title),
    actions,
  };
  await notify(trx, ctx, {
    kind: 'delivery.made',
    hubId: request.hub_id,
    partnerId: request.partner_id,
    params: { label, count: devices.length, partner: request.partner_name, hub: request.hub_name, documents: [result.documents.ddt, result.documents.comodato].filter(Boolean).join(' ') },
    link: `/deliveries/${deliveryId}`,
    partnerLink: `/portal/deliveries/${deliveryId}`,
  });
  return result;
}

/**
 * Delivering from one device's page (or a scan): the device's own delivery for the request it is
 * reserved for, with its documents. A device that is not reserved for a request hears the lifecycle's answer.
 */
export async function deliverOne(
  ctx: AppContext,
  actor: Actor,
  tag: string,
  input: { title: DeliveryTitle; loanUntil?: string; idempotencyKey?: string; expectedVersion?: number; note?: string },
): Promise<ActionResult & { delivery: Omit<DeliveryResult, 'actions'> }> {
  const device = await devicesRepo.findDeviceByTag(ctx.db, tag);
  // Another hub's device, or a role that does not deliver: the same answers as any other action.
  if (device) requireAccess(actor, 'device.deliver', device);
  if (!device || device.state !== 'reserved' || device.request_id === null) {
    // Not there, not reserved, or reserved before requests existed: the action kernel says why, in its
    // words (a refusal of the lifecycle, or this feature's own step: delivered only through a request).
    await applyAction(ctx, actor, tag, { action: 'deliver', title: input.title, expectedVersion: input.expectedVersion });
    throw new AppError(409, 'deliveries.throughRequest', { tag });
  }
  const result = await deliverDevices(ctx, actor, device.request_id, {
    tags: [tag],
    title: input.title,
    loanUntil: input.loanUntil,
    idempotencyKey: input.idempotencyKey,
    expectedVersion: input.expectedVersion,
    note: input.note,
  });
  const { actions, ...delivery } = result;
  return { ...actions![0]!, ...(result.replayed ? { replayed: true } : {}), delivery };
}

/** The delivery, if this person may see it: the hub's staff, the region, administrators, and the receiving partner. */
async function requireDelivery(ctx: AppContext, actor: Actor, id: number, capability: 'delivery.read' | 'delivery.confirm' | 'device.report' | 'device.return' = 'delivery.read') {
  const d = await repo.findDelivery(ctx.db, id);
  if (!d || !check(actor, capability, { hubId: d.hub_id, partnerId: d.partner_id }).ok) throw new AppError(404, 'deliveries.unknown', { id });
  return d;
}

export async function getDelivery(ctx: AppContext, actor: Actor, id: number) {
  const delivery = await requireDelivery(ctx, actor, id);
  const [devices, reports] = await Promise.all([repo.listDeliveryDevices(ctx.db, id), repo.listReports(ctx.db, id)]);
  const staff = isStaff(actor);
  // Who at the partner confirmed or reported: its own people and the hub's staff, never the region.
  const names = maySeePartnerPeople(actor, { hubId: delivery.hub_id, partnerId: delivery.partner_id });
  return {
    delivery: { ...delivery, label: deliveryLabel(delivery.hub_code, delivery.number, delivery.year) },
    devices: devices.map((d) => ({
      ...d,
      received_by: d.received_by_erased ? null : names ? d.received_by : d.received_at ? delivery.partner_name : null,
      /** Still with the partner under this delivery; false once it came back. */
      withPartner: d.current_delivery_id === id && d.current_state === 'delivered',
      // The device's state inside the hub is the hub's business.
      current_state: staff ? d.current_state : null,
      specs: d.specs ? (JSON.parse(d.specs) as SpecsSnapshot) : null,
      erasure: d.erasure ? (JSON.parse(d.erasure) as ErasureSnapshot) : null,
    })),
    reports: reports.map((r) => ({ ...r, reported_by: names ? r.reported_by : delivery.partner_name })),
    documents: documentUrls(ctx, id, delivery.title),
    staff,
    canConfirm: check(actor, 'delivery.confirm', { partnerId: delivery.partner_id }).ok,
    canReport: check(actor, 'device.report', { partnerId: delivery.partner_id }).ok,
    canReturn: check(actor, 'device.return', { hubId: delivery.hub_id }).ok,
  };
}

export type DeliveryView = Awaited<ReturnType<typeof getDelivery>>;

async function deviceOfDelivery(ctx: AppContext, id: number, rawTag: string) {
  const [tag] = canonicalTags([rawTag]);
  const devices = await repo.listDeliveryDevices(ctx.db, id);
  const device = devices.find((d) => d.tag === tag);
  if (!device) throw new AppError(422, 'deliveries.notInDelivery', { tag: tag! });
  return device;
}

/** The partner confirms that devices arrived: some (by tag) or all. Who and when are kept; confirming twice changes nothing. */
export async function confirmReceipt(ctx: AppContext, actor: Actor, id: number, rawTags: string[] | undefined) {
  if (!check(actor, 'delivery.confirm').ok) throw new AppError(403, 'access.denied');
  await requireDelivery(ctx, actor, id, 'delivery.confirm');
  const devices = await repo.listDeliveryDevices(ctx.db, id);
  let ids = devices.map((d) => d.device_id);
  if (rawTags && rawTags.length > 0) {
    const tags = canonicalTags(rawTags);
    ids = tags.map((tag) => {
      const d = devices.find((x) => x.tag === tag);
      if (!d) throw new AppError(422, 'deliveries.notInDelivery', { tag });
      return d.device_id;
    });
  }
  const at = nowIso(ctx);
  const confirmed = await ctx.db.transaction().execute(async (trx) => {
    const n = await repo.markReceived(trx, id, ids, actorUserId(actor), at);
    await repo.completeReceiptIfAll(trx, id, at);
    return n;
  });
  const view = await getDelivery(ctx, actor, id);
  return { confirmed, view };
}

/** The partner reports a fault or asks to return a device that is with them. */
export async function reportProblem(ctx: AppContext, actor: Actor, id: number, input: { tag: string; kind: ReportKind; description: string }) {
  if (!check(actor, 'device.report').ok) throw new AppError(403, 'access.denied');
  const delivery = await requireDelivery(ctx, actor, id, 'device.report');
  const device = await deviceOfDelivery(ctx, id, input.tag);
  if (device.current_delivery_id !== id || device.current_state !== 'delivered') throw new AppError(409, 'deliveries.notWithPartner', { tag: device.tag });
  const { id: reportId } = await ctx.db.transaction().execute(async (trx) => {
    const report = await repo.insertReport(trx, {
      partner_id: delivery.partner_id,
      delivery_id: id,
      device_id: device.device_id,
      kind: input.kind,
      description: input.description,
      state: 'open',
      outcome: null,
      ...actorColumns(actor, 'created_by'),
      created_at: nowIso(ctx),
      closed_at: null,
      closed_by_user_id: null,
    });
    await notify(trx, ctx, {
      kind: input.kind === 'return' ? 'problem.return' : 'problem.fault',
      hubId: delivery.hub_id,
      partnerId: delivery.partner_id,
      params: { tag: device.tag, partner: delivery.partner_name, label: deliveryLabel(delivery.hub_code, delivery.number, delivery.year) },
      link: `/deliveries/${id}`,
    });
    return report;
  });
  return { id: reportId, tag: device.tag };
}

/**
 * The device is back at the hub: `returned`, a new cycle that must be diagnosed and erased again
 * before anyone else gets it. The partner's open reports on it are closed as returned.
 */
export async function recordReturn(ctx: AppContext, actor: Actor, id: number, input: { tag: string; reason?: string }) {
  if (!check(actor, 'device.return').ok) throw new AppError(403, 'access.denied');
  await requireDelivery(ctx, actor, id, 'device.return');
  const device = await deviceOfDelivery(ctx, id, input.tag);
  if (device.current_delivery_id !== id || device.current_state !== 'delivered') throw new AppError(409, 'deliveries.notWithPartner', { tag: device.tag });
  const open = (await repo.listReports(ctx.db, id)).filter((r) => r.device_id === device.device_id && r.state === 'open');
  const reason = input.reason ?? (open.map((r) => r.description).join(' · ') || undefined);
  return ctx.db.transaction().execute(async (trx) => {
    const result = await applyActionIn(ctx, trx, actor, device.tag, { action: 'return', reason: reason?.slice(0, 500) });
    await repo.closeReports(trx, { deliveryId: id, deviceId: device.device_id }, 'returned', actorUserId(actor), result.event.at);
    return result;
  });
}

/** A report dealt with where the device is (advice given, fixed on site): closed without a return. */
export async function resolveReport(ctx: AppContext, actor: Actor, id: number, reportId: number) {
  if (!check(actor, 'device.return').ok) throw new AppError(403, 'access.denied');
  await requireDelivery(ctx, actor, id, 'device.return');
  const report = (await repo.listReports(ctx.db, id)).find((r) => r.id === reportId);
  if (!report) throw new AppError(404, 'deliveries.reportUnknown');
  const closed = await repo.closeReports(ctx.db, { deliveryId: id, deviceId: report.device_id, reportId }, 'resolved', actorUserId(actor), nowIso(ctx));
  if (closed === 0) throw new AppError(409, 'deliveries.reportAlreadyClosed');
}

export async function listDeliveries(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'delivery.read').ok) throw new AppError(403, 'access.denied');
  // A partner's portal shows more of its own deliveries than a hub's page shows of everyone's.
  return repo.listDeliveries(ctx.db, { scope: listScope(actor, 'delivery.read'), limit: actsForPartner(actor) ? 200 : 100 });
}

export async function listOpenReports(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'device.return').ok) return [];
  return repo.openReports(ctx.db, listScope(actor, 'device.return'));
}

/**
 * What `deliver` needs from the device actions (wired in devices/plugins.ts): from a device's page or
 * a scan it makes the device's own delivery; inside the kernel it is never resolved from an input,
 * since delivered always names a delivery document and only this service creates one.
 */
export function registerDeliveries() {
  registerActionRoute('deliver', (ctx, actor, tag, input) => deliverOne(ctx, actor, tag, input as Extract<ActionInput, { action: 'deliver' }>));
  registerActionStep('deliver', {
    resolve: (_trx, device) => {
      throw new AppError(409, 'deliveries.throughRequest', { tag: device.tag });
    },
  });
}

/**
 * What the return receipt says about a device of this delivery that came back to the hub: when, and
 * the reason given. A device still with the partner has no receipt yet (404).
 */
export async function returnOf(ctx: AppContext, view: DeliveryView, rawTag: string) {
  const [tag] = canonicalTags([rawTag]);
  const device = view.devices.find((d) => d.tag === tag);
  const back = device && !device.withPartner ? await repo.findReturnAfter(ctx.db, device.device_id, view.delivery.created_at) : undefined;
  if (!device || !back) throw new AppError(404, 'deliveries.noReturn', { tag: tag ?? rawTag });
  const data = back.data ? (JSON.parse(back.data) as { reason?: string }) : {};
  return {
    tag: device.tag,
    type: device.type,
    brand: device.brand,
    model: device.model,
    serial: device.serial,
    returnedAt: back.at,
    reason: data.reason ?? null,
  };
}
