/**
 * The one home of device actions. An action loads the device once, asks the lifecycle once, runs the
 * steps features registered for it (devices/registry.ts, wired in devices/plugins.ts), and writes
 * the event and the projections in one transaction guarded by the device's version. The kernel
 * imports no feature: what a delivery, an install or an erasure adds is their registered step.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor, Capability } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation, retryingDeadlocks } from '../db/adapter';
import type { Database } from '../db/schema';
import { together } from '../db/together';
import {
  decide,
  decideKeeping,
  project,
  targetState,
  type ActionFields,
  type DeviceAction,
  type GuardFacts,
  type KeepingAction,
  type KeepingFields,
  type LifecycleDevice,
} from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { actorColumns } from '../shared/write/actor';
import { replayAfterRace, withIdempotency } from '../shared/write/idempotency';
import { requireCapability, requireTag } from '../shared/write/actor';
import { factSources, registeredProjections, routeOf, stepsOf, type ActionResult, type ActionStep, type AlreadyRead, type AnyAction, type DeviceChange, type StockCell } from './registry';
import * as repo from './repository';
import type { DeviceWithHub } from './repository';
import type { ActionInput } from './schema';

export { requireTag } from '../shared/write/actor';
export type { DeviceChange, StockCell } from './registry';

type Trx = Transaction<Database>;
/** What a function running inside a transaction gets of the app's context: everything but `db`. */
type TransactionContext = Omit<AppContext, 'db'>;
type Db = Kysely<Database> | Trx;

export type { ActionResult } from './registry';

/**
 * One device action from its page, a scan or the API. An action a feature carries out itself (a
 * delivery makes its documents) goes to its registered route; every other is the lifecycle's.
 */
export async function applyDeviceAction(ctx: AppContext, actor: Actor, tag: string, input: ActionInput): Promise<ActionResult & Record<string, unknown>> {
  const route = routeOf(input.action);
  if (route) return route(ctx, actor, tag, input);
  return applyAction(ctx, actor, tag, input);
}

/**
 * Applies one lifecycle action. The event and the device's new projection are written in one
 * transaction, guarded by the device's version: when two people act at once, one wins and the
 * other is told what happened. A repeated idempotency key answers the first result again.
 */
export async function applyAction(ctx: AppContext, actor: Actor, rawTag: string, input: ActionInput): Promise<ActionResult> {
  const tag = requireTag(rawTag);
  const { idempotencyKey: key, expectedVersion: _v, ...rest } = input;
  // What makes two submissions the same one: the device and the action, never the key or the version seen.
  const same = [tag, rest];
  try {
    return await retryingDeadlocks(() => ctx.db.transaction().execute((trx) => withIdempotency(trx, actor, 'device-action', key, same, () => applyActionIn(ctx, trx, actor, tag, input), nowIso(ctx))));
  } catch (error) {
    // Two submissions with the same key at once: the loser answers what the winner stored.
    const replayed = await replayAfterRace<ActionResult>(ctx.db, actor, 'device-action', key, same, error);
    if (replayed) return replayed;
    if (isUniqueViolation(error)) {
      const device = await repo.findDeviceByTag(ctx.db, tag);
      if (device) throw await changedMeanwhile(ctx.db, device);
    }
    throw error;
  }
}

/**
 * Applies one action inside the caller's transaction: reserving or delivering a set of devices,
 * or a transfer, moves every device or none. `tag` is canonical (read from a device or parsed by the
 * caller). `resolved` carries fields a feature service has already worked out (a delivery's number
 * and recipient); without them the action's registered step works them out from the input.
 */
export async function applyActionIn(
  ctx: TransactionContext,
  trx: Trx,
  actor: Actor,
  tag: string,
  input: ActionInput,
  resolved?: ActionFields[DeviceAction],
  /** The device as the caller has just read it in this transaction. */
  read?: { device: DeviceWithHub | undefined },
): Promise<ActionResult> {
  const steps = stepsOf(input.action);
  const device = await loadForAction(trx, actor, tag, `device.${input.action}`, input.expectedVersion, read);
  const before = toLifecycle(device);
  // The guard's facts, given the cycle the kernel has just read with the device.
  const facts = await guardFacts(trx, device.id, { cycle: device.cycle });
  // The lifecycle answers first, once: an action its state or a guard forbids is refused before its
  // fields (a request, a hub) are looked into. Fields a feature service already resolved (an erasure's
  // per-disk records) take part in this answer.
  const decision = decide(before, input.action, resolved, facts);
  if (!decision.ok) throw new AppError(409, decision.refusal.key, decision.refusal.params, { reason: decision.kind, state: device.state });
  const fields = resolved ?? (await resolveFields(trx, device, input, actor, steps));
  const to = resolved ? decision.to : targetState(before, input.action, fields, facts);
  const data = (): Record<string, unknown> => eventData(input, fields);
  const written = await writeEvent(ctx, trx, actor, device, { action: input.action, before, after: (b) => project(b, input.action, fields, to), fields, data }, steps);
  const hubCode = written.after.hubId === device.hub_id ? device.hub_code : (input as { toHub: string }).toHub;
  return {
    tag,
    state: written.after.state,
    hub: hubCode,
    version: written.seq,
    event: { id: written.eventId, seq: written.seq, action: input.action, from: before.state, to: written.after.state, at: written.at, data: written.data },
  };
}

