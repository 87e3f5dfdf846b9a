import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { check, type Actor, type Capability } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import { findHubByCode } from '../hubs/repository';
import {
  decide,
  nextActions,
  project,
  type ActionFields,
  type DeviceAction,
  type GuardFacts,
  type LifecycleDevice,
} from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { parseTag } from '../tags/tag';
import { applyProjections } from './projections';
import * as repo from './repository';
import type { DeviceWithHub } from './repository';
import type { ActionInput, ListQuery } from './schema';
import { queryWords } from './terms';

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
  };
}

type Db = AppContext['db'] | Transaction<Database>;

async function guardFacts(db: Db, deviceId: number): Promise<GuardFacts> {
  const erasures = await repo.listErasures(db, deviceId);
  return { erasures: erasures.map((e) => ({ outcome: e.outcome, cycle: e.cycle, diskSerial: e.disk_serial })) };
}

function requireAccess(actor: Actor | null, capability: Capability, device: DeviceWithHub) {
  const decision = check(actor, capability, { hubId: device.hub_id });
  if (decision.ok) return;
  if (decision.reason === 'hub') throw new AppError(403, 'access.otherHub', { tag: device.tag, hub: device.hub_name });
  throw new AppError(403, 'access.denied');
}

// ---- reading

export async function getDevice(ctx: AppContext, actor: Actor | null, rawTag: string) {
  const tag = requireTag(rawTag);
  const device = await repo.findDeviceByTag(ctx.db, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  requireAccess(actor, 'device.read', device);
  const [events, erasures] = await Promise.all([repo.listEvents(ctx.db, device.id), repo.listErasures(ctx.db, device.id)]);
  const facts: GuardFacts = {
    erasures: erasures.map((e) => ({ outcome: e.outcome, cycle: e.cycle, diskSerial: e.disk_serial })),
  };
  const next = nextActions(toLifecycle(device), facts);
  const permitted = (a: DeviceAction) => check(actor, `device.${a}`, { hubId: device.hub_id }).ok;
  return {
    device,
    events,
    erasures,
    allowed: next.allowed.filter(permitted),
    blocked: next.blocked.filter((b) => permitted(b.action)),
    /** True when the actor could act here if the device were in their hub. */
    otherHub: !check(actor, 'device.diagnose', { hubId: device.hub_id }).ok && check(actor, 'device.diagnose').ok,
  };
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
  const rows = await repo.listDevices(ctx.db, {
    hubId,
    state: query.state,
    type: query.type,
    exactTag,
    search,
    afterId: query.after,
    limit: limit + 1,
  });
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, next: hasMore ? items[items.length - 1]!.id : null, mistypedTag, hubId };
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
      if (idemKey) {
        const prior = await repo.findIdempotent(trx, idemKey);
        if (prior) return replay(prior, fingerprint);
      }
      const device = await repo.findDeviceByTag(trx, tag);
      if (!device) throw new AppError(404, 'tags.unknown', { tag });
      // Someone who acted on a stale page hears what changed before anything else.
      requireAccess(actor, 'device.read', device);
      if (input.expectedVersion !== undefined && input.expectedVersion !== device.version) {
        throw await changedMeanwhile(trx, device);
      }
      requireAccess(actor, `device.${input.action}`, device);
      const fields = await resolveFields(trx, device, input);
      const before = toLifecycle(device);
      const decision = decide(before, input.action, fields, await guardFacts(trx, device.id));
      if (!decision.ok) {
        throw new AppError(409, decision.refusal.key, decision.refusal.params, { reason: decision.kind, state: device.state });
      }
      const after = project(before, input.action, fields, decision.to);
      const at = nowIso(ctx);
      const won = await repo.updateDeviceIfVersion(trx, device.id, device.version, {
        state: after.state,
        hub_id: after.hubId,
        has_storage: after.hasStorage === null ? null : after.hasStorage ? 1 : 0,
        outcome: after.outcome,
        cycle: after.cycle,
        os: after.os,
        recipient: after.recipient,
        delivery_document: after.deliveryDocument,
        updated_at: at,
      });
      if (!won) throw await changedMeanwhile(trx, device);
      const data = eventData(input, fields);
      const seq = device.version + 1;
      const eventId = await repo.insertEvent(trx, {
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
      if (input.action === 'erase') {
        const f = fields as ActionFields['erase'];
        await repo.insertErasure(trx, {
          device_id: device.id,
          cycle: before.cycle,
          event_id: eventId,
          source: 'manual',
          outcome: f.verified ? 'erased' : 'unverified',
          method: f.method,
          tool: f.tool ?? null,
          nist_category: null,
          verified: f.verified ? 1 : 0,
          disk_serial: null,
          disk_model: null,
          disk_size_bytes: null,
          performed_by_user_id: actor.kind === 'user' ? actor.id : null,
          at,
          details: null,
        });
      }
      await applyProjections(trx, [
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
      const hubCode = after.hubId === device.hub_id ? device.hub_code : (input as { toHub: string }).toHub;
      const result: ActionResult = {
        tag,
        state: after.state,
        hub: hubCode,
        version: seq,
        event: { id: eventId, seq, action: input.action, from: before.state, to: after.state, at, data },
      };
      if (idemKey) await repo.insertIdempotent(trx, { key: idemKey, fingerprint, response: JSON.stringify(result), created_at: at });
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

async function resolveFields(db: Db, device: DeviceWithHub, input: ActionInput): Promise<ActionFields[DeviceAction]> {
  if (after.hubId !== before.hubId) await repo.moveTerms(trx, device.id, after.hubId);
  switch (input.action) {
    case 'diagnose':
      return { outcome: input.outcome, hasStorage: input.hasStorage, note: input.note };
    case 'erase':
      return { method: input.method, verified: input.verified, tool: input.tool, note: input.note };
    case 'install':
      return { os: input.os, note: input.note };
    case 'reserve':
      return { recipient: input.recipient, note: input.note };
    case 'deliver':
      return { recipient: input.recipient, document: input.document, note: input.note };
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
