import type { Transaction } from 'kysely';
import { check, maySeePartnerPeople, onBehalfOfHub, type Actor } from '../access/policy';
import { actsForPartner, isStaff, listScope } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import type { Database } from '../db/schema';
import * as devicesRepo from '../devices/public';
import { applyActionIn, requireTag } from '../devices/actions';
import { findPartner } from '../partners/public';
import { AppError } from '../shared/errors';
import { actorColumns, actorUserId } from '../shared/write/actor';
import { runKeyed } from '../shared/write/idempotency';
import { notify } from '../mail/notify';
import { fitSpecs, hasMinimums, type MinSpecs } from './match';
import * as repo from './repository';
import type { RequestInput } from './schema';
import { canChange, changeTarget, isOpen, OPEN_STATES, type RequestChange, type RequestState } from './states';

const actorCols = (actor: Actor) => ({
  ...actorColumns(actor, 'actor'),
  by_partner: actsForPartner(actor) ? 1 : 0,
});

/**
 * The request, if this person may see it: its partner's own people, the staff of its hub, the region
 * and administrators. Anything else gets exactly the answer a missing id gets.
 */
export async function requireRequest(db: AppContext['db'] | Transaction<Database>, actor: Actor, id: number, capability: 'request.read' | 'request.decide' | 'request.cancel' = 'request.read') {
  const request = await repo.findRequest(db, id);
  if (!request || !check(actor, capability, { hubId: request.hub_id, partnerId: request.partner_id }).ok) throw new AppError(404, 'requests.unknown', { id });
  return request;
}

export type RequestView = Awaited<ReturnType<typeof getRequest>>;

export async function createRequest(ctx: AppContext, actor: Actor, input: RequestInput) {
  if (!check(actor, 'request.create').ok) throw new AppError(403, 'access.denied');
  const partnerId = actsForPartner(actor) ? actor.partnerId! : input.partner;
  if (!partnerId) throw new AppError(422, 'requests.partnerRequired');
  const partner = await findPartner(ctx.db, partnerId);
  if (!partner || !check(actor, 'request.create', { hubId: partner.hub_id, partnerId }).ok) throw new AppError(404, 'partners.unknown');
  if (partner.status !== 'active') throw new AppError(409, 'partners.notActive', { name: partner.name });
  const { idempotencyKey: key, ...rest } = input;
  const print = { ...rest, partnerId };
  const at = nowIso(ctx);
  const { id, replayed } = await runKeyed(
    ctx,
    actor,
    'request',
    key,
    print,
    async ({ trx }) => {
      const id = await repo.insertRequest(trx, {
        partner_id: partnerId,
        hub_id: partner.hub_id,
        state: 'submitted',
        purpose: input.purpose,
        beneficiaries_count: input.beneficiaries.count,
        beneficiaries_description: input.beneficiaries.description ?? null,
        min_ram_mb: input.minSpecs?.ramGb ? Math.round(input.minSpecs.ramGb * 1024) : null,
        min_screen_inches: input.minSpecs?.screenInches ?? null,
        needs_ssd: input.minSpecs?.ssd ? 1 : 0,
        internal_note: null,
        version: 1,
        ...actorColumns(actor, 'created_by'),
        created_at: at,
        updated_at: at,
      });
      await repo.insertItems(
        trx,
        input.items.map((i) => ({ request_id: id, type: i.type, quantity: i.quantity })),
      );
      await repo.insertEvent(trx, { request_id: id, action: 'submit', from_state: null, to_state: 'submitted', note: null, data: null, ...actorCols(actor), at });
      await notify(trx, ctx, {
        kind: 'request.submitted',
        hubId: partner.hub_id,
        partnerId,
        params: { id, partner: partner.name, hub: partner.hub_name },
        link: `/requests/${id}`,
        actorUserId: actorUserId(actor),
      });
      return { id };
    },
    at,
  );
  return { id, replayed: replayed ?? false };
}