/**
 * Records an action that does not move the device's state (fitting a part): the same version
 * check, event and projections as any action, with the lifecycle's own rule for it
 * (lifecycle.ts#KEEPING_RULES). `fields` go to the registered steps; `data` is what the event keeps.
 */
export async function applyKeepingAction<A extends KeepingAction>(
  ctx: TransactionContext,
  trx: Trx,
  actor: Actor,
  tag: string,
  request: {
    action: A;
    capability: Capability;
    expectedVersion?: number;
    /** Works out the fields once the device is loaded and its version checked (the part to fit). */
    resolve: (device: DeviceWithHub) => Promise<KeepingFields[A] & Record<string, unknown>>;
    data: (fields: KeepingFields[A] & Record<string, unknown>) => Record<string, unknown>;
    /** What a stale page hears, in the feature's own words: seen before writing, or a race lost while writing. */
    stale: (device: DeviceWithHub, lostRace: boolean) => AppError;
  },
): Promise<{ tag: string; state: string; version: number; event: { id: number; seq: number; action: A; at: string; data: Record<string, unknown> } }> {
  const steps = stepsOf(request.action);
  const device = await repo.findDeviceByTag(trx, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  requireAccess(actor, 'device.read', device);
  requireAccess(actor, request.capability, device);
  if (request.expectedVersion !== undefined && request.expectedVersion !== device.version) throw request.stale(device, false);
  const fields = await request.resolve(device);
  const before = toLifecycle(device);
  const decision = decideKeeping(before, request.action, fields);
  if (!decision.ok) throw new AppError(409, decision.refusal.key, decision.refusal.params);
  const written = await writeEvent(ctx, trx, actor, device, { action: request.action, before, after: (b) => b, fields, data: () => request.data(fields) }, steps, () => request.stale(device, true));
  return { tag: device.tag, state: device.state, version: written.seq, event: { id: written.eventId, seq: written.seq, action: request.action, at: written.at, data: written.data } };
}

/** Loads the device an action is about, in its transaction: it exists, the person may act on it, and it is the version they saw. */
async function loadForAction(trx: Trx, actor: Actor, tag: string, capability: Capability, expectedVersion: number | undefined, read?: { device: DeviceWithHub | undefined }) {
  const device = read ? read.device : await repo.findDeviceByTag(trx, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  // Someone who acted on a stale page hears what changed before anything else.
  requireAccess(actor, 'device.read', device);
  if (expectedVersion !== undefined && expectedVersion !== device.version) throw await changedMeanwhile(trx, device);
  requireAccess(actor, capability, device);
  return device;
}

/**
 * The write every action shares: the registered steps that come before, the device's new projection
 * guarded by its version, the event and the running totals, then the steps that come after.
 */
async function writeEvent<A extends AnyAction>(
  ctx: TransactionContext,
  trx: Trx,
  actor: Actor,
  device: DeviceWithHub,
  change: { action: A; before: LifecycleDevice; after: (before: LifecycleDevice) => LifecycleDevice; fields: unknown; data: () => Record<string, unknown> },
  steps: readonly ActionStep<A>[],
  stale?: () => AppError,
) {
  const at = nowIso(ctx);
  // Steps get no db even from a caller that handed in its whole context: inside the transaction only trx writes.
  const { db: _db, ...rest } = ctx as TransactionContext & { db?: unknown };
  const step = { ctx: rest, trx, actor, device, before: change.before, fields: change.fields, at } as Parameters<NonNullable<ActionStep<A>['before']>>[0];
  for (const s of steps) if (s.before) await s.before(step);
  const before = change.before;
  const after = change.after(before);
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
  if (!won) throw stale ? stale() : await changedMeanwhile(trx, device);
  if (after.hubId !== before.hubId) await repo.moveTerms(trx, device.id, after.hubId);
  const data = change.data();
  const seq = device.version + 1;
  // The event and the running totals are sent together (one round trip on PostgreSQL); a failed
  // insert fails the whole transaction, and its error is the one that comes back first.
  const inserted = repo.insertEvent(trx, {
    device_id: device.id,
    seq,
    action: change.action,
    from_state: before.state,
    to_state: after.state,
    hub_id: after.hubId,
    ...actorColumns(actor, 'actor'),
    data: JSON.stringify(data),
    at,
  });
  const projected = applyProjections(trx, [
    {
      deviceId: device.id,
      type: device.type,
      before: { hubId: before.hubId, state: before.state, type: device.type },
      after: { hubId: after.hubId, state: after.state, type: device.type },
      action: change.action,
      at,
      data,
    },
  ]);
  const [eventId] = await together([inserted, projected]);
  for (const s of steps) if (s.after) await s.after({ ...step, eventId });
  return { after, seq, eventId, at, data };
}

/** The fields from the input: a registered step works them out, else they are the input's own. */
async function resolveFields(trx: Trx, device: DeviceWithHub, input: ActionInput, actor: Actor, steps: readonly ActionStep<DeviceAction>[]): Promise<ActionFields[DeviceAction]> {
  const resolver = steps.find((s) => s.resolve);
  if (resolver) return resolver.resolve!(trx, device, input as never, actor);
  switch (input.action) {
    case 'harvest':
      return { parts: input.parts?.length ? input.parts : undefined, note: input.note };
    case 'return':
      return { reason: input.reason, note: input.note };
    case 'recycle':
      return { kg: input.kg, note: input.note };
    default:
      return { note: input.note };
  }
}

/** What the event log keeps of an action: its fields (and the hub a transfer names), without the client's bookkeeping. */
function eventData(input: ActionInput, fields: ActionFields[DeviceAction]): Record<string, unknown> {
  const data: Record<string, unknown> = { ...fields };
  if (input.action === 'transfer') data.toHub = input.toHub;
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
  return data;
}

// ---- reading a device for an action (also used by the pages that show it)

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

/** The facts the guards read (the erasure records, the disks to account for), from the features that keep them. */
export async function guardFacts(db: Db, deviceId: number, read?: AlreadyRead): Promise<GuardFacts> {
  const sources = factSources();
  if (sources.length === 1) return (await sources[0]!(db, deviceId, read)) as GuardFacts;
  const parts = await Promise.all(sources.map((source) => source(db, deviceId, read)));
  return Object.assign({ erasures: [] }, ...parts) as GuardFacts;
}

export function requireAccess(actor: Actor | null, capability: Capability, device: DeviceWithHub) {
  requireCapability('device', actor, capability, device);
}

/** Someone acted on the device first: who, what, and the state and version it is in now. */
export async function changedMeanwhile(db: Db, device: DeviceWithHub): Promise<AppError> {
  const fresh = (await repo.findDeviceByTag(db, device.tag)) ?? device;
  const last = await repo.lastEvent(db, device.id);
  return new AppError(
    409,
    'devices.changedMeanwhile',
    { tag: device.tag, state: fresh.state, who: last?.user_name ?? last?.token_label ?? '?', action: last?.action ?? '' },
    { state: fresh.state, version: fresh.version },
  );
}

// ---- the running totals

/**
 * Keeps every running total in step with the event log, inside the events' own transaction:
 * figures are then read, never recounted. Takes a batch (a donation's intake is hundreds of events)
 * and writes each changed cell once. Features that count more register a projection (devices/registry.ts).
 */
export async function applyProjections(trx: Trx, changes: readonly DeviceChange[]): Promise<void> {
  const deltas = new Map<string, { cell: StockCell; delta: number }>();
  const bump = (cell: StockCell, delta: number) => {
    const key = `${cell.hubId}|${cell.state}|${cell.type}`;
    const entry = deltas.get(key) ?? { cell, delta: 0 };
    entry.delta += delta;
    deltas.set(key, entry);
  };
  for (const { before, after } of changes) {
    if (before && before.hubId === after.hubId && before.state === after.state) continue;
    if (before) bump(before, -1);
    bump(after, +1);
  }
  // The three kinds of totals touch different tables: their statements are sent together (one round
  // trip on PostgreSQL, see the adapter's pipelining).
  await together([
    // In one order for every transaction (by cell), so that two of them never lock the same cells crosswise.
    ...[...deltas.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .filter(([, d]) => d.delta !== 0)
      .map(([, { cell, delta }]) => repo.adjustStock(trx, cell, delta)),
    // What features keep besides (registered in devices/plugins.ts): the image a device runs, the circular-economy figures.
    ...registeredProjections().map((projection) => projection(trx, changes)),
  ]);
}
