/**
 * A tool's output as it arrives in a report: an object, an array, or raw text (JSON as the tool
 * printed it, several JSON documents one after the other, or the tool's plain-text output).
 * Anything that cannot be read is refused with the reason, naming the part of the report.
 */
import { AppError } from '../shared/errors';
import { isObject } from './clean';

export type ReportPart = 'report' | 'lshw' | 'smartctl' | 'dmidecode' | 'lscpu' | 'battery' | 'display';

export function refuse(part: ReportPart, reason: 'notJson' | 'truncated' | 'unrecognised' | 'wrongType' | 'empty', position?: number): never {
  throw new AppError(422, `hardware.invalid.${reason}`, { part, position: position ?? '' });
}

/**
 * Every JSON document in a text: one (the usual case), or several written one after the other with or
 * without commas between them (older lshw versions, or `smartctl -j` run once per disk into one file).
 */
export function jsonDocuments(part: ReportPart, text: string): unknown[] {
  const src = text.replace(/^\uFEFF/, '').trim();
  if (src === '') refuse(part, 'empty');
  try {
    return [JSON.parse(src)];
  } catch {
    /* maybe several documents, or a broken one: find out which */
  }
  const docs: unknown[] = [];
  let i = 0;
  while (i < src.length) {
    while (i < src.length && /[\s,]/.test(src[i]!)) i++;
    if (i >= src.length) break;
    const start = i;
    const open = src[i];
    if (open !== '{' && open !== '[') refuse(part, 'notJson', i);
    let depth = 0;
    let inString = false;
    for (; i < src.length; i++) {
      const ch = src[i]!;
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) break;
        if (depth < 0) refuse(part, 'notJson', i);
      }
    }
    if (i >= src.length) refuse(part, 'truncated', src.length);
    const slice = src.slice(start, i + 1);
    try {
      docs.push(JSON.parse(slice));
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message);
      refuse(part, 'notJson', start + (at ? Number(at[1]) : 0));
    }
    i++;
  }
  if (docs.length === 0) refuse(part, 'empty');
  return docs;
}

/** True when a text looks like JSON rather than a tool's plain-text output. */
export function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text.replace(/^\uFEFF/, ''));
}

/** Objects from an upload part: arrays are flattened (lshw and smartctl both wrap sometimes). */
export function objectsOf(part: ReportPart, value: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 3) refuse(part, 'wrongType');
    if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (isObject(v)) out.push(v);
    else if (typeof v === 'string') jsonDocuments(part, v).forEach((x) => visit(x, depth + 1));
    else if (v !== null && v !== undefined) refuse(part, 'wrongType');
  };
  visit(value, 0);
  return out;
}

/** Text from an upload part that tools only print as text (dmidecode, lscpu): a string or strings. */
export function textOf(part: ReportPart, value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('\n\n');
  refuse(part, 'wrongType');
}
