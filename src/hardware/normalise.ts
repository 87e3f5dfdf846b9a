/**
 * One hardware report → the normalised specs. Each tool answers what it knows best: dmidecode names
 * the machine, lshw its processors, memory and disks, smartctl the disks' identity, kind and health,
 * sysfs the battery, the panel's EDID the screen. Placeholders are unknown; nothing is guessed.
 */
import { parseBattery } from './battery';
import { serialKey } from './clean';
import { parseDmidecode, type DmiFacts } from './dmidecode';
import { screenInchesFromEdid } from './edid';
import { rateDisk } from './health';
import { refuse, textOf } from './input';
import { parseLscpu, type LscpuFacts } from './lscpu';
import { parseLshw, type LshwFacts } from './lshw';
import { parseSmartctl, type SmartctlFacts, type SmartDisk } from './smartctl';
import type { DiskKind, NormalisedDisk, NormalisedSpecs } from './specs';

export type ReportInput = {
  lshw?: unknown;
  smartctl?: unknown;
  dmidecode?: unknown;
  lscpu?: unknown;
  battery?: unknown;
  display?: unknown;
};

export type Normalised = { specs: NormalisedSpecs; notes: string[] };

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** Chassis words from SMBIOS and lshw, in a few kinds a person filters by. */
export function chassisKind(raw: string | null): string | null {
  if (!raw) return null;
  const s = raw.toLowerCase();
  if (/all[\s-]?in[\s-]?one/.test(s)) return 'all_in_one';
  if (/(laptop|notebook|portable|convertible|detachable|hand ?held|sub ?notebook)/.test(s)) return 'laptop';
  if (/tablet/.test(s)) return 'tablet';
  if (/(rack|server|blade|multi-system)/.test(s)) return 'server';
  if (/(desktop|tower|pizza|lunch|space-saving|mini pc|stick pc|low profile)/.test(s)) return 'desktop';
  return 'other';
}

export function normaliseReport(input: ReportInput): Normalised {
  const notes: string[] = [];
  if (!['lshw', 'smartctl', 'dmidecode', 'lscpu', 'battery', 'display'].some((k) => present(input[k as keyof ReportInput]))) {
    refuse('lshw', 'empty');
  }
  const lshw: LshwFacts | null = present(input.lshw) ? parseLshw(input.lshw) : null;
  const dmi: DmiFacts | null = present(input.dmidecode) ? parseDmidecode(textOf('dmidecode', input.dmidecode)) : null;
  const lscpu: LscpuFacts | null = present(input.lscpu) ? parseLscpu(textOf('lscpu', input.lscpu)) : null;
  const smart: SmartctlFacts | null = present(input.smartctl) ? parseSmartctl(input.smartctl) : null;
  const battery = present(input.battery) ? parseBattery(input.battery) : null;
  const screenInches = present(input.display) ? screenInchesFromEdid(input.display) : null;
  if (smart) notes.push(...smart.notes);

  const pick = <T>(...values: (T | null | undefined)[]): T | null => values.find((v) => v !== null && v !== undefined) ?? null;
  const cpuSources = [lshw?.cpu, dmi?.cpu, lscpu].filter((x): x is NonNullable<typeof x> => !!x);
  const is64 = cpuSources.map((c) => c.is64bit).filter((x): x is boolean => x !== null);

  const specs: NormalisedSpecs = {
    manufacturer: pick(dmi?.manufacturer, lshw?.manufacturer, dmi?.boardManufacturer),
    model: pick(dmi?.model, lshw?.model, dmi?.boardModel),
    serial: pick(dmi?.serial, lshw?.serial),
    chassis: chassisKind(pick(dmi?.chassis, lshw?.chassis)),
    cpu: {
      model: pick(...cpuSources.map((c) => c.model)),
      cores: pick(...cpuSources.map((c) => c.cores)),
      threads: pick(...cpuSources.map((c) => c.threads)),
      is64bit: is64.length ? is64.some(Boolean) : null,
    },
    ram: {
      totalBytes: pick(lshw?.ram.totalBytes, dmi?.ram.totalBytes),
      modules: lshw?.ram.modules.length ? lshw.ram.modules : (dmi?.ram.modules ?? []),
    },
    disks: mergeDisks(lshw, smart, notes),
    macs: lshw?.macs ?? [],
    battery: battery ?? (dmi?.batteryDesignWh ? { healthPercent: null, designWh: dmi.batteryDesignWh, fullWh: null } : null),
    screenInches,
  };
  return { specs, notes };
}

/** lshw's disks, completed and rated with smartctl's; smartctl disks lshw did not see are added (not the probe's USB stick). */
function mergeDisks(lshw: LshwFacts | null, smart: SmartctlFacts | null, notes: string[]): NormalisedDisk[] {
  const out: NormalisedDisk[] = [];
  const used = new Set<SmartDisk>();
  const smartDisks = smart?.disks ?? [];
  const findSmart = (serial: string | null, names: string[]) =>
    smartDisks.find((s) => !used.has(s) && serial !== null && serialKey(s.serial) === serialKey(serial)) ?? smartDisks.find((s) => !used.has(s) && s.name !== null && names.includes(s.name));
  for (const d of lshw?.disks ?? []) {
    const s = findSmart(d.serial, d.logicalNames);
    if (s) used.add(s);
    const kind: DiskKind = d.kindHint === 'nvme' || s?.kind === 'nvme' ? 'nvme' : d.kindHint === 'emmc' ? 'emmc' : s && s.kind !== 'unknown' ? s.kind : (d.kindHint ?? 'unknown');
    const rating = rateDisk(s?.smart ?? null, kind);
    out.push({
      // smartctl reads the full model name; lshw often cuts it ("LITEONIT LMT-256").
      model: longer(s?.model ?? null, d.model),
      serial: d.serial ?? s?.serial ?? null,
      sizeBytes: d.sizeBytes ?? s?.sizeBytes ?? null,
      kind,
      health: rating.health,
      healthReasons: rating.reasons,
      powerOnHours: s?.smart.powerOnHours ?? null,
    });
  }
  for (const s of smartDisks) {
    if (used.has(s)) continue;
    if (lshw && s.name && lshw.usbDiskNames.includes(s.name)) {
      notes.push(`${s.name}: USB disk left out (${s.model ?? '?'})`);
      continue;
    }
    const rating = rateDisk(s.smart, s.kind);
    out.push({ model: s.model, serial: s.serial, sizeBytes: s.sizeBytes, kind: s.kind, health: rating.health, healthReasons: rating.reasons, powerOnHours: s.smart.powerOnHours });
  }
  for (const name of lshw?.usbDiskNames ?? []) if (!notes.some((n) => n.startsWith(`${name}:`))) notes.push(`${name}: USB disk left out`);
  return out;
}

function longer(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a.length >= b.length ? a : b;
}
