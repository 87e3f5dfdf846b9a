import { describe, expect, it } from 'vitest';
import { keptPerLocale } from '../../views/kept-text';

describe('texts kept per language and event data', () => {
  it('are made once per language and data, and never mixed between languages', () => {
    const made: string[] = [];
    const text = keptPerLocale((locale, data) => (made.push(`${locale}:${data}`), `${locale}/${data}`));
    expect([text('it', '{"a":1}'), text('it', '{"a":1}'), text('en', '{"a":1}'), text('en', '{"a":1}')]).toEqual(['it/{"a":1}', 'it/{"a":1}', 'en/{"a":1}', 'en/{"a":1}']);
    expect(made).toEqual(['it:{"a":1}', 'en:{"a":1}']);
  });

  it('are not kept for long data, and all are let go before the total grows past its bound', () => {
    let calls = 0;
    const text = keptPerLocale((_, data) => (calls++, data.slice(0, 10)));
    const long = 'x'.repeat(5000);
    text('it', long);
    text('it', long);
    expect(calls).toBe(2);
    // 4,000 characters each: the bound (two million characters) is passed after about 490 of them.
    const datas = Array.from({ length: 600 }, (_, i) => `${i}`.padEnd(3990, '.'));
    for (const d of datas) text('it', d);
    calls = 0;
    text('it', datas[599]!);
    expect(calls).toBe(0);
    text('it', datas[0]!);
    expect(calls).toBe(1);
  });
});
