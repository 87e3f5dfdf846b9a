import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportList } from '../src/exports/service';
import { translator } from '../src/i18n/catalogue';
import { parseCsv } from '../src/shared/csv';
import { readSpreadsheet } from '../src/shared/spreadsheet';
import { createTestContext, donate, type Person, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';
import { walkTo } from './support/walk';

let t: TestContext;
let coordinator: Person;
let region: Person;
let token: string;
let tags: string[];

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.person('coordinator', 'FOL');
  region = await t.person('region');
  token = await t.token('coordinator', 'FOL');
  tags = (
    await donate(
      t,
      token,
      'FOL',
      [
        { type: 'laptop', brand: 'Lenovo', model: 'T440', serial: 'EXP-1', weightKg: 2.1 },
        { type: 'laptop', brand: 'Dell', model: '=HYPERLINK("http://x","y")', serial: 'EXP-2' },
        { type: 'monitor', brand: 'HP', model: 'E222', serial: 'EXP-3' },
      ],
      { kind: 'citizen', name: 'Giovanna Privata' },
    )
  ).devices.map((d) => d.tag);
  await walkTo(t, token, tags[0]!, 'diagnosed');
  await donate(t, await t.token('coordinator', 'PER'), 'PER', [{ type: 'laptop', serial: 'EXP-PER' }]);
});
afterAll(() => t.close());

