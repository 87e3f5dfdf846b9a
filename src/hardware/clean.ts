/**
 * Values as firmware and tools write them, made trustworthy: placeholders that vendors leave in
 * SMBIOS ("To Be Filled By O.E.M.", "Default string", "System Serial Number"...) mean "unknown".
 */

const PLACEHOLDERS = new Set(
  [
    'to be filled by o.e.m.',
    'to be filled by o.e.m',
    'to be filled by oem',
    'fill by oem',
    'not specified',
    'not applicable',
    'not available',
    'not present',
    'not provided',
    'default string',
    'default',
    'system serial number',
    'system product name',
    'system manufacturer',
    'system manufacturer name',
    'system version',
    'system name',
    'chassis serial number',
    'chassis manufacture',
    'chassis manufacturer',
    'chassis version',
    'base board serial number',
    'base board manufacturer',
    'base board product name',
    'product name',
    'serial number',
    'all series',
    'type1productconfigid',
    'o.e.m.',
    'o.e.m',
    'oem',
    'none',
    'null',
    'n/a',
    'na',
    'unknown',
    'invalid',
    'empty',
    'undefined',
    'sku',
    'no asset information',
    'no asset tag',
    'asset-1234567890',
    '$(default_string)',
    'xxxxxxxxxx',
  ].map((s) => s.toLowerCase()),
);

/** Strings made only of zeros, Fs, Xs, dots, dashes or blanks, or counting 0123456789: no information. */
const NOISE = /^(?:[0\s.\-_]+|[f\s.\-_]+|[x\s.\-_]+|0?123456789[0-9a-f]*)$/i;

/** A trimmed string with single spaces, or null when empty, a placeholder or noise. */
export function clean(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;

  const s = value
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (s === '') return null;
  const lower = s.toLowerCase();
  if (PLACEHOLDERS.has(lower)) return null;
  if (lower.includes('to be filled') || lower.includes('fill by o')) return null;
  if (NOISE.test(s)) return null;
  return s.slice(0, 200);
}

/** A serial as people compare them: upper case, without spaces, dashes or slashes. */
export function serialKey(serial: string | null | undefined): string | null {
  if (!serial) return null;
  const k = serial.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return k === '' ? null : k;
}

/** A non-negative finite number from a number or a numeric string ("8", "8,192" is not accepted). */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
