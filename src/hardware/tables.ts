
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

export interface HardwareTables {
  device_specs: DeviceSpecsTable;
}

