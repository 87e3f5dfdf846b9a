import type { Transaction } from 'kysely';
import type { Actor } from '../access/policy';
import type { AppContext } from '../context';
import type { Database } from '../db/schema';
import type { DeviceWithHub } from '../devices/repository';
import { nextDocumentNumber } from '../documents/numbering';
import { hubDay } from '../shared/hub-time';
import * as repo from './repository';
import { actorColumns, actorUserId } from '../shared/write/actor';

/**
 * The transfer document a device leaves with. A device transferred on its own (from its page, or
 * by a batch of scans) joins the document its hub opened today for the same destination, as long as
 * nothing of it has arrived yet; otherwise a new document, with the next number, is opened.
 */
export async function attachToTransfer(
  ctx: AppContext,
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
