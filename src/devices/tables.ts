import type { Generated } from 'kysely';
import type { DeviceState, DiagnosisOutcome, ErasureOutcome, ErasureStanding } from '../lifecycle/lifecycle';
import type { DeviceType } from './device-types';

export interface DeviceTable {
  id: Generated<number>;
  tag: string;
  hub_id: number;
  donation_id: number | null;
  type: DeviceType;
  brand: string | null;
  model: string | null;
  serial: string | null;
  weight_kg: number | null;
  /** 1 yes, 0 no, null not known yet (decided at diagnosis at the latest). */
  has_storage: number | null;
  condition_note: string | null;
  state: DeviceState;
  outcome: DiagnosisOutcome | null;
  /** Starts at 1, grows on every return: erasures only count within the current cycle. */
  cycle: number;
  /** Grows with every event; a write that read an older version loses the race. */
  version: number;
  os: string | null;
  recipient: string | null;
  delivery_document: string | null;
  /** The partner request a reserved or delivered device is for, and its delivery. */
  request_id: number | null;
  delivery_id: number | null;
  /** While in transit: the transfer document, the hub it left and the state it left in. */
  transfer_id: number | null;
  transit_from_hub_id: number | null;
  transit_state: DeviceState | null;
  /** The catalogue image the current system was installed from (see workshop/tables.ts). */
  os_image_id: number | null;
  received_at: string;
  updated_at: string;
}

/** The append-only log. The device row is its projection; both change in one transaction. */
export interface DeviceEventTable {
  id: Generated<number>;
  device_id: number;
  /** 1, 2, 3... per device; UNIQUE(device_id, seq) makes a lost race impossible to record twice. */
  seq: number;
  action: string;
  from_state: DeviceState | null;
  to_state: DeviceState;
  hub_id: number;
  actor_user_id: number | null;
  actor_token_id: number | null;
  /** JSON of the action's fields (method, os, kg, note...). */
  data: string | null;
  at: string;
}

export interface ErasureTable {
  id: Generated<number>;
  device_id: number;
  cycle: number;
  event_id: number | null;
  source: string;
  outcome: ErasureOutcome;
  method: string | null;
  tool: string | null;
  nist_category: 'clear' | 'purge' | 'destroy' | null;
  verified: number;
  disk_serial: string | null;
  disk_model: string | null;
  disk_size_bytes: number | null;
  performed_by_user_id: number | null;
  at: string;
  details: string | null;
  /** Per-disk evidence (db/migrations/0004_refurbishment.ts): what the tool or the person reported. */
  disk_kind: string | null;
  device_path: string | null;
  status: string | null;
  rounds: number | null;
  verification: string | null;
  duration_seconds: number | null;
  throughput_mbs: number | null;
  /** Who destroyed or removed a disk when not a Rigenera user, and when it happened per the evidence. */
  performed_by_name: string | null;
  performed_at: string | null;
  log_id: number | null;
  /** Whether the record counts (db/migrations/0009_erasure_evidence.ts): see lifecycle.ts#ERASURE_STANDINGS. */
  standing: Generated<ErasureStanding>;
  started_at: string | null;
  /** The operator the tool's log names. */
  operator_name: string | null;
  /** Who confirmed, refused, accepted or withdrew the record, when and why. */
  reviewed_by_user_id: number | null;
  reviewed_by_token_id: number | null;
  reviewed_at: string | null;
  review_reason: string | null;
}

/** Lowercased words of tag, serial, brand and model: an index-backed prefix search that both databases share. */
export interface DeviceTermTable {
  term: string;
  device_id: number;
  hub_id: number;
}

/** Devices per hub, state and type, kept in the same transaction as the events that move them. */
export interface StockCountTable {
  hub_id: number;
  state: DeviceState;
  type: DeviceType;
  count: number;
}

export interface DeviceTables {
  devices: DeviceTable;
  device_events: DeviceEventTable;
  erasures: ErasureTable;
  device_terms: DeviceTermTable;
  stock_counts: StockCountTable;
}