async function download(path: string, cookie: string) {
  const res = await t.app.request(path, { headers: { cookie } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('exporting the lists', () => {
  it('exports the device list as CSV with the filters applied, ISO dates and formulas defused', async () => {
    const r = await download('/exports/devices?format=csv&type=laptop', coordinator.cookie);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="dispositivi-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = parseCsv(text(r.bytes)).filter((row) => row.length > 1);
    expect(header).toEqual(['Codice', 'Hub', 'Tipo', 'Marca', 'Modello', 'Numero di serie', 'Stato', 'Peso (kg)', 'Disco', 'Data di ricevimento', 'Ultimo aggiornamento']);
    // The coordinator's list: the hub's laptops only (not the monitor, not the other hub's), newest first.
    expect(rows.map((x) => x[0])).toEqual([tags[1], tags[0]]);
    expect(rows[1]).toEqual([tags[0], 'FOL', 'Portatile', 'Lenovo', 'T440', 'EXP-1', 'Diagnosticato', '2.1', 'Sì', '2026-03-10', '2026-03-10']);
    expect(rows[0]![4]).toBe(`'=HYPERLINK("http://x","y")`);
    const state = await download('/exports/devices?format=csv&state=diagnosed', coordinator.cookie);
    expect(
      parseCsv(text(state.bytes))
        .filter((row) => row.length > 1)
        .slice(1)
        .map((x) => x[0]),
    ).toEqual([tags[0]]);
  });

  it('exports the same list as XLSX, with real dates, in the reader’s language', async () => {
    const en = await t.person('coordinator', 'FOL');
    await t.db.updateTable('users').set({ locale: 'en' }).where('id', '=', en.id).execute();
    const r = await download('/exports/devices?format=xlsx&q=lenovo', en.cookie);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers.get('content-disposition')).toMatch(/filename="devices-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const sheet = await readSpreadsheet(r.bytes);
    expect(sheet.kind).toBe('xlsx');
    expect(sheet.rows[0]).toEqual(['Tag', 'Hub', 'Type', 'Brand', 'Model', 'Serial number', 'State', 'Weight (kg)', 'Storage', 'Date received', 'Last update']);
    expect(sheet.rows.slice(1)).toEqual([[tags[0], 'FOL', 'Laptop', 'Lenovo', 'T440', 'EXP-1', 'Diagnosed', 2.1, 'Yes', '2026-03-10', '2026-03-10']]);
  });

  it('shows a donor’s name only to those who may read donors', async () => {
    const mine = await download('/exports/donations?format=csv', coordinator.cookie);
    expect(text(mine.bytes)).toContain('Giovanna Privata');
    const regional = await download('/exports/donations?format=csv', region.cookie);
    expect(regional.status).toBe(200);
    const [header, ...rows] = parseCsv(text(regional.bytes)).filter((row) => row.length > 1);
    expect(header).toEqual(['Donazione n.', 'Data di ricevimento', 'Hub', 'Tipo di donatore', 'Dispositivi']);
    expect(rows).toHaveLength(2);
    expect(text(regional.bytes)).not.toContain('Giovanna');
    // The region chooses a hub; a hub's coordinator always gets their own.
    const per = await download('/exports/donations?format=csv&hub=PER', region.cookie);
    expect(
      parseCsv(text(per.bytes))
        .filter((row) => row.length > 1)
        .slice(1)
        .map((x) => x[2]),
    ).toEqual(['PER']);
    const forced = await download('/exports/donations?format=csv&hub=PER', coordinator.cookie);
    expect(
      parseCsv(text(forced.bytes))
        .filter((row) => row.length > 1)
        .slice(1)
        .map((x) => x[2]),
    ).toEqual(['FOL']);
  });

  it('exports requests and deliveries for the hub’s staff, never to partners or volunteers', async () => {
    const r = await approvedRequest(t, token, 'FOL', { partnerName: 'Scuola Primaria Export', items: [{ type: 'laptop', quantity: 2 }] });
    const [tag] = (await donate(t, token, 'FOL', [{ type: 'laptop' }])).devices.map((d) => d.tag);
    await walkTo(t, token, tag!, 'ready');
    await t.api('POST', `/api/v1/requests/${r.id}/reservations`, token, { tags: [tag] });
    const delivery = await t.api('POST', `/api/v1/requests/${r.id}/deliveries`, token, { tags: [tag], title: 'loan', loanUntil: '2027-06-30' });
    expect(delivery.status).toBe(201);

    const requests = parseCsv(text((await download('/exports/requests?format=csv', coordinator.cookie)).bytes)).filter((row) => row.length > 1);
    expect(requests[1]).toEqual([String(r.id), '2026-03-10', 'FOL', 'Scuola Primaria Export', 'Altro', 'Evasa in parte', '2 × Portatile', 'Postazioni per il doposcuola', '30']);
    const deliveries = parseCsv(text((await download('/exports/deliveries?format=csv&title=loan', coordinator.cookie)).bytes)).filter((row) => row.length > 1);
    expect(deliveries.slice(1)).toEqual([[`FOL ${delivery.json.number}/2026`, '2026-03-10', 'FOL', 'Scuola Primaria Export', 'Altro', 'Comodato d’uso', '2027-06-30', '1', String(r.id), '']]);
    const none = parseCsv(text((await download('/exports/deliveries?format=csv&title=donation', coordinator.cookie)).bytes)).filter((row) => row.length > 1);
    expect(none).toHaveLength(1);

    const partner = await t.person('partner', undefined, 'Maestra', { partnerId: r.partner.id });
    for (const list of ['devices', 'donations', 'requests', 'deliveries']) expect((await download(`/exports/${list}?format=csv`, partner.cookie)).status).toBe(403);
    const volunteer = await t.person('volunteer', 'FOL');
    expect((await download('/exports/requests?format=csv', volunteer.cookie)).status).toBe(403);
    expect((await download('/exports/devices?format=csv', volunteer.cookie)).status).toBe(200);
  });

  it('streams a long CSV in pieces, and splits a long XLSX into parts', async () => {
    await donate(t, token, 'FOL', [
      { type: 'tablet', quantity: 500 },
      { type: 'tablet', quantity: 500 },
      { type: 'tablet', quantity: 300 },
    ]);
    const res = await t.app.request('/exports/devices?format=csv&type=tablet', { headers: { cookie: coordinator.cookie } });
    const reader = res.body!.getReader();
    let chunks = 0;
    let lines = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks++;
      lines += value.filter((b) => b === 10).length;
    }
    expect(lines).toBe(1301);
    expect(chunks).toBeGreaterThanOrEqual(3);

    const t2 = translator('it');
    const first = await exportList(t.ctx, coordinator.actor, 'devices', 'xlsx', { type: 'tablet' }, { t: t2, locale: 'it', partRows: 1000 });
    expect(first.name).toMatch(/-parte-1\.xlsx$/);
    expect(first.nextPart).toBe(2);
    const second = await exportList(t.ctx, coordinator.actor, 'devices', 'xlsx', { type: 'tablet', part: 2 }, { t: t2, locale: 'it', partRows: 1000 });
    expect(second.nextPart).toBeUndefined();
    const a = await readSpreadsheet(first.body as Uint8Array);
    const b = await readSpreadsheet(second.body as Uint8Array);
    expect(a.rows).toHaveLength(1001);
    expect(b.rows).toHaveLength(301);
    expect(new Set([...a.rows.slice(1), ...b.rows.slice(1)].map((r) => r[0])).size).toBe(1300);

    const head = await download('/exports/devices?format=xlsx&type=tablet', coordinator.cookie);
    expect(head.headers.get('link')).toBeNull();
  });

  it('refuses a bad list, format or filter with a clear 4xx', async () => {
    expect((await download('/exports/secrets?format=csv', coordinator.cookie)).status).toBe(422);
    expect((await download('/exports/devices?format=pdf', coordinator.cookie)).status).toBe(422);
    expect((await download('/exports/devices?format=csv&state=melted', coordinator.cookie)).status).toBe(422);
    expect((await download('/exports/donations?format=csv&from=2026-13-45', coordinator.cookie)).status).toBe(422);
    const anonymous = await t.app.request('/exports/devices?format=csv');
    expect(anonymous.status).toBe(303);
  });
});
