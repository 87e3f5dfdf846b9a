/**
 * Reading a device for an action: its tag, who may touch it, what the lifecycle reasons about, the
 * facts its guards read, and what to say when someone else acted first. Used by the action kernel
 * (devices/actions.ts) and by the pages that show the same device.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor, Capability } from '../access/policy';
import type { Database } from '../db/schema';
import type { GuardFacts, LifecycleDevice } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { requireCapability } from '../shared/write/load';
import { factSources, type AlreadyRead } from './registry';
import * as repo from './repository';
import type { DeviceWithHub } from './repository';

type Db = Kysely<Database> | Transaction<Database>;

export { requireTag } from '../shared/write/load';

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
