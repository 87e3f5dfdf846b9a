import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertDelivery(db: Db, row: Insertable<Database['deliveries']>): Promise<number> {
  const { id } = await db.insertInto('deliveries').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function insertDeliveryDevice(db: Db, row: Insertable<Database['delivery_devices']>) {
  return db.insertInto('delivery_devices').values(row).execute();
}

export function findDelivery(db: Db, id: number) {
  return db
    .selectFrom('deliveries')
    .innerJoin('hubs', 'hubs.id', 'deliveries.hub_id')
    .innerJoin('partners', 'partners.id', 'deliveries.partner_id')
    .innerJoin('partner_requests', 'partner_requests.id', 'deliveries.request_id')
    .selectAll('deliveries')
    .select([
      'hubs.code as hub_code',
      'hubs.name as hub_name',
      'hubs.comune as hub_comune',
      'hubs.address as hub_address',
      'hubs.contact_email as hub_email',
      'hubs.contact_phone as hub_phone',
      'hubs.province as hub_province',
      'hubs.opening_hours as hub_opening_hours',
      'hubs.responsible as hub_responsible',
      'partners.name as partner_name',
      'partners.kind as partner_kind',
      'partners.code as partner_code',
      'partners.address as partner_address',
      'partners.municipality as partner_municipality',
      'partners.province as partner_province',
      'partners.tax_code as partner_tax_code',
      'partners.representative as partner_representative',
      'partner_requests.purpose as request_purpose',
      'partner_requests.beneficiaries_count as request_beneficiaries',
    ])
    .where('deliveries.id', '=', id)
    .executeTakeFirst();
}

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

export function listDeliveryDevices(db: Db, deliveryId: number) {
  return db
    .selectFrom('delivery_devices')
    .innerJoin('devices', 'devices.id', 'delivery_devices.device_id')
    .leftJoin('users', 'users.id', 'delivery_devices.received_by_user_id')
    .select([
      'delivery_devices.device_id',
      'delivery_devices.tag',
      'delivery_devices.type',
      'delivery_devices.brand',
      'delivery_devices.model',
      'delivery_devices.serial',
      'delivery_devices.os',
      'delivery_devices.specs',
      'delivery_devices.erasure',
      'delivery_devices.declared_value_cents',
      'delivery_devices.received_at',
      'users.name as received_by',
      'users.erased_at as received_by_erased',
      'devices.state as current_state',
      'devices.delivery_id as current_delivery_id',
    ])
    .where('delivery_devices.delivery_id', '=', deliveryId)
    .orderBy('delivery_devices.tag')
    .execute();
}

/** Marks devices received by the partner; those confirmed before keep who and when. Returns how many were new. */
export async function markReceived(db: Db, deliveryId: number, deviceIds: number[], userId: number | null, at: string): Promise<number> {
  if (deviceIds.length === 0) return 0;
  const r = await db
    .updateTable('delivery_devices')
    .set({ received_at: at, received_by_user_id: userId })
    .where('delivery_id', '=', deliveryId)
    .where('device_id', 'in', deviceIds)
    .where('received_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function completeReceiptIfAll(db: Db, deliveryId: number, at: string) {
  const pending = await db
    .selectFrom('delivery_devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('delivery_id', '=', deliveryId)
    .where('received_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(pending.n) === 0) {
    await db.updateTable('deliveries').set({ receipt_completed_at: at }).where('id', '=', deliveryId).where('receipt_completed_at', 'is', null).execute();
  }
}

export function listDeliveries(db: Db, f: { scope: ListScope; limit: number }) {
  const q = db
    .selectFrom('deliveries')
    .innerJoin('hubs', 'hubs.id', 'deliveries.hub_id')
    .innerJoin('partners', 'partners.id', 'deliveries.partner_id')
    .select([
      'deliveries.id',
      'deliveries.year',
      'deliveries.number',
      'deliveries.title',
      'deliveries.delivered_on',
      'deliveries.device_count',
      'deliveries.receipt_completed_at',
      'deliveries.request_id',
      'hubs.code as hub_code',
      'partners.name as partner_name',
    ])
    .orderBy('deliveries.id', 'desc')
    .limit(f.limit);
  return whereInScope(q, f.scope, { hub: 'deliveries.hub_id', partner: 'deliveries.partner_id' }).execute();
}

export function insertReport(db: Db, row: Insertable<Database['partner_reports']>) {
  return db.insertInto('partner_reports').values(row).returning('id').executeTakeFirstOrThrow();
}

export function listReports(db: Db, deliveryId: number) {
  return db
    .selectFrom('partner_reports')
    .innerJoin('devices', 'devices.id', 'partner_reports.device_id')
    .leftJoin('users', 'users.id', 'partner_reports.created_by_user_id')
    .select([
      'partner_reports.id',
      'partner_reports.device_id',
      'devices.tag',
      'partner_reports.kind',
      'partner_reports.description',
      'partner_reports.state',
      'partner_reports.outcome',
      'partner_reports.created_at',
      'partner_reports.closed_at',
      'users.name as reported_by',
    ])
    .where('partner_reports.delivery_id', '=', deliveryId)
    .orderBy('partner_reports.id')
    .execute();
}

export function closeReports(db: Db, f: { deliveryId: number; deviceId: number; reportId?: number }, outcome: 'returned' | 'resolved', userId: number | null, at: string) {
  let q = db
    .updateTable('partner_reports')
    .set({ state: 'closed', outcome, closed_at: at, closed_by_user_id: userId })
    .where('delivery_id', '=', f.deliveryId)
    .where('device_id', '=', f.deviceId)
    .where('state', '=', 'open');
  if (f.reportId !== undefined) q = q.where('id', '=', f.reportId);
  return q.executeTakeFirst().then((r) => Number(r.numUpdatedRows));
}

/** Open reports of a hub's deliveries: what the coordinator still has to deal with. */
export function openReports(db: Db, scope: ListScope) {
  const q = db
    .selectFrom('partner_reports')
    .innerJoin('deliveries', 'deliveries.id', 'partner_reports.delivery_id')
    .innerJoin('devices', 'devices.id', 'partner_reports.device_id')
    .innerJoin('partners', 'partners.id', 'partner_reports.partner_id')
    .select(['partner_reports.id', 'partner_reports.kind', 'partner_reports.description', 'partner_reports.created_at', 'partner_reports.delivery_id', 'devices.tag', 'partners.name as partner_name'])
    .where('partner_reports.state', '=', 'open')
    .orderBy('partner_reports.id');
  return whereInScope(q, scope, { hub: 'deliveries.hub_id' }).execute();
}

/** The device's first return to the hub after a delivery: when, and the reason given. */
export function findReturnAfter(db: Db, deviceId: number, after: string) {
  return db.selectFrom('device_events').select(['at', 'data']).where('device_id', '=', deviceId).where('action', '=', 'return').where('at', '>=', after).orderBy('seq').limit(1).executeTakeFirst();
}
