import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { check, maySeePartnerPeople, type Actor, type Capability } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import { findHubByCode } from '../hubs/repository';
import { FINAL_ACTIONS, needsConfirmation, nextStep } from '../lifecycle/next-step';
import {
  decide,
  project,
  type ActionFields,
  type DeviceAction,
  type GuardFacts,
  type LifecycleDevice,
} from '../lifecycle/lifecycle';
import { resolveReservation } from '../requests/reservation';
import { AppError } from '../shared/errors';
import { parseTag } from '../tags/tag';
import { attachToTransfer, markArrived } from '../transfers/attach';
import { erasureFacts, type KnownToGuard } from '../erasure/guard';
import { addDays, startOfDayUtc } from '../figures/periods';
import { resolveChecklist } from '../workshop/checklists';
import { manualStanding } from '../erasure/review';
import { recordActionEvidence } from '../workshop/evidence';
import { resolveInstall } from '../workshop/service';
import { applyProjections } from './projections';
import { USUALLY_HAS_STORAGE } from './device-types';
import * as repo from './repository';
import type { DeviceWithHub } from './repository';
import type { DeviceView } from '../../views/devices/model';
import type { ActionInput, ListQuery } from './schema';
import { queryWords } from './terms';
import { together } from '../db/together';

/** The canonical tag, or a 400 that says whether it looks mistyped (bad check character) or is not a tag at all. */
export function requireTag(raw: string): string {
  const parsed = parseTag(raw);
  if (parsed.ok) return parsed.tag;
  if (parsed.reason === 'mistyped') throw new AppError(400, 'tags.mistyped', { tag: raw.slice(0, 40) });
  throw new AppError(400, 'tags.malformed', { tag: raw.slice(0, 40) });
}

export function toLifecycle(d: repo.DeviceRow): LifecycleDevice {
  return {
    state: d.state,
    hubId: d.hub_id,
    hasStorage: d.has_storage === null ? null : d.has_storage === 1,
    outcome: d.outcome,
    cycle: d.cycle,
    os: d.os,
    recipient: d.recipient,
    deliveryDocument: d.delivery_document,
    requestId: d.request_id,
    deliveryId: d.delivery_id,
    transferId: d.transfer_id,
    transitFromHubId: d.transit_from_hub_id,
    transitState: d.transit_state,
  };
}

type Db = AppContext['db'] | Transaction<Database>;

/** The erasure records and the disks that must each be accounted for (from the hardware report and fitted parts). */
export function guardFacts(db: Db, deviceId: number, known?: KnownToGuard): Promise<GuardFacts> {
  return erasureFacts(db, deviceId, known);
}

export function requireAccess(actor: Actor | null, capability: Capability, device: DeviceWithHub) {
  const decision = check(actor, capability, { hubId: device.hub_id });
  if (decision.ok) return;
  if (decision.reason === 'hub') throw new AppError(403, 'access.otherHub', { tag: device.tag, hub: device.hub_name });
  throw new AppError(403, 'access.denied');
}

// ---- reading

/** The device page's view of a device (views/devices/model.ts): the fields it shows, picked one by one. */
export function deviceView(d: DeviceWithHub): DeviceView {
  return {
    tag: d.tag,
    hub_id: d.hub_id,
    hub_name: d.hub_name,
    donation_id: d.donation_id,
    type: d.type,
    brand: d.brand,
    model: d.model,
    serial: d.serial,
    weight_kg: d.weight_kg,
    has_storage: d.has_storage,
    condition_note: d.condition_note,
    state: d.state,
    outcome: d.outcome,
    cycle: d.cycle,
    version: d.version,
    os: d.os,
    recipient: d.recipient,
    delivery_document: d.delivery_document,
    request_id: d.request_id,
    delivery_id: d.delivery_id,
    received_at: d.received_at,
  };
}

