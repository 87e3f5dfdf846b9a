/**
 * What the equipment pages show of an asset and of a loan. The repository's rows carry these fields
 * (and more): a page gets this shape, so it never depends on how the rows are read.
 */
import type { AssetCategory, AssetState, BorrowerDocument, BorrowerKind } from './lifecycle';

/** An asset in the register and on its own page. */
export type AssetView = {
  tag: string;
  category: AssetCategory;
  make: string | null;
  model: string | null;
  serial: string | null;
  location: string | null;
  purchased_on: string | null;
  cost_cents: number | null;
  supplier: string | null;
  invoice_ref: string | null;
  warranty_end: string | null;
  /** Comma-separated ASSET_FEATURES values. */
  features: string;
  next_check_on: string | null;
  note: string | null;
  state: AssetState;
  /** Sent back with each action: a write that read an older version loses the race. */
  version: number;
  loan_id: number | null;
  hub_code: string;
  hub_name: string;
  funding_name: string | null;
};

/** A loan on the loan pages, the asset's page and the kit page. */
export type LoanView = {
  id: number;
  tag: string;
  category: AssetCategory;
  make: string | null;
  model: string | null;
  serial: string | null;
  borrower_kind: BorrowerKind;
  borrower_name: string | null;
  borrower_document: BorrowerDocument | null;
  lent_at: string;
  due_at: string;
  returned_at: string | null;
  lost_at: string | null;
  note: string | null;
  erased_at: string | null;
  hub_code: string;
  hub_name: string;
  lent_by: string | null;
};
