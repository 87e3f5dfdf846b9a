/**
 * `smartctl -j -a` (JSON, one disk or an array of disks, or several documents in one text) and, for
 * older smartmontools without `-j`, the plain-text `smartctl -a`. A device that could not be opened
 * or has SMART disabled is kept as a disk of unknown health when it names itself, and noted otherwise.
 */
import { clean, isObject, num } from './clean';
import { plausibleHours, type SmartAttribute, type SmartData } from './health';
import { jsonDocuments, looksLikeJson, refuse, type ReportPart } from './input';
import { boundedLines, labelled } from './lines';

export type SmartDisk = {
  name: string | null;
  model: string | null;
  serial: string | null;
  sizeBytes: number | null;
  kind: 'hdd' | 'ssd' | 'nvme' | 'unknown';
  usb: boolean;
  smart: SmartData;
};

export type SmartctlFacts = { disks: SmartDisk[]; notes: string[] };

const PART: ReportPart = 'smartctl';
/** Attribute names only spinning disks have (ids alone are ambiguous: 202 is a wear counter on some SSDs, an error count on some HDDs). */
const HDD_ONLY_ATTRIBUTES =
  /^(Spin_Up_Time|Start_Stop_Count|Seek_Error_Rate|Seek_Time_Performance|Spin_Retry_Count|Calibration_Retry_Count|Load_Cycle_Count|G-Sense_Error_Rate|Head_Flying_Hours|Power-Off_Retract_Count|Disk_Shift|Loaded_Hours)$/i;
const SSD_ONLY_ATTRIBUTES = /(Wear_Leveling|Wearout|SSD_Life|Lifetime_Remain|Percent_Lifetime|Erase_Fail|Program_Fail|Rsvd_Blk|Available_Reservd|NAND)/i;

export function parseSmartctl(value: unknown): SmartctlFacts {
  const facts: SmartctlFacts = { disks: [], notes: [] };
  const visit = (v: unknown, depth: number) => {
    if (depth > 3) refuse(PART, 'wrongType');
    if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (isObject(v)) fromJson(v, facts);
    else if (typeof v === 'string') {
      if (looksLikeJson(v)) jsonDocuments(PART, v).forEach((x) => visit(x, depth + 1));
      else fromText(v, facts);
    } else if (v !== null && v !== undefined) refuse(PART, 'wrongType');
  };
  visit(value, 0);
  return facts;
}

