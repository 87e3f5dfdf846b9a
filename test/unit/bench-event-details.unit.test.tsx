import { describe, expect, it } from 'vitest';
import { toHtml } from '../../src/http/render';
import { translators, type Locale } from '../../src/i18n/catalogue';
import type { View } from '../../views/view';
import { BenchEventDetails } from '../../views/workshop/event-details';

const view = (locale: Locale): View => ({ t: translators[locale], locale, user: null, csrf: '', path: '/', asset: (n) => n });
const shown = (locale: Locale, data: string | null) => toHtml(<BenchEventDetails v={view(locale)} data={data} />);

describe("a bench event's lines in the history", () => {
  it('are written in the reader’s language, the same on every page', async () => {
    const data = JSON.stringify({ parts: [{ kind: 'battery', count: 2 }] });
    const it1 = await shown('it', data);
    expect(it1).toContain('Batteria × 2');
    expect(await shown('en', data)).toContain('Battery × 2');
    expect(await shown('it', data)).toBe(it1);
  });

  it('are none for data that is no object, and never an error', async () => {
    for (const data of ['null', '42', '"text"', '[]', '{not json', null]) expect(await shown('it', data)).toBe('');
  });
});
