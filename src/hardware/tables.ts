import type { Generated } from 'kysely';

/**
 * The latest known specifications of each device, flattened into columns the device list can filter
 * and the allocation can match on ("laptops with at least 4 GB RAM and an SSD"), plus the full
 * normalised specs as JSON. Filled from hardware reports.
 */
export interface DeviceSpecsTable {
  device_id: number;
  report_id: number | null;
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  chassis: string | null;
  cpu_model: string | null;
  cpu_cores: number | null;
  cpu_threads: number | null;
  cpu_64bit: number | null;
  ram_mb: number | null;
  storage_gb: number | null;
  /** 1 when at least one solid-state disk (SSD, NVMe, eMMC) is present. */
  has_ssd: number | null;
  disk_count: number | null;
  screen_inches: number | null;
  battery_health_pct: number | null;
  /** JSON of NormalisedSpecs. */
  specs: string;
  updated_at: string;
}

/**
 * Every hardware report as it arrived (`raw`), with what Rigenera read from it. A report whose serial
 * contradicts the device's is kept with status `review` until a coordinator accepts or rejects it.
 */
export interface HardwareReportTable {
  id: Generated<number>;
  device_id: number;
  /** The probe's own id for the report: the same report sent twice is stored once. */
  uuid: string | null;
  cycle: number;
  status: 'applied' | 'review' | 'rejected' | 'superseded';
  /** JSON: why it needs review ({ reportSerial, deviceSerial }). */
  flag: string | null;
  /** JSON of NormalisedSpecs. */
  specs: string;
  /** JSON: what the parser left out and why (a disk that could not be opened, a USB stick). */
  notes: string | null;
  raw: string;
  uploaded_by_user_id: number | null;
  uploaded_by_token_id: number | null;
  reviewed_by_user_id: number | null;
  reviewed_at: string | null;
  at: string;
}

export interface HardwareTables {
  device_specs: DeviceSpecsTable;
  hardware_reports: HardwareReportTable;
}
