/**
 * Evidence from people is checked by a coordinator. A volunteer's manual, destruction or removal
 * record waits (`pending`) until a coordinator confirms or refuses it; a coordinator's own counts at
 * once. A log that does not fit the device (`unfit`) counts only if a coordinator accepts it, with a
 * written reason — never one that finished before the device's current cycle began. Anyone who
 * recorded an erasure by mistake (or a coordinator) withdraws it, with a reason.
 *
 * Each review is an `erase` event through the device's one event-writing path (devices/actions.ts#
 * applyActionIn), carrying who, when, what and why, in the same transaction as the records' new
 * standing: the guard then re-evaluates the device (wiped when the evidence now suffices, back to
 * diagnosed when it no longer does).
 */
import { check, type Actor } from '../access/policy';
import { listScope } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import type { ActionInput } from '../devices/schema';
import { applyActionIn, toLifecycle } from '../devices/actions';
import { findDeviceByTag } from '../devices/public';
import { loadDevice } from '../hardware/service';
import { erasureStatus, type ActionFields, type ErasureStanding } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { erasureFacts } from './guard';
import * as repo from './repository';
import type { ReviewInput } from './schema';
import type { LogProblem } from './service';
import { actorColumns } from '../shared/write/actor';

/** A manual record counts at once only when its author may confirm records. */
export function manualStanding(actor: Actor, hubId: number): ErasureStanding {
  return check(actor, 'erasure.review', { hubId }).ok ? 'counts' : 'pending';
}

const NEXT: Record<ReviewInput['kind'], { from: ErasureStanding[]; to: ErasureStanding }> = {
  confirm: { from: ['pending'], to: 'counts' },
  refuse: { from: ['pending'], to: 'refused' },
  accept: { from: ['unfit'], to: 'counts' },
  withdraw: { from: ['counts', 'pending'], to: 'withdrawn' },
};

export async function reviewErasure(ctx: AppContext, actor: Actor, rawTag: string, input: ReviewInput) {
  const device = await loadDevice(ctx, actor, rawTag, input.kind === 'withdraw' ? 'device.erase' : 'erasure.review');
  const coordinator = check(actor, 'erasure.review', { hubId: device.hub_id }).ok;
  let ids = input.records ?? [];
  if (input.kind === 'accept') {
    if (input.log === undefined) throw new AppError(422, 'erasure.review.logRequired');
    const log = await repo.findLog(ctx.db, device.id, input.log);
    if (!log) throw new AppError(422, 'erasure.log.unknown', { id: input.log });
    const problems = JSON.parse(log.problems ?? '[]') as LogProblem[];
    if (problems.some((p) => !p.acceptable)) throw new AppError(409, 'erasure.review.tooOld');
    ids = (await repo.recordsOfLog(ctx.db, log.id)).map((r) => r.id);
  }
  if (ids.length === 0) throw new AppError(422, 'erasure.review.nothing');
  const records = await repo.findRecords(ctx.db, device.id, ids);
  const step = NEXT[input.kind];
  for (const id of ids) {
    const r = records.find((x) => x.id === id);
    if (!r) throw new AppError(422, 'erasure.review.unknown', { id });
    if (r.cycle !== device.cycle || !step.from.includes(r.standing)) throw new AppError(409, 'erasure.review.notNow', { id });
    // A volunteer withdraws only what they recorded themselves.
    if (input.kind === 'withdraw' && !coordinator && !(actor.kind === 'user' && r.performed_by_user_id === actor.id)) throw new AppError(403, 'access.denied');
  }
  const fields: ActionFields['erase'] = {
    method: records[0]!.method ?? input.kind,
    verified: false,
    source: records[0]!.source as ActionFields['erase']['source'],
    review: { kind: input.kind, reason: input.reason, records: ids },
  };
  const action = { action: 'erase', method: fields.method, verified: false, expectedVersion: input.expectedVersion } as ActionInput;
  return ctx.db.transaction().execute(async (trx) => {
    await repo.setStanding(trx, ids, { standing: step.to, ...actorColumns(actor, 'reviewed_by'), reviewed_at: nowIso(ctx), review_reason: input.reason ?? null });
    const result = await applyActionIn(ctx, trx, actor, device.tag, action, fields);
    const fresh = (await findDeviceByTag(trx, device.tag))!;
    const status = erasureStatus(toLifecycle(fresh), await erasureFacts(trx, fresh.id));
    return { ...result, erased: status.satisfied, missingDisks: status.missingDisks };
  });
}

export async function pendingRecords(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'erasure.review', { hubId: actor.hubId ?? undefined }).ok) throw new AppError(403, 'access.denied');
  return repo.listPendingRecords(ctx.db, listScope(actor, 'erasure.review'));
}
