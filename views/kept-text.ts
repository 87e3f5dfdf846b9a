import type { Locale } from '../src/i18n/catalogue';

/** Data longer than this is shown once in a while, not kept: a long note must not crowd out the rest. */
const KEPT_DATA_CHARS = 4096;
/** All that one kept function holds, in characters of data and text, before it starts again. */
const KEPT_TOTAL_CHARS = 2_000_000;

/**
 * A text made only from an event's data and a language, kept per language and data: an event's data never
 * changes, and a device page shows the same events on every request. Bounded in size: emptied when full.
 */
export function keptPerLocale<T extends string | readonly string[]>(make: (locale: Locale, data: string) => T): (locale: Locale, data: string) => T {
  const kept: Record<Locale, Map<string, T>> = { it: new Map(), en: new Map() };
  let total = 0;
  return (locale, data) => {
    const shown = kept[locale];
    let text = shown.get(data);
    if (text !== undefined) return text;
    text = make(locale, data);
    if (data.length <= KEPT_DATA_CHARS) {
      const size = data.length + (typeof text === 'string' ? text.length : text.reduce((n, l) => n + l.length, 0));
      if (total + size > KEPT_TOTAL_CHARS) {
        kept.it.clear();
        kept.en.clear();
        total = 0;
      }
      shown.set(data, text);
      total += size;
    }
    return text;
  };
}
