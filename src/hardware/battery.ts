/**
 * Battery health from sysfs (/sys/class/power_supply/BAT*): `uevent` text, or an object with the
 * design and full capacities. Energy is in µWh, charge in µAh (turned into Wh with the design
 * voltage). Health is full ÷ design; several batteries are summed.
 */
import { isObject, num } from './clean';
import { refuse } from './input';

export type BatteryFacts = { healthPercent: number | null; designWh: number | null; fullWh: number | null };

type Reading = { design: number | null; full: number | null };

function fromFields(f: Record<string, unknown>): Reading | null {
  const get = (k: string) => {
    const key = Object.keys(f).find((x) => x.toLowerCase().replace(/^power_supply_/, '') === k);
    return key === undefined ? null : num(f[key]);
  };
  const type = Object.entries(f).find(([k]) => /^(power_supply_)?type$/i.test(k))?.[1];
  const scope = Object.entries(f).find(([k]) => /^(power_supply_)?scope$/i.test(k))?.[1];
  if (typeof type === 'string' && !/battery/i.test(type)) return null;
  // A wireless mouse's battery has scope Device: not the machine's.
  if (typeof scope === 'string' && /device/i.test(scope)) return null;
  const wh = (micro: number | null) => (micro === null ? null : micro / 1e6);
  if (get('energy_full_design') !== null) return { design: wh(get('energy_full_design')), full: wh(get('energy_full')) };
  const volts = get('voltage_min_design') ?? get('voltage_now');
  if (get('charge_full_design') !== null && volts !== null) {
    const toWh = (charge: number | null) => (charge === null ? null : (charge / 1e6) * (volts / 1e6));
    return { design: toWh(get('charge_full_design')), full: toWh(get('charge_full')) };
  }
  const design = num(f.designWh) ?? num(f.design_wh);
  const full = num(f.fullWh) ?? num(f.full_wh);
  return design !== null || full !== null ? { design, full } : null;
}

function fromText(text: string): Record<string, string>[] {
  const batteries: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  const flush = () => {
    if (Object.keys(current).length) batteries.push(current);
    current = {};
  };
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) {
      if (line.trim() === '') flush();
      continue;
    }
    if (/^(POWER_SUPPLY_)?NAME$/i.test(m[1]!) && Object.keys(current).length) flush();
    current[m[1]!] = m[2]!;
  }
  flush();
  return batteries;
}

export function parseBattery(value: unknown): BatteryFacts | null {
  const records: Record<string, unknown>[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 3) refuse('battery', 'wrongType');
    if (typeof v === 'string') records.push(...fromText(v));
    else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (isObject(v)) records.push(v);
    else if (v !== null && v !== undefined) refuse('battery', 'wrongType');
  };
  visit(value, 0);
  if (records.length === 0) {
    if (typeof value === 'string' && value.trim() === '') return null;
    refuse('battery', 'unrecognised');
  }
  const readings = records.map(fromFields).filter((r): r is Reading => r !== null);
  if (readings.length === 0) return null;
  const design = readings.reduce((s, r) => s + (r.design ?? 0), 0);
  const full = readings.reduce((s, r) => s + (r.full ?? 0), 0);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const ratio = design > 0 && readings.every((r) => r.full !== null) ? (full / design) * 100 : null;
  return {
    designWh: design > 0 ? round1(design) : null,
    fullWh: readings.every((r) => r.full !== null) ? round1(full) : null,
    // Above 150 % the counters are wrong, not the battery new.
    healthPercent: ratio !== null && ratio <= 150 ? Math.round(ratio) : null,
  };
}
