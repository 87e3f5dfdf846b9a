import type { Generated } from 'kysely';

/** A batch of blank pre-numbered labels printed ahead of intake. */
export interface LabelBatchTable {
  id: Generated<number>;
  hub_id: number;
  count: number;
  first_tag: string;
  last_tag: string;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
  created_at: string;
}

/**
 * One blank tag. Its number was taken from the hub's tag counter, so no device is ever given it
 * except by claiming it at intake (claimed_at set once, in the donation's own transaction).
 */
export interface LabelBlankTable {
  tag: string;
  hub_id: number;
  batch_id: number;
  created_at: string;
  claimed_at: string | null;
  donation_id: number | null;
}

export interface LabelTables {
  label_batches: LabelBatchTable;
  label_blanks: LabelBlankTable;
}
