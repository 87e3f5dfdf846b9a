import { describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n/catalogue';
import { formatDate, formatDateTime, formatKg, formatNumber } from '../../src/i18n/format';

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
