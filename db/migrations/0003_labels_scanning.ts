import type { Kysely } from 'kysely';
import { withAutoId } from '../../src/db/adapter';

// Blank pre-numbered labels (their numbers come from the hubs' tag counters, so never reused) and
// stock-takes with the things scanned in them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('label_batches'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('first_tag', 'text', (c) => c.notNull())
    .addColumn('last_tag', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('label_batches_hub').on('label_batches').columns(['hub_id', 'id']).execute();

  await db.schema
    .createTable('label_blanks')
    .addColumn('tag', 'text', (c) => c.primaryKey())
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('label_batches.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('donation_id', 'integer')
    .execute();
  await db.schema.createIndex('label_blanks_batch').on('label_blanks').columns(['batch_id', 'tag']).execute();

  await withAutoId(db, db.schema.createTable('stocktakes'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('started_by_user_id', 'integer')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('stocktakes_hub').on('stocktakes').columns(['hub_id', 'id']).execute();

  await withAutoId(db, db.schema.createTable('stocktake_scans'))
    .addColumn('stocktake_id', 'integer', (c) => c.notNull().references('stocktakes.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'integer')
    .addColumn('scanned_by_user_id', 'integer')
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('stocktake_scans_once', ['stocktake_id', 'kind', 'tag'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['stocktake_scans', 'stocktakes', 'label_blanks', 'label_batches']) await db.schema.dropTable(t).ifExists().execute();
}
