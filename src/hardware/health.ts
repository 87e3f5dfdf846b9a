/**
 * Disk health from SMART data: ok, aging, suspect or failing. The worst rule that applies wins.
 * A disk we could not read SMART from is "unknown", never "ok".
 *
 * failing — do not reuse the disk:
 *   - the drive's own overall self-assessment FAILED (smartctl `smart_status.passed = false`), or an ATA
 *     attribute is failing now (normalised value at or below the vendor threshold, smartctl
 *     `when_failed = "now"`): the manufacturer's own verdict (smartctl(8), "-H" and "-A").
 *   - reallocated sectors (attribute 5) ≥ 100, or pending (197) or offline-uncorrectable (198)
 *     sectors ≥ 10. Rigenera's cut-off: a disk that has already lost this many sectors is not given
 *     to a school; see the sources for "suspect" for why any non-zero count matters.
 *   - NVMe: a critical warning bit set, available spare below its threshold, or 100 % or more of the
 *     rated endurance used (NVM Express Base Specification 2.0, SMART / Health Information log page:
 *     Critical Warning, Available Spare, Available Spare Threshold, Percentage Used).
 * suspect — reuse only after a full surface test, prefer replacing:
 *   - any reallocated (5), reported-uncorrectable (187), command-timeout (188), pending (197) or
 *     offline-uncorrectable (198) count above zero. Backblaze, "What SMART Stats Tell Us About Hard
 *     Drives" (2016): these five raw values above zero are the ones that best predict failure.
 *     Pinheiro, Weber, Barroso, "Failure Trends in a Large Disk Drive Population" (FAST 2007): after a
 *     first reallocation a drive is 14 times, after a first pending ("probational") sector 16 times
 *     more likely to fail within 60 days.
 *   - an ATA attribute that failed in the past (`when_failed = "past"`), or NVMe media errors above zero.
 * aging — works, but has lived long:
 *   - 30,000 power-on hours or more (about 3.4 years switched on). Backblaze's drive statistics show
 *     annualised failure rates climbing after three to four years of service ("Drive Failure Over
 *     Time: The Bathtub Curve Is Leaking", 2021).
 *   - SSD wear: NVMe "Percentage Used" ≥ 80 %, or an ATA SSD wear indicator (attributes 177
 *     Wear_Leveling_Count, 202 Percent_Lifetime_Remain, 231 SSD_Life_Left, 233 Media_Wearout_Indicator)
 *     whose normalised value, counting down from 100, is at 20 or below.
 * Power-on hours above 200,000 (23 years) are not plausible: some old drives count minutes or pack
 * other data in the raw value. They are ignored and the reason says so.
 */
import type { DiskHealth } from './specs';

export type SmartAttribute = { id: number; name: string; value: number | null; thresh: number | null; whenFailed: string; raw: number | null };

export type SmartData = {
  /** False when SMART could not be read at all (device not opened, SMART unsupported or disabled). */
  readable: boolean;
  unreadableReason?: 'not_opened' | 'smart_unavailable' | 'smart_disabled' | 'no_smart_data';
  passed: boolean | null;
  attributes: SmartAttribute[];
  nvme: { criticalWarning: number | null; availableSpare: number | null; spareThreshold: number | null; percentageUsed: number | null; mediaErrors: number | null } | null;
  powerOnHours: number | null;
  /** The raw power-on hours were not plausible and were left out. */
  hoursImplausible?: boolean;
};

export const THRESHOLDS = {
  failingReallocated: 100,
  failingPending: 10,
  failingOfflineUncorrectable: 10,
  agingPowerOnHours: 30_000,
  implausiblePowerOnHours: 200_000,
  agingNvmePercentageUsed: 80,
  agingSsdWearNormalised: 20,
} as const;

const RANK: Record<DiskHealth, number> = { unknown: -1, ok: 0, aging: 1, suspect: 2, failing: 3 };
const WEAR_ATTRIBUTES = /^(Wear_Leveling_Count|Percent_Lifetime_Remain|SSD_Life_Left|Media_Wearout_Indicator)$/i;

/** The plausible power-on hours, or null (with the reason) when the raw value cannot be right. */
export function plausibleHours(hours: number | null): { hours: number | null; implausible: boolean } {
  if (hours === null) return { hours: null, implausible: false };
  return hours > THRESHOLDS.implausiblePowerOnHours ? { hours: null, implausible: true } : { hours, implausible: false };
}

export function rateDisk(smart: SmartData | null, kind: string): { health: DiskHealth; reasons: string[] } {
  if (!smart || !smart.readable) return { health: 'unknown', reasons: [smart?.unreadableReason ?? 'no_smart_data'] };
  let health: DiskHealth = 'ok';
  const reasons: string[] = [];
  const flag = (level: DiskHealth, reason: string) => {
    reasons.push(reason);
    if (RANK[level] > RANK[health]) health = level;
  };
  if (smart.passed === false) flag('failing', 'self_assessment_failed');
  const raw = (id: number) => smart.attributes.find((a) => a.id === id)?.raw ?? null;
  for (const a of smart.attributes) {
    if (a.whenFailed === 'now') flag('failing', `attribute_failing:${a.name}`);
    else if (a.whenFailed === 'past') flag('suspect', `attribute_failed_past:${a.name}`);
  }
  const counters: [number, string, number | null][] = [
    [5, 'reallocated', THRESHOLDS.failingReallocated],
    [187, 'reported_uncorrectable', null],
    [188, 'command_timeouts', null],
    [197, 'pending', THRESHOLDS.failingPending],
    [198, 'offline_uncorrectable', THRESHOLDS.failingOfflineUncorrectable],
  ];
  for (const [id, name, failingAt] of counters) {
    const n = raw(id);
    // Attribute 188 packs three 16-bit counters on some drives; only its low word is a count.
    const count = n === null ? null : id === 188 ? n % 65536 : n;
    if (count === null || count <= 0) continue;
    flag(failingAt !== null && count >= failingAt ? 'failing' : 'suspect', `${name}:${count}`);
  }
  if (smart.nvme) {
    const n = smart.nvme;
    if (n.criticalWarning) flag('failing', `nvme_critical_warning:${n.criticalWarning}`);
    if (n.availableSpare !== null && n.spareThreshold !== null && n.availableSpare < n.spareThreshold) flag('failing', `nvme_spare:${n.availableSpare}`);
    if (n.percentageUsed !== null && n.percentageUsed >= 100) flag('failing', `nvme_used:${n.percentageUsed}`);
    else if (n.percentageUsed !== null && n.percentageUsed >= THRESHOLDS.agingNvmePercentageUsed) flag('aging', `nvme_used:${n.percentageUsed}`);
    if (n.mediaErrors) flag('suspect', `nvme_media_errors:${n.mediaErrors}`);
  }
  if (kind === 'ssd') {
    for (const a of smart.attributes) {
      if (WEAR_ATTRIBUTES.test(a.name) && a.value !== null && a.value > 0 && a.value <= THRESHOLDS.agingSsdWearNormalised) flag('aging', `ssd_wear:${a.value}`);
    }
  }
  if (smart.powerOnHours !== null && smart.powerOnHours >= THRESHOLDS.agingPowerOnHours) flag('aging', `power_on_hours:${smart.powerOnHours}`);
  if (smart.hoursImplausible) reasons.push('power_on_hours_implausible');
  return { health, reasons };
}
