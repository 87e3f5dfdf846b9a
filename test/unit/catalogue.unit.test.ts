import { describe, expect, it } from 'vitest';
import { catalogue, catalogueParts, codeLabel, translate } from '../../src/i18n/catalogue';

describe('the message catalogue', () => {
  it('defines each key in one feature file only, so no file silently overrides another', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [file, part] of Object.entries(catalogueParts)) {
      for (const key of Object.keys(part.it)) {
        const first = owner.get(key);
        if (first) clashes.push(`${key} (${first}, ${file})`);
        else owner.set(key, file);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has every message in Italian and English, never empty, with the same placeholders', () => {
    const problems: string[] = [];
    for (const key of Object.keys(catalogue.it) as (keyof typeof catalogue.it)[]) {
      const it = catalogue.it[key];
      const en = catalogue.en[key];
      if (!it?.trim() || !en?.trim()) problems.push(`${key}: empty`);
      // A plain placeholder or a plural's ({count, plural, one {…} other {…}}), each name once.
      const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural, )/g)].map((m) => m[1]))].sort().join(',');
      if (names(it) !== names(en)) problems.push(`${key}: {${names(it)}} vs {${names(en)}}`);
    }
    expect(problems).toEqual([]);
  });

  it('labels a code in each language, again and again the same, and shows a code without a label as itself', () => {
    for (let i = 0; i < 2; i++) {
      expect(codeLabel('it', 'state', 'reserved')).toBe(catalogue.it['state.reserved']);
      expect(codeLabel('en', 'state', 'reserved')).toBe(catalogue.en['state.reserved']);
      expect(codeLabel('en', 'outcome', 'refurbish')).toBe('Refurbish');
      expect(codeLabel('it', 'state', 'no-such-state')).toBe('no-such-state');
    }
    // Thousands of unknown codes still answer, each as itself.
    for (let i = 0; i < 3000; i++) expect(codeLabel('it', 'field', `x${i}`)).toBe(`x${i}`);
    expect(codeLabel('it', 'field', 'note')).toBe(translate('it', 'field.note'));
  });

  it('fills placeholders, repeated ones and unknown ones, as written', () => {
    expect(translate('it', 'tags.unknown', { tag: 'FOL-00001-X' })).toContain('FOL-00001-X');
    expect(translate('en', 'tags.unknown', {})).toBe(catalogue.en['tags.unknown']);
  });
});
