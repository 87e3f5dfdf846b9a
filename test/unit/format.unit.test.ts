import { describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n/catalogue';
import { formatDate, formatDateTime, formatKg, formatNumber, renderPlurals } from '../../src/i18n/format';

describe('dates, numbers and weights the way each language writes them', () => {
  it('writes numbers with the language’s separators, thousands always grouped', () => {
    expect(formatNumber('it', 1234.5)).toBe('1.234,5');
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
    expect(formatNumber('it', 1234567)).toBe('1.234.567');
    expect(formatNumber('it', 0.25)).toBe('0,25');
    expect(formatKg('it', 1234.5)).toBe('1.234,5 kg');
    expect(formatKg('en', 1234.5)).toBe('1,234.5 kg');
    expect(formatKg('it', null)).toBe('');
  });

  it('writes dates day first, in the hubs’ time zone', () => {
    expect(formatDate('it', '2026-11-22T10:00:00Z')).toBe('22/11/2026');
    expect(formatDate('en', '2026-11-22T10:00:00Z')).toBe('22/11/2026');
    // 23:30 UTC on the 21st is already the 22nd in Italy.
    expect(formatDate('it', '2026-11-21T23:30:00Z')).toBe('22/11/2026');
    expect(formatDateTime('it', '2026-03-10T09:01:00Z')).toBe('10/03/2026, 10:01');
  });

  it('groups the quantities in messages, not the ids, years or document numbers', () => {
    expect(translate('it', 'donations.devicesCount', { count: 1234 })).toBe('1.234 dispositivi');
    expect(translate('en', 'donations.devicesCount', { count: 1234 })).toBe('1,234 devices');
    expect(translate('it', 'donations.show.title', { id: 1234 })).toBe('Donazione n. 1234');
    expect(translate('it', 'imports.progress.text', { done: 1500, total: 10000, percent: 15, created: 1499, skipped: 1 })).toBe(
      'Righe lette: 1.500 di 10.000 (15%). Dispositivi registrati: 1.499. Righe saltate: 1.',
    );
  });
});

describe('plurals from the catalogue', () => {
  it('chooses the form by the language’s plural rules, in Italian and English', () => {
    expect(translate('it', 'labels.pages', { pages: 1 })).toBe('1 pagina');
    expect(translate('it', 'labels.pages', { pages: 3 })).toBe('3 pagine');
    expect(translate('en', 'labels.pages', { pages: 1 })).toBe('1 page');
    expect(translate('it', 'deliveries.receiptPending', { count: 1 })).toBe('da confermare per 1 dispositivo');
    expect(translate('it', 'equipment.kit.missing', { missing: 1 })).toBe('ne manca 1');
    expect(translate('it', 'equipment.kit.missing', { missing: 2 })).toBe('ne mancano 2');
    expect(translate('it', 'scan.counts', { ok: 1, fail: 0 })).toBe('1 dispositivo fatto · 0 rifiutati');
    expect(translate('it', 'labels.count', { count: 1234 })).toBe('1.234 etichette');
  });
  it('reads a long template in one pass: time grows linearly with it', () => {
    const long = `${'{n, plural, one {# x} other {# y}} '.repeat(20000)}`;
    const started = performance.now();
    expect(renderPlurals('it', long, { n: 2 }, String).startsWith('2 y 2 y')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('validation messages in plain words', () => {
  it('says what is allowed, in the person’s language, never zod’s raw wording', async () => {
    const { parseInput } = await import('../../src/shared/validate');
    const { z } = await import('zod');
    const schema = z.object({ count: z.number().int().max(500), note: z.string().max(3), kind: z.enum(['a', 'b']) });
    const issues = (locale: 'it' | 'en') => {
      try {
        parseInput(schema, { count: 501, note: 'abcd', kind: 'c' }, locale);
      } catch (e) {
        return (e as { issues: { message: string }[] }).issues.map((i) => i.message);
      }
      return [];
    };
    expect(issues('it')).toEqual(['il numero più alto ammesso è 500', 'troppo lungo: al massimo 3 caratteri', 'scegli una delle voci proposte']);
    expect(issues('en')).toEqual(['the highest number allowed is 500', 'too long: at most 3 characters', 'choose one of the options offered']);
  });
});

describe('dates read the same on every page', () => {
  it('a moment shown again, in either language and past the bound of remembered moments, reads as the first time', () => {
    const iso = '2026-03-29T00:30:00.000Z';
    const first = { it: formatDateTime('it', iso), en: formatDateTime('en', iso), day: formatDate('it', iso) };
    expect(first.it).toBe('29/03/2026, 01:30');
    for (let i = 0; i < 20_500; i++) formatDate('en', new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString());
    expect({ it: formatDateTime('it', iso), en: formatDateTime('en', iso), day: formatDate('it', iso) }).toEqual(first);
    expect(formatDate('en', '2020-01-01T00:00:00.000Z')).toBe('01/01/2020');
  });
});
