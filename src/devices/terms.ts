/**
 * Search terms: lowercase ASCII words of a device's tag, serial, brand and model, plus the compact
 * form of tag and serial (so "WD-WXC1" and "wdwxc1" both find "WD-WXC1A14S2591").
 */
export function normaliseForSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function searchWords(s: string): string[] {
  return normaliseForSearch(s)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function deviceTerms(d: { tag: string; serial?: string | null; brand?: string | null; model?: string | null }): string[] {
  const terms = new Set<string>();
  for (const compact of [d.tag, d.serial]) {
    if (compact) terms.add(searchWords(compact).join(''));
  }
  for (const text of [d.serial, d.brand, d.model]) {
    for (const w of text ? searchWords(text) : []) terms.add(w.slice(0, 64));
  }
  terms.delete('');
  return [...terms];
}

/**
 * A query matches a device when every word prefix-matches one of its terms, or when the query with
 * its separators removed prefix-matches a compact tag or serial ("orvser5" finds "ORV-SER-5").
 */
export function queryWords(q: string): { words: string[]; compact: string } {
  const all = searchWords(q);
  return { words: [...new Set(all)].slice(0, 5), compact: all.join('').slice(0, 64) };
}
