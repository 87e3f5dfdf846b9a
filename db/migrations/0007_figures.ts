import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { withAutoId } from '../../src/db/adapter';
import { fromRoot } from '../../src/paths';
import { parseCsv } from '../../src/shared/csv';

// Circular-economy figures: the impact factor table (seeded from db/seed/impact-factors.csv), running
// totals kept in the events' own transaction, and quarterly reports frozen when submitted.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('impact_factors')
    .addColumn('factor_set', 'text', (c) => c.notNull())
    .addColumn('device_class', 'text', (c) => c.notNull())
    .addColumn('source_category', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'real', (c) => c.notNull())
    .addColumn('embodied_kgco2e', 'real', (c) => c.notNull())
    .addColumn('displacement_default', 'real', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('impact_factors_pk', ['factor_set', 'device_class'])
    .execute();
  // A factor set, once published, never changes: a new version of the data is a new factor_set.
  const [header, ...rows] = parseCsv(readFileSync(fromRoot('db', 'seed', 'impact-factors.csv'), 'utf8'));
  const col = (name: string) => header!.indexOf(name);
  const values = rows
    .filter((r) => r.length > 1)
    .map((r) => ({
      factor_set: r[col('factor_set')]!,
      device_class: r[col('device_class')]!,
      source_category: r[col('source_category')]!,
      weight_kg: Number(r[col('weight_kg')]),
      embodied_kgco2e: Number(r[col('embodied_kgco2e')]),
      displacement_default: Number(r[col('displacement_default')]),
      source: r[col('source')]!,
      licence: r[col('licence')]!,
    }));
  if (values.length) await db.insertInto('impact_factors').values(values).execute();

  // Running totals: one row per scope (a hub's id, 0 for the region), bucket (a day YYYY-MM-DD, a
  // month YYYY-MM, a quarter YYYY-Qn or a year YYYY, in the hubs' time zone), metric and dimension.
  await db.schema
    .createTable('figure_counts')
    .addColumn('scope', 'integer', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    // Of those, how many were weighed, and their weight in grams (whole numbers add up exactly).
    .addColumn('wn', 'bigint', (c) => c.notNull())
    .addColumn('g', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('figure_counts_pk', ['scope', 'bucket', 'metric', 'dim'])
    .execute();

  // Who already counts in a month, quarter or year: distinct donors, organisations served, requests served.
  await db.schema
    .createTable('figure_members')
    .addColumn('scope', 'integer', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('figure_members_pk', ['scope', 'bucket', 'kind', 'member_id'])
    .execute();

  // A number per quarter that grows whenever one of its totals changes: a published file computed
  // from the totals can be kept until its quarter's number moves.
  await db.schema
    .createTable('figure_versions')
    .addColumn('bucket', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();

  // Devices in stock now, by hub and by the month their current cycle began (intake or return).
  await db.schema
    .createTable('figure_stock_age')
    .addColumn('hub_id', 'integer', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('figure_stock_age_pk', ['hub_id', 'month'])
    .execute();

  await withAutoId(db, db.schema.createTable('quarterly_reports'))
    .addColumn('hub_id', 'integer', (c) => c.notNull().references('hubs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('factor_set', 'text', (c) => c.notNull())
    .addColumn('displacement', 'real', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('submitted_by_user_id', 'integer')
    .addColumn('submitted_by_token_id', 'integer')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('quarterly_reports_version', ['hub_id', 'year', 'quarter', 'version'])
    .execute();
  await db.schema.createIndex('quarterly_reports_period').on('quarterly_reports').columns(['year', 'quarter', 'hub_id']).execute();

  // Custom periods count distinct donors and organisations from the source rows, by date.
  await db.schema.createIndex('donations_hub_received').on('donations').columns(['hub_id', 'received_at']).execute();
  await db.schema.createIndex('donations_received').on('donations').column('received_at').execute();
  await db.schema.createIndex('deliveries_hub_day').on('deliveries').columns(['hub_id', 'delivered_on']).execute();
  await db.schema.createIndex('deliveries_day').on('deliveries').column('delivered_on').execute();
  // The devices behind a figure: events of one kind in a period, across hubs.
  await db.schema.createIndex('device_events_action_at').on('device_events').columns(['action', 'at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['device_events_action_at', 'deliveries_day', 'deliveries_hub_day', 'donations_received', 'donations_hub_received']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  for (const t of ['quarterly_reports', 'figure_versions', 'figure_stock_age', 'figure_members', 'figure_counts', 'impact_factors']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
