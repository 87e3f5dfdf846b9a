import type { Generated } from 'kysely';
import type { DeviceType } from '../devices/device-types';

export const DELIVERY_TITLES = ['donation', 'loan'] as const;
/** Given for good, or lent (comodato d'uso) and to be returned at the end of the term. */
export type DeliveryTitle = (typeof DELIVERY_TITLES)[number];

/** A delivery to a partner, with its progressive number per hub and year (the DDT's number). */
export interface DeliveryTable {
  id: Generated<number>;
  hub_id: number;
  year: number;
  number: number;
  request_id: number;
  partner_id: number;
  title: DeliveryTitle;
  /** YYYY-MM-DD, in the hubs' time zone. */
  delivered_on: string;
  /** For loans: the end of the comodato, YYYY-MM-DD. */
  loan_until: string | null;
  device_count: number;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
  created_at: string;
  /** When the partner had confirmed every device. */
  receipt_completed_at: string | null;
}

/** The devices of a delivery as they were handed over: the documents are rebuilt from this, never from today's device. */
export interface DeliveryDeviceTable {
  id: Generated<number>;
  delivery_id: number;
  device_id: number;
  tag: string;
  type: DeviceType;
  brand: string | null;
  model: string | null;
  serial: string | null;
  os: string | null;
  /** A one-line summary (CPU, RAM, storage, screen), when a hardware report is known. */
  specs: string | null;
  /** How its storage was made safe before handover: method and date, or "no storage". JSON. */
  erasure: string | null;
  /** The value declared on the delivery note, in euro cents: a school enters donated goods in its inventory with it. */
  declared_value_cents: number | null;
  received_at: string | null;
  received_by_user_id: number | null;
}

export const REPORT_KINDS = ['fault', 'return'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A fault or a return reported by the partner for one delivered device. */
export interface PartnerReportTable {
  id: Generated<number>;
  partner_id: number;
  delivery_id: number;
  device_id: number;
  kind: ReportKind;
  description: string;
  state: 'open' | 'closed';
  /** returned: the device came back to the hub; resolved: dealt with where it is. */
  outcome: 'returned' | 'resolved' | null;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
  created_at: string;
  closed_at: string | null;
  closed_by_user_id: number | null;
}

export interface DeliveryTables {
  deliveries: DeliveryTable;
  delivery_devices: DeliveryDeviceTable;
  partner_reports: PartnerReportTable;
}