export async function getDevice(ctx: AppContext, actor: Actor | null, rawTag: string) {
  const tag = requireTag(rawTag);
  const device = await repo.findDeviceByTag(ctx.db, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  requireAccess(actor, 'device.read', device);
  const [rows, erasures] = await Promise.all([repo.listEvents(ctx.db, device.id), repo.listErasures(ctx.db, device.id)]);
  // The guard decides on the records just read and the device's cycle: no second read of either.
  const facts = await guardFacts(ctx.db, device.id, { cycle: device.cycle, erasures });
  // A partner's person shows by name only to whom may see them; the others see the organisation.
  const events = rows.map((e) =>
    e.user_partner_id !== null && !maySeePartnerPeople(actor, { hubId: device.hub_id, partnerId: e.user_partner_id }) ? { ...e, user_name: e.user_partner_name } : e,
  );
  const permitted = (a: DeviceAction) => check(actor, `device.${a}`, { hubId: device.hub_id }).ok;
  // The lifecycle says what comes first, what else, and what is final (lifecycle/next-step.ts).
  const step = nextStep(toLifecycle(device), facts, permitted);
  return {
    device,
    events,
    erasures,
    facts,
    step,
    allowed: [...(step.primary ? [step.primary] : []), ...step.others, ...step.destructive.map((d) => d.action)],
    blocked: step.blocked,
    /** True when the actor could act here if the device were in their hub. */
    otherHub: !check(actor, 'device.diagnose', { hubId: device.hub_id }).ok && check(actor, 'device.diagnose').ok,
  };
}

/** Whether applying this action to the device now destroys something or ends it (see lifecycle/next-step.ts). */
export async function needsConfirmationNow(ctx: AppContext, actor: Actor, rawTag: string, action: DeviceAction, expectedVersion?: number): Promise<boolean> {
  if (!FINAL_ACTIONS.includes(action) && action !== 'erase') return false;
  const device = await repo.findDeviceByTag(ctx.db, requireTag(rawTag));
  // A stale page or someone else's device: the action itself says what happened.
  if (!device || !check(actor, `device.${action}`, { hubId: device.hub_id }).ok) return false;
  if (expectedVersion !== undefined && expectedVersion !== device.version) return false;
  return needsConfirmation(toLifecycle(device), action, await guardFacts(ctx.db, device.id));
}

export type ListResult = Awaited<ReturnType<typeof repo.listDevices>>;

export async function listDevices(ctx: AppContext, actor: Actor, query: ListQuery) {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  let hubId: number | undefined;
  if (query.hub) {
    const hub = await findHubByCode(ctx.db, query.hub);
    if (!hub) throw new AppError(404, 'hubs.unknown', { hub: query.hub });
    hubId = hub.id;
  } else if (actor.hubId !== null && actor.role !== 'admin' && actor.role !== 'region') {
    hubId = actor.hubId;
  }
  const limit = query.limit ?? 50;
  let exactTag: string | undefined;
  let search: { words: string[]; compact: string } | undefined;
  let mistypedTag = false;
  if (query.q) {
    const parsed = parseTag(query.q);
    if (parsed.ok) exactTag = parsed.tag;
    else {
      mistypedTag = parsed.reason === 'mistyped';
      search = queryWords(query.q);
    }
  }
  const filter = {
    hubId,
    state: query.state,
    type: query.type,
    exactTag,
    search,
    // RAM is typed in GB and stored in MiB, as the modules report it (a "4 GB" module is 4096 MiB).
    specs: {
      minRamMb: query.minRam !== undefined ? Math.round(query.minRam * 1024) : undefined,
      minStorageGb: query.minStorage,
      ssd: query.ssd,
      cpu64: query.cpu64,
    },
    outdatedImage: query.outdatedImage,
    event: query.event
      ? { action: query.event, fromUtc: query.from ? startOfDayUtc(query.from) : '0000', toUtc: query.to ? startOfDayUtc(addDays(query.to, 1)) : '9999' }
      : undefined,
  };
  const [rows, behind] = await Promise.all([
    repo.listDevices(ctx.db, { ...filter, afterId: query.after, limit: limit + 1 }),
    // The devices behind a dashboard figure (an event or a state): their count, over every page.
    (query.event || query.state) && !search ? repo.countDevices(ctx.db, filter) : null,
  ]);
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, next: hasMore ? items[items.length - 1]!.id : null, mistypedTag, hubId, behind };
}

// ---- acting

export type ActionResult = {
  tag: string;
  state: string;
  hub: string;
  version: number;
  event: { id: number; seq: number; action: string; from: string; to: string; at: string; data: Record<string, unknown> };
  replayed?: boolean;
};

/**
 * Applies one lifecycle action. The event and the device's new projection are written in one
 * transaction, guarded by the device's version: when two people act at once, one wins and the
 * other is told what happened. A repeated idempotency key answers the first result again.
 */
