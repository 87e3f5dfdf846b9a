/**
 * `lshw -json`: the system, processors, memory, disks and network interfaces. Defensive about the
 * shapes seen in the wild: the root wrapped in an array, `logicalname` as a string or an array,
 * numbers as strings, NVMe serials on the controller rather than the namespace, and the live USB
 * stick the probe booted from (a disk under a USB bus, left out).
 */
import { clean, isObject, num } from './clean';
import { objectsOf, refuse } from './input';

type Node = Record<string, unknown>;

export type LshwDisk = {
  model: string | null;
  serial: string | null;
  sizeBytes: number | null;
  logicalNames: string[];
  kindHint: 'nvme' | 'emmc' | 'ssd' | null;
};

export type LshwFacts = {
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  chassis: string | null;
  cpu: { model: string | null; cores: number | null; threads: number | null; is64bit: boolean | null };
  ram: { totalBytes: number | null; modules: { sizeBytes: number | null; type: string | null; speedMhz: number | null; slot: string | null }[] };
  disks: LshwDisk[];
  /** Disks on a USB bus: the probe's own stick or an external drive, not part of the machine. */
  usbDiskNames: string[];
  macs: string[];
};

const children = (n: Node): Node[] => (Array.isArray(n.children) ? n.children.filter(isObject) : []);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

