import type { Kysely } from 'kysely';
import { withAutoId } from '../../src/db/adapter';

// Refurbishment records: hardware reports, erasure logs and certificates, diagnostic checklists,
// the OS image catalogue, harvested parts and RAEE shipments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('hardware_reports'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('uuid', 'text')
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('flag', 'text')
    .addColumn('specs', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('uploaded_by_user_id', 'integer')
    .addColumn('uploaded_by_token_id', 'integer')
    .addColumn('reviewed_by_user_id', 'integer')
    .addColumn('reviewed_at', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hardware_reports_uuid').on('hardware_reports').column('uuid').unique().execute();
  await db.schema.createIndex('hardware_reports_device').on('hardware_reports').columns(['device_id', 'id']).execute();
  await db.schema.createIndex('hardware_reports_status').on('hardware_reports').columns(['status', 'id']).execute();

  // Device list filters on specs walk devices newest first and look each one up by key.
  await db.schema.createIndex('device_specs_ssd').on('device_specs').columns(['has_ssd', 'device_id']).execute();

  // The image a device was installed with, so devices on an image marked outdated are one query away.
  await db.schema.alterTable('devices').addColumn('os_image_id', 'integer').execute();
  await db.schema.createIndex('devices_os_image').on('devices').columns(['os_image_id', 'id']).execute();

  // One erasure record per disk, with what nwipe (or the person) reported about it.
  for (const [name, type] of [
    ['disk_kind', 'text'],
    ['device_path', 'text'],
    ['status', 'text'],
    ['rounds', 'integer'],
    ['verification', 'text'],
    ['duration_seconds', 'integer'],
    ['throughput_mbs', 'real'],
    ['performed_by_name', 'text'],
    ['performed_at', 'text'],
    ['log_id', 'integer'],
  ] as const) {
    await db.schema.alterTable('erasures').addColumn(name, type).execute();
  }

  await withAutoId(db, db.schema.createTable('erasure_logs'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('tool_version', 'text')
    .addColumn('method', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('uploaded_by_user_id', 'integer')
    .addColumn('uploaded_by_token_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('erasure_logs_device_sha', ['device_id', 'sha256'])
    .execute();

  await withAutoId(db, db.schema.createTable('certificates'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('device_id', 'integer')
    .addColumn('donation_id', 'integer')
    .addColumn('hub_id', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('issued_by_user_id', 'integer')
    .addColumn('issued_by_token_id', 'integer')
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certificates_device').on('certificates').columns(['device_id', 'content_hash']).execute();
  await db.schema.createIndex('certificates_donation').on('certificates').columns(['donation_id', 'content_hash']).execute();

  await db.schema
    .createTable('checklists')
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checklists_pk', ['hub_id', 'device_type'])
    .execute();

  await withAutoId(db, db.schema.createTable('os_images'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('outdated', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'integer')
    .addUniqueConstraint('os_images_name_version', ['name', 'version'])
    .execute();

  await withAutoId(db, db.schema.createTable('parts'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('serial', 'text')
    .addColumn('source_device_id', 'integer')
    .addColumn('source_event_id', 'integer')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('available', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('parts_hub').on('parts').columns(['hub_id', 'kind', 'id']).execute();

  await withAutoId(db, db.schema.createTable('part_moves'))
    .addColumn('part_id', 'integer', (c) => c.notNull().references('parts.id'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('part_moves_device').on('part_moves').columns(['device_id', 'id']).execute();
  await db.schema.createIndex('part_moves_part').on('part_moves').columns(['part_id', 'id']).execute();

  await withAutoId(db, db.schema.createTable('raee_shipments'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('shipped_on', 'text', (c) => c.notNull())
    .addColumn('total_kg', 'real', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('raee_shipments_hub_document', ['hub_id', 'document_number'])
    .execute();
  await db.schema
    .createTable('raee_shipment_items')
    .addColumn('device_id', 'integer', (c) => c.primaryKey().references('devices.id'))
    .addColumn('shipment_id', 'integer', (c) => c.notNull().references('raee_shipments.id'))
    .addColumn('kg', 'real', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('raee_shipment_items_shipment').on('raee_shipment_items').column('shipment_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['raee_shipment_items', 'raee_shipments', 'part_moves', 'parts', 'os_images', 'checklists', 'certificates', 'erasure_logs', 'hardware_reports']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.dropIndex('devices_os_image').ifExists().execute();
  await db.schema.dropIndex('device_specs_ssd').ifExists().execute();
  await db.schema.alterTable('devices').dropColumn('os_image_id').execute();
  for (const c of ['disk_kind', 'device_path', 'status', 'rounds', 'verification', 'duration_seconds', 'throughput_mbs', 'performed_by_name', 'performed_at', 'log_id']) {
    await db.schema.alterTable('erasures').dropColumn(c).execute();
  }
}
