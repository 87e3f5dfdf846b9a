/**
 * A hardware report added from the device page, as a file or pasted text: the probe's own report,
 * or one tool's output on its own (lshw -json, smartctl -j, dmidecode), recognised by its shape.
 */
import { AppError } from '../shared/errors';
import { jsonDocuments } from '../hardware/input';

/** What a pasted report may hold: the same bound the API's body has. */
export const MAX_REPORT_CHARS = 1_000_000;

const REPORT_KEYS = ['uuid', 'lshw', 'smartctl', 'dmidecode', 'lscpu', 'battery', 'display', 'probe'];

export function reportFromText(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError(422, 'bench.report.empty');
  if (trimmed.length > MAX_REPORT_CHARS) throw new AppError(413, 'bench.report.tooBig');
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    const docs = /^[[{]/.test(trimmed) ? jsonDocuments('report', trimmed) : [];
    // Not JSON: dmidecode prints text.
    if (docs.length === 0) return /Handle 0x|SMBIOS/i.test(trimmed) ? { dmidecode: trimmed } : unreadable();
    doc = docs.length === 1 ? docs[0] : docs;
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const o = doc as Record<string, unknown>;
    if (Object.keys(o).some((k) => REPORT_KEYS.includes(k) && k !== 'smartctl')) return o;
    // smartctl -j names itself in a "smartctl" member next to the disk's own fields.
    if ('smartctl' in o && ('device' in o || 'model_name' in o || 'serial_number' in o)) return { smartctl: [o] };
    if ('smartctl' in o) return o;
    if ('class' in o || 'children' in o) return { lshw: o };
  }
  if (Array.isArray(doc)) {
    if (doc.every((d) => d && typeof d === 'object' && 'smartctl' in (d as object))) return { smartctl: doc };
    return { lshw: doc };
  }
  return unreadable();
}

function unreadable(): never {
  throw new AppError(422, 'bench.report.unreadable');
}
