import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { compiledOnce } from '../db/adapter';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

// ---- checklists

const checklistOf = compiledOnce((db: Db, hubId: number, deviceType: string) =>
  db
    .selectFrom('checklists')
    .select(['items', 'updated_at'])
    .where('hub_id', '=', hubId)
    .where('device_type', '=', deviceType as never),
);

export async function findChecklist(db: Db, hubId: number, deviceType: string) {
  return (await checklistOf(db, hubId, deviceType))[0];
}

export function saveChecklist(db: Db, row: Database['checklists']) {
  return db
    .insertInto('checklists')
    .values(row)
    .onConflict((oc) => oc.columns(['hub_id', 'device_type']).doUpdateSet({ items: row.items, updated_by_user_id: row.updated_by_user_id, updated_at: row.updated_at }))
    .execute();
}

// ---- OS images

export const listImages = compiledOnce((db: Db) => db.selectFrom('os_images').selectAll().orderBy('outdated', 'asc').orderBy('name', 'asc').orderBy('version', 'desc'));

export function findImage(db: Db, id: number) {
  return db.selectFrom('os_images').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertImage(db: Db, row: Insertable<Database['os_images']>) {
  return (await db.insertInto('os_images').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function updateImage(db: Db, id: number, patch: Updateable<Database['os_images']>) {
  return db.updateTable('os_images').set(patch).where('id', '=', id).execute();
}

export function setDeviceImage(db: Db, deviceId: number, imageId: number | null) {
  return db.updateTable('devices').set({ os_image_id: imageId }).where('id', '=', deviceId).execute();
}

/** Devices installed with each image, counted where they still carry it (installed, ready, reserved, delivered). */
export function countDevicesByImage(db: Db, scope: ListScope) {
  let q = db
    .selectFrom('devices')
    .select(['os_image_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('os_image_id', 'is not', null)
    .groupBy('os_image_id');
  q = whereInScope(q, scope, { hub: 'hub_id' });
  return q.execute();
}

// ---- parts

export async function insertParts(db: Db, rows: Insertable<Database['parts']>[]) {
  if (rows.length === 0) return;
  await db.insertInto('parts').values(rows).execute();
}

export const listAvailableParts = compiledOnce((db: Db, hubId: number) =>
  db
    .selectFrom('parts')
    .leftJoin('devices', 'devices.id', 'parts.source_device_id')
    .select(['parts.id', 'parts.kind', 'parts.description', 'parts.serial', 'parts.quantity', 'parts.available', 'parts.created_at', 'devices.tag as source_tag'])
    .where('parts.hub_id', '=', hubId)
    .where('parts.available', '>', 0)
    .orderBy('parts.kind')
    .orderBy('parts.id', 'desc'),
);

export function findPart(db: Db, id: number) {
  return db.selectFrom('parts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Takes `quantity` from a part's stock only if that many are still there; false means someone took them first. */
export async function takeParts(db: Db, id: number, quantity: number): Promise<boolean> {
  const r = await db
    .updateTable('parts')
    .set((eb) => ({ available: eb('available', '-', quantity) }))
    .where('id', '=', id)
    .where('available', '>=', quantity)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function insertPartMove(db: Db, row: Insertable<Database['part_moves']>) {
  return db.insertInto('part_moves').values(row).execute();
}

export function deviceTag(db: Db, id: number) {
  return db.selectFrom('devices').select('tag').where('id', '=', id).executeTakeFirst();
}

export const partsFittedInto = compiledOnce((db: Db, deviceId: number) =>
  db
    .selectFrom('part_moves')
    .innerJoin('parts', 'parts.id', 'part_moves.part_id')
    .leftJoin('devices', 'devices.id', 'parts.source_device_id')
    .select(['part_moves.id', 'part_moves.quantity', 'part_moves.at', 'parts.kind', 'parts.description', 'parts.serial', 'devices.tag as source_tag'])
    .where('part_moves.device_id', '=', deviceId)
    .orderBy('part_moves.id'),
);

export const partsHarvestedFrom = compiledOnce((db: Db, deviceId: number) =>
  db.selectFrom('parts').select(['id', 'kind', 'description', 'serial', 'quantity', 'available']).where('source_device_id', '=', deviceId).orderBy('id'),
);

// ---- RAEE shipments

/** The hub's recycled devices that have not left in a shipment yet, with the kg recorded when recycled. */
export function pendingRecycled(db: Db, hubId: number) {
  return db
    .selectFrom('devices')
    .select(['devices.id', 'devices.tag', 'devices.type', 'devices.brand', 'devices.model', 'devices.weight_kg', 'devices.updated_at'])
    .where('devices.hub_id', '=', hubId)
    .where('devices.state', '=', 'recycled')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('raee_shipment_items').select('raee_shipment_items.device_id').whereRef('raee_shipment_items.device_id', '=', 'devices.id'))))
    .orderBy('devices.id')
    .limit(2000)
    .execute();
}

/** The kg recorded by each device's latest recycle event. */
export function recycleEvents(db: Db, deviceIds: number[]) {
  if (deviceIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('device_events').select(['device_id', 'data', 'seq']).where('device_id', 'in', deviceIds).where('action', '=', 'recycle').orderBy('seq').execute();
}

export async function insertShipment(db: Db, row: Insertable<Database['raee_shipments']>) {
  return (await db.insertInto('raee_shipments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findShipmentByDocument(db: Db, hubId: number, document: string) {
  return db.selectFrom('raee_shipments').select('id').where('hub_id', '=', hubId).where('document_number', '=', document).executeTakeFirst();
}

export function insertShipmentItems(db: Db, rows: Database['raee_shipment_items'][]) {
  return db.insertInto('raee_shipment_items').values(rows).execute();
}

export function listShipments(db: Db, hubId: number | null, limit = 50) {
  let q = db
    .selectFrom('raee_shipments')
    .innerJoin('hubs', 'hubs.id', 'raee_shipments.hub_id')
    .select([
      'raee_shipments.id',
      'raee_shipments.document_number',
      'raee_shipments.shipped_on',
      'raee_shipments.total_kg',
      'raee_shipments.note',
      'hubs.code as hub_code',
      (eb) =>
        eb
          .selectFrom('raee_shipment_items')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('raee_shipment_items.shipment_id', '=', 'raee_shipments.id')
          .as('devices'),
    ])
    .orderBy('raee_shipments.id', 'desc')
    .limit(limit);
  if (hubId !== null) q = q.where('raee_shipments.hub_id', '=', hubId);
  return q.execute();
}

export function shipmentItems(db: Db, shipmentId: number) {
  return db
    .selectFrom('raee_shipment_items')
    .innerJoin('devices', 'devices.id', 'raee_shipment_items.device_id')
    .select(['devices.tag', 'devices.type', 'devices.brand', 'devices.model', 'raee_shipment_items.kg'])
    .where('raee_shipment_items.shipment_id', '=', shipmentId)
    .orderBy('devices.id')
    .execute();
}

// ---- undo

/** The device's events that a compensating event has taken back. */
const undoneOf = compiledOnce((db: Db, deviceId: number) => db.selectFrom('undone_events').select('event_id').where('device_id', '=', deviceId));

export async function undoneEventIds(db: Db, deviceId: number): Promise<Set<number>> {
  const rows = await undoneOf(db, deviceId);
  return new Set(rows.map((r) => r.event_id));
}

export function markUndone(db: Db, row: Database['undone_events']) {
  return db.insertInto('undone_events').values(row).execute();
}

/** The device's events with who made them, oldest first: what an undo replays and checks. */
export const eventsForUndo = compiledOnce((db: Db, deviceId: number) =>
  db
    .selectFrom('device_events')
    .select(['id', 'seq', 'action', 'from_state', 'to_state', 'hub_id', 'data', 'actor_user_id', 'actor_token_id', 'at'])
    .where('device_id', '=', deviceId)
    .orderBy('seq', 'asc'),
);

/** Parts a harvest put in stock, taken back when the harvest is undone: only while none has been fitted. */
export async function withdrawHarvestedParts(db: Db, eventId: number): Promise<boolean> {
  const parts = await db.selectFrom('parts').select(['id', 'quantity', 'available']).where('source_event_id', '=', eventId).execute();
  if (parts.some((p) => p.available !== p.quantity)) return false;
  if (parts.length) await db.updateTable('parts').set({ available: 0 }).where('source_event_id', '=', eventId).execute();
  return true;
}

export async function isShipped(db: Db, deviceId: number): Promise<boolean> {
  const row = await db.selectFrom('raee_shipment_items').select('device_id').where('device_id', '=', deviceId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The hub's devices waiting for a step at the bench, those waiting longest first. */
export function benchQueue(db: Db, hubId: number, states: readonly string[], limit: number) {
  return (
    db
      .selectFrom('devices')
      .select(['id', 'tag', 'type', 'brand', 'model', 'state', 'outcome', 'has_storage', 'cycle', 'hub_id', 'updated_at'])
      .where('hub_id', '=', hubId)
      .where('state', 'in', states as never)
      // Diagnosed for parts or recycling: nothing forward to do at the bench.
      .where((eb) => eb.or([eb('state', '!=', 'diagnosed'), eb('outcome', '=', 'refurbish')]))
      .orderBy('updated_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit)
      .execute()
  );
}
