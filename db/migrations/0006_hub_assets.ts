import type { Kysely } from 'kysely';
import { withAutoId } from '../../src/db/adapter';

// The hub's own equipment: funding sources and the minimum kit (data the administrator edits, seeded
// here from the programme's guidelines), assets with their event log, loans and maintenance.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('funding_sources'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withAutoId(db, db.schema.createTable('kit_items'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label_it', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('feature', 'text')
    .addColumn('min_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withAutoId(db, db.schema.createTable('assets'))
    .addColumn('tag', 'text', (c) => c.notNull().unique())
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('make', 'text')
    .addColumn('model', 'text')
    .addColumn('serial', 'text')
    .addColumn('location', 'text')
    .addColumn('purchased_on', 'text')
    .addColumn('cost_cents', 'integer')
    .addColumn('funding_source_id', 'integer', (c) => c.references('funding_sources.id'))
    .addColumn('supplier', 'text')
    .addColumn('invoice_ref', 'text')
    .addColumn('warranty_end', 'text')
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('next_check_on', 'text')
    .addColumn('note', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('loan_id', 'integer')
    .addColumn('retired_device_id', 'integer', (c) => c.references('devices.id'))
    .addColumn('created_by_user_id', 'integer')
    .addColumn('created_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_hub_state').on('assets').columns(['hub_id', 'state', 'category']).execute();
  await db.schema.createIndex('assets_funding').on('assets').columns(['funding_source_id', 'hub_id']).execute();

  await withAutoId(db, db.schema.createTable('asset_events'))
    .addColumn('asset_id', 'integer', (c) => c.notNull().references('assets.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_token_id', 'integer')
    .addColumn('data', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('asset_events_seq', ['asset_id', 'seq'])
    .execute();

  await withAutoId(db, db.schema.createTable('asset_loans'))
    .addColumn('asset_id', 'integer', (c) => c.notNull().references('assets.id'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('borrower_kind', 'text', (c) => c.notNull())
    .addColumn('borrower_name', 'text')
    .addColumn('borrower_document', 'text')
    .addColumn('lent_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('returned_at', 'text')
    .addColumn('lost_at', 'text')
    .addColumn('note', 'text')
    .addColumn('lent_by_user_id', 'integer')
    .addColumn('lent_by_token_id', 'integer')
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('asset_loans_hub_open').on('asset_loans').columns(['hub_id', 'returned_at', 'due_at']).execute();
  await db.schema.createIndex('asset_loans_asset').on('asset_loans').columns(['asset_id', 'id']).execute();

  await withAutoId(db, db.schema.createTable('asset_maintenance'))
    .addColumn('asset_id', 'integer', (c) => c.notNull().references('assets.id'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text', (c) => c.notNull())
    .addColumn('performed_by', 'text')
    .addColumn('cost_cents', 'integer')
    .addColumn('note', 'text')
    .addColumn('event_id', 'integer')
    .addColumn('recorded_by_user_id', 'integer')
    .addColumn('recorded_by_token_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('asset_maintenance_asset').on('asset_maintenance').columns(['asset_id', 'done_on']).execute();

  // Seeds: the funding sources the programme's hubs use, and the guidelines' minimum kit.
  const at = '2026-01-01T00:00:00.000Z';
  await db
    .insertInto('funding_sources')
    .values(['POR FESR 2014-2020 Az. 2.2.1', 'PNRR 1.7.2', 'comune', 'donazione'].map((name) => ({ name, active: 1, created_at: at })))
    .execute();
  const kit: [string, string, string, string | null, number][] = [
    ['Postazioni di lavoro nell’area polifunzionale', 'Workstations in the multipurpose area', 'workstation', null, 15],
    ['Portatili con sistema operativo libero', 'Laptops with a free operating system', 'laptop', 'free_os', 5],
    [
      'Lavagna interattiva o videoproiettore interattivo a ottica ultra-corta, con audio d’ambiente',
      'Interactive whiteboard or ultra-short-throw interactive projector, with room audio',
      'interactive_display',
      'room_audio',
      1,
    ],
    ['Sistema di videoconferenza H.323/SIP', 'H.323/SIP videoconference unit', 'videoconference', 'h323_sip', 1],
    ['Sistema di condivisione wireless dello schermo', 'Wireless screen-mirroring system', 'mirroring', null, 1],
    ['Stampante laser multifunzione condivisa', 'Shared multifunction laser printer', 'printer', 'multifunction', 1],
    ['Copertura Wi-Fi', 'Wi-Fi coverage', 'network', 'wifi', 1],
  ];
  await db
    .insertInto('kit_items')
    .values(kit.map(([label_it, label_en, category, feature, min_count], i) => ({ position: i + 1, label_it, label_en, category, feature, min_count, created_at: at, updated_at: at })))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['asset_maintenance', 'asset_loans', 'asset_events', 'assets', 'kit_items', 'funding_sources']) await db.schema.dropTable(t).ifExists().execute();
}
