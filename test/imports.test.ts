import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImport } from '../src/imports/service';
import { writeXlsx } from '../src/shared/spreadsheet';
import { parseTag } from '../src/tags/tag';
import { createTestContext, donate, type Person, type TestContext } from './support/context';

let t: TestContext;
let coordinator: Person;
let token: string;

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.person('coordinator', 'FOL');
  token = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

/** Uploads a file through the page's multipart form, as a browser does. */
async function upload(cookie: string, name: string, body: Uint8Array | string, type = 'text/csv', fields: Record<string, string> = {}) {
  const fd = new FormData();
  fd.set('_csrf', t.csrf);
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  fd.set('file', new File([body as BlobPart], name, { type }));
  const res = await t.app.request('/imports', { method: 'POST', headers: { cookie }, body: fd });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

const idOf = (location: string | null) => Number(/\/imports\/(\d+)$/.exec(location ?? '')?.[1]);

async function waitDone(id: number, bearer = token) {
  for (let i = 0; i < 600; i++) {
    const r = await t.api('GET', `/api/v1/imports/${id}`, bearer);
    if (r.json.status !== 'queued' && r.json.status !== 'running') return r.json;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('import did not finish');
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.map((c) => (/[",;\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n') + '\r\n';

// The columns of Snipe-IT's hardware export, as it writes them.
const SNIPE_HEADER = [
  'ID',
  'Company',
  'Name',
  'Asset Tag',
  'Model',
  'Model No.',
  'Category',
  'Manufacturer',
  'Serial',
  'Checked Out To',
  'Location',
  'Purchase Date',
  'Purchase Cost',
  'Order Number',
  'Supplier',
  'Warranty',
  'Status',
  'Notes',
];
const snipeRow = (i: number, over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    ID: String(100 + i),
    Company: 'Studio Bianchi Srl',
    Name: `PC-UFFICIO-${i}`,
    'Asset Tag': `SB-${1000 + i}`,
    Model: 'ThinkPad T470',
    'Model No.': '20HD',
    Category: 'Laptops',
    Manufacturer: 'Lenovo',
    Serial: `PF0SNIPE${i}`,
    'Checked Out To': 'Mario Rossi',
    Location: 'Sede di Foligno',
    'Purchase Date': '2018-04-12',
    'Purchase Cost': '899.00',
    'Order Number': 'ORD-77',
    Supplier: 'Fornitore Spa',
    Warranty: '36 months',
    Status: 'Ready to Deploy',
    Notes: 'Tastiera consumata',
    ...over,
  };
  return SNIPE_HEADER.map((h) => base[h]!);
};

describe('importing a spreadsheet of devices', () => {
  it('recognises a Snipe-IT export, lists every problem in a dry run, then registers the rest through the intake rules', async () => {
    const already = (await donate(t, token, 'FOL', [{ type: 'laptop', serial: 'PF0SNIPE4' }])).devices[0]!.tag;
    const before = { devices: await t.count('devices'), events: await t.count('device_events') };
    const file = csv([
      SNIPE_HEADER,
      ...[1, 2, 3, 4].map((i) => snipeRow(i)),
      snipeRow(5, { Serial: 'PF0SNIPE1' }),
      snipeRow(6, { Category: 'Servers' }),
      snipeRow(7, { Category: 'Monitors', Serial: '' }),
    ]);
    const up = await upload(coordinator.cookie, 'snipeit-assets.csv', file);
    expect(up.status, up.html.slice(0, 400)).toBe(303);
    const id = idOf(up.location);

    // The mapping page: Snipe-IT's columns are recognised; the person's name and the costs stay out.
    const page = await t.page(`/imports/${id}`, coordinator.cookie);
    expect(page.status).toBe(200);
    const selected = (col: number) => new RegExp(`name="columns\\.${col}"[^>]*>(?:(?!</select>).)*<option value="([a-zA-Z]*)" selected`, 's').exec(page.html)?.[1];
    const col = (h: string) => SNIPE_HEADER.indexOf(h);
    expect(selected(col('Category'))).toBe('type');
    expect(selected(col('Manufacturer'))).toBe('brand');
    expect(selected(col('Serial'))).toBe('serial');
    expect(selected(col('Model'))).toBe('model');
    expect(selected(col('Model No.'))).toBe('modelNumber');
    expect(selected(col('Asset Tag'))).toBe('note');
    expect(selected(col('Notes'))).toBe('conditionNote');
    expect(selected(col('Checked Out To'))).toBe('');
    expect(selected(col('Purchase Cost'))).toBe('');

    // The dry run: every problem, nothing written.
    const mapping: Record<string, string> = { donorKind: 'company', donorName: 'Studio Bianchi Srl' };
    const guessed = ['', '', 'note', 'note', 'model', 'modelNumber', 'type', 'brand', 'serial', '', 'note', '', '', '', '', '', 'note', 'conditionNote'];
    guessed.forEach((f, i) => (mapping[`columns.${i}`] = f));
    const dry = await t.form(`/imports/${id}/mapping`, coordinator.cookie, mapping);
    expect(dry.status).toBe(200);
    expect(dry.html).toContain('Righe pronte: 4. Dispositivi che saranno registrati, ciascuno con il suo codice: 4.');
    expect(dry.html).toContain('Righe con problemi: 3.');
    expect(dry.html).toContain('il numero di serie PF0SNIPE4 è già registrato');
    expect(dry.html).toContain('il numero di serie PF0SNIPE1 è già alla riga 2');
    expect(dry.html).toContain('tipo non riconosciuto «Servers»');
    expect(await t.count('devices')).toBe(before.devices);

    // An empty post starts nothing.
    expect((await t.form(`/imports/${id}/start`, coordinator.cookie, {})).status).toBe(422);
    expect((await t.api('GET', `/api/v1/imports/${id}`, token)).json.status).toBe('checked');
    // Start: it runs in the background; the API follows it.
    const start = await t.form(`/imports/${id}/start`, coordinator.cookie, { confirm: '1' });
    expect(start.status).toBe(303);
    const done = await waitDone(id);
    expect(done).toMatchObject({ status: 'done', totalRows: 7, processedRows: 7, created: 4, skipped: 3, percent: 100 });

    const [{ donation_id }] = await t.db.selectFrom('import_donations').select('donation_id').where('import_id', '=', id).execute();
    const devices = await t.db.selectFrom('devices').selectAll().where('donation_id', '=', donation_id!).orderBy('id').execute();
    expect(devices.map((d) => d.serial)).toEqual(['PF0SNIPE1', 'PF0SNIPE2', 'PF0SNIPE3', null]);
    const laptop = devices[0]!;
    expect(laptop).toMatchObject({ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T470 (20HD)', state: 'received' });
    expect(laptop.condition_note).toBe('Tastiera consumata · Name: PC-UFFICIO-1 · Asset Tag: SB-1001 · Location: Sede di Foligno · Status: Ready to Deploy');
    expect(devices[3]).toMatchObject({ type: 'monitor', serial: null });
    // Tags come from the hub's own counter, right after the device registered before.
    const numbers = devices.map((d) => (parseTag(d.tag) as { number: number }).number);
    expect(numbers).toEqual([1, 2, 3, 4].map((k) => (parseTag(already) as { number: number }).number + k));
    // Each has its intake event; one donation holds them, counted once in the figures.
    expect(await t.count('device_events')).toBe(before.events + 4);
    const donation = await t.db
      .selectFrom('donations')
      .innerJoin('donors', 'donors.id', 'donations.donor_id')
      .selectAll('donations')
      .select('donors.name')
      .where('donations.id', '=', laptop.donation_id)
      .executeTakeFirstOrThrow();
    expect(donation).toMatchObject({ device_count: 4, name: 'Studio Bianchi Srl' });
    const stock = await t.db.selectFrom('stock_counts').select('count').where('state', '=', 'received').where('type', '=', 'monitor').executeTakeFirstOrThrow();
    expect(Number(stock.count)).toBe(1);
    // The person the company had lent a laptop to is nowhere.
    const everything = JSON.stringify(await t.db.selectFrom('devices').selectAll().execute()) + JSON.stringify(await t.db.selectFrom('device_events').selectAll().execute());
    expect(everything).not.toContain('Mario Rossi');

    // The summary: created, skipped and why, with the donation to print labels for.
    const summary = await t.page(`/imports/${id}`, coordinator.cookie);
    expect(summary.html).toContain('Importazione completata. Dispositivi registrati: 4. Righe saltate: 3.');
    expect(summary.html).toContain(`/labels?donation=${donation.id}`);
    expect(summary.html).toContain('tipo non riconosciuto «Servers»');
    const skippedCsv = await t.page(`/imports/${id}/skipped.csv`, coordinator.cookie);
    expect(skippedCsv.html.split('\r\n').slice(0, 4)).toEqual([
      'Riga,Problemi',
      '5,il numero di serie PF0SNIPE4 è già registrato',
      '6,il numero di serie PF0SNIPE1 è già alla riga 2',
      '7,"Category: tipo non riconosciuto «Servers» (scegli un tipo per le categorie non riconosciute, o correggi)"',
    ]);
  });

  it('reads an XLSX with Italian headers, making one donation per donor and day', async () => {
    const rows = [
      ['Tipo', 'Marca', 'Modello', 'Numero di serie', 'Peso (kg)', 'Quantità', 'Donatore', 'Tipo donatore', 'Data di ricevimento'],
      ['Portatile', 'Dell', 'Latitude E7450', 'XLSX-1', 2.1, 1, 'Comune di Foligno', 'Ente pubblico', { date: '2026-02-03' }],
      ['Monitor', 'HP', 'E222', '', '3,5', 3, 'Comune di Foligno', 'Ente pubblico', { date: '2026-02-03' }],
      ['Computer fisso', 'HP', 'ProDesk 400', 'XLSX-2', '', '', 'Associazione Vivere', 'associazione', '04/02/2026'],
    ];
    const bytes = await writeXlsx('Inventario', rows, { dateFormat: 'dd/mm/yyyy', widths: rows[0]!.map(() => 16) });
    const up = await upload(coordinator.cookie, 'inventario.xlsx', bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(up.status, up.html.slice(0, 300)).toBe(303);
    const id = idOf(up.location);
    const fields = ['type', 'brand', 'model', 'serial', 'weightKg', 'quantity', 'donorName', 'donorKind', 'receivedAt'];
    const dry = await t.form(`/imports/${id}/mapping`, coordinator.cookie, Object.fromEntries(fields.map((f, i) => [`columns.${i}`, f])));
    expect(dry.html).toContain('Righe pronte: 3. Dispositivi che saranno registrati, ciascuno con il suo codice: 5.');
    await t.form(`/imports/${id}/start`, coordinator.cookie, { confirm: '1' });
    expect(await waitDone(id)).toMatchObject({ status: 'done', created: 5, skipped: 0 });
    const donations = await t.db
      .selectFrom('import_donations')
      .innerJoin('donations', 'donations.id', 'import_donations.donation_id')
      .innerJoin('donors', 'donors.id', 'donations.donor_id')
      .select(['donors.name', 'donors.kind', 'donations.received_at', 'donations.device_count'])
      .where('import_id', '=', id)
      .orderBy('donations.id')
      .execute();
    expect(donations).toEqual([
      { name: 'Comune di Foligno', kind: 'public_body', received_at: '2026-02-03T12:00:00.000Z', device_count: 4 },
      { name: 'Associazione Vivere', kind: 'association', received_at: '2026-02-04T12:00:00.000Z', device_count: 1 },
    ]);
    const monitor = await t.db.selectFrom('devices').select(['weight_kg', 'type']).where('model', '=', 'E222').execute();
    expect(monitor).toEqual(Array(3).fill({ weight_kg: 3.5, type: 'monitor' }));
  });

  it('keeps what the sheet says about each device’s disk: a laptop without one is not erased for nothing', async () => {
    const body = csv([
      ['Tipo', 'Marca', 'Numero di serie', 'Disco', 'Donatore', 'Tipo donatore'],
      ['Portatile', 'Acer', 'DISK-NO', 'no', 'Comune di Foligno', 'Ente pubblico'],
      ['Portatile', 'Acer', 'DISK-SSD', 'SSD 256 GB', 'Comune di Foligno', 'Ente pubblico'],
      ['Portatile', 'Acer', 'DISK-UNKNOWN', 'non so', 'Comune di Foligno', 'Ente pubblico'],
    ]);
    const up = await upload(coordinator.cookie, 'dischi.csv', body);
    expect(up.status, up.html.slice(0, 300)).toBe(303);
    const id = idOf(up.location);
    const fields = ['type', 'brand', 'serial', 'hasStorage', 'donorName', 'donorKind'];
    await t.form(`/imports/${id}/mapping`, coordinator.cookie, Object.fromEntries(fields.map((f, i) => [`columns.${i}`, f])));
    await t.form(`/imports/${id}/start`, coordinator.cookie, { confirm: '1' });
    expect(await waitDone(id)).toMatchObject({ status: 'done', created: 3, skipped: 0 });
    const rows = await t.db.selectFrom('devices').select(['serial', 'has_storage']).where('serial', 'in', ['DISK-NO', 'DISK-SSD', 'DISK-UNKNOWN']).orderBy('serial').execute();
    expect(rows).toEqual([
      { serial: 'DISK-NO', has_storage: 0 },
      { serial: 'DISK-SSD', has_storage: 1 },
      { serial: 'DISK-UNKNOWN', has_storage: null },
    ]);
  });

  it('takes the hub’s date for today: just after midnight in Italy a donation of that day is not in the future', async () => {
    const local = await createTestContext();
    try {
      local.clock.set('2026-12-31T23:30:00.000Z'); // 00:30 on 1 January 2027 in Foligno
      const coord = await local.person('coordinator', 'FOL');
      const body = csv([
        ['Tipo', 'Numero di serie', 'Donatore', 'Tipo donatore', 'Data di ricevimento'],
        ['Portatile', 'NEW-YEAR-1', 'Comune di Foligno', 'Ente pubblico', '01/01/2027'],
      ]);
      const fd = new FormData();
      fd.set('_csrf', local.csrf);
      fd.set('file', new File([body], 'capodanno.csv', { type: 'text/csv' }));
      const up = await local.app.request('/imports', { method: 'POST', headers: { cookie: coord.cookie }, body: fd });
      const id = idOf(up.headers.get('location'));
      const fields = ['type', 'serial', 'donorName', 'donorKind', 'receivedAt'];
      const dry = await local.form(`/imports/${id}/mapping`, coord.cookie, Object.fromEntries(fields.map((f, i) => [`columns.${i}`, f])));
      expect(dry.html).toContain('Righe pronte: 1.');
    } finally {
      await local.close();
    }
  });

  it('resumes after a failed chunk without creating a device twice, and counts the donation once', async () => {
    const N = 1200;
    const file = csv([['Tipo', 'Marca', 'Seriale'], ...Array.from({ length: N }, (_, i) => ['portatile', 'Acer', `RESUME-${i}`])]);
    const up = await upload(coordinator.cookie, 'grande.csv', file);
    const id = idOf(up.location);
    await t.form(`/imports/${id}/mapping`, coordinator.cookie, { 'columns.0': 'type', 'columns.1': 'brand', 'columns.2': 'serial', donorKind: 'company', donorName: 'Grande Azienda Spa' });
    const donationsBefore = await figureDonations();

    // The second chunk fails after writing its devices: its transaction is rolled back whole.
    await startImport(t.ctx, coordinator.actor, id, {
      locale: 'it',
      hooks: {
        afterChunk: (n) => {
          if (n === 1) throw new Error('disk full');
        },
      },
    });
    const failed = await waitDone(id);
    expect(failed).toMatchObject({ status: 'failed', processedRows: 250, created: 250, resumable: true });
    expect(await countSerials('RESUME-')).toBe(250);
    const page = await t.page(`/imports/${id}`, coordinator.cookie);
    expect(page.html).toContain('Riprendi l’importazione');

    const resume = await t.form(`/imports/${id}/start`, coordinator.cookie, { confirm: '1' });
    expect(resume.status).toBe(303);
    expect(await waitDone(id)).toMatchObject({ status: 'done', processedRows: N, created: N, skipped: 0 });
    expect(await countSerials('RESUME-')).toBe(N);
    const distinct = await t.db
      .selectFrom('devices')
      .select((eb) => eb.fn.count<number>('serial').distinct().as('n'))
      .where('serial', 'like', 'RESUME-%')
      .executeTakeFirstOrThrow();
    expect(Number(distinct.n)).toBe(N);
    const donation = await t.db
      .selectFrom('import_donations')
      .innerJoin('donations', 'donations.id', 'import_donations.donation_id')
      .select('donations.device_count')
      .where('import_id', '=', id)
      .execute();
    expect(donation).toEqual([{ device_count: N }]);
    expect((await figureDonations()) - donationsBefore).toBe(1);
    // Starting it again is refused: nothing is left to do.
    expect((await t.form(`/imports/${id}/start`, coordinator.cookie, { confirm: '1' })).status).toBe(409);
  });

  it('caps quantities as the donation form does: 2,000 devices a donation, one device per allowed row in a file', async () => {
    // The red team's file: 500 rows of 200 devices each, 100,000 devices; ten rows per donor.
    const rows = Array.from({ length: 500 }, (_, i) => ['portatile', 200, `Donatore ${Math.floor(i / 10)}`]);
    const up = await upload(coordinator.cookie, 'quantita.csv', csv([['Tipo', 'Quantità', 'Donatore'], ...rows]));
    const id = idOf(up.location);
    const dry = await t.form(`/imports/${id}/mapping`, coordinator.cookie, { 'columns.0': 'type', 'columns.1': 'quantity', 'columns.2': 'donorName', donorKind: 'company' });
    // 250 rows fill the file's 50,000 devices; the other 250 are reported, not registered.
    expect(dry.html).toContain('Righe pronte: 250. Dispositivi che saranno registrati, ciascuno con il suo codice: 50.000.');
    expect(dry.html).toContain('il file supererebbe 50.000 dispositivi in tutto');

    // One donor's 2,400 devices: past 2,000, the rows go on in a second donation, as at the desk.
    const one = csv([['Tipo', 'Quantità'], ...Array.from({ length: 12 }, () => ['portatile', 200])]);
    const id2 = idOf((await upload(coordinator.cookie, 'un-donatore.csv', one)).location);
    const dry2 = await t.form(`/imports/${id2}/mapping`, coordinator.cookie, { 'columns.0': 'type', 'columns.1': 'quantity', donorKind: 'company', donorName: 'ACME' });
    expect(dry2.html).toContain('Righe pronte: 12. Dispositivi che saranno registrati, ciascuno con il suo codice: 2.400.');
    const chunks: number[] = [];
    let last = 0;
    await startImport(t.ctx, coordinator.actor, id2, {
      locale: 'it',
      hooks: {
        // Each transaction holds at most 250 devices, or one row of identical ones, whatever the quantities.
        afterChunk: async (_n, trx) => {
          const r = await trx.selectFrom('imports').select('created_count').where('id', '=', id2).executeTakeFirstOrThrow();
          chunks.push(r.created_count - last);
          last = r.created_count;
        },
      },
    });
    expect(await waitDone(id2)).toMatchObject({ status: 'done', processedRows: 12, created: 2400, skipped: 0 });
    expect(chunks).toEqual(Array(12).fill(200));
    const donations = await t.db
      .selectFrom('import_donations')
      .innerJoin('donations', 'donations.id', 'import_donations.donation_id')
      .select('donations.device_count')
      .where('import_id', '=', id2)
      .orderBy('donations.id')
      .execute();
    expect(donations).toEqual([{ device_count: 2000 }, { device_count: 400 }]);
  });

  it('refuses garbage with a clear message in the person’s language, writing nothing', async () => {
    const before = await Promise.all(['imports', 'import_rows', 'devices'].map((x) => t.count(x)));
    const cases: [string, Uint8Array | string, number, string][] = [
      ['photo.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]), 415, 'non è un foglio di calcolo'],
      ['old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 415, 'Excel 97-2003'],
      ['broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 422, 'non si riesce a leggere'],
      ['empty.csv', '', 422, 'Il file è vuoto'],
      ['headers.csv', 'Tipo,Marca\r\n', 422, 'nessuna riga di dati'],
    ];
    for (const [name, body, status, text] of cases) {
      const r = await upload(coordinator.cookie, name, body);
      expect(r.status, name).toBe(status);
      expect(r.html, name).toContain(text);
      expect(r.html).toContain('lang="it"');
    }
    const huge = await upload(coordinator.cookie, 'huge.csv', 'Tipo\r\n' + 'portatile\r\n'.repeat(1_100_000));
    expect(huge.status).toBe(413);
    const english = await t.person('coordinator', 'FOL');
    await t.db.updateTable('users').set({ locale: 'en' }).where('id', '=', english.id).execute();
    const en = await upload(english.cookie, 'photo.jpg', new Uint8Array([0xff, 0xd8, 0, 0]));
    expect(en.html).toContain('This file is not a CSV or XLSX spreadsheet.');
    expect(await Promise.all(['imports', 'import_rows', 'devices'].map((x) => t.count(x)))).toEqual(before);
  });

  it('keeps imports to the hub’s coordinators and administrators', async () => {
    const up = await upload(coordinator.cookie, 'a.csv', 'Tipo\r\nportatile\r\n');
    const id = idOf(up.location);
    const volunteer = await t.person('volunteer', 'FOL');
    const otherHub = await t.person('coordinator', 'PER');
    expect((await t.page('/imports', volunteer.cookie)).status).toBe(403);
    expect((await t.page(`/imports/${id}`, otherHub.cookie)).status).toBe(404);
    expect((await t.api('GET', `/api/v1/imports/${id}`, await t.token('coordinator', 'PER'))).status).toBe(404);
    expect((await upload(volunteer.cookie, 'a.csv', 'Tipo\r\nportatile\r\n')).status).toBe(403);
    const admin = await t.person('admin');
    expect((await t.page(`/imports/${id}`, admin.cookie)).status).toBe(200);
  });
});

async function countSerials(prefix: string) {
  const r = await t.db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('serial', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function figureDonations() {
  const r = await t.db
    .selectFrom('figure_counts')
    .select((eb) => eb.fn.sum<number>('n').as('n'))
    .where('metric', '=', 'donations')
    .where('scope', '=', 0)
    .where('bucket', 'like', '____')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
