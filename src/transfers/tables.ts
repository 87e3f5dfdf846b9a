import type { Generated } from 'kysely';
import type { DeviceType } from '../devices/device-types';
import type { DeviceState } from '../lifecycle/lifecycle';

/** Devices sent from one hub to another, with a transfer document numbered per sending hub and year. */
export interface TransferTable {
  id: Generated<number>;
  from_hub_id: number;
  to_hub_id: number;
  year: number;
  number: number;
  /** YYYY-MM-DD in the hubs' time zone: devices scanned for the same hub on the same day travel together. */
  day: string;
  note: string | null;
  device_count: number;
  arrived_count: number;
  created_by_user_id: number | null;
  created_by_token_id: number | null;
  created_at: string;
}

export interface TransferDeviceTable {
  transfer_id: number;
  device_id: number;
  tag: string;
  type: DeviceType;
  brand: string | null;
  model: string | null;
  serial: string | null;
  /** The state it left in (and will arrive in). */
  state: DeviceState;
  arrived_at: string | null;
  arrived_by_user_id: number | null;
}

export interface TransferTables {
  transfers: TransferTable;
  transfer_devices: TransferDeviceTable;
}
