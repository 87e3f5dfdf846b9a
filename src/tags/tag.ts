/**
 * Tags: `FOL-00042-K`. The hub code that issued it, a number that hub never issues twice, and a check
 * character (ISO 7064 MOD 37,36) over both, so that a tag typed with one wrong character is refused
 * instead of silently matching another device.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;
const MIN_DIGITS = 5;

const TAG_SHAPE = /^([A-Z]{2,5})-?(\d{5,9})-?([0-9A-Z])$/;

/** ISO/IEC 7064 hybrid system MOD 37,36: detects every single-character substitution. */
export function checkCharacter(payload: string): string {
  let p = M;
  for (const ch of payload) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`character not allowed in a tag: ${ch}`);
    let s = (p + v) % M;
    if (s === 0) s = M;
    p = (s * 2) % (M + 1);
  }
  return ALPHABET[(M + 1 - p) % M]!;
}

export function formatTag(hubCode: string, number: number): string {
  const digits = String(number).padStart(MIN_DIGITS, '0');
  return `${hubCode}-${digits}-${checkCharacter(hubCode + digits)}`;
}

export type ParsedTag = { ok: true; tag: string; hubCode: string; number: number } | { ok: false; reason: 'malformed' | 'mistyped'; input: string };

/**
 * Understands what a person types or a scanner sends: any case, with or without dashes or spaces,
 * or the full label URL (`https://…/d/FOL-00042-K`).
 */
export function parseTag(raw: string): ParsedTag {
  return canonicalTag(raw) ?? parseTypedTag(raw);
}

/** `FOL-00042-K` as labels print it and links carry it: the same answer as parseTypedTag, with less work. */
const CANONICAL = /^([A-Z]{2,5})-(\d{5,9})-([0-9A-Z])$/;

function canonicalTag(raw: string): ParsedTag | undefined {
  const m = CANONICAL.exec(raw);
  // More than five digits with a leading zero is not how formatTag writes the number.
  if (!m || (m[2]!.length > MIN_DIGITS && m[2]![0] === '0')) return undefined;
  const [, hubCode, digits, check] = m as unknown as [string, string, string, string];
  if (checkCharacter(hubCode + digits) !== check) return undefined;
  return { ok: true, tag: raw, hubCode, number: Number.parseInt(digits, 10) };
}

/** Any way a tag is typed or scanned (exported for the test that compares it with the canonical path). */
export function parseTypedTag(raw: string): ParsedTag {
  const input = raw.trim().slice(0, 300);
  let candidate = input;
  const fromUrl = /\/d\/([^/?#\s]+)/i.exec(input);
  if (fromUrl) candidate = decodeURIComponentSafe(fromUrl[1]!);
  candidate = candidate
    .toUpperCase()
    .replace(/[\s_]+/g, '')
    .replace(/[‐‑–—]/g, '-');
  const m = TAG_SHAPE.exec(candidate);
  if (!m) return { ok: false, reason: 'malformed', input };
  const [, hubCode, digits, check] = m as unknown as [string, string, string, string];
  if (checkCharacter(hubCode + digits) !== check) return { ok: false, reason: 'mistyped', input };
  const number = Number.parseInt(digits, 10);
  return { ok: true, tag: formatTag(hubCode, number), hubCode, number };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
