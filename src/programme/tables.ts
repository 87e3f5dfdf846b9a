/**
 * The programme's legal identity: one row (id 1). The body that runs it signs the documents; the
 * privacy controller and contact are named in every privacy notice.
 */
export interface ProgrammeTable {
  id: number;
  /** The programme as people know it, e.g. "DigiPASS Umbria". */
  name: string;
  /** The legal entity that runs it, e.g. a municipality or a regional agency. */
  body_name: string | null;
  /** Codice fiscale or partita IVA, normalised. */
  tax_code: string | null;
  address: string | null;
  pec: string | null;
  legal_representative: string | null;
  privacy_controller: string | null;
  privacy_contact: string | null;
  /** The court named in loan agreements (foro competente), e.g. "Perugia". */
  court: string | null;
  updated_at: string | null;
  updated_by_user_id: number | null;
}

export interface ProgrammeTables {
  programme: ProgrammeTable;
}
