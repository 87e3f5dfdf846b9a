import type { Kysely } from 'kysely';

// The legal identity documents need: the programme's (the body that runs it, one row), each hub's
// contacts and opening hours, what a partner's documents name (codice fiscale, head teacher or legal
// representative), and the value declared per device on a delivery note.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programme')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body_name', 'text')
    .addColumn('tax_code', 'text')
    .addColumn('address', 'text')
    .addColumn('pec', 'text')
    .addColumn('legal_representative', 'text')
    .addColumn('privacy_controller', 'text')
    .addColumn('privacy_contact', 'text')
    .addColumn('court', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('updated_by_user_id', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.alterTable('hubs').addColumn('opening_hours', 'text').execute();
  await db.schema.alterTable('hubs').addColumn('responsible', 'text').execute();
  await db.schema.alterTable('partners').addColumn('tax_code', 'text').execute();
  await db.schema.alterTable('partners').addColumn('representative', 'text').execute();
  await db.schema.alterTable('delivery_devices').addColumn('declared_value_cents', 'integer').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('delivery_devices').dropColumn('declared_value_cents').execute();
  await db.schema.alterTable('partners').dropColumn('representative').execute();
  await db.schema.alterTable('partners').dropColumn('tax_code').execute();
  await db.schema.alterTable('hubs').dropColumn('responsible').execute();
  await db.schema.alterTable('hubs').dropColumn('opening_hours').execute();
  await db.schema.dropTable('programme').execute();
}
