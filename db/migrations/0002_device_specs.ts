import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('device_specs')
    .addColumn('device_id', 'integer', (c) => c.primaryKey().references('devices.id'))
    .addColumn('report_id', 'integer')
    .addColumn('manufacturer', 'text')
    .addColumn('model', 'text')
    .addColumn('serial', 'text')
    .addColumn('chassis', 'text')
    .addColumn('cpu_model', 'text')
    .addColumn('cpu_cores', 'integer')
    .addColumn('cpu_threads', 'integer')
    .addColumn('cpu_64bit', 'integer')
    .addColumn('ram_mb', 'integer')
    .addColumn('storage_gb', 'integer')
    .addColumn('has_ssd', 'integer')
    .addColumn('disk_count', 'integer')
    .addColumn('screen_inches', 'real')
    .addColumn('battery_health_pct', 'integer')
    .addColumn('specs', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('device_specs_ram').on('device_specs').columns(['ram_mb', 'has_ssd']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('device_specs').ifExists().execute();
}