export async function applyAction(ctx: AppContext, actor: Actor, rawTag: string, input: ActionInput): Promise<ActionResult> {
  const tag = requireTag(rawTag);
  const idemKey = input.idempotencyKey ? `${actor.kind}:${actor.id}:device-action:${input.idempotencyKey}` : null;
  const fingerprint = fingerprintOf(tag, input);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      // Sent together: on PostgreSQL one round trip (with the BEGIN), see the adapter's pipelining.
      const [prior, device] = await together([idemKey ? repo.findIdempotent(trx, idemKey) : undefined, repo.findDeviceByTag(trx, tag)]);
      if (prior) return replay(prior, fingerprint);
      const result = await applyActionIn(ctx, trx, actor, tag, input, undefined, { device });
      if (idemKey) await repo.insertIdempotent(trx, { key: idemKey, fingerprint, response: JSON.stringify(result), created_at: result.event.at });
      return result;
    });
  } catch (error) {
    // Two submissions with the same key at once: the loser answers what the winner stored.
    if (idemKey && (isUniqueViolation(error) || (error instanceof AppError && error.status === 409))) {
      const prior = await repo.findIdempotent(ctx.db, idemKey);
      if (prior) return replay(prior, fingerprint);
    }
    if (isUniqueViolation(error)) {
      const device = await repo.findDeviceByTag(ctx.db, tag);
      if (device) throw await changedMeanwhile(ctx.db, device);
    }
    throw error;
  }
}

/**
 * Applies one action inside the caller's transaction: reserving or delivering a set of devices,
 * or a transfer, moves every device or none. `resolved` carries fields a feature service has already
 * worked out (a delivery's number and recipient); without it they come from the input.
 */
