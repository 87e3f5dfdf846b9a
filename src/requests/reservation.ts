import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DeviceWithHub } from '../devices/public';
import { AppError } from '../shared/errors';
import { fitSpecs } from './match';
import * as repo from './repository';
import { isOpen } from './states';
import { together } from '../db/together';
import { registerActionStep } from '../devices/registry';

/**
 * The request a device is being reserved for, if it may be: an open request of the device's own
 * hub that asked for this type of device, still needs one, and whose minimum specifications the
 * device does not fall short of. Called inside the reservation's transaction, after the request's
 * lock, so two coordinators cannot both take the last place.
 */
export async function resolveReservation(trx: Transaction<Database>, device: DeviceWithHub, requestId: number) {
  // Another hub's request looks like no request: a coordinator sees only their hub's partners.
  if (!(await repo.lockRequest(trx, requestId))) throw new AppError(404, 'requests.unknown', { id: requestId });
  const request = await repo.findRequest(trx, requestId);
  if (!request || request.hub_id !== device.hub_id) throw new AppError(404, 'requests.unknown', { id: requestId });
  if (!isOpen(request.state)) throw new AppError(409, 'requests.notOpen', { id: requestId, requestState: request.state });
  const items = await repo.listItems(trx, requestId);
  const item = items.find((i) => i.type === device.type);
  if (!item) throw new AppError(409, 'requests.typeNotRequested', { tag: device.tag, type: device.type, id: requestId });
  const [reserved, delivered] = await together([repo.reservedCounts(trx, requestId), repo.deliveredCounts(trx, requestId)]);
  const taken = (reserved.get(device.type) ?? 0) + (delivered.get(device.type) ?? 0);
  if (taken >= item.quantity) throw new AppError(409, 'requests.quantityReached', { tag: device.tag, type: device.type, quantity: item.quantity, id: requestId });
  const fit = fitSpecs({ minRamMb: request.min_ram_mb, minScreenInches: request.min_screen_inches, needsSsd: request.needs_ssd === 1 }, await repo.specsOf(trx, device.id), device.type);
  if (fit.fits === 'no') {
    const first = fit.shortfalls[0]!;
    if (first === 'ram') throw new AppError(409, 'requests.belowRam', { tag: device.tag, gb: request.min_ram_mb! / 1024 });
    if (first === 'screen') throw new AppError(409, 'requests.belowScreen', { tag: device.tag, inches: request.min_screen_inches! });
    throw new AppError(409, 'requests.needsSsd', { tag: device.tag });
  }
  return { id: request.id, partnerName: request.partner_name, partnerId: request.partner_id };
}

/** Reserved always names an open request of the device's hub that still wants a device like this (wired in devices/plugins.ts). */
export function registerReservation() {
  registerActionStep('reserve', {
    resolve: async (trx, device, input) => {
      const request = await resolveReservation(trx, device, input.request);
      return { requestId: request.id, recipient: request.partnerName, note: input.note };
    },
  });
}
