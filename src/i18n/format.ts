import type { Locale } from './catalogue';
import { HUB_ZONE } from '../shared/hub-time';

const tags: Record<Locale, string> = { it: 'it-IT', en: 'en-GB' };
const zone = HUB_ZONE;
const DAY = { day: '2-digit', month: '2-digit', year: 'numeric' } as const;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/**
 * A moment's text in one format and language: the same instant always reads the same (the zone is
 * fixed), and a device page shows the same event times on every request. Bounded: emptied when full.
 */
class Moments {
  private readonly shown = new Map<string, string>();
  private format?: Intl.DateTimeFormat;
  constructor(
    private readonly locale: Locale,
    private readonly options: Intl.DateTimeFormatOptions,
  ) {}
  text(iso: string): string {
    let text = this.shown.get(iso);
    if (text === undefined) {
      this.format ??= new Intl.DateTimeFormat(tags[this.locale], { ...this.options, timeZone: zone });
      text = this.format.format(new Date(iso));
      if (this.shown.size >= SHOWN_MAX) this.shown.clear();
      this.shown.set(iso, text);
    }
    return text;
  }
}
const SHOWN_MAX = 20_000;
const perLocale = (options: Intl.DateTimeFormatOptions): Record<Locale, Moments> => ({ it: new Moments('it', options), en: new Moments('en', options) });
const days = perLocale(DAY);
const dayTimes = perLocale({ ...DAY, hour: '2-digit', minute: '2-digit' });

/** 22/11/2026 in Italian, 22/11/2026 in British English; dates are shown in the hubs' time zone. */
export function formatDate(locale: Locale, iso: string | null | undefined): string {
  return iso ? days[locale].text(iso) : '';
}

export function formatDateTime(locale: Locale, iso: string | null | undefined): string {
  return iso ? dayTimes[locale].text(iso) : '';
}

/**
 * 1.234,5 in Italian, 1,234.5 in English. Thousands are always grouped: Italian CLDR data leaves four
 * digits ungrouped (1234,5), which the programme's documents and people do not.
 */
export function formatNumber(locale: Locale, value: number | null | undefined, maxDecimals = 2): string {
  if (value === null || value === undefined) return '';
  const f = cached(`n:${locale}:${maxDecimals}`, () => new Intl.NumberFormat(tags[locale], { maximumFractionDigits: maxDecimals, useGrouping: 'always' } as Intl.NumberFormatOptions));
  return (f as Intl.NumberFormat).format(value);
}

/** A weight: 1.234,5 kg in Italian, 1,234.5 kg in English. */
export function formatKg(locale: Locale, kg: number | null | undefined, maxDecimals = 1): string {
  if (kg === null || kg === undefined) return '';
  return `${formatNumber(locale, kg, maxDecimals)} kg`;
}

/** 14:35, in the hubs' time zone. */
export function formatTime(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '';
  const f = cached(`t:${locale}`, () => new Intl.DateTimeFormat(tags[locale], { hour: '2-digit', minute: '2-digit', timeZone: zone }));
  return (f as Intl.DateTimeFormat).format(new Date(iso));
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/**
 * ICU-style plurals in a catalogue message: `{n, plural, one {# pagina} other {# pagine}}`, with `=0 {…}`
 * for an exact number, and `#` for the number itself. One pass over the template (branches may hold
 * `{name}` placeholders, filled in afterwards by the catalogue), so its cost grows linearly with it.
 */
export function renderPlurals(locale: Locale, template: string, params: Record<string, unknown>, show: (n: number) => string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const start = template.indexOf('{', i);
    if (start < 0) break;
    const head = /^\{(\w+), plural, /.exec(template.slice(start, start + 60));
    if (!head) {
      out += template.slice(i, start + 1);
      i = start + 1;
      continue;
    }
    out += template.slice(i, start);
    const n = Number(params[head[1]!]);
    let j = start + head[0].length;
    const branches = new Map<string, string>();
    // selector {text} pairs until the closing brace of the plural.
    while (j < template.length && template[j] !== '}') {
      while (template[j] === ' ') j++;
      const open = template.indexOf('{', j);
      if (open < 0) return out + template.slice(start);
      const selector = template.slice(j, open).trim();
      let depth = 1;
      let k = open + 1;
      while (k < template.length && depth > 0) {
        if (template[k] === '{') depth++;
        else if (template[k] === '}') depth--;
        k++;
      }
      branches.set(selector, template.slice(open + 1, k - 1));
      j = k;
      while (template[j] === ' ') j++;
    }
    let rules = pluralRules.get(locale);
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(tags[locale])));
    const chosen = branches.get(`=${n}`) ?? branches.get(Number.isFinite(n) ? rules.select(n) : 'other') ?? branches.get('other') ?? '';
    out += chosen.replace(/#/g, Number.isFinite(n) ? show(n) : String(params[head[1]!] ?? ''));
    i = j + 1;
  }
  return out + template.slice(i);
}