/** Approve, refuse (with a reason the partner reads) or cancel. Cancelling hands reserved devices back to stock. */
export async function changeRequest(ctx: AppContext, actor: Actor, id: number, change: RequestChange, note: string | undefined) {
  const capability = change === 'cancel' ? 'request.cancel' : 'request.decide';
  if (!check(actor, capability).ok) throw new AppError(403, 'access.denied');
  if (change === 'refuse' && !note) throw new AppError(422, 'requests.refusalNeedsNote');
  const at = nowIso(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const request = await requireRequest(trx, actor, id, capability);
    await repo.lockRequest(trx, id);
    if (!canChange(request.state, change)) throw new AppError(409, 'requests.cannotChange', { id, change, requestState: request.state });
    const to = changeTarget(change);
    let released = 0;
    if (change === 'cancel') {
      for (const d of await repo.reservedDevices(trx, id)) {
        // The hub's own staff hand the devices back; a partner's cancellation does it on the hub's behalf.
        await applyActionIn(ctx, trx, onBehalfOfHub(actor, request.hub_id), d.tag, { action: 'unreserve', note: `#${id}` });
        released++;
      }
    }
    await repo.setState(trx, id, to, at);
    await repo.insertEvent(trx, {
      request_id: id,
      action: change,
      from_state: request.state,
      to_state: to,
      note: note ?? null,
      data: released ? JSON.stringify({ released }) : null,
      ...actorCols(actor),
      at,
    });
    await notify(trx, ctx, {
      kind: 'request.changed',
      hubId: request.hub_id,
      partnerId: request.partner_id,
      params: { id, partner: request.partner_name, requestState: to },
      link: `/requests/${id}`,
      partnerLink: `/portal/requests/${id}`,
      actorUserId: actorUserId(actor),
    });
  });
}

export async function setInternalNote(ctx: AppContext, actor: Actor, id: number, note: string | undefined) {
  const request = await requireRequest(ctx.db, actor, id, 'request.decide');
  await repo.setInternalNote(ctx.db, request.id, note ?? null, nowIso(ctx));
}

/**
 * The request with its lines (asked, reserved, delivered), history and deliveries. A partner's view
 * leaves out the internal note and shows the hub, not the person, behind each change.
 */
export async function getRequest(ctx: AppContext, actor: Actor, id: number) {
  const request = await requireRequest(ctx.db, actor, id);
  const staff = isStaff(actor);
  const namesPartnerPeople = maySeePartnerPeople(actor, { hubId: request.hub_id, partnerId: request.partner_id });
  const [items, reserved, delivered, events, reservedList, deliveries] = await Promise.all([
    repo.listItems(ctx.db, id),
    repo.reservedCounts(ctx.db, id),
    repo.deliveredCounts(ctx.db, id),
    repo.listEvents(ctx.db, id),
    staff ? repo.reservedDevices(ctx.db, id) : Promise.resolve([]),
    repo.deliveriesOf(ctx.db, id),
  ]);
  const lines = items.map((i) => ({
    type: i.type,
    quantity: i.quantity,
    reserved: reserved.get(i.type) ?? 0,
    delivered: delivered.get(i.type) ?? 0,
  }));
  return {
    request: { ...request, internal_note: staff ? request.internal_note : null },
    lines,
    events: events.map((e) => ({
      action: e.action,
      from: e.from_state,
      to: e.to_state,
      note: e.note,
      data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
      at: e.at,
      // Partners see who at their organisation acted, and the hub's name for the hub's people; the
      // region sees the organisation, never the partner's person (access/policy.ts#maySeePartnerPeople).
      by: e.by_partner && !namesPartnerPeople ? request.partner_name : e.by_partner || staff ? (e.user_erased_at ? null : (e.user_name ?? e.token_label)) : request.hub_name,
      byPartner: e.by_partner === 1,
    })),
    reserved: reservedList,
    deliveries: deliveries.map((d) => ({ ...d, label: deliveryLabel(request.hub_code, d.number, d.year) })),
    staff,
    canDecide: check(actor, 'request.decide', { hubId: request.hub_id }).ok,
    canCancel: check(actor, 'request.cancel', { hubId: request.hub_id, partnerId: request.partner_id }).ok && canChange(request.state, 'cancel'),
    canAllocate: check(actor, 'device.reserve', { hubId: request.hub_id }).ok && isOpen(request.state),
    canDeliver: check(actor, 'device.deliver', { hubId: request.hub_id }).ok && isOpen(request.state),
  };
}

