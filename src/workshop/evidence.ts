/**
 * What an action leaves besides its event, written in the event's own transaction by the devices
 * service: erasure records (one per disk), disks kept from a removal, and parts kept at harvest.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../access/policy';
import type { Database } from '../db/schema';
import { recordErasures } from '../erasure/records';
import type { ActionFields, DeviceAction } from '../lifecycle/lifecycle';
import { keepRemovedDisks, recordHarvest } from './service';

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
