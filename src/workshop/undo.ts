/**
 * Undo and correction at the bench, by compensating events (the rules are lifecycle/undo.ts): the
 * author of a workshop step takes it back within a while; a coordinator undoes a final action or
 * corrects a diagnosis, with a reason. The event, the device's projection, the running totals and
 * the list of undone events change in one transaction, guarded by the device's version.
 */
import type { Transaction } from 'kysely';
import { check, type Actor } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import type { Database } from '../db/schema';
import * as devicesRepo from '../devices/public';
import { applyProjections, guardFacts, requireAccess, toLifecycle } from '../devices/actions';
import { erasureStatus, initialDevice, INTAKE_EVENT, type DeviceState, type DiagnosisOutcome, type LifecycleDevice } from '../lifecycle/lifecycle';
import { correctionTarget, CORRECTABLE_STATES, mayUndo, projectEvent, UNDO_WINDOW_MS, UNDOABLE_BY_AUTHOR, type CorrectData, type UndoData } from '../lifecycle/undo';
import { AppError } from '../shared/errors';
import * as repo from './repository';
import { actorColumns, isAuthor } from '../shared/write/actor';
import { requireUnchanged, requireWon } from '../shared/write/version';
import { inTransaction } from '../shared/write/context';
import { loadForActor } from '../shared/write/actor';

export type UndoResult = { tag: string; state: string; version: number; undone: string };

/** Takes back the device's latest event `seq` (see lifecycle/undo.ts#mayUndo for who may, and when). */
export async function undoEvent(ctx: AppContext, actor: Actor, rawTag: string, seq: number, reason?: string): Promise<UndoResult> {
  return inTransaction(ctx, async ({ trx, ...ctx }) => {
    // Only someone who works at this hub's bench hears anything about undoing here.
    const device = await loadForActor(trx, actor, 'device', rawTag, 'device.diagnose');
    const tag = device.tag;
    const events = await repo.eventsForUndo(trx, device.id);
    const index = events.findIndex((e) => e.seq === seq);
    const event = events[index];
    if (!event || index === 0) throw new AppError(409, 'undo.stale', { tag });
    const allowed = mayUndo({
      action: event.action,
      mine: isAuthor(actor, event),
      ageMs: ctx.clock.now().getTime() - new Date(event.at).getTime(),
      latest: index === events.length - 1,
      coordinator: check(actor, 'device.correct', { hubId: device.hub_id }).ok,
      reason,
    });
    if (!allowed.ok) throw new AppError(allowed.key === 'undo.finalCoordinatorOnly' ? 403 : 409, allowed.key, { tag, action: event.action });
    // The undo is also an action on this hub's device: whoever may no longer act here cannot undo either.
    requireAccess(actor, event.action === 'harvest' || event.action === 'recycle' ? 'device.correct' : (`device.${event.action}` as 'device.diagnose'), device);
    if (event.action === 'harvest' && !(await repo.withdrawHarvestedParts(trx, event.id))) throw new AppError(409, 'undo.partsUsed', { tag });
    if (event.action === 'recycle' && (await repo.isShipped(trx, device.id))) throw new AppError(409, 'undo.shipped', { tag });
    if (event.action === 'install') await repo.setDeviceImage(trx, device.id, null);
    const before = replay(events.slice(0, index), device.has_storage);
    const data: UndoData = { undoes: seq, action: event.action as UndoData['action'], restore: { outcome: before.outcome, os: before.os }, ...(reason?.trim() ? { reason: reason.trim() } : {}) };
    const version = await writeCompensation(ctx, trx, actor, device, 'undo', event.from_state as DeviceState, data, { outcome: before.outcome, os: before.os });
    await repo.markUndone(trx, { event_id: event.id, device_id: device.id, undo_event_id: version.eventId });
    return { tag, state: event.from_state ?? device.state, version: version.seq, undone: event.action };
  });
}

