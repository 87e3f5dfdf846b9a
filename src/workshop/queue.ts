/**
 * The volunteer's queue: the hub's devices waiting for a bench step, each with the step the
 * lifecycle puts first (lifecycle/next-step.ts), for the home page.
 */
import type { Actor } from '../access/policy';
import { check, homeHubId } from '../access/policy';
import type { AppContext } from '../context';
import { initialDevice, type DeviceAction, type DeviceState } from '../lifecycle/lifecycle';
import { BENCH_STATES, forwardStep } from '../lifecycle/next-step';
import * as repo from './repository';

export type QueuedDevice = { tag: string; type: string; brand: string | null; model: string | null; state: string; next: DeviceAction | null };

export const QUEUE_LENGTH = 12;

export async function benchQueueFor(ctx: AppContext, actor: Actor): Promise<QueuedDevice[] | null> {
  const hubId = homeHubId(actor);
  if (hubId === null || !check(actor, 'device.diagnose', { hubId }).ok) return null;
  const rows = await repo.benchQueue(ctx.db, hubId, BENCH_STATES, QUEUE_LENGTH);
  return rows.map((d) => {
    // Without reading each device's erasure records: a diagnosed device with storage is shown as waiting for its erasure.
    const device = { ...initialDevice(d.hub_id, d.has_storage === null ? null : d.has_storage === 1), state: d.state as DeviceState, outcome: d.outcome, cycle: d.cycle };
    return { tag: d.tag, type: d.type, brand: d.brand, model: d.model, state: d.state, next: forwardStep(device, { erasures: [] }) };
  });
}
