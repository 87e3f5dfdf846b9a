import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertTransfer(db: Db, row: Insertable<Database['transfers']>): Promise<number> {
  const { id } = await db.insertInto('transfers').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Today's document from one hub to another that nothing has arrived from yet: scans of the same day join it. */
export function findOpenTransfer(db: Db, fromHubId: number, toHubId: number, day: string) {
  return db
    .selectFrom('transfers')
    .select(['id'])
    .where('from_hub_id', '=', fromHubId)
    .where('to_hub_id', '=', toHubId)
    .where('day', '=', day)
    .where('arrived_count', '=', 0)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function addDevice(db: Db, row: Insertable<Database['transfer_devices']>) {
  await db.insertInto('transfer_devices').values(row).execute();
  await db
    .updateTable('transfers')
    .set((eb) => ({ device_count: eb('device_count', '+', 1) }))
    .where('id', '=', row.transfer_id)
    .execute();
}

export async function markDeviceArrived(db: Db, transferId: number, deviceId: number, userId: number | null, at: string) {
  const r = await db
    .updateTable('transfer_devices')
    .set({ arrived_at: at, arrived_by_user_id: userId })
    .where('transfer_id', '=', transferId)
    .where('device_id', '=', deviceId)
    .where('arrived_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) {
    await db
      .updateTable('transfers')
      .set((eb) => ({ arrived_count: eb('arrived_count', '+', 1) }))
      .where('id', '=', transferId)
      .execute();
  }
}

export function findTransfer(db: Db, id: number) {
  return db
    .selectFrom('transfers')
    .innerJoin('hubs as from_hub', 'from_hub.id', 'transfers.from_hub_id')
    .innerJoin('hubs as to_hub', 'to_hub.id', 'transfers.to_hub_id')
    .selectAll('transfers')
    .select([
      'from_hub.code as from_code',
      'from_hub.name as from_name',
      'from_hub.address as from_address',
      'from_hub.comune as from_comune',
      'from_hub.province as from_province',
      'from_hub.contact_email as from_email',
      'from_hub.contact_phone as from_phone',
      'from_hub.responsible as from_responsible',
      'to_hub.code as to_code',
      'to_hub.name as to_name',
      'to_hub.address as to_address',
      'to_hub.comune as to_comune',
      'to_hub.province as to_province',
      'to_hub.contact_email as to_email',
      'to_hub.contact_phone as to_phone',
      'to_hub.responsible as to_responsible',
    ])
    .where('transfers.id', '=', id)
    .executeTakeFirst();
}

export function listTransferDevices(db: Db, transferId: number) {
  return db
    .selectFrom('transfer_devices')
    .leftJoin('users', 'users.id', 'transfer_devices.arrived_by_user_id')
    .innerJoin('devices', 'devices.id', 'transfer_devices.device_id')
    .select([
      'transfer_devices.device_id',
      'transfer_devices.tag',
      'transfer_devices.type',
      'transfer_devices.brand',
      'transfer_devices.model',
      'transfer_devices.serial',
      'transfer_devices.state',
      'transfer_devices.arrived_at',
      'users.name as arrived_by',
      'devices.state as current_state',
      'devices.transfer_id as current_transfer_id',
    ])
    .where('transfer_devices.transfer_id', '=', transferId)
    .orderBy('transfer_devices.tag')
    .execute();
}

/** A hub's transfers, sent and received, newest first. */
export function listTransfers(db: Db, scope: ListScope, limit: number) {
  const q = db
    .selectFrom('transfers')
    .innerJoin('hubs as from_hub', 'from_hub.id', 'transfers.from_hub_id')
    .innerJoin('hubs as to_hub', 'to_hub.id', 'transfers.to_hub_id')
    .selectAll('transfers')
    .select(['from_hub.code as from_code', 'from_hub.name as from_name', 'to_hub.code as to_code', 'to_hub.name as to_name'])
    .orderBy('transfers.id', 'desc')
    .limit(limit);
  return whereInScope(q, scope, { hub: ['transfers.from_hub_id', 'transfers.to_hub_id'] }).execute();
}

/** Devices that left a hub and have not arrived yet, per type: they count in neither hub's stock until they arrive. */
export async function outgoingInTransit(db: Db, scope: ListScope) {
  let q = db
    .selectFrom('devices')
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'in_transit')
    .groupBy('type')
    .orderBy('type');
  q = whereInScope(q, scope, { hub: 'transit_from_hub_id' });
  return (await q.execute()).map((r) => ({ type: r.type, count: Number(r.n) }));
}
