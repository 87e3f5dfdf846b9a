import type { Kysely } from 'kysely';
import { withAutoId } from '../../src/db/adapter';

// Partners, their requests, deliveries with their documents, receipts, reports, and transfers between hubs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('partners'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('address', 'text')
    .addColumn('municipality', 'text', (c) => c.notNull())
    .addColumn('province', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('open_data_consent', 'integer', (c) => c.notNull())
    .addColumn('internal_note', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by_user_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .execute();
  await db.schema.createIndex('partners_hub').on('partners').columns(['hub_id', 'status', 'name']).execute();

  await withAutoId(db, db.schema.createTable('partner_contacts'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('partner_contacts_partner').on('partner_contacts').column('partner_id').execute();

  await withAutoId(db, db.schema.createTable('partner_requests'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('beneficiaries_count', 'integer', (c) => c.notNull())
    .addColumn('beneficiaries_description', 'text')
    .addColumn('min_ram_mb', 'integer')
    .addColumn('min_screen_inches', 'real')
    .addColumn('needs_ssd', 'integer', (c) => c.notNull())
    .addColumn('internal_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partner_requests_partner').on('partner_requests').columns(['partner_id', 'id']).execute();
  await db.schema.createIndex('partner_requests_hub').on('partner_requests').columns(['hub_id', 'state', 'id']).execute();

  await withAutoId(db, db.schema.createTable('request_items'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('partner_requests.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addUniqueConstraint('request_items_request_type', ['request_id', 'type'])
    .execute();

  await withAutoId(db, db.schema.createTable('request_events'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('partner_requests.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_token_id', 'integer')
    .addColumn('by_partner', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'id']).execute();

  // Progressive document numbers per hub, kind and year; the row is updated in place, so two
  // deliveries at the same moment get different numbers.
  await db.schema
    .createTable('document_counters')
    .addColumn('hub_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('next_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_counters_pk', ['hub_id', 'kind', 'year'])
    .execute();

  await withAutoId(db, db.schema.createTable('deliveries'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'integer', (c) => c.notNull().references('partner_requests.id'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('delivered_on', 'text', (c) => c.notNull())
    .addColumn('loan_until', 'text')
    .addColumn('device_count', 'integer', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('receipt_completed_at', 'text')
    .addUniqueConstraint('deliveries_hub_year_number', ['hub_id', 'year', 'number'])
    .execute();
  await db.schema.createIndex('deliveries_partner').on('deliveries').columns(['partner_id', 'id']).execute();
  await db.schema.createIndex('deliveries_request').on('deliveries').column('request_id').execute();

  await withAutoId(db, db.schema.createTable('delivery_devices'))
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('deliveries.id'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('brand', 'text')
    .addColumn('model', 'text')
    .addColumn('serial', 'text')
    .addColumn('os', 'text')
    .addColumn('specs', 'text')
    .addColumn('erasure', 'text')
    .addColumn('received_at', 'text')
    .addColumn('received_by_user_id', 'integer')
    .addUniqueConstraint('delivery_devices_delivery_device', ['delivery_id', 'device_id'])
    .execute();
  await db.schema.createIndex('delivery_devices_device').on('delivery_devices').column('device_id').execute();

  await withAutoId(db, db.schema.createTable('partner_reports'))
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('deliveries.id'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by_user_id', 'integer')
    .execute();
  await db.schema.createIndex('partner_reports_delivery').on('partner_reports').columns(['delivery_id', 'device_id']).execute();

  await withAutoId(db, db.schema.createTable('transfers'))
    .addColumn('from_hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('to_hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('device_count', 'integer', (c) => c.notNull())
    .addColumn('arrived_count', 'integer', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('transfers_hub_year_number', ['from_hub_id', 'year', 'number'])
    .execute();
  await db.schema.createIndex('transfers_to').on('transfers').columns(['to_hub_id', 'id']).execute();
  await db.schema.createIndex('transfers_from_day').on('transfers').columns(['from_hub_id', 'to_hub_id', 'day']).execute();

  await db.schema
    .createTable('transfer_devices')
    .addColumn('transfer_id', 'integer', (c) => c.notNull().references('transfers.id'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('brand', 'text')
    .addColumn('model', 'text')
    .addColumn('serial', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('arrived_at', 'text')
    .addColumn('arrived_by_user_id', 'integer')
    .addPrimaryKeyConstraint('transfer_devices_pk', ['transfer_id', 'device_id'])
    .execute();

  // What a reserved, delivered or travelling device is bound to.
  for (const column of ['request_id', 'delivery_id', 'transfer_id', 'transit_from_hub_id']) {
    await db.schema.alterTable('devices').addColumn(column, 'integer').execute();
  }
  await db.schema.alterTable('devices').addColumn('transit_state', 'text').execute();
  await db.schema.createIndex('devices_request').on('devices').column('request_id').execute();
  await db.schema.createIndex('devices_transit_from').on('devices').columns(['transit_from_hub_id', 'state']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('devices_transit_from').ifExists().execute();
  await db.schema.dropIndex('devices_request').ifExists().execute();
  for (const column of ['transit_state', 'transit_from_hub_id', 'transfer_id', 'delivery_id', 'request_id']) {
    await db.schema.alterTable('devices').dropColumn(column).execute();
  }
  for (const t of [
    'transfer_devices',
    'transfers',
    'partner_reports',
    'delivery_devices',
    'deliveries',
    'document_counters',
    'request_events',
    'request_items',
    'partner_requests',
    'partner_contacts',
    'partners',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
