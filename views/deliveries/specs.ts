import { formatNumber } from '../../src/i18n/format';
import type { Locale } from '../../src/i18n/catalogue';

/** "Intel Core i5 · 8 GB RAM · 256 GB SSD · 14″", from whatever a hardware report gave. */
export function specsLine(locale: Locale, s: { cpu_model: string | null; ram_mb: number | null; storage_gb: number | null; has_ssd: number | null; screen_inches: number | null }): string {
  const parts: string[] = [];
  if (s.cpu_model) parts.push(s.cpu_model);
  if (s.ram_mb) parts.push(`${formatNumber(locale, s.ram_mb / 1024, 1)} GB RAM`);
  if (s.storage_gb) parts.push(`${formatNumber(locale, s.storage_gb, 0)} GB${s.has_ssd === 1 ? ' SSD' : s.has_ssd === 0 ? ' HDD' : ''}`);
  if (s.screen_inches) parts.push(`${formatNumber(locale, s.screen_inches, 1)}″`);
  return parts.join(' · ');
}
