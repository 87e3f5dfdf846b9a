import type { Generated } from 'kysely';

export interface HubTable {
  id: Generated<number>;
  code: string;
  name: string;
  zona_sociale: number;
  comune: string;
  istat_code: string;
  province: string;
  /** Public contact shown on device passports and the hub's public page. */
  contact_email: string | null;
  contact_phone: string | null;
  address: string | null;
  /** Free text, e.g. "lun–ven 9–13, mar e gio 15–18". */
  opening_hours: string | null;
  /** The person responsible for the hub, named on its documents. */
  responsible: string | null;
}

/** Next tag number per hub; only ever incremented, so a tag is never issued twice. */
export interface TagCounterTable {
  hub_id: number;
  next_number: number;
}

export interface HubTables {
  hubs: HubTable;
  tag_counters: TagCounterTable;
}
