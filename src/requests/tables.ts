import type { Generated } from 'kysely';
import type { DeviceType } from '../devices/device-types';
import type { RequestState } from './states';

/** What a partner asks for: device types and quantities, the purpose, the people it will serve. */
export interface PartnerRequestTable {
  id: Generated<number>;
  partner_id: number;
  /** The partner's hub when the request was made: the hub that serves it. */
  hub_id: number;
  state: RequestState;
  purpose: string;
  beneficiaries_count: number;
  beneficiaries_description: string | null;
  /** Optional minimum specifications, matched against device_specs. */
  min_ram_mb: number | null;
  min_screen_inches: number | null;
  needs_ssd: number;
  /** For the hub only: never shown to the partner. */
  internal_note: string | null;
  /** Grows with every change: reservations and deliveries for one request queue behind each other. */
  version: number;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface RequestItemTable {
  id: Generated<number>;
  request_id: number;
  type: DeviceType;
  quantity: number;
}

/** Every change of a request, shown to the partner as the request's history. */
export interface RequestEventTable {
  id: Generated<number>;
  request_id: number;
  action: string;
  from_state: RequestState | null;
  to_state: RequestState;
  /** Shown to the partner (a refusal's reason, a cancellation's note). */
  note: string | null;
  /** JSON: counts, delivery number. */
  data: string | null;
  actor_user_id: number | null;
  actor_token_id: number | null;
  /** 1 when the partner acted, 0 when the hub did (the partner sees the hub's name, not the person's). */
  by_partner: number;
  at: string;
}

export interface RequestTables {
  partner_requests: PartnerRequestTable;
  request_items: RequestItemTable;
  request_events: RequestEventTable;
}
