/** The queries behind the open data: aggregated totals only, never a donor, a person or a serial. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Every hub's class-dependent totals for one bucket (a quarter): a few hundred rows at most. */
export function hubClassTotals(db: Db, hubIds: number[], bucket: string, metrics: string[]) {
  return (
    db
      .selectFrom('figure_counts')
      .select(['scope', 'metric', 'dim', 'n', 'wn', 'g'])
      // The hubs by id: one seek each of the primary key (scope, bucket, metric, dim).
      .where('scope', 'in', hubIds)
      .where('bucket', '=', bucket)
      .where('metric', 'in', metrics)
      .execute()
  );
}

/** The earliest year with any figure (buckets sort by their text: "2021" comes before "2021-03"). */
export async function firstYear(db: Db): Promise<number | null> {
  const r = await db
    .selectFrom('figure_counts')
    .select((eb) => eb.fn.min<string>('bucket').as('b'))
    .where('scope', '=', 0)
    .executeTakeFirst();
  return r?.b ? Number(String(r.b).slice(0, 4)) : null;
}

/**
 * Every device delivered up to the end of a period, one row per delivery of it, with the recipient's
 * public facts (kind, code, name, municipality, consent) and the device's screen size for its class.
 * No contact person. The recipients file counts devices from these, never the rows themselves.
 */
export function deliveredUpTo(db: Db, to: string) {
  return db
    .selectFrom('deliveries')
    .innerJoin('delivery_devices', 'delivery_devices.delivery_id', 'deliveries.id')
    .innerJoin('partners', 'partners.id', 'deliveries.partner_id')
    .innerJoin('hubs', 'hubs.id', 'deliveries.hub_id')
    .leftJoin('device_specs', 'device_specs.device_id', 'delivery_devices.device_id')
    .select([
      'deliveries.id as delivery_id',
      'deliveries.created_at',
      'deliveries.delivered_on',
      'delivery_devices.device_id',
      'hubs.code as hub_code',
      'partners.id as partner_id',
      'partners.kind',
      'partners.code',
      'partners.name',
      'partners.municipality',
      'partners.open_data_consent',
      'delivery_devices.type',
      'device_specs.screen_inches',
    ])
    .where('deliveries.delivered_on', '<=', to)
    .execute();
}

/** The latest return of every device returned before an instant (it undoes the delivery before it). */
export function lastReturnsBefore(db: Db, beforeUtc: string) {
  return db
    .selectFrom('device_events')
    .select(['device_id', (eb) => eb.fn.max<string>('at').as('at')])
    .where('action', '=', 'return')
    .where('at', '<', beforeUtc)
    .groupBy('device_id')
    .execute();
}
