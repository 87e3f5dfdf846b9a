import type { Kysely } from 'kysely';

// Erasure evidence that counts only when it proves something for this device (issue 13):
// - every erasure record has a standing: it counts, waits for a coordinator (a volunteer's manual,
//   destruction or removal record), was refused or withdrawn, or came from a log that does not fit
//   the device. Existing records keep counting.
// - a review (confirmation, refusal, acceptance of a log, withdrawal) names who, when and why;
// - a log keeps why it does not fit (JSON list of problems), and the operator it names;
// - each disk's record keeps when its erasure started.
const ERASURE_COLUMNS: [string, 'text' | 'integer'][] = [
  ['started_at', 'text'],
  ['operator_name', 'text'],
  ['reviewed_by_user_id', 'integer'],
  ['reviewed_by_token_id', 'integer'],
  ['reviewed_at', 'text'],
  ['review_reason', 'text'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('erasures')
    .addColumn('standing', 'text', (c) => c.notNull().defaultTo('counts'))
    .execute();
  for (const [name, type] of ERASURE_COLUMNS) await db.schema.alterTable('erasures').addColumn(name, type).execute();
  await db.schema.alterTable('erasure_logs').addColumn('problems', 'text').execute();
  await db.schema.alterTable('erasure_logs').addColumn('operator_name', 'text').execute();
  // The same disk erased on another device: looked up by serial.
  await db.schema.createIndex('erasures_disk_serial').on('erasures').columns(['disk_serial', 'cycle']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('erasures_disk_serial').ifExists().execute();
  for (const c of ['problems', 'operator_name']) await db.schema.alterTable('erasure_logs').dropColumn(c).execute();
  for (const [name] of ERASURE_COLUMNS) await db.schema.alterTable('erasures').dropColumn(name).execute();
  await db.schema.alterTable('erasures').dropColumn('standing').execute();
}