export async function applyActionIn(
  ctx: AppContext,
  trx: Transaction<Database>,
  actor: Actor,
  rawTag: string,
  input: ActionInput,
  resolved?: ActionFields[DeviceAction],
  /** The device as the caller has just read it in this transaction. */
  read?: { device: DeviceWithHub | undefined },
): Promise<ActionResult> {
  const tag = requireTag(rawTag);
  const device = read ? read.device : await repo.findDeviceByTag(trx, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  // Someone who acted on a stale page hears what changed before anything else.
  requireAccess(actor, 'device.read', device);
  if (input.expectedVersion !== undefined && input.expectedVersion !== device.version) {
    throw await changedMeanwhile(trx, device);
  }
  requireAccess(actor, `device.${input.action}`, device);
  const before = toLifecycle(device);
  const facts = await guardFacts(trx, device.id);
  // The lifecycle answers first: an action its state or a guard forbids is refused before its fields
  // (a request, a hub) are looked into.
  // Fields a feature service already resolved (an erasure's per-disk records) take part in this first answer.
  const allowed = decide(before, input.action, resolved, facts);
  if (!allowed.ok) throw new AppError(409, allowed.refusal.key, allowed.refusal.params, { reason: allowed.kind, state: device.state });
  const fields = resolved ?? (await resolveFields(trx, device, input, actor));
  const decision = decide(before, input.action, fields, facts);
  if (!decision.ok) {
    throw new AppError(409, decision.refusal.key, decision.refusal.params, { reason: decision.kind, state: device.state });
  }
  const at = nowIso(ctx);
  // A transfer travels with a document: the device joins the one given, or today's to that hub, or opens one.
  if (input.action === 'transfer') {
    const f = fields as ActionFields['transfer'];
    f.transferId = await attachToTransfer(ctx, trx, actor, device, f.toHubId, { transferId: f.transferId });
  }
  const after = project(before, input.action, fields, decision.to);
  const won = await repo.updateDeviceIfVersion(trx, device.id, device.version, {
    state: after.state,
    hub_id: after.hubId,
    has_storage: after.hasStorage === null ? null : after.hasStorage ? 1 : 0,
    outcome: after.outcome,
    cycle: after.cycle,
    os: after.os,
    recipient: after.recipient,
    delivery_document: after.deliveryDocument,
    request_id: after.requestId,
    delivery_id: after.deliveryId,
    transfer_id: after.transferId,
    transit_from_hub_id: after.transitFromHubId,
    transit_state: after.transitState,
    updated_at: at,
  });
  if (!won) throw await changedMeanwhile(trx, device);
  if (input.action === 'arrive' && before.transferId !== null) await markArrived(trx, before.transferId, device.id, actor, at);
  if (after.hubId !== before.hubId) await repo.moveTerms(trx, device.id, after.hubId);
  const data = eventData(input, fields);
  const seq = device.version + 1;
  // The event and the running totals are sent together (one round trip on PostgreSQL); a failed
  // insert fails the whole transaction, and its error is the one that comes back first.
  const inserted = repo.insertEvent(trx, {
    device_id: device.id,
    seq,
    action: input.action,
    from_state: before.state,
    to_state: after.state,
    hub_id: after.hubId,
    actor_user_id: actor.kind === 'user' ? actor.id : null,
    actor_token_id: actor.kind === 'token' ? actor.id : null,
    data: JSON.stringify(data),
    at,
  });
  const projected = applyProjections(trx, [
    {
      deviceId: device.id,
      type: device.type,
      before: { hubId: before.hubId, state: before.state, type: device.type },
      after: { hubId: after.hubId, state: after.state, type: device.type },
      action: input.action,
      at,
      data,
    },
  ]);
  const [eventId] = await together([inserted, projected]);
  // Erasure records (one per disk), disks kept from a removal, parts kept at harvest: in this same transaction.
  await recordActionEvidence(trx, { action: input.action, fields, deviceId: device.id, hubId: before.hubId, cycle: before.cycle, eventId, actor, at });
  const hubCode = after.hubId === device.hub_id ? device.hub_code : (input as { toHub: string }).toHub;
  return {
    tag,
    state: after.state,
    hub: hubCode,
    version: seq,
    event: { id: eventId, seq, action: input.action, from: before.state, to: after.state, at, data },
  };
}

async function resolveFields(db: Transaction<Database>, device: DeviceWithHub, input: ActionInput, actor: Actor): Promise<ActionFields[DeviceAction]> {
  switch (input.action) {
    case 'diagnose':
      return {
        outcome: input.outcome,
        hasStorage: input.hasStorage ?? recordedStorage(device),
        reason: input.reason,
        checklist: await resolveChecklist(db, device, input.checklist, input.checklistAll === true),
        note: input.note,
      };
    case 'erase':
      return {
        method: input.method,
        verified: input.verified,
        tool: input.tool,
        category: input.category,
        verification: input.verification,
        source: 'manual',
        // A volunteer's record waits for a coordinator (erasure/review.ts).
        standing: manualStanding(actor, device.hub_id),
        disks: input.disks?.map((d) => ({ serial: d.serial, model: d.model ?? null, outcome: input.verified ? 'erased' : 'unverified' })),
        note: input.note,
      };
    case 'install':
      return resolveInstall(db, { os: input.os, imageId: input.imageId, note: input.note });
    case 'harvest':
      return { parts: input.parts?.length ? input.parts : undefined, note: input.note };
    case 'reserve': {
      // Reserved always names an open request of the device's hub that still wants a device like this.
      const request = await resolveReservation(db, device, input.request);
      return { requestId: request.id, recipient: request.partnerName, note: input.note };
    }
    case 'deliver':
      // Delivered always names a delivery document: only the deliveries service creates one.
      throw new AppError(409, 'deliveries.throughRequest', { tag: device.tag });
    case 'return':
      return { reason: input.reason, note: input.note };
    case 'recycle':
      return { kg: input.kg, note: input.note };
    case 'transfer': {
      const hub = await findHubByCode(db, input.toHub);
      if (!hub) throw new AppError(422, 'hubs.unknown', { hub: input.toHub });
      if (hub.id === device.hub_id) throw new AppError(422, 'devices.transferSameHub', { hub: hub.name });
      return { toHubId: hub.id, note: input.note };
    }
    default:
      return { note: input.note };
  }
}

/**
 * The device's own storage answer, when a diagnosis does not give one (a batch keeps each device's):
 * the one recorded at intake, else what its type usually has. A laptop is never assumed empty.
 */
function recordedStorage(device: DeviceWithHub): boolean {
  if (device.has_storage === null) return USUALLY_HAS_STORAGE.includes(device.type);
  return device.has_storage === 1;
}

/** What the event log keeps of an action: its fields, without the client's bookkeeping. */
function eventData(input: ActionInput, fields: ActionFields[DeviceAction]): Record<string, unknown> {
  const data: Record<string, unknown> = { ...fields };
  if (input.action === 'transfer') data.toHub = input.toHub;
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
  return data;
}

async function changedMeanwhile(db: Db, device: DeviceWithHub): Promise<AppError> {
  const fresh = (await repo.findDeviceByTag(db, device.tag)) ?? device;
  const last = await repo.lastEvent(db, device.id);
  return new AppError(
    409,
    'devices.changedMeanwhile',
    { tag: device.tag, state: fresh.state, who: last?.user_name ?? last?.token_label ?? '?', action: last?.action ?? '' },
    { state: fresh.state, version: fresh.version },
  );
}

function fingerprintOf(tag: string, input: ActionInput): string {
  const { idempotencyKey: _k, expectedVersion: _v, ...rest } = input;
  return createHash('sha256').update(JSON.stringify([tag, rest])).digest('hex');
}

function replay(prior: { fingerprint: string; response: string }, fingerprint: string): ActionResult {
  if (prior.fingerprint !== fingerprint) throw new AppError(422, 'devices.idempotencyKeyReused');
  return { ...(JSON.parse(prior.response) as ActionResult), replayed: true };
}
