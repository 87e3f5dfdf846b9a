import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inertText } from '../src/shared/cells';
import { csvField, parseCsv, toCsv } from '../src/shared/csv';
import { readSpreadsheet } from '../src/shared/spreadsheet';
import { createTestContext, donate, type Person, type TestContext } from './support/context';

describe('formula cells, in the one place every CSV and XLSX writer goes through', () => {
  it('makes inert a cell that starts with =, +, -, @, a tab or a CR, including what looks like a negative number and more', () => {
    for (const s of ['=1+1', '+1+1', "-1+cmd|' /C calc'!A0", '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(inertText(s), JSON.stringify(s)).toBe(`'${s}`);
    for (const s of ['', 'Lenovo T440', ' =1', '1-1', 'a=b', '—']) expect(inertText(s)).toBe(s);
    // Numbers written as numbers stay numbers.
    expect(csvField(-5)).toBe('-5');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField('-1+cmd|x')).toBe("'-1+cmd|x");
    expect(toCsv(['a', 'b'], [['=HYPERLINK("http://x","y")', -3]])).toBe('a,b\r\n"\'=HYPERLINK(""http://x"",""y"")",-3\r\n');
  });
});

describe('formula cells in the staff exports', () => {
  let t: TestContext;
  let coordinator: Person;
  const payloads = ["-1+cmd|' /C calc'!A0", '@SUM(1+1)*cmd|x', '+1+1'];

  beforeAll(async () => {
    t = await createTestContext();
    coordinator = await t.person('coordinator', 'FOL');
    const token = await t.token('coordinator', 'FOL');
    await donate(
      t,
      token,
      'FOL',
      payloads.map((model, i) => ({ type: 'laptop', brand: 'Dell', model, serial: `F-${i}`, weightKg: 2.5 })),
    );
  });
  afterAll(() => t.close());

  const download = async (path: string) => new Uint8Array(await (await t.app.request(path, { headers: { cookie: coordinator.cookie } })).arrayBuffer());

  it('CSV: every payload comes out as text, the negative-number exception included; weights stay numbers', async () => {
    const rows = parseCsv(new TextDecoder().decode(await download('/exports/devices?format=csv'))).filter((r) => r.length > 1);
    const models = rows.slice(1).map((r) => r[4]);
    expect(models.sort()).toEqual(payloads.map((p) => `'${p}`).sort());
    expect(rows.slice(1).map((r) => r[7])).toEqual(['2.5', '2.5', '2.5']);
  });

  it('XLSX: the same cells are inert text, and numbers are real numbers', async () => {
    const sheet = await readSpreadsheet(await download('/exports/devices?format=xlsx'));
    const models = sheet.rows.slice(1).map((r) => r[4]);
    expect(models.sort()).toEqual(payloads.map((p) => `'${p}`).sort());
    expect(sheet.rows.slice(1).map((r) => r[7])).toEqual([2.5, 2.5, 2.5]);
  });
});
