import type { Kysely } from 'kysely';
import { dropChangeSignal, signalChanges } from '../../src/db/adapter';

// Several app processes on one database: the tables behind the session cache signal their changes
// (a NOTIFY on PostgreSQL, a counter on SQLite; see src/db/notify.ts), and background work takes a
// lock so that it runs in one process at a time (see src/db/once.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cache_generations')
    .addColumn('topic', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('cache_generations').values({ topic: 'people', generation: 0 }).execute();
  await db.schema
    .createTable('cluster_locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  // A person changed (disabled, erased, another role, hub or language) or a session ended.
  await signalChanges(db, 'users', ['update', 'delete'], 'people');
  await signalChanges(db, 'sessions', ['delete'], 'people');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await dropChangeSignal(db, 'users', ['update', 'delete']);
  await dropChangeSignal(db, 'sessions', ['delete']);
  await db.schema.dropTable('cluster_locks').execute();
  await db.schema.dropTable('cache_generations').execute();
}
