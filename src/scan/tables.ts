import type { Generated } from 'kysely';

export interface StocktakeTable {
  id: Generated<number>;
  hub_id: number;
  status: 'open' | 'closed';
  note: string | null;
  started_by_user_id: number | null;
  started_at: string;
  closed_at: string | null;
}

/**
 * One thing scanned during a stock-take, once. `kind` says what the tag named ('device' today; the
 * hub's own assets will add theirs) and `ref_id` is that thing's id, or null when the tag named nothing.
 */
export interface StocktakeScanTable {
  id: Generated<number>;
  stocktake_id: number;
  kind: string;
  tag: string;
  ref_id: number | null;
  scanned_by_user_id: number | null;
  scanned_at: string;
}

export interface ScanTables {
  stocktakes: StocktakeTable;
  stocktake_scans: StocktakeScanTable;
}
