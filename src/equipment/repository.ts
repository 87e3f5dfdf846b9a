/** Every query of the hub's equipment: assets, their events, loans, maintenance, funding sources, the minimum kit. */
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import { compiledOnce } from '../db/adapter';
import type { Database } from '../db/schema';
import type { AssetCategory, AssetState } from './lifecycle';

type Db = Kysely<Database> | Transaction<Database>;

export type AssetRow = Selectable<Database['assets']>;
export type AssetWithHub = AssetRow & { hub_code: string; hub_name: string; funding_name: string | null };

function assetQuery(db: Db) {
  return db
    .selectFrom('assets')
    .innerJoin('hubs', 'hubs.id', 'assets.hub_id')
    .leftJoin('funding_sources', 'funding_sources.id', 'assets.funding_source_id')
    .selectAll('assets')
    .select(['hubs.code as hub_code', 'hubs.name as hub_name', 'funding_sources.name as funding_name']);
}

const assetByTag = compiledOnce((db: Db, tag: string) => assetQuery(db).where('assets.tag', '=', tag));

export async function findAssetByTag(db: Db, tag: string): Promise<AssetWithHub | undefined> {
  return (await assetByTag(db, tag))[0];
}

/** What a label shows of an asset: never a serial, a cost or a borrower. */
export function findLabelAssets(db: Db, tags: string[]) {
  if (tags.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assets')
    .innerJoin('hubs', 'hubs.id', 'assets.hub_id')
    .select(['assets.tag', 'assets.category', 'assets.make', 'assets.model', 'assets.hub_id', 'hubs.name as hub_name'])
    .where('assets.tag', 'in', tags)
    .execute();
}

export async function insertAsset(db: Db, row: Insertable<Database['assets']>): Promise<number> {
  return (await db.insertInto('assets').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Writes the projection only if nobody moved the asset since it was read; false means the race was lost. */
export async function updateAssetIfVersion(db: Db, id: number, version: number, patch: Updateable<Database['assets']>): Promise<boolean> {
  const r = await db
    .updateTable('assets')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAssetEvent(db: Db, row: Insertable<Database['asset_events']>): Promise<number> {
  return (await db.insertInto('asset_events').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function listAssetEvents(db: Db, assetId: number) {
  return db
    .selectFrom('asset_events')
    .leftJoin('users', 'users.id', 'asset_events.actor_user_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'asset_events.actor_token_id')
    .select([
      'asset_events.id',
      'asset_events.seq',
      'asset_events.action',
      'asset_events.from_state',
      'asset_events.to_state',
      'asset_events.data',
      'asset_events.at',
      'users.name as user_name',
      'api_tokens.label as token_label',
    ])
    .where('asset_events.asset_id', '=', assetId)
    .orderBy('asset_events.seq', 'asc')
    .execute();
}

export function lastAssetEvent(db: Db, assetId: number) {
  return db
    .selectFrom('asset_events')
    .leftJoin('users', 'users.id', 'asset_events.actor_user_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'asset_events.actor_token_id')
    .select(['asset_events.action', 'asset_events.at', 'users.name as user_name', 'api_tokens.label as token_label'])
    .where('asset_events.asset_id', '=', assetId)
    .orderBy('asset_events.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export type AssetFilter = {
  scope: ListScope;
  category?: AssetCategory;
  state?: AssetState;
  fundingSourceId?: number;
  /** Leave retired assets out (the register's everyday view). */
  current?: boolean;
  afterId?: number;
  limit: number;
};

/** The register, newest first, paged by id. */
export function listAssets(db: Db, f: AssetFilter) {
  let q = assetQuery(db).orderBy('assets.id', 'desc').limit(f.limit);
  q = whereInScope(q, f.scope, { hub: 'assets.hub_id' });
  if (f.category) q = q.where('assets.category', '=', f.category);
  if (f.state) q = q.where('assets.state', '=', f.state);
  else if (f.current) q = q.where('assets.state', '!=', 'retired');
  if (f.fundingSourceId !== undefined) q = q.where('assets.funding_source_id', '=', f.fundingSourceId);
  if (f.afterId !== undefined) q = q.where('assets.id', '<', f.afterId);
  return q.execute();
}

/** Every asset bought with a funding source (all hubs, or one), in the order a register is read: hub, purchase date, tag. */
export function listFundedAssets(db: Db, fundingSourceId: number, hubId: number | undefined) {
  let q = assetQuery(db).where('assets.funding_source_id', '=', fundingSourceId).orderBy('hubs.code').orderBy('assets.purchased_on').orderBy('assets.tag');
  if (hubId !== undefined) q = q.where('assets.hub_id', '=', hubId);
  return q.execute();
}

/** What the minimum kit counts: every asset not retired, by hub, category, features and state. */
export function listKitAssets(db: Db, hubId: number | null) {
  let q = db.selectFrom('assets').select(['hub_id', 'category', 'features', 'state']).where('state', '!=', 'retired');
  if (hubId !== null) q = q.where('hub_id', '=', hubId);
  return q.execute();
}

// ---- loans

export async function insertLoan(db: Db, row: Insertable<Database['asset_loans']>): Promise<number> {
  return (await db.insertInto('asset_loans').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function closeLoan(db: Db, id: number, patch: { returned_at?: string; lost_at?: string }) {
  return db.updateTable('asset_loans').set(patch).where('id', '=', id).executeTakeFirst();
}

const loanColumns = [
  'asset_loans.id',
  'asset_loans.asset_id',
  'asset_loans.hub_id',
  'asset_loans.borrower_kind',
  'asset_loans.borrower_name',
  'asset_loans.borrower_document',
  'asset_loans.lent_at',
  'asset_loans.due_at',
  'asset_loans.returned_at',
  'asset_loans.lost_at',
  'asset_loans.note',
  'asset_loans.erased_at',
  'assets.tag',
  'assets.category',
  'assets.make',
  'assets.model',
  'assets.serial',
  'hubs.code as hub_code',
  'hubs.name as hub_name',
  'users.name as lent_by',
] as const;

function loanQuery(db: Db) {
  return db
    .selectFrom('asset_loans')
    .innerJoin('assets', 'assets.id', 'asset_loans.asset_id')
    .innerJoin('hubs', 'hubs.id', 'asset_loans.hub_id')
    .leftJoin('users', 'users.id', 'asset_loans.lent_by_user_id')
    .select(loanColumns);
}

export type LoanRow = Awaited<ReturnType<ReturnType<typeof loanQuery>['executeTakeFirstOrThrow']>>;

export function findLoan(db: Db, id: number) {
  return loanQuery(db).where('asset_loans.id', '=', id).executeTakeFirst();
}

export function listAssetLoans(db: Db, assetId: number, limit = 20) {
  return loanQuery(db).where('asset_loans.asset_id', '=', assetId).orderBy('asset_loans.id', 'desc').limit(limit).execute();
}

/** Loans still out (the overdue ones first, by how late), or, with `returned`, the latest ones back. */
export function listLoans(db: Db, f: { hubId: number | null; open: boolean; overdueAt?: string; limit: number }) {
  let q = loanQuery(db).limit(f.limit);
  if (f.hubId !== null) q = q.where('asset_loans.hub_id', '=', f.hubId);
  if (f.open) {
    q = q.where('asset_loans.returned_at', 'is', null).where('asset_loans.lost_at', 'is', null).orderBy('asset_loans.due_at', 'asc');
    if (f.overdueAt) q = q.where('asset_loans.due_at', '<', f.overdueAt);
  } else {
    q = q.where((eb) => eb.or([eb('asset_loans.returned_at', 'is not', null), eb('asset_loans.lost_at', 'is not', null)])).orderBy('asset_loans.id', 'desc');
  }
  return q.execute();
}

/** Borrowers' names are kept while they may be needed: erased once the loan has been back long enough. */
export function eraseBorrowersReturnedBefore(db: Db, hubId: number, before: string, at: string) {
  return db
    .updateTable('asset_loans')
    .set({ borrower_name: null, erased_at: at })
    .where('hub_id', '=', hubId)
    .where('borrower_name', 'is not', null)
    .where((eb) => eb.or([eb('returned_at', '<', before), eb('lost_at', '<', before)]))
    .execute();
}

export function eraseBorrower(db: Db, loanId: number, at: string) {
  return db.updateTable('asset_loans').set({ borrower_name: null, erased_at: at }).where('id', '=', loanId).executeTakeFirst();
}

// ---- maintenance

export async function insertMaintenance(db: Db, row: Insertable<Database['asset_maintenance']>): Promise<number> {
  return (await db.insertInto('asset_maintenance').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function listMaintenance(db: Db, assetId: number) {
  return db
    .selectFrom('asset_maintenance')
    .leftJoin('users', 'users.id', 'asset_maintenance.recorded_by_user_id')
    .select([
      'asset_maintenance.id',
      'asset_maintenance.kind',
      'asset_maintenance.done_on',
      'asset_maintenance.performed_by',
      'asset_maintenance.cost_cents',
      'asset_maintenance.note',
      'asset_maintenance.created_at',
      'users.name as recorded_by',
    ])
    .where('asset_maintenance.asset_id', '=', assetId)
    .orderBy('asset_maintenance.done_on', 'desc')
    .orderBy('asset_maintenance.id', 'desc')
    .execute();
}

export function setNextCheck(db: Db, assetId: number, on: string | null) {
  return db.updateTable('assets').set({ next_check_on: on }).where('id', '=', assetId).execute();
}

// ---- the hub's dashboard

const alertColumns = [
  'assets.tag',
  'assets.category',
  'assets.make',
  'assets.model',
  'assets.location',
  'assets.state',
  'assets.warranty_end',
  'assets.next_check_on',
  'hubs.code as hub_code',
] as const;

/** Assets whose warranty ends between two dates (the recent past and the coming months). */
export function listWarrantiesEnding(db: Db, hubId: number | null, from: string, to: string, limit = 50) {
  let q = db
    .selectFrom('assets')
    .innerJoin('hubs', 'hubs.id', 'assets.hub_id')
    .select(alertColumns)
    .where('assets.warranty_end', '>=', from)
    .where('assets.warranty_end', '<=', to)
    .where('assets.state', 'not in', ['retired', 'lost'])
    .orderBy('assets.warranty_end')
    .limit(limit);
  if (hubId !== null) q = q.where('assets.hub_id', '=', hubId);
  return q.execute();
}

/** Assets whose periodic check is due by a date. */
export function listChecksDue(db: Db, hubId: number | null, by: string, limit = 50) {
  let q = db
    .selectFrom('assets')
    .innerJoin('hubs', 'hubs.id', 'assets.hub_id')
    .select(alertColumns)
    .where('assets.next_check_on', '<=', by)
    .where('assets.state', 'not in', ['retired', 'lost'])
    .orderBy('assets.next_check_on')
    .limit(limit);
  if (hubId !== null) q = q.where('assets.hub_id', '=', hubId);
  return q.execute();
}

// ---- funding sources and the minimum kit (the administrator's lists)

export function listFundingSources(db: Db) {
  return db.selectFrom('funding_sources').selectAll().orderBy('active', 'desc').orderBy('name').execute();
}

export function findFundingSource(db: Db, id: number) {
  return db.selectFrom('funding_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findFundingSourceByName(db: Db, name: string) {
  return db.selectFrom('funding_sources').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertFundingSource(db: Db, row: Insertable<Database['funding_sources']>): Promise<number> {
  return (await db.insertInto('funding_sources').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function updateFundingSource(db: Db, id: number, patch: Updateable<Database['funding_sources']>) {
  return db.updateTable('funding_sources').set(patch).where('id', '=', id).executeTakeFirst();
}

export function listKitItems(db: Db) {
  return db.selectFrom('kit_items').selectAll().orderBy('position').orderBy('id').execute();
}

export async function insertKitItem(db: Db, row: Insertable<Database['kit_items']>): Promise<number> {
  return (await db.insertInto('kit_items').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function updateKitItem(db: Db, id: number, patch: Updateable<Database['kit_items']>) {
  return db.updateTable('kit_items').set(patch).where('id', '=', id).executeTakeFirst();
}

export function deleteKitItem(db: Db, id: number) {
  return db.deleteFrom('kit_items').where('id', '=', id).executeTakeFirst();
}

// ---- retiring into the trashware flow

/** The donor record that stands for the hub itself, from an earlier retirement of one of its assets. */
export async function findHubDonor(db: Db, hubId: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('assets')
    .innerJoin('devices', 'devices.id', 'assets.retired_device_id')
    .innerJoin('donations', 'donations.id', 'devices.donation_id')
    .select('donations.donor_id')
    .where('assets.hub_id', '=', hubId)
    .limit(1)
    .executeTakeFirst();
  return r?.donor_id;
}

export function findDeviceIdByTag(db: Db, tag: string) {
  return db.selectFrom('devices').select(['id', 'tag']).where('tag', '=', tag).executeTakeFirst();
}

// ---- stock-takes (the scan feature's `kind = 'asset'`)

/** Assets a stock-take of this hub expects on its shelves. */
export function listExpectedAssets(db: Db, hubId: number, states: readonly AssetState[]) {
  return db
    .selectFrom('assets')
    .select(['id', 'tag', 'category', 'make', 'model', 'state'])
    .where('hub_id', '=', hubId)
    .where('state', 'in', [...states])
    .orderBy('id')
    .execute();
}

/** The assets scanned in a stock-take, with where the records place them now. */
export function listScannedAssets(db: Db, stocktakeId: number) {
  return db
    .selectFrom('stocktake_scans')
    .innerJoin('assets', 'assets.id', 'stocktake_scans.ref_id')
    .innerJoin('hubs', 'hubs.id', 'assets.hub_id')
    .select([
      'stocktake_scans.id',
      'stocktake_scans.tag',
      'stocktake_scans.ref_id',
      'stocktake_scans.scanned_at',
      'assets.category',
      'assets.make',
      'assets.model',
      'assets.state',
      'assets.hub_id',
      'hubs.code as hub_code',
      'hubs.name as hub_name',
    ])
    .where('stocktake_scans.stocktake_id', '=', stocktakeId)
    .where('stocktake_scans.kind', '=', 'asset')
    .orderBy('stocktake_scans.id', 'desc')
    .execute();
}