export function deliveryLabel(hubCode: string, number: number, year: number) {
  return `${hubCode} ${number}/${year}`;
}

export type Suggestion = Awaited<ReturnType<typeof suggestFor>>[number];

/**
 * Which ready devices fit each line of a request: the right type and known to meet the minimum
 * specifications first, oldest stock first, as many as the line still needs; devices whose specs are
 * not known yet follow as alternatives. Devices known to fall short are left out.
 */
export async function suggestFor(
  ctx: AppContext,
  request: { id: number; hub_id: number; min_ram_mb: number | null; min_screen_inches: number | null; needs_ssd: number },
  lines: { type: string; quantity: number; reserved: number; delivered: number }[],
) {
  const min: MinSpecs = { minRamMb: request.min_ram_mb, minScreenInches: request.min_screen_inches, needsSsd: request.needs_ssd === 1 };
  const out = [];
  for (const line of lines) {
    const needed = Math.max(0, line.quantity - line.reserved - line.delivered);
    if (needed === 0) continue;
    const candidates = await repo.readyDevices(ctx.db, request.hub_id, [line.type as never], needed * 4 + 20);
    const fitting = [];
    const unknown = [];
    for (const c of candidates) {
      const fit = fitSpecs(min, c, c.type);
      if (fit.fits === 'yes') fitting.push(c);
      else if (fit.fits === 'unknown') unknown.push(c);
    }
    out.push({ type: line.type, needed, devices: fitting.slice(0, needed), alternatives: unknown.slice(0, Math.max(needed, 5)), checksSpecs: hasMinimums(min) });
  }
  return out;
}

/** Requests beside ready stock: what the coordinator allocates from. */
export async function allocationOverview(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'request.read').ok || actsForPartner(actor)) throw new AppError(403, 'access.denied');
  const scope = listScope(actor, 'request.read');
  const [open, waiting, stock] = await Promise.all([
    repo.listRequests(ctx.db, { scope, states: OPEN_STATES, limit: 200 }),
    repo.listRequests(ctx.db, { scope, states: ['submitted'], limit: 200 }),
    repo.readyStock(ctx.db, scope),
  ]);
  const items = await repo.listItemsFor(
    ctx.db,
    [...open, ...waiting].map((r) => r.id),
  );
  const itemsOf = (id: number) => items.filter((i) => i.request_id === id);
  const recent = await repo.listRequests(ctx.db, { scope, states: ['fulfilled', 'refused', 'cancelled'], limit: 20 });
  return {
    open: open.map((r) => ({ ...r, items: itemsOf(r.id) })),
    waiting: waiting.map((r) => ({ ...r, items: itemsOf(r.id) })),
    recent,
    stock,
  };
}

/** A partner's requests, newest first. */
export async function listOwnRequests(ctx: AppContext, actor: Actor) {
  if (!actsForPartner(actor) || !check(actor, 'request.read').ok) throw new AppError(403, 'access.denied');
  const list = await repo.listRequests(ctx.db, { scope: listScope(actor, 'request.read'), limit: 200 });
  const items = await repo.listItemsFor(
    ctx.db,
    list.map((r) => r.id),
  );
  return list.map((r) => ({ ...r, internal_note: null, items: items.filter((i) => i.request_id === r.id) }));
}

