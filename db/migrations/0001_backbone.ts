import type { Kysely } from 'kysely';
import { binaryText, withAutoId } from '../../src/db/adapter';

// Timestamps are ISO 8601 UTC text and booleans are 0/1 integers: the same on both databases.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('hubs'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zona_sociale', 'integer', (c) => c.notNull())
    .addColumn('comune', 'text', (c) => c.notNull())
    .addColumn('istat_code', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('address', 'text')
    .execute();

  await db.schema
    .createTable('tag_counters')
    .addColumn('hub_id', 'integer', (c) => c.primaryKey().references('hubs.id'))
    .addColumn('next_number', 'integer', (c) => c.notNull())
    .execute();

  await withAutoId(db, db.schema.createTable('users'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hub_id', 'integer', (c) => c.references('hubs.id'))
    .addColumn('partner_id', 'integer')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('it'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('disabled_at', 'text')
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('users_hub').on('users').columns(['hub_id', 'role']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await withAutoId(db, db.schema.createTable('api_tokens'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hub_id', 'integer', (c) => c.references('hubs.id'))
    .addColumn('partner_id', 'integer')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('one_time_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await withAutoId(db, db.schema.createTable('audit_log'))
    .addColumn('actor_user_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await withAutoId(db, db.schema.createTable('donors'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tax_code', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('donors_tax_code').on('donors').column('tax_code').execute();

  await withAutoId(db, db.schema.createTable('donations'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('donor_id', 'integer', (c) => c.notNull().references('donors.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('device_count', 'integer', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('donations_hub').on('donations').columns(['hub_id', 'id']).execute();
  await db.schema.createIndex('donations_donor').on('donations').column('donor_id').execute();

  await withAutoId(db, db.schema.createTable('devices'))
    .addColumn('tag', 'text', (c) => c.notNull().unique())
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('donation_id', 'integer', (c) => c.references('donations.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('brand', 'text')
    .addColumn('model', 'text')
    .addColumn('serial', 'text')
    .addColumn('weight_kg', 'real')
    .addColumn('has_storage', 'integer')
    .addColumn('condition_note', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('os', 'text')
    .addColumn('recipient', 'text')
    .addColumn('delivery_document', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The list pages by id within a hub, optionally by state or type: each filter has its own index.
  await db.schema.createIndex('devices_hub').on('devices').columns(['hub_id', 'id']).execute();
  await db.schema.createIndex('devices_hub_state').on('devices').columns(['hub_id', 'state', 'id']).execute();
  await db.schema.createIndex('devices_hub_type').on('devices').columns(['hub_id', 'type', 'id']).execute();
  await db.schema.createIndex('devices_state').on('devices').columns(['state', 'id']).execute();
  await db.schema.createIndex('devices_donation').on('devices').column('donation_id').execute();

  await withAutoId(db, db.schema.createTable('device_events'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('hub_id', 'integer', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_token_id', 'integer')
    .addColumn('data', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('device_events_device_seq', ['device_id', 'seq'])
    .execute();
  await db.schema.createIndex('device_events_hub_at').on('device_events').columns(['hub_id', 'at']).execute();

  await withAutoId(db, db.schema.createTable('erasures'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('tool', 'text')
    .addColumn('nist_category', 'text')
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('disk_serial', 'text')
    .addColumn('disk_model', 'text')
    .addColumn('disk_size_bytes', 'bigint')
    .addColumn('performed_by_user_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('erasures_device').on('erasures').columns(['device_id', 'cycle']).execute();

  await db.schema
    .createTable('device_terms')
    .addColumn('term', binaryText(db), (c) => c.notNull())
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    // The device's hub, kept in step on transfer: a hub's search never walks other hubs' terms.
    .addColumn('hub_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_terms_pk', ['term', 'device_id'])
    .execute();
  await db.schema.createIndex('device_terms_hub').on('device_terms').columns(['hub_id', 'term', 'device_id']).execute();
  await db.schema.createIndex('device_terms_device').on('device_terms').columns(['device_id', 'term']).execute();

  await db.schema
    .createTable('stock_counts')
    .addColumn('hub_id', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_counts_pk', ['hub_id', 'state', 'type'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'idempotency_keys',
    'stock_counts',
    'device_terms',
    'erasures',
    'device_events',
    'devices',
    'donations',
    'donors',
    'audit_log',
    'login_throttle',
    'one_time_links',
    'api_tokens',
    'sessions',
    'users',
    'tag_counters',
    'hubs',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
