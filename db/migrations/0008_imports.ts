import type { Kysely } from 'kysely';
import { withAutoId } from '../../src/db/adapter';

// Spreadsheet imports of devices: the uploaded rows are kept in the database, so the background run
// works from them in chunks, and a row's outcome (the device it created, or why it was skipped) is
// written in the same transaction as the device: a resumed import never creates a device twice.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('imports'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_kind', 'text', (c) => c.notNull())
    // mapping → checked → queued → running → done; failed (resumable) from running.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text')
    .addColumn('defaults', 'text')
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('problem_rows', 'integer')
    .addColumn('processed_rows', 'integer', (c) => c.notNull())
    .addColumn('created_count', 'integer', (c) => c.notNull())
    .addColumn('skipped_count', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imports_hub').on('imports').columns(['hub_id', 'id']).execute();

  await db.schema
    .createTable('import_rows')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('cells', 'text', (c) => c.notNull())
    // pending, created or skipped; a created row names its first device.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('device_id', 'integer')
    .addColumn('devices_created', 'integer')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('import_rows_pk', ['import_id', 'row_number'])
    .execute();
  await db.schema.createIndex('import_rows_status').on('import_rows').columns(['import_id', 'status', 'row_number']).execute();

  // The donation each donor (and day) of an import fills, chunk after chunk.
  await db.schema
    .createTable('import_donations')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('donation_id', 'integer', (c) => c.notNull().references('donations.id'))
    .addPrimaryKeyConstraint('import_donations_pk', ['import_id', 'group_key'])
    .execute();

  // An import skips a device whose serial is already registered: found by this index.
  await db.schema.createIndex('devices_serial').on('devices').column('serial').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('devices_serial').ifExists().execute();
  for (const t of ['import_donations', 'import_rows', 'imports']) await db.schema.dropTable(t).ifExists().execute();
}
