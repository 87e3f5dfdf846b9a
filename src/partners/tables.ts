import type { Generated } from 'kysely';

export const PARTNER_KINDS = ['school', 'association', 'public_body', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** applied: from the public page, waiting for a coordinator; active: may log in and request; refused; disabled. */
export const PARTNER_STATUSES = ['applied', 'active', 'refused', 'disabled'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** A school, association, public body or other organisation that receives devices from a hub. */
export interface PartnerTable {
  id: Generated<number>;
  /** The hub that serves it: its coordinators see and manage it. */
  hub_id: number;
  kind: PartnerKind;
  name: string;
  /** Codice meccanografico (schools) or codice fiscale (others), normalised; unique when present. */
  code: string | null;
  address: string | null;
  /** A school's codice fiscale (its `code` is the codice meccanografico); others' is their `code`. */
  tax_code: string | null;
  /** Who signs for it: a school's head teacher (dirigente scolastico), an association's legal representative. */
  representative: string | null;
  municipality: string;
  province: string | null;
  status: PartnerStatus;
  /** 1 when the organisation agreed to be named in the public open-data file of recipients. */
  open_data_consent: number;
  /** For the hub only: never shown to the partner. */
  internal_note: string | null;
  /** Why an application was refused: shown to the applicant's hub, kept for the record. */
  decision_note: string | null;
  decided_at: string | null;
  decided_by_user_id: number | null;
  created_at: string;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
}

/** A person at the organisation: personal data, shown only to the hub's coordinators and administrators. */
export interface PartnerContactTable {
  id: Generated<number>;
  partner_id: number;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  created_at: string;
  /** Set when the person was erased: the fields are blanked, the row stays. */
  erased_at: string | null;
}

export interface PartnerTables {
  partners: PartnerTable;
  partner_contacts: PartnerContactTable;
}