function fromJson(doc: Record<string, unknown>, facts: SmartctlFacts) {
  const smartctl = isObject(doc.smartctl) ? doc.smartctl : {};
  const device = isObject(doc.device) ? doc.device : {};
  const looksLikeSmartctl = isObject(doc.smartctl) || 'json_format_version' in doc || 'serial_number' in doc || 'model_name' in doc;
  if (!looksLikeSmartctl) refuse(PART, 'unrecognised');
  const argv = Array.isArray(smartctl.argv) ? smartctl.argv.filter((a): a is string => typeof a === 'string') : [];
  const name = clean(device.name) ?? argv.find((a) => a.startsWith('/dev/')) ?? null;
  const model = clean(doc.model_name) ?? clean(doc.product) ?? clean([doc.vendor, doc.product].filter((x) => typeof x === 'string').join(' '));
  const serial = clean(doc.serial_number);
  const messages = Array.isArray(smartctl.messages)
    ? smartctl.messages
        .filter(isObject)
        .map((m) => `${m.string ?? ''}`.trim())
        .filter(Boolean)
    : [];
  const exit = num(smartctl.exit_status) ?? 0;
  // Bit 1 of smartctl's exit status: the device could not be opened.
  const notOpened = (exit & 2) !== 0 && !serial && !model;
  if (!serial && !model) {
    const why = messages[0] ?? (notOpened ? 'could not be opened' : 'no disk identity');
    facts.notes.push((name && !why.startsWith(name) ? `${name}: ${why}` : why).slice(0, 300));
    return;
  }
  const capacity = isObject(doc.user_capacity) ? num(doc.user_capacity.bytes) : null;
  const nvmeNs = Array.isArray(doc.nvme_namespaces) && isObject(doc.nvme_namespaces[0]) && isObject(doc.nvme_namespaces[0].size) ? num(doc.nvme_namespaces[0].size.bytes) : null;
  const protocol = `${device.protocol ?? ''} ${device.type ?? ''}`.toLowerCase();
  const isNvme = protocol.includes('nvme') || isObject(doc.nvme_smart_health_information_log);
  const attributes: SmartAttribute[] = [];
  const table = isObject(doc.ata_smart_attributes) && Array.isArray(doc.ata_smart_attributes.table) ? doc.ata_smart_attributes.table : [];
  for (const a of table) {
    if (!isObject(a)) continue;
    const id = num(a.id);
    if (id === null) continue;
    attributes.push({
      id,
      name: typeof a.name === 'string' ? a.name.slice(0, 60) : `attribute_${id}`,
      value: num(a.value),
      thresh: num(a.thresh),
      whenFailed: typeof a.when_failed === 'string' ? a.when_failed : '',
      raw: isObject(a.raw) ? num(a.raw.value) : null,
    });
  }
  const log = isObject(doc.nvme_smart_health_information_log) ? doc.nvme_smart_health_information_log : null;
  const support = isObject(doc.smart_support) ? doc.smart_support : null;
  const status = isObject(doc.smart_status) ? doc.smart_status : null;
  const rawHours = (isObject(doc.power_on_time) ? num(doc.power_on_time.hours) : null) ?? (log ? num(log.power_on_hours) : null) ?? attributes.find((a) => a.id === 9)?.raw ?? null;
  const hours = plausibleHours(rawHours);
  let unreadableReason: SmartData['unreadableReason'];
  if (support && support.available === false) unreadableReason = 'smart_unavailable';
  else if (support && support.enabled === false) unreadableReason = 'smart_disabled';
  else if (!status && attributes.length === 0 && !log) unreadableReason = 'no_smart_data';
  const rotation = num(doc.rotation_rate);
  facts.disks.push({
    name,
    model,
    serial,
    sizeBytes: capacity ?? num(doc.nvme_total_capacity) ?? nvmeNs,
    kind: isNvme ? 'nvme' : rotation === 0 ? 'ssd' : rotation !== null && rotation > 0 ? 'hdd' : guessKind(model, attributes),
    usb: /usb/.test(`${device.info_name ?? ''} ${device.type ?? ''}`.toLowerCase()),
    smart: {
      readable: !unreadableReason,
      unreadableReason,
      passed: status && typeof status.passed === 'boolean' ? status.passed : null,
      attributes,
      nvme: log
        ? {
            criticalWarning: num(log.critical_warning),
            availableSpare: num(log.available_spare),
            spareThreshold: num(log.available_spare_threshold),
            percentageUsed: num(log.percentage_used),
            mediaErrors: num(log.media_errors),
          }
        : null,
      powerOnHours: hours.hours,
      hoursImplausible: hours.implausible,
    },
  });
}

/** Without a rotation rate: spin-up and seek attributes only exist on spinning disks, wear levelling only on flash. */
function guessKind(model: string | null, attributes: SmartAttribute[]): SmartDisk['kind'] {
  if (model && /\b(ssd|solid state)\b/i.test(model)) return 'ssd';
  if (attributes.some((a) => HDD_ONLY_ATTRIBUTES.test(a.name))) return 'hdd';
  if (attributes.some((a) => SSD_ONLY_ATTRIBUTES.test(a.name))) return 'ssd';
  return 'unknown';
}

