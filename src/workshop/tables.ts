import type { Generated } from 'kysely';

/** A hub's diagnostic checklist for one device type; without a row, the built-in one applies. */
export interface ChecklistTable {
  hub_id: number;
  device_type: string;
  /** JSON: [{ key, label? }]; built-in items have a key and a translated label, added ones a label. */
  items: string;
  updated_by_user_id: number | null;
  updated_at: string;
}

/** The operating-system images the hubs install, maintained by coordinators. */
export interface OsImageTable {
  id: Generated<number>;
  name: string;
  version: string;
  notes: string | null;
  /** 1 once a newer image replaces it: devices installed with it are listed for an update. */
  outdated: number;
  created_at: string;
  updated_at: string;
  updated_by_user_id: number | null;
}

/** Parts kept from harvested devices (or removed disks): a hub's stock, by kind. */
export interface PartTable {
  id: Generated<number>;
  hub_id: number;
  kind: string;
  description: string | null;
  /** A disk's serial, when known: fitted into another device, it must be erased there. */
  serial: string | null;
  source_device_id: number | null;
  source_event_id: number | null;
  quantity: number;
  available: number;
  created_at: string;
}

/** A part put into a device during refurbishment; the device's event says who and when. */
export interface PartMoveTable {
  id: Generated<number>;
  part_id: number;
  device_id: number;
  quantity: number;
  event_id: number;
  at: string;
}

/** An outbound RAEE shipment: the recycled devices that left together, with the document number. */
export interface RaeeShipmentTable {
  id: Generated<number>;
  hub_id: number;
  document_number: string;
  shipped_on: string;
  total_kg: number;
  note: string | null;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
  created_at: string;
}

export interface RaeeShipmentItemTable {
  device_id: number;
  shipment_id: number;
  kg: number;
}

/** An event taken back by a compensating undo event (migration 0015): its effects no longer count. */
export interface UndoneEventTable {
  event_id: number;
  device_id: number;
  undo_event_id: number;
}

export interface WorkshopTables {
  checklists: ChecklistTable;
  os_images: OsImageTable;
  parts: PartTable;
  part_moves: PartMoveTable;
  raee_shipments: RaeeShipmentTable;
  raee_shipment_items: RaeeShipmentItemTable;
  undone_events: UndoneEventTable;
}
