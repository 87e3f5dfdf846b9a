/**
 * What the bench adds to device actions, registered with the action kernel (devices/registry.ts,
 * wired in devices/plugins.ts): a diagnosis's checklist, an install's catalogue image, what an
 * action leaves besides its event (erasure records one per disk, disks kept from a removal, parts
 * kept at harvest), the image a device runs, and the part a fitting takes from the stock.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../access/policy';
import type { Database } from '../db/schema';
import { together } from '../db/together';
import { USUALLY_HAS_STORAGE } from '../devices/device-types';
import { registerActionStep, registerProjection } from '../devices/registry';
import type { DeviceWithHub } from '../devices/public';
import { recordErasures } from '../erasure/records';
import type { ActionFields, DeviceAction } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { resolveChecklist } from './checklists';
import * as repo from './repository';
import { keepRemovedDisks, recordHarvest, resolveInstall } from './service';

export async function recordActionEvidence(
  trx: Transaction<Database>,
  e: { action: DeviceAction; fields: ActionFields[DeviceAction]; deviceId: number; hubId: number; cycle: number; eventId: number; actor: Actor; at: string },
) {
  if (e.action === 'erase') {
    const fields = e.fields as ActionFields['erase'];
    await recordErasures(trx, fields, e);
    await keepRemovedDisks(trx, fields, e);
  } else if (e.action === 'harvest') {
    await recordHarvest(trx, e.fields as ActionFields['harvest'], e);
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

/** The fitted part's row, as the fitting step reads it (workshop/service.ts#fitPart). */
export type FittedPart = { kind: 'disk' | 'other'; part: { id: number; available: number }; quantity: number };

export function registerWorkshop() {
  registerActionStep('diagnose', {
    resolve: async (trx, device, input) => ({
      outcome: input.outcome,
      hasStorage: input.hasStorage ?? recordedStorage(device),
      reason: input.reason,
      checklist: await resolveChecklist(trx, device, input.checklist, input.checklistAll === true),
      note: input.note,
    }),
  });
  registerActionStep('install', { resolve: (trx, _device, input) => resolveInstall(trx, { os: input.os, imageId: input.imageId, note: input.note }) });
  for (const action of ['erase', 'harvest'] as const) {
    registerActionStep(action, {
      after: (s) => recordActionEvidence(s.trx, { action, fields: s.fields, deviceId: s.device.id, hubId: s.before.hubId, cycle: s.before.cycle, eventId: s.eventId, actor: s.actor, at: s.at }),
    });
  }
  // The catalogue image a device runs: set by an install, cleared by a return.
  registerProjection(async (trx, changes) => {
    await together(
      changes
        .filter(({ action }) => action === 'install' || action === 'return')
        .map(({ deviceId, action, data }) => repo.setDeviceImage(trx, deviceId, action === 'install' && typeof data.imageId === 'number' ? data.imageId : null)),
    );
  });
  // The part leaves the stock before the device changes, and the move names the fitting's event.
  registerActionStep('fitPart', {
    before: async (s) => {
      const { part, quantity } = s.fields as unknown as FittedPart;
      if (!(await repo.takeParts(s.trx, part.id, quantity))) throw new AppError(409, 'workshop.part.notAvailable', { available: part.available });
    },
    after: async (s) => {
      const { part, quantity } = s.fields as unknown as FittedPart;
      await repo.insertPartMove(s.trx, { part_id: part.id, device_id: s.device.id, quantity, event_id: s.eventId, at: s.at });
    },
  });
}
