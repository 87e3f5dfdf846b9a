import { z } from 'zod';
import { hasKey, translate, type Locale } from '../i18n/catalogue';
import { ValidationError } from './errors';

const zodLocales = { it: z.locales.it().localeError, en: z.locales.en().localeError };

/**
 * Plain words for what people type wrong (a number too big, a text too long, a choice not offered),
 * from the catalogue in their language; zod's own wording ("number deve essere <=500") only for the rest.
 */
function errorMap(locale: Locale): z.core.$ZodErrorMap {
  return (issue) => {
    const missing = (issue.code === 'invalid_type' && issue.input === undefined) || (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1);
    if (missing) return translate(locale, 'validation.required');
    const plain = plainWords(issue, locale);
    if (plain) return plain;
    return (zodLocales[locale] as z.core.$ZodErrorMap)(issue);
  };
}

function plainWords(issue: z.core.$ZodRawIssue, locale: Locale): string | undefined {
  const limit = (v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : NaN);
  switch (issue.code) {
    case 'too_big': {
      const max = limit(issue.maximum);
      if (issue.origin === 'number') return translate(locale, 'validation.numberTooBig', { max });
      if (issue.origin === 'string') return translate(locale, 'validation.textTooLong', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return translate(locale, 'validation.tooMany', { max });
      return undefined;
    }
    case 'too_small': {
      const min = limit(issue.minimum);
      if (issue.origin === 'number') return translate(locale, issue.inclusive === false ? 'validation.numberAbove' : 'validation.numberTooSmall', { min });
      if (issue.origin === 'string') return translate(locale, 'validation.textTooShort', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return translate(locale, 'validation.tooFew', { min });
      return undefined;
    }
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return translate(locale, 'validation.notNumber');
      return undefined;
    case 'invalid_value':
      return translate(locale, 'validation.notOffered');
    default:
      return undefined;
  }
}

/** Validates with zod, in the user's language; field names come from the catalogue (`field.<name>`). */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, locale: Locale): z.output<S> {
  const nul = pathToNul(data, []);
  if (nul) throw new ValidationError([{ path: describePath(nul, locale), message: translate(locale, 'validation.nul') }]);
  const result = schema.safeParse(data, { error: errorMap(locale) });
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.slice(0, 20).map((issue) => ({
      path: describePath(issue.path, locale),
      // Refinements name a catalogue entry (`validation.<name>`) instead of carrying text.
      message: hasKey(`validation.${issue.message}`) ? translate(locale, `validation.${issue.message}` as never) : issue.message,
    })),
  );
}

/**
 * No field needs a NUL character, and PostgreSQL cannot store one in text: refused here, for every
 * input, rather than failing in one database and not the other.
 */
function pathToNul(value: unknown, path: PropertyKey[], depth = 0): PropertyKey[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 20 || !value || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const found = pathToNul(v, [...path, Array.isArray(value) ? Number(k) : k], depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function describePath(path: readonly PropertyKey[], locale: Locale): string {
  const parts: string[] = [];
  for (const p of path) {
    if (typeof p === 'number') {
      parts.push(`#${p + 1}`);
      continue;
    }
    const key = `field.${String(p)}`;
    parts.push(hasKey(key) ? translate(locale, key) : String(p));
  }
  return parts.join(' › ');
}

const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/u;

/** Trims, turns "" into an absent value, and refuses control characters that no form needs. */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .pipe(z.string().regex(NO_CONTROL_CHARS))
    .transform((s) => (s === '' ? undefined : s))
    .optional();

export const requiredText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.trim())
    .pipe(z.string().min(1).regex(NO_CONTROL_CHARS));

/** Form checkboxes and API booleans alike: true/false, "on", "yes"/"no", "1"/"0". */
export const looseBoolean = z.union([z.boolean(), z.enum(['true', 'false', 'on', 'yes', 'no', '1', '0', 'si', 'sì']).transform((v) => ['true', 'on', 'yes', '1', 'si', 'sì'].includes(v))]);

/** Numbers typed the Italian way too: "2,5" is 2.5. */
export const looseNumber = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+([.,]\d+)?$/)
    .transform((s) => Number(s.replace(',', '.'))),
]);

/** A hub's code (FOL, PG): two to five letters, read in upper case. The one pattern for every form and query. */
/** A row's id as both databases store it: a positive 32-bit integer. */
export const recordId = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
/** The same, from a path or a query string. */
export const recordIdParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

export const HUB_CODE = /^[A-Z]{2,5}$/;
export const hubCodeSchema = z.string().trim().toUpperCase().regex(HUB_CODE);

/** An empty form field read as absent (`.optional().or(blankToUndefined)`). */
export const blankToUndefined = z.literal('').transform(() => undefined);
