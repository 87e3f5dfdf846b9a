import type { Kysely } from 'kysely';
import { withAutoId } from '../../src/db/adapter';

// Messages that reach people. A notice is written in the same transaction as the event that causes
// it: one inbox row per staff member who may see it, one outbox row per e-mail to send. A worker
// claims outbox rows (a lease, so a crashed worker's rows are taken over) and sends them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('outbox'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('recipient_email', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // Blanked once sent: a body may carry a one-time link.
    .addColumn('body', 'text')
    // pending → sending (claimed, with a lease) → sent; failed after too many attempts or a permanent refusal.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await withAutoId(db, db.schema.createTable('notices'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('hub_id', 'integer', (c) => c.references('hubs.id'))
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notices_user').on('notices').columns(['user_id', 'read_at', 'id']).execute();

  // Periodic notices (a reminder, an overdue loan, a report due) are issued once: their key is kept here.
  await db.schema
    .createTable('notice_marks')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_marks').execute();
  await db.schema.dropTable('notices').execute();
  await db.schema.dropTable('outbox').execute();
}