/** Plain-text `smartctl -a` (smartmontools before 7.0, or run by hand). */
function fromText(text: string, facts: SmartctlFacts) {
  // One pass over bounded lines: "Label: value" fields (the first of each label) and attribute rows.
  const fields = new Map<string, string>();
  const attributes: SmartAttribute[] = [];
  let name: string | null = null;
  let why: string | null = null;
  const support: string[] = [];
  const row =
    /^[ \t]{0,40}(\d{1,3})[ \t]{1,40}(\S{1,60})[ \t]{1,40}0x[0-9a-f]{4}[ \t]{1,40}(\d{1,6})[ \t]{1,40}(\d{1,6})[ \t]{1,40}(\d{1,6})[ \t]{1,40}\S{1,20}[ \t]{1,40}\S{1,20}[ \t]{1,40}(\S{1,20})[ \t]{1,40}(\d{1,20})/i;
  for (const line of boundedLines(text)) {
    const f = labelled(line);
    if (f && !fields.has(f[0].toLowerCase()) && f[1] !== '') fields.set(f[0].toLowerCase(), f[1]);
    if (f && f[0].toLowerCase() === 'smart support is') support.push(f[1].toLowerCase());
    const m = row.exec(line);
    if (m) attributes.push({ id: Number(m[1]), name: m[2]!, value: Number(m[3]), thresh: Number(m[5]), whenFailed: /now/i.test(m[6]!) ? 'now' : /past/i.test(m[6]!) ? 'past' : '', raw: Number(m[7]) });
    if (line.startsWith('Smartctl open device: ')) {
      name ??= /^Smartctl open device: (\S{1,200}) failed/.exec(line)?.[1] ?? null;
      why ??= line;
    } else if (line.includes('Unable to detect device type') || line.includes('No such device')) why ??= line;
  }
  const field = (...labels: string[]) => {
    for (const label of labels) {
      const v = fields.get(label.toLowerCase());
      if (v) return v;
    }
    return null;
  };
  const model = clean(field('Device Model', 'Model Number', 'Product'));
  const serial = clean(field('Serial Number', 'Serial number'));
  if (!/smartctl|smartmontools|SMART/i.test(text) && !model && !serial) refuse(PART, 'unrecognised');
  if (!model && !serial) {
    facts.notes.push(`${name ?? 'smartctl'}: ${why ?? 'no disk identity'}`.slice(0, 300));
    return;
  }
  const capacity = field('User Capacity', 'Total NVM Capacity', 'Namespace 1 Size/Capacity');
  const sizeBytes = capacity ? num(capacity.split(' ')[0]!.replace(/[,.\u00a0']/g, '')) : null;
  const nvmeNumber = (label: string) => {
    const v = field(label);
    return v === null ? null : num(v.split(' ')[0]!.replace(/[%,\u00a0.]/g, ''));
  };
  const isNvme = /NVMe|NVM Express/i.test(text) || fields.has('model number');
  const verdict = (field('SMART overall-health self-assessment test result', 'SMART Health Status') ?? '').split(/[ \t]/)[0]!;
  const passed = verdict ? /^(PASSED|OK)$/i.test(verdict) : null;
  const unavailable = support.some((x) => x.startsWith('unavailable'));
  const disabled = support.some((x) => x.startsWith('disabled'));
  const rotation = field('Rotation Rate');
  const hours = plausibleHours(nvmeNumber('Power On Hours') ?? attributes.find((a) => a.id === 9)?.raw ?? null);
  const critical = field('Critical Warning');
  facts.disks.push({
    name,
    model,
    serial,
    sizeBytes,
    kind: isNvme ? 'nvme' : rotation ? (/solid state/i.test(rotation) ? 'ssd' : 'hdd') : guessKind(model, attributes),
    usb: false,
    smart: {
      readable: !unavailable && !disabled && (passed !== null || attributes.length > 0),
      unreadableReason: unavailable ? 'smart_unavailable' : disabled ? 'smart_disabled' : passed === null && attributes.length === 0 ? 'no_smart_data' : undefined,
      passed,
      attributes,
      nvme: isNvme
        ? {
            criticalWarning: critical ? Number.parseInt(critical.replace(/^0x/i, ''), 16) || 0 : null,
            availableSpare: nvmeNumber('Available Spare'),
            spareThreshold: nvmeNumber('Available Spare Threshold'),
            percentageUsed: nvmeNumber('Percentage Used'),
            mediaErrors: nvmeNumber('Media and Data Integrity Errors'),
          }
        : null,
      powerOnHours: hours.hours,
      hoursImplausible: hours.implausible,
    },
  });
}
