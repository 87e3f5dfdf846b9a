import type { Generated } from 'kysely';

export const DONOR_KINDS = ['company', 'citizen', 'public_body', 'school', 'association'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];

export interface DonorTable {
  id: Generated<number>;
  kind: DonorKind;
  /** Personal data when the donor is a citizen: shown only to the hub's coordinators and administrators. */
  name: string;
  tax_code: string | null;
  email: string | null;
  phone: string | null;
  created_at: string;
  erased_at: string | null;
}

export interface DonationTable {
  id: Generated<number>;
  hub_id: number;
  donor_id: number;
  received_at: string;
  note: string | null;
  device_count: number;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
  created_at: string;
}

export interface DonationTables {
  donors: DonorTable;
  donations: DonationTable;
}