export function logicalNames(n: Node): string[] {
  const v = n.logicalname;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

function bytes(n: Node, key: 'size' | 'capacity' = 'size'): number | null {
  const units = str(n.units);
  const value = num(n[key]);
  if (value === null) return null;
  if (units && units !== 'bytes') return null;
  return value;
}

function config(n: Node, key: string): string | null {
  return isObject(n.configuration) ? clean(n.configuration[key]) : null;
}

function capability(n: Node, key: string): boolean {
  return isObject(n.capabilities) && key in n.capabilities;
}

/** "Samsung SSD 850" stays as it is; vendor "Seagate" and product "ST500LM021" become "Seagate ST500LM021". */
function diskModel(vendor: string | null, product: string | null): string | null {
  if (!product) return null;
  if (!vendor || /^(ATA|SCSI|NVME|USB)$/i.test(vendor) || product.toLowerCase().startsWith(vendor.toLowerCase())) return product;
  return `${vendor} ${product}`;
}

export function parseLshw(value: unknown): LshwFacts {
  const roots = objectsOf('lshw', value);
  if (roots.length === 0) refuse('lshw', 'empty');
  // `lshw -json` prints one system node; some versions wrap it in an array, `-class` prints a list.
  const system = roots.find((r) => r.class === 'system') ?? (roots.length === 1 && Array.isArray(roots[0]!.children) ? roots[0]! : null);
  const top: Node = system ?? { children: roots };
  const looksLikeLshw = (n: Node) => typeof n.class === 'string' || typeof n.id === 'string';
  if (!roots.every(looksLikeLshw)) refuse('lshw', 'unrecognised');

  const facts: LshwFacts = {
    manufacturer: system ? clean(system.vendor) : null,
    model: null,
    serial: system ? clean(system.serial) : null,
    chassis: system ? (config(system, 'chassis') ?? clean(system.description)) : null,
    cpu: { model: null, cores: null, threads: null, is64bit: null },
    ram: { totalBytes: null, modules: [] },
    disks: [],
    usbDiskNames: [],
    macs: [],
  };
  if (system) {
    let product = clean(system.product);
    // lshw appends the SKU: "Latitude E7240 (05CA)".
    const sku = config(system, 'sku');
    if (product && sku && product.endsWith(` (${sku})`)) product = product.slice(0, -(sku.length + 3)).trim() || null;
    facts.model = product;
  }

  let cores = 0;
  let threads = 0;
  let anyCores = false;
  let anyThreads = false;
  const systemMemory: number[] = [];
  const macs = new Set<string>();

  const walk = (n: Node, underUsb: boolean, parent: Node | null, depth: number) => {
    if (depth > 40) return;
    const usb = underUsb || (str(n.businfo) ?? '').startsWith('usb@');
    const cls = str(n.class);
    const disabled = n.disabled === true || n.claimed === false;
    if (cls === 'processor' && !disabled && clean(n.product)) {
      facts.cpu.model ??= clean(n.product);
      const c = num(config(n, 'cores')) ?? num(config(n, 'enabledcores'));
      const t = num(config(n, 'threads'));
      if (c !== null) {
        cores += c;
        anyCores = true;
      }
      if (t !== null) {
        threads += t;
        anyThreads = true;
      }
      const width = num(n.width);
      const is64 = capability(n, 'lm') || capability(n, 'x86-64') || width === 64;
      if (isObject(n.capabilities) || width !== null) facts.cpu.is64bit = (facts.cpu.is64bit ?? false) || is64;
    }
    if (cls === 'memory' && (str(n.id)?.startsWith('memory') || /system memory/i.test(str(n.description) ?? ''))) {
      const size = bytes(n);
      if (size) systemMemory.push(size);
      for (const bank of children(n)) {
        const bankSize = bytes(bank);
        if (!bankSize) continue;
        const description = str(bank.description) ?? '';
        const type = /\b(DDR\d?|LPDDR\d?|SDRAM|DRAM|RDRAM)\b/i.exec(description)?.[1]?.toUpperCase() ?? null;
        const clock = num(bank.clock);
        facts.ram.modules.push({
          sizeBytes: bankSize,
          type,
          speedMhz: clock ? Math.round(clock / 1e6) : (num(/(\d+)\s*MHz/i.exec(description)?.[1]) ?? null),
          slot: clean(bank.slot),
        });
      }
    }
    if (cls === 'disk') {
      const names = logicalNames(n);
      const description = str(n.description) ?? '';
      const optical = names.some((l) => /^\/dev\/(sr|cdrom|dvd)/.test(l)) || /\b(cd|dvd|optical|blu-?ray)\b/i.test(description);
      const size = bytes(n);
      if (usb) facts.usbDiskNames.push(...names.filter((l) => l.startsWith('/dev/')));
      else if (!optical && (size !== null || clean(n.serial))) {
        // NVMe: lshw puts the serial and model on the controller, the size on the namespace.
        const fromController = parent && str(parent.class) === 'storage' && /nvme/i.test(`${str(parent.description)} ${logicalNames(parent).join(' ')}`);
        const devNames = names.filter((l) => l.startsWith('/dev/'));
        facts.disks.push({
          model: diskModel(clean(n.vendor), clean(n.product)) ?? (fromController ? clean(parent!.product) : null),
          serial: clean(n.serial) ?? (fromController ? clean(parent!.serial) : null),
          sizeBytes: size,
          logicalNames: devNames,
          kindHint:
            devNames.some((l) => l.startsWith('/dev/nvme')) || fromController
              ? 'nvme'
              : devNames.some((l) => l.startsWith('/dev/mmcblk'))
                ? 'emmc'
                : /\bssd\b/i.test(`${str(n.product)} ${description}`)
                  ? 'ssd'
                  : null,
        });
      }
    }
    if (cls === 'network' && !usb) {
      const mac = str(n.serial)?.toLowerCase();
      const virtual = logicalNames(n).some((l) => /^(lo|docker|veth|virbr|br-|tun|tap|vmnet|vboxnet)/.test(l));
      if (mac && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) && mac !== '00:00:00:00:00:00' && !virtual) macs.add(mac);
    }
    for (const child of children(n)) walk(child, usb, n, depth + 1);
  };
  walk(top, false, null, 0);

  if (anyCores) facts.cpu.cores = cores;
  if (anyThreads) facts.cpu.threads = threads;
  const banksTotal = facts.ram.modules.reduce((s, m) => s + (m.sizeBytes ?? 0), 0);
  facts.ram.totalBytes = systemMemory.length ? systemMemory.reduce((a, b) => a + b, 0) : banksTotal || null;
  facts.macs = [...macs];
  return facts;
}
