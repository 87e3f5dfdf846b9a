import type { Generated } from 'kysely';

export const IMPORT_STATUSES = ['mapping', 'checked', 'queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportTable {
  id: Generated<number>;
  hub_id: number;
  created_by_user_id: number | null;
  file_name: string;
  file_kind: 'csv' | 'xlsx';
  status: ImportStatus;
  /** The header row's cells, JSON. */
  header: string;
  /** Column index → field, JSON (see imports/fields.ts). */
  mapping: string | null;
  /** The donor and defaults chosen on the form, JSON. */
  defaults: string | null;
  total_rows: number;
  problem_rows: number | null;
  processed_rows: number;
  created_count: number;
  skipped_count: number;
  /** Why the last run stopped, when it failed. */
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface ImportRowTable {
  import_id: number;
  row_number: number;
  /** The row's cells as read, JSON (strings, numbers, booleans or ISO dates). */
  cells: string;
  status: 'pending' | 'created' | 'skipped';
  device_id: number | null;
  devices_created: number | null;
  /** Why it was skipped: JSON list of { field, key, params }. */
  reason: string | null;
}

export interface ImportDonationTable {
  import_id: number;
  group_key: string;
  donation_id: number;
}

export interface ImportTables {
  imports: ImportTable;
  import_rows: ImportRowTable;
  import_donations: ImportDonationTable;
}
