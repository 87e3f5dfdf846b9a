import type { Generated } from 'kysely';
import type { AssetCategory, AssetState, BorrowerDocument, BorrowerKind, MaintenanceKind } from './lifecycle';

/** Where the money came from: a list the administrator keeps ("POR FESR 2014-2020 Az. 2.2.1", "PNRR 1.7.2"...). */
export interface FundingSourceTable {
  id: Generated<number>;
  name: string;
  /** 0 once retired from the list: assets keep it, new ones cannot choose it. */
  active: number;
  created_at: string;
}

/** One item of the programme's minimum kit: data the administrator edits, counted per hub. */
export interface KitItemTable {
  id: Generated<number>;
  position: number;
  label_it: string;
  label_en: string;
  category: AssetCategory;
  /** An ASSET_FEATURES value the asset must declare to count (e.g. free_os), or null. */
  feature: string | null;
  min_count: number;
  created_at: string;
  updated_at: string;
}

/** One piece of the hub's own equipment. Its tag comes from the hub's tag counter, like a device's. */
export interface AssetTable {
  id: Generated<number>;
  tag: string;
  hub_id: number;
  category: AssetCategory;
  make: string | null;
  model: string | null;
  serial: string | null;
  /** Where in the hub it lives (room, desk, cabinet). */
  location: string | null;
  purchased_on: string | null;
  /** Purchase cost in euro cents (VAT included, as invoiced). */
  cost_cents: number | null;
  funding_source_id: number | null;
  supplier: string | null;
  invoice_ref: string | null;
  warranty_end: string | null;
  /** Comma-separated ASSET_FEATURES values. */
  features: string;
  /** When the next periodic check is due (set at registration, moved on by each check). */
  next_check_on: string | null;
  note: string | null;
  state: AssetState;
  /** Grows with every event; a write that read an older version loses the race. */
  version: number;
  /** The open loan while on loan. */
  loan_id: number | null;
  /** The device it became when retired into the trashware flow (it keeps the same tag). */
  retired_device_id: number | null;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
  created_at: string;
  updated_at: string;
}

/** The append-only log of an asset; the asset row is its projection, both written in one transaction. */
export interface AssetEventTable {
  id: Generated<number>;
  asset_id: number;
  /** 1, 2, 3... per asset; UNIQUE(asset_id, seq) makes a lost race impossible to record twice. */
  seq: number;
  action: string;
  from_state: AssetState | null;
  to_state: AssetState;
  hub_id: number;
  actor_user_id: number | null;
  actor_token_id: number | null;
  /** JSON of the action's fields, never the borrower's name (that lives, erasable, in asset_loans). */
  data: string | null;
  at: string;
}

/**
 * A loan. The borrower is described with the least the hub needs to get the asset back: what kind of
 * borrower, a name as they give it (a first name and an initial will do), and the type of document
 * seen, never its number. The name is erased 90 days after the return (or at once, on request).
 */
export interface AssetLoanTable {
  id: Generated<number>;
  asset_id: number;
  hub_id: number;
  borrower_kind: BorrowerKind;
  borrower_name: string | null;
  borrower_document: BorrowerDocument | null;
  lent_at: string;
  due_at: string;
  returned_at: string | null;
  lost_at: string | null;
  note: string | null;
  lent_by_user_id: number | null;
  lent_by_token_id: number | null;
  erased_at: string | null;
}

/** Repairs, checks and software updates: date, who, cost. */
export interface AssetMaintenanceTable {
  id: Generated<number>;
  asset_id: number;
  hub_id: number;
  kind: MaintenanceKind;
  done_on: string;
  /** Who did it: a volunteer, a technician, a company, as the hub writes it. */
  performed_by: string | null;
  cost_cents: number | null;
  note: string | null;
  /** The lifecycle event that wrote it (a repair closed by `repaired`), if any. */
  event_id: number | null;
  recorded_by_user_id: number | null;
  recorded_by_token_id: number | null;
  created_at: string;
}

export interface EquipmentTables {
  funding_sources: FundingSourceTable;
  kit_items: KitItemTable;
  assets: AssetTable;
  asset_events: AssetEventTable;
  asset_loans: AssetLoanTable;
  asset_maintenance: AssetMaintenanceTable;
}
