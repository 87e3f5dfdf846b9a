import type { Kysely } from 'kysely';

// Undo at the bench: an event taken back by a compensating one. The log stays append-only; this
// table says which events no longer count (an undone erasure's records stop satisfying the guard).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('undone_events')
    .addColumn('event_id', 'integer', (c) => c.primaryKey().references('device_events.id'))
    .addColumn('device_id', 'integer', (c) => c.notNull().references('devices.id'))
    .addColumn('undo_event_id', 'integer', (c) => c.notNull().references('device_events.id'))
    .execute();
  await db.schema.createIndex('undone_events_device').on('undone_events').column('device_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('undone_events').execute();
}
