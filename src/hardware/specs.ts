/**
 * The normalised specifications of a device, as read from a hardware report (lshw, smartctl,
 * dmidecode, sysfs battery). Unknown values are null, never placeholders like "To Be Filled By O.E.M.".
 */
export type DiskKind = 'hdd' | 'ssd' | 'nvme' | 'emmc' | 'unknown';
export type DiskHealth = 'ok' | 'aging' | 'suspect' | 'failing' | 'unknown';

export type NormalisedDisk = {
  model: string | null;
  serial: string | null;
  sizeBytes: number | null;
  kind: DiskKind;
  health: DiskHealth;
  /** Why the health is what it is, in plain words (rule names, not translated prose). */
  healthReasons: string[];
  powerOnHours: number | null;
};

export type NormalisedSpecs = {
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  chassis: string | null;
  cpu: { model: string | null; cores: number | null; threads: number | null; is64bit: boolean | null };
  ram: { totalBytes: number | null; modules: { sizeBytes: number | null; type: string | null; speedMhz: number | null; slot: string | null }[] };
  disks: NormalisedDisk[];
  macs: string[];
  battery: { healthPercent: number | null; designWh: number | null; fullWh: number | null } | null;
  screenInches: number | null;
};
