/**
 * Device classes of the impact factor table, and how a device falls into one: by type and, for
 * laptops and monitors, by screen size when a hardware report (or a person) gave one.
 */
import type { DeviceType } from '../devices/device-types';

export const DEVICE_CLASSES = [
  'laptop_small',
  'laptop',
  'laptop_large',
  'desktop',
  'monitor_15_17',
  'monitor_19_20',
  'monitor_22_24',
  'monitor_26_30',
  'monitor_32_37',
  'tablet',
  'smartphone',
  'printer',
  'pc_accessory',
  'misc_powered_per_kg',
] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** The class whose factor is per kilogram (CO2e = kg × factor): devices of no named class. */
export const PER_KG_CLASS: DeviceClass = 'misc_powered_per_kg';

/** A monitor of unknown size: 19-20", the commonest office size among donated monitors and the cautious estimate. */
export const MONITOR_UNKNOWN: DeviceClass = 'monitor_19_20';

/**
 * The class of a device. A laptop without a size counts as "Laptop medium" (the programme's rule);
 * under 14" is small, from 16.5" large. Monitors go to the nearest band of the table; a monitor of
 * unknown size counts as 19-20". An all-in-one is a desktop computer (the table has no separate class).
 */
export function deviceClass(type: DeviceType, screenInches: number | null | undefined): DeviceClass {
  const s = screenInches ?? null;
  switch (type) {
    case 'laptop':
      if (s === null) return 'laptop';
      return s < 13.95 ? 'laptop_small' : s < 16.45 ? 'laptop' : 'laptop_large';
    case 'monitor':
      if (s === null) return MONITOR_UNKNOWN;
      return s < 18 ? 'monitor_15_17' : s < 21 ? 'monitor_19_20' : s < 25 ? 'monitor_22_24' : s < 31 ? 'monitor_26_30' : 'monitor_32_37';
    case 'desktop':
    case 'all_in_one':
      return 'desktop';
    case 'tablet':
      return 'tablet';
    case 'smartphone':
      return 'smartphone';
    case 'printer':
      return 'printer';
    case 'peripheral':
      return 'pc_accessory';
    default:
      return PER_KG_CLASS;
  }
}

/** Types whose class depends on the screen size: a new size moves the device's figures to another class. */
export const SIZED_TYPES: readonly DeviceType[] = ['laptop', 'monitor'];

/** Class-dependent figures are kept per "type/class", so both breakdowns come from one row. */
export const typeClassDim = (type: string, cls: string) => `${type}/${cls}`;
export function splitTypeClass(dim: string): { type: string; cls: string } {
  const i = dim.indexOf('/');
  return { type: dim.slice(0, i), cls: dim.slice(i + 1) };
}

/** Kilograms to whole grams: sums of grams are exact on both databases. */
export const grams = (kg: number | null | undefined): number | null => (kg === null || kg === undefined || !Number.isFinite(kg) ? null : Math.round(kg * 1000));