/** Canonical, distinct tags; a mistyped one is refused before anything is touched. */
export function canonicalTags(raw: string[]): string[] {
  return [...new Set(raw.map((t) => requireTag(t)))];
}

/**
 * Reserves devices for a request in one go: every device or none. Each must be ready, erased,
 * of a type the request asked for, within its quantities and minimum specifications (see
 * reservation.ts, asked by the lifecycle's reserve action). When two coordinators reserve the
 * same device at once, one wins and the other is told who did.
 */
export async function reserveDevices(ctx: AppContext, actor: Actor, id: number, rawTags: string[], idempotencyKey?: string) {
  if (!check(actor, 'device.reserve').ok) throw new AppError(403, 'access.denied');
  const tags = canonicalTags(rawTags);
  const print = [id, tags];
  const at = nowIso(ctx);
  const result = await runKeyed(
    ctx,
    actor,
    'reservation',
    idempotencyKey,
    print,
    async ({ trx }) => {
      const request = await repo.findRequest(trx, id);
      if (!request || !check(actor, 'device.reserve', { hubId: request.hub_id }).ok) throw new AppError(404, 'requests.unknown', { id });
      await repo.lockRequest(trx, id);
      await moveDevices(ctx, trx, actor, request, tags, { action: 'reserve', request: id }, at);
      return { request: id, reserved: tags };
    },
    at,
  );
  return { ...result, replayed: result.replayed ?? false };
}

/** Gives reserved devices back to stock (a device that turned out unsuitable, a change of plan). */
export async function unreserveDevices(ctx: AppContext, actor: Actor, id: number, rawTags: string[]) {
  if (!check(actor, 'device.unreserve').ok) throw new AppError(403, 'access.denied');
  const tags = canonicalTags(rawTags);
  const at = nowIso(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const request = await repo.findRequest(trx, id);
    if (!request || !check(actor, 'device.unreserve', { hubId: request.hub_id }).ok) throw new AppError(404, 'requests.unknown', { id });
    await repo.lockRequest(trx, id);
    await moveDevices(ctx, trx, actor, request, tags, { action: 'unreserve' }, at, async (tag) => {
      const device = await devicesRepo.findDeviceByTag(trx, tag);
      if (!device || device.request_id !== id || device.state !== 'reserved') throw new AppError(409, 'requests.notReservedHere', { tag, id });
    });
  });
}

/**
 * Reserves or gives back a set of devices for a request, inside its transaction: each device through
 * the lifecycle (a refusal said with the device's tag), then one event on the request with the count.
 * `first` checks a device before its action (giving back only what this request holds).
 */
async function moveDevices(
  ctx: AppContext,
  trx: Transaction<Database>,
  actor: Actor,
  request: { id: number; state: RequestState },
  tags: string[],
  input: { action: 'reserve'; request: number } | { action: 'unreserve' },
  at: string,
  first?: (tag: string) => Promise<void>,
) {
  for (const tag of tags) {
    await first?.(tag);
    try {
      await applyActionIn(ctx, trx, actor, tag, input);
    } catch (e) {
      throw inBulk(e, tag);
    }
  }
  await repo.insertEvent(trx, {
    request_id: request.id,
    action: input.action,
    from_state: request.state,
    to_state: request.state,
    note: null,
    data: JSON.stringify({ count: tags.length }),
    ...actorCols(actor),
    at,
  });
}

/** A device's refusal inside a set: the same reason, said with the device's tag. */
export function inBulk(e: unknown, tag: string): unknown {
  if (!(e instanceof AppError) || e.key === 'devices.changedMeanwhile' || e.key.startsWith('tags.') || e.key.startsWith('access.')) return e;
  if (e.params && 'tag' in e.params) return e;
  return new AppError(e.status, 'requests.deviceRefused', { ...e.params, tag, because: e.key }, e.details);
}

export type { RequestState };