/** A coordinator corrects a standing diagnosis: its outcome and whether the device holds storage, with why. */
export async function correctDiagnosis(
  ctx: AppContext,
  actor: Actor,
  rawTag: string,
  input: { outcome: DiagnosisOutcome; hasStorage: boolean; reason: string; expectedVersion?: number },
): Promise<UndoResult> {
  return inTransaction(ctx, async ({ trx, ...ctx }) => {
    const device = await loadForActor(trx, actor, 'device', rawTag, 'device.correct');
    const tag = device.tag;
    await requireUnchanged(input.expectedVersion, device.version, () => new AppError(409, 'undo.changedMeanwhile', { tag, state: device.state }));
    if (!CORRECTABLE_STATES.includes(device.state)) throw new AppError(409, 'correct.notNow', { tag, state: device.state });
    const current = toLifecycle(device);
    const facts = await guardFacts(trx, device.id);
    const erased = erasureStatus({ hasStorage: input.hasStorage, cycle: device.cycle }, facts).satisfied;
    const to = correctionTarget(current, input, erased);
    const data: CorrectData = { outcome: input.outcome, hasStorage: input.hasStorage, was: { outcome: current.outcome, hasStorage: current.hasStorage }, reason: input.reason };
    const written = await writeCompensation(ctx, trx, actor, device, 'correct', to, data, { outcome: input.outcome, has_storage: input.hasStorage ? 1 : 0 });
    return { tag, state: to, version: written.seq, undone: 'diagnose' };
  });
}

/** The device as its events left it up to (not including) the event being undone. */
function replay(events: { action: string; hub_id: number; data: string | null; to_state: string }[], hasStorage: number | null): LifecycleDevice {
  const first = events[0]!;
  let d = initialDevice(first.hub_id, hasStorage === null ? null : hasStorage === 1);
  for (const e of events.slice(1)) {
    if (e.action === INTAKE_EVENT) continue;
    d = projectEvent(d, e.action, e.data ? JSON.parse(e.data) : {}, e.to_state as DeviceState);
  }
  return d;
}

async function writeCompensation(
  ctx: Omit<AppContext, 'db'>,
  trx: Transaction<Database>,
  actor: Actor,
  device: devicesRepo.DeviceWithHub,
  action: 'undo' | 'correct',
  to: DeviceState,
  data: UndoData | CorrectData,
  patch: { outcome?: DiagnosisOutcome | null; os?: string | null; has_storage?: number },
) {
  const at = nowIso(ctx);
  const won = await devicesRepo.updateDeviceIfVersion(trx, device.id, device.version, { ...patch, state: to, updated_at: at });
  await requireWon(won, () => new AppError(409, 'undo.changedMeanwhile', { tag: device.tag, state: device.state }));
  const seq = device.version + 1;
  const eventId = await devicesRepo.insertEvent(trx, {
    device_id: device.id,
    seq,
    action,
    from_state: device.state,
    to_state: to,
    hub_id: device.hub_id,
    ...actorColumns(actor, 'actor'),
    data: JSON.stringify(data),
    at,
  });
  const cell = (state: DeviceState) => ({ hubId: device.hub_id, state, type: device.type });
  await applyProjections(trx, [{ deviceId: device.id, type: device.type, before: cell(device.state), after: cell(to), action, at, data: data as unknown as Record<string, unknown> }]);
  return { seq, eventId };
}

/** What the device page offers to take back: the latest event, if this person may undo it (and until when). */
type UndoCandidate = { seq: number; action: string; actor_user_id: number | null; actor_token_id: number | null; at: string };

/** `known`: the device's events in order, already read by its page. */
export async function undoOffer(ctx: AppContext, actor: Actor | null, device: devicesRepo.DeviceWithHub, known?: readonly UndoCandidate[]) {
  if (!actor || device.version < 2) return null;
  const events = known ?? (await repo.eventsForUndo(ctx.db, device.id));
  const event = events[events.length - 1];
  if (!event) return null;
  const coordinator = check(actor, 'device.correct', { hubId: device.hub_id }).ok;
  const question = { action: event.action, mine: isAuthor(actor, event), ageMs: ctx.clock.now().getTime() - new Date(event.at).getTime(), latest: true, coordinator, reason: 'x' };
  if (!mayUndo(question).ok) return null;
  const final = !UNDOABLE_BY_AUTHOR.includes(event.action as UndoData['action']);
  if (!final && !check(actor, `device.${event.action}` as 'device.diagnose', { hubId: device.hub_id }).ok) return null;
  return { seq: event.seq, action: event.action, final, until: new Date(new Date(event.at).getTime() + UNDO_WINDOW_MS).toISOString() };
}
