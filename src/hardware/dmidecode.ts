/**
 * `dmidecode` text (the whole table, or the output of several `dmidecode -t <type>` runs one after
 * the other): system, board, chassis, processors, memory devices and the portable battery.
 */
import { boundedLines, labelled } from './lines';
import { clean, num } from './clean';
import { refuse } from './input';

export type DmiSection = { type: number; title: string; fields: Record<string, string>; lists: Record<string, string[]> };

export type DmiFacts = {
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  boardManufacturer: string | null;
  boardModel: string | null;
  chassis: string | null;
  cpu: { model: string | null; cores: number | null; threads: number | null; is64bit: boolean | null };
  ram: { totalBytes: number | null; modules: { sizeBytes: number | null; type: string | null; speedMhz: number | null; slot: string | null }[] };
  batteryDesignWh: number | null;
};

export function dmiSections(text: string): DmiSection[] {
  const sections: DmiSection[] = [];
  let current: DmiSection | null = null;
  let listKey: string | null = null;
  let expectTitle = false;
  for (const line of boundedLines(text)) {
    const handle = /^Handle 0x[0-9A-Fa-f]+, DMI type (\d+),/.exec(line);
    if (handle) {
      current = { type: Number(handle[1]), title: '', fields: {}, lists: {} };
      sections.push(current);
      listKey = null;
      expectTitle = true;
      continue;
    }
    if (!current) continue;
    if (expectTitle) {
      current.title = line.trim();
      expectTitle = false;
      continue;
    }
    const nested = /^\t\t(.+)$/.exec(line);
    if (nested && listKey) {
      current.lists[listKey]!.push(nested[1]!.trim());
      continue;
    }
    const field = line.startsWith('\t') && !line.startsWith('\t\t') ? labelled(line.slice(1)) : null;
    if (field && !field[0].includes('\t')) {
      const [key, value] = field;
      if (value === '') {
        listKey = key;
        current.lists[key] = [];
      } else {
        current.fields[key] = value;
        listKey = null;
      }
    }
  }
  return sections;
}

/** "8 GB", "8192 MB", "512 kB"; "No Module Installed" and "Unknown" are null. */
function sizeBytes(value: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(kB|KB|MB|GB|TB)$/.exec(value?.trim() ?? '');
  if (!m) return null;
  const power = { KB: 1, kB: 1, MB: 2, GB: 3, TB: 4 }[m[2]! as 'kB'];
  return Math.round(Number(m[1]) * 1024 ** power);
}

export function parseDmidecode(text: string): DmiFacts {
  const sections = dmiSections(text);
  if (sections.length === 0) refuse('dmidecode', 'unrecognised');
  const first = (type: number) => sections.find((s) => s.type === type);
  const system = first(1);
  const board = first(2);
  const chassis = first(3);
  const processors = sections.filter((s) => s.type === 4 && !/unpopulated/i.test(s.fields.Status ?? ''));
  const memory = sections.filter((s) => s.type === 17);
  const battery = first(22);

  let cores: number | null = null;
  let threads: number | null = null;
  let is64bit: boolean | null = null;
  for (const p of processors) {
    const c = num(p.fields['Core Count']);
    const t = num(p.fields['Thread Count']);
    if (c !== null) cores = (cores ?? 0) + c;
    if (t !== null) threads = (threads ?? 0) + t;
    const characteristics = p.lists.Characteristics;
    if (characteristics) is64bit = (is64bit ?? false) || characteristics.some((x) => /64-bit capable/i.test(x));
  }
  const modules = memory
    .map((m) => ({
      sizeBytes: sizeBytes(m.fields.Size),
      type: clean(m.fields.Type),
      speedMhz: num(/^(\d+)/.exec(m.fields.Speed ?? '')?.[1]),
      slot: clean(m.fields.Locator),
    }))
    .filter((m) => m.sizeBytes !== null);
  const total = modules.reduce((s, m) => s + (m.sizeBytes ?? 0), 0);
  // Design Capacity "48000 mWh"; some batteries report mAh only, which needs a voltage to become Wh.
  const design = /^(\d+)\s*mWh$/i.exec(battery?.fields['Design Capacity'] ?? '');
  return {
    manufacturer: clean(system?.fields.Manufacturer),
    model: clean(system?.fields['Product Name']),
    serial: clean(system?.fields['Serial Number']),
    boardManufacturer: clean(board?.fields.Manufacturer),
    boardModel: clean(board?.fields['Product Name']),
    chassis: clean(chassis?.fields.Type),
    cpu: { model: clean(processors[0]?.fields.Version), cores, threads, is64bit },
    ram: { totalBytes: total > 0 ? total : null, modules },
    batteryDesignWh: design ? Number(design[1]) / 1000 : null,
  };
}
