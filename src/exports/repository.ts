import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { DeliveryTitle } from '../deliveries/tables';
import type { DonorKind } from '../donations/tables';
import type { RequestState } from '../requests/states';

type Db = Kysely<Database> | Transaction<Database>;

/** Every export reads newest first, one page at a time below the last id seen (keyset): memory stays flat. */
type Page = { hubId?: number; beforeId?: number; limit: number };

/** The columns a device export adds to the list's own. */
export function deviceExtras(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('devices').select(['id', 'weight_kg', 'received_at', 'has_storage']).where('id', 'in', ids).execute();
}

export function donationPage(db: Db, f: Page & { fromUtc?: string; toUtc?: string; donorKind?: DonorKind }) {
  let q = db
    .selectFrom('donations')
    .innerJoin('donors', 'donors.id', 'donations.donor_id')
    .innerJoin('hubs', 'hubs.id', 'donations.hub_id')
    .select([
      'donations.id',
      'donations.received_at',
      'donations.device_count',
      'hubs.code as hub_code',
      'donors.kind as donor_kind',
      'donors.name as donor_name',
      'donors.erased_at as donor_erased_at',
    ])
    .orderBy('donations.id', 'desc')
    .limit(f.limit);
  if (f.hubId !== undefined) q = q.where('donations.hub_id', '=', f.hubId);
  if (f.beforeId !== undefined) q = q.where('donations.id', '<', f.beforeId);
  if (f.fromUtc) q = q.where('donations.received_at', '>=', f.fromUtc);
  if (f.toUtc) q = q.where('donations.received_at', '<', f.toUtc);
  if (f.donorKind) q = q.where('donors.kind', '=', f.donorKind);
  return q.execute();
}

export function requestPage(db: Db, f: Page & { fromUtc?: string; toUtc?: string; state?: RequestState }) {
  let q = db
    .selectFrom('partner_requests')
    .innerJoin('partners', 'partners.id', 'partner_requests.partner_id')
    .innerJoin('hubs', 'hubs.id', 'partner_requests.hub_id')
    .select([
      'partner_requests.id',
      'partner_requests.created_at',
      'partner_requests.state',
      'partner_requests.purpose',
      'partner_requests.beneficiaries_count',
      'hubs.code as hub_code',
      'partners.name as partner_name',
      'partners.kind as partner_kind',
    ])
    .orderBy('partner_requests.id', 'desc')
    .limit(f.limit);
  if (f.hubId !== undefined) q = q.where('partner_requests.hub_id', '=', f.hubId);
  if (f.beforeId !== undefined) q = q.where('partner_requests.id', '<', f.beforeId);
  if (f.fromUtc) q = q.where('partner_requests.created_at', '>=', f.fromUtc);
  if (f.toUtc) q = q.where('partner_requests.created_at', '<', f.toUtc);
  if (f.state) q = q.where('partner_requests.state', '=', f.state);
  return q.execute();
}

export function requestItems(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('request_items').select(['request_id', 'type', 'quantity']).where('request_id', 'in', ids).orderBy('id').execute();
}

export function deliveryPage(db: Db, f: Page & { from?: string; to?: string; title?: DeliveryTitle }) {
  let q = db
    .selectFrom('deliveries')
    .innerJoin('hubs', 'hubs.id', 'deliveries.hub_id')
    .innerJoin('partners', 'partners.id', 'deliveries.partner_id')
    .select([
      'deliveries.id',
      'deliveries.year',
      'deliveries.number',
      'deliveries.title',
      'deliveries.delivered_on',
      'deliveries.loan_until',
      'deliveries.device_count',
      'deliveries.receipt_completed_at',
      'deliveries.request_id',
      'hubs.code as hub_code',
      'partners.name as partner_name',
      'partners.kind as partner_kind',
    ])
    .orderBy('deliveries.id', 'desc')
    .limit(f.limit);
  if (f.hubId !== undefined) q = q.where('deliveries.hub_id', '=', f.hubId);
  if (f.beforeId !== undefined) q = q.where('deliveries.id', '<', f.beforeId);
  if (f.from) q = q.where('deliveries.delivered_on', '>=', f.from);
  if (f.to) q = q.where('deliveries.delivered_on', '<=', f.to);
  if (f.title) q = q.where('deliveries.title', '=', f.title);
  return q.execute();
}
