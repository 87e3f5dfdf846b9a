import type { Transaction } from 'kysely';
import type { Actor } from '../access/policy';
import type { AppContext } from '../context';
import type { Database } from '../db/schema';
import type { DeviceWithHub } from '../devices/public';
import { registerActionStep } from '../devices/registry';
import { nextDocumentNumber } from '../documents/numbering';
import { findHubByCode } from '../hubs/public';
import { AppError } from '../shared/errors';
import { hubDay } from '../shared/hub-time';
import * as repo from './repository';
import { actorColumns, actorUserId } from '../shared/write/actor';

/**
 * The transfer document a device leaves with. A device transferred on its own (from its page, or
 * by a batch of scans) joins the document its hub opened today for the same destination, as long as
 * nothing of it has arrived yet; otherwise a new document, with the next number, is opened.
 */
export async function attachToTransfer(
  ctx: Pick<AppContext, 'clock'>,
  trx: Transaction<Database>,
  actor: Actor,
  device: DeviceWithHub,
  toHubId: number,
  /** A document opened for a set of devices (the transfers page): the device joins that one. */
  opts: { transferId?: number } = {},
): Promise<number> {
  const now = ctx.clock.now();
  const day = hubDay(now);
  const open = opts.transferId !== undefined ? { id: opts.transferId } : await repo.findOpenTransfer(trx, device.hub_id, toHubId, day);
  const transferId =
    open?.id ??
    (await repo.insertTransfer(trx, {
      from_hub_id: device.hub_id,
      to_hub_id: toHubId,
      year: Number(day.slice(0, 4)),
      number: await nextDocumentNumber(trx, device.hub_id, 'transfer', Number(day.slice(0, 4))),
      day,
      note: null,
      device_count: 0,
      arrived_count: 0,
      ...actorColumns(actor, 'created_by'),
      created_at: now.toISOString(),
    }));
  await repo.addDevice(trx, {
    transfer_id: transferId,
    device_id: device.id,
    tag: device.tag,
    type: device.type,
    brand: device.brand,
    model: device.model,
    serial: device.serial,
    state: device.state,
    arrived_at: null,
    arrived_by_user_id: null,
  });
  return transferId;
}

/** The device is at the receiving hub: the document records who took it in, and when. */
export function markArrived(trx: Transaction<Database>, transferId: number, deviceId: number, actor: Actor, at: string) {
  return repo.markDeviceArrived(trx, transferId, deviceId, actorUserId(actor), at);
}

/**
 * What transfers add to device actions (wired in devices/plugins.ts): a transfer names a hub other
 * than the device's, travels with a document (the one given, or today's to that hub, or a new one),
 * and an arrival is recorded on that document.
 */
export function registerTransfers() {
  registerActionStep('transfer', {
    resolve: async (trx, device, input) => {
      const hub = await findHubByCode(trx, input.toHub);
      if (!hub) throw new AppError(422, 'hubs.unknown', { hub: input.toHub });
      if (hub.id === device.hub_id) throw new AppError(422, 'devices.transferSameHub', { hub: hub.name });
      return { toHubId: hub.id, note: input.note };
    },
    before: async (s) => {
      s.fields.transferId = await attachToTransfer(s.ctx, s.trx, s.actor, s.device, s.fields.toHubId, { transferId: s.fields.transferId });
    },
  });
  registerActionStep('arrive', {
    after: async (s) => {
      if (s.before.transferId !== null) await markArrived(s.trx, s.before.transferId, s.device.id, s.actor, s.at);
    },
  });
}
