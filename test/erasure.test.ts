import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { NWIPE_LOG, sample } from './support/samples';

let t: TestContext;
let volunteer: string;
let coordinator: string;
let volunteerPerson: Person;

beforeAll(async () => {
  t = await createTestContext();
  // The devices arrive before the real log was written (24 January 2023): its erasures are of this cycle.
  t.clock.set('2023-01-10T09:00:00.000Z');
  volunteer = await t.token('volunteer', 'FOL');
  coordinator = await t.token('coordinator', 'FOL');
  volunteerPerson = await t.person('volunteer', 'FOL', 'Marco Bianchi');
});
afterAll(() => t.close());

const LOG = sample(NWIPE_LOG);
const pdftotext = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
/** The text in reading order with white space folded: a phrase wrapped inside a paragraph or a table cell reads whole. */
const flowText = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');

/** The Dell Vostro 5581 of the log, as smartctl would report its two disks. */
const smartDisk = (model: string, serial: string, bytes: number, nvme = false) => ({
  json_format_version: [1, 0],
  smartctl: { version: [7, 3], exit_status: 0 },
  device: { name: nvme ? '/dev/nvme0n1' : '/dev/sda', type: nvme ? 'nvme' : 'sat', protocol: nvme ? 'NVMe' : 'ATA' },
  model_name: model,
  serial_number: serial,
  user_capacity: { bytes },
  rotation_rate: nvme ? undefined : 5400,
  smart_status: { passed: true },
});
let vostros = 0;
/**
 * The Vostro of the real log, with its two disks: the first as the log names them, each later one
 * with its own serials (a disk erased on one device is no evidence for another).
 */
function vostro() {
  const n = vostros++;
  const sda = n === 0 ? 'WD-WXC1A14S2591' : `WD-WXC1A14S2591${n}`;
  const nvme = n === 0 ? 'NS8BN06381120BD03' : `NS8BN06381120BD03${n}`;
  return {
    sda,
    nvme,
    log: LOG.replaceAll('WD-WXC1A14S2591', sda).replaceAll('NS8BN06381120BD03', nvme),
    disks: [smartDisk('WDC WD3200LPVX-60V0TT0', sda, 320072933376), smartDisk('BC501 NVMe SK hynix 256GB', nvme, 256060514304, true)],
  };
}

async function diagnosedLaptop(opts: { disks?: object[]; outcome?: string; hub?: string; token?: string } = {}) {
  const token = opts.token ?? coordinator;
  const { devices } = await donate(t, token, opts.hub ?? 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Vostro 5581' }]);
  const tag = devices[0]!.tag;
  if (opts.disks) expect((await t.api('POST', `/api/v1/devices/${tag}/hardware-reports`, token, { smartctl: opts.disks })).status).toBe(201);
  expect((await act(t, token, tag, { action: 'diagnose', outcome: opts.outcome ?? 'refurbish', hasStorage: true })).status).toBe(200);
  return tag;
}

const upload = (tag: string, body: string | Uint8Array, token = volunteer, type = 'text/plain') =>
  Promise.resolve(t.app.request(`/api/v1/devices/${tag}/erasure-logs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: body as BodyInit })).then(
    async (r) => ({ status: r.status, headers: r.headers, json: JSON.parse(await r.text()) }),
  );

const device = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}`, coordinator)).json;

describe('nwipe logs: POST /api/v1/devices/<TAG>/erasure-logs', () => {
  it('records one erasure per disk of the real log, exactly as a person reads it, and the device counts as erased', async () => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks });
    const r = await upload(tag, v.log);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ tag, state: 'wiped', erased: true, missingDisks: [] });
    expect(r.json.log).toMatchObject({
      tool: 'nwipe',
      toolVersion: 'ShredOS v2021.08.2_22_x86-64_0.32.023',
      method: 'Fill With Zeros',
      startedAt: '2023-01-24T13:35:06',
      finishedAt: '2023-01-24T15:48:44',
    });
    expect(r.json.disks).toEqual([
      {
        device: '/dev/sda',
        model: 'WDC WD3200LPVX-6',
        serial: 'WD-WXC1A14S2591',
        sizeBytes: 320072933376,
        method: 'Fill With Zeros',
        verification: 'last pass',
        rounds: 1,
        status: 'Erased',
        outcome: 'erased',
        durationSeconds: 2 * 3600 + 13 * 60 + 9,
        throughputMBs: 80,
        errors: { pass: 0, verification: 0, sync: 0 },
        startedAt: '2023-01-24T13:35:32',
        finishedAt: '2023-01-24T15:48:41',
        interrupted: false,
      },
      {
        device: '/dev/nvme0n1',
        model: 'BC501 NVMe SK hynix 256GB',
        serial: 'NS8BN06381120BD03',
        sizeBytes: 256060514304,
        method: 'Fill With Zeros',
        verification: 'last pass',
        rounds: 1,
        status: 'Erased',
        outcome: 'erased',
        durationSeconds: 2 * 3600 + 20 * 60 + 37,
        throughputMBs: 414,
        errors: { pass: 0, verification: 0, sync: 0 },
        startedAt: '2023-01-24T13:35:32',
        finishedAt: '2023-01-24T13:56:09',
        interrupted: false,
      },
    ]);
    // 320 GB and 256 GB, as the log's Found lines say.
    expect(r.json.disks.map((d: { sizeBytes: number }) => Math.round(d.sizeBytes / 1e9))).toEqual([320, 256]);
    const rows = await t.db.selectFrom('erasures').innerJoin('devices', 'devices.id', 'erasures.device_id').selectAll('erasures').where('devices.tag', '=', tag).orderBy('erasures.id').execute();
    expect(rows.map((e) => [e.disk_serial, e.outcome, e.method, e.nist_category, e.verification, e.rounds, e.status, e.source])).toEqual([
      ['WD-WXC1A14S2591', 'erased', 'Fill With Zeros', 'clear', 'last pass', 1, 'Erased', 'nwipe'],
      ['NS8BN06381120BD03', 'erased', 'Fill With Zeros', 'clear', 'last pass', 1, 'Erased', 'nwipe'],
    ]);
    // The event log explains the erasure: one erase event with a record per disk.
    const erase = (await device(tag)).events.find((e: { action: string }) => e.action === 'erase');
    expect(erase).toMatchObject({ from: 'diagnosed', to: 'wiped', data: { source: 'nwipe', method: 'Fill With Zeros' } });
    expect(erase.data.disks.map((d: { serial: string; outcome: string }) => [d.serial, d.outcome])).toEqual([
      ['WD-WXC1A14S2591', 'erased'],
      ['NS8BN06381120BD03', 'erased'],
    ]);
    expect((await act(t, coordinator, tag, { action: 'install', os: 'Debian 12' })).status).toBe(200);
    expect((await act(t, coordinator, tag, { action: 'ready' })).status).toBe(200);
  });

  it('without a hardware report, every disk of the log must be erased', async () => {
    const tag = await diagnosedLaptop();
    const r = await upload(tag, vostro().log);
    expect(r.json).toMatchObject({ state: 'wiped', erased: true });
  });

  it('a disk of the device missing from the log stays unerased: the device cannot be made ready', async () => {
    const third = smartDisk('ST1000LM035', 'WL1234567', 1000204886016);
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: [...v.disks, third] });
    const r = await upload(tag, v.log);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ state: 'diagnosed', erased: false, missingDisks: ['WL1234567'] });
    const ready = await act(t, coordinator, tag, { action: 'ready' });
    expect(ready.status).toBe(409);
    expect(ready.json.error).toBe('Questi dischi non risultano cancellati, distrutti o rimossi: WL1234567.');
    // Nor does the public passport say the data was erased.
    expect((await t.page(`/d/${tag}`)).html).not.toContain('sono stati cancellati');
    // Destroying the third disk accounts for it.
    const destroyed = await t.api('POST', `/api/v1/devices/${tag}/erasures`, coordinator, {
      kind: 'destruction',
      how: 'shredding',
      performedBy: 'RAEE Umbria Srl',
      performedAt: '2026-03-10',
      disks: [{ serial: 'WL1234567' }],
    });
    expect(destroyed.status, destroyed.text).toBe(201);
    expect(destroyed.json).toMatchObject({ state: 'wiped', erased: true });
    expect((await t.page(`/d/${tag}`)).html).toContain('I dati dei precedenti proprietari sono stati cancellati');
  });

  const VARIANTS: [string, (log: string) => string, string, string][] = [
    [
      'a failed disk (errors in the summary)',
      (l) => l.replace('       sda |           0 |                    0 |', '       sda |           3 |                    0 |').replace('       sda | Erased |', '!      sda | -FAILED- |'),
      'failed',
      'FAILED',
    ],
    ['an aborted run', (l) => l.replace('       sda | Erased |', '       sda | UABORTED |'), 'aborted', 'UABORTED'],
    ['an unfinished run (the log ends before the summary)', (l) => l.slice(0, l.indexOf('[2023/01/24 14:43:16]')), 'unfinished', 'unfinished'],
    ['an erasure without verification', (l) => l.replace('verify   = 1 (last pass)', 'verify   = 0 (off)'), 'unverified', 'Erased'],
  ];
  it.each(VARIANTS)('%s is recorded as such and does not count', async (_name, mutate, outcome, status) => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks });
    const r = await upload(tag, mutate(v.log));
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.erased).toBe(false);
    expect(r.json.state).toBe('diagnosed');
    const sda = r.json.disks.find((d: { serial: string }) => d.serial === v.sda);
    expect(sda).toMatchObject({ outcome, status });
    expect(r.json.missingDisks).toContain(v.sda);
    expect((await act(t, coordinator, tag, { action: 'install', os: 'Debian 12' })).status).toBe(409);
    expect((await act(t, coordinator, tag, { action: 'ready' })).status).toBe(409);
  });

  it('a later failed erasure of a wiped device takes it back to diagnosed', async () => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks });
    expect((await upload(tag, v.log)).json.state).toBe('wiped');
    const r = await upload(tag, v.log.replace('   nvme0n1 | Erased |', '   nvme0n1 | UABORTED |'));
    expect(r.json).toMatchObject({ state: 'diagnosed', erased: false, missingDisks: [v.nvme] });
  });

  it('the same log uploaded twice is recorded once; after a return it no longer counts', async () => {
    const tag = await diagnosedLaptop();
    const log = vostro().log;
    const first = await upload(tag, log);
    const events = (await device(tag)).events.length;
    const again = await upload(tag, log, coordinator);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.event.id).toBe(first.json.event.id);
    expect((await device(tag)).events).toHaveLength(events);

    for (const step of [{ action: 'install', os: 'Debian 12' }, { action: 'ready' }]) expect((await act(t, coordinator, tag, step)).status).toBe(200);
    const request = await t.db.selectFrom('devices').select('id').where('tag', '=', tag).executeTakeFirstOrThrow();
    // A new cycle (as a return does): the old log is refused, not silently counted.
    await t.db.updateTable('devices').set({ cycle: 2, state: 'diagnosed' }).where('id', '=', request.id).execute();
    const old = await upload(tag, log);
    expect(old.status).toBe(409);
    expect(old.json.error).toMatch(/prima che rientrasse/);
  });

  const GARBAGE: [string, () => string | Uint8Array, string, number, RegExp][] = [
    ['a picture', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'text/plain', 422, /non è testo/],
    ['some other text', () => 'Dear diary, today I wiped a disk.\n', 'text/plain', 422, /non è un log di nwipe/],
    ['an empty file', () => '', 'text/plain', 422, /vuoto/],
    ['only the options block', () => LOG.split('\n').slice(28, 40).join('\n'), 'text/plain', 422, /non è un log di nwipe/],
    ['JSON', () => '{"log":"x"}', 'application/json', 415, /text\/plain/],
    ['a file over 1 MB', () => LOG.repeat(200), 'text/plain', 413, /troppo grande per essere un log di nwipe \(massimo 1 MB\)/],
  ];
  it.each(GARBAGE)('%s → %s… nothing written', async (_name, body, type, status, message) => {
    const tag = await diagnosedLaptop();
    const before = [await t.count('erasures'), await t.count('erasure_logs'), await t.count('device_events')];
    const r = await upload(tag, body(), volunteer, type);
    expect(r.status).toBe(status);
    expect(r.json.error).toMatch(message);
    expect([await t.count('erasures'), await t.count('erasure_logs'), await t.count('device_events')]).toEqual(before);
  });

  it('refuses a log for a device not yet diagnosed, saying why', async () => {
    const { devices } = await donate(t, coordinator, 'FOL', [{ type: 'laptop' }]);
    const r = await upload(devices[0]!.tag, LOG);
    expect(r.status).toBe(409);
    expect(r.json.error).toBe('«Cancellazione dati» non è possibile quando il dispositivo è nello stato «Ricevuto».');
  });
});

describe('the log on the device page', () => {
  const multipart = (tag: string, file: Blob, name = 'nwipe_log.txt') => {
    const form = new FormData();
    form.set('_csrf', t.csrf);
    form.set('log', file, name);
    return t.app.request(`/d/${tag}/erasure-logs`, { method: 'POST', headers: { cookie: volunteerPerson.cookie }, body: form });
  };

  it('a volunteer uploads the log as a file and reads what it proved', async () => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks });
    const page = await t.page(`/d/${tag}`, volunteerPerson.cookie);
    expect(page.html).toContain(`action="/d/${tag}/erasure-logs"`);
    expect(page.html).toContain('enctype="multipart/form-data"');
    const r = await multipart(tag, new Blob([v.log], { type: 'text/plain' }));
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('Log registrato: dischi cancellati e verificati 2 su 2. Il dispositivo ora risulta cancellato.');
    const after = await t.page(`/d/${tag}`, volunteerPerson.cookie);
    expect(after.html).toContain('Tutti i dischi risultano cancellati, distrutti o rimossi in questo ciclo.');
    expect(after.html).toContain(v.sda);
    expect(after.html).toContain(v.nvme);
    expect(after.html).toContain(`href="/d/${tag}/erasure-certificate.pdf"`);
  });

  it('a picture uploaded by mistake is refused on the page, in Italian, with nothing written', async () => {
    const tag = await diagnosedLaptop();
    const before = await t.count('erasures');
    const r = await multipart(tag, new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])], { type: 'image/jpeg' }), 'photo.jpg');
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('Questo file non è testo');
    expect(await t.count('erasures')).toBe(before);
  });
});

describe('manual records: another tool, destruction, removal', () => {
  it('ATA Secure Erase with hdparm, Purge, verified: a volunteer’s record counts once a coordinator confirms it', async () => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: [v.disks[0]!] });
    const r = await t.api('POST', `/api/v1/devices/${tag}/erasures`, volunteer, {
      kind: 'wipe',
      method: 'ATA Enhanced Secure Erase',
      tool: 'hdparm 9.65',
      verification: 'read back of 10% sampled sectors, all zero',
      verified: true,
      disks: [{ serial: v.sda }],
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ state: 'diagnosed', erased: false, counts: false, message: 'Registrato. Conta solo dopo la conferma di un coordinatore.' });
    const records = (await t.api('GET', `/api/v1/devices/${tag}/erasures`, volunteer)).json.records;
    // The category comes from the method: ATA Secure Erase is Purge.
    expect(records).toEqual([
      expect.objectContaining({ serial: v.sda, outcome: 'erased', method: 'ATA Enhanced Secure Erase', category: 'purge', tool: 'hdparm 9.65', source: 'manual', standing: 'pending' }),
    ]);
    expect((await act(t, coordinator, tag, { action: 'install', os: 'Debian 12' })).status).toBe(409);
    const confirmed = await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'confirm', records: [records[0].id] });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json).toMatchObject({ state: 'wiped', erased: true });
  });

  it('destroying the disks of a device kept for parts: allowed, recorded with who, when and how, the state unchanged', async () => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks, outcome: 'parts' });
    const r = await t.api('POST', `/api/v1/devices/${tag}/erasures`, coordinator, {
      kind: 'destruction',
      how: 'drilling',
      performedBy: 'Luca Rossi',
      performedAt: '2026-03-09',
      disks: [{ serial: v.sda }, { serial: v.nvme }],
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ state: 'diagnosed', erased: true });
    const records = (await t.api('GET', `/api/v1/devices/${tag}/erasures`, volunteer)).json.records;
    expect(
      records.map((x: { serial: string; outcome: string; performedBy: string; performedAt: string; method: string; category: string }) => [
        x.serial,
        x.outcome,
        x.performedBy,
        x.performedAt,
        x.method,
        x.category,
      ]),
    ).toEqual([
      [v.sda, 'destroyed', 'Luca Rossi', '2026-03-09', 'drilling', 'destroy'],
      [v.nvme, 'destroyed', 'Luca Rossi', '2026-03-09', 'drilling', 'destroy'],
    ]);
    // A wipe of a parts device is not refurbishment work.
    const wipe = await t.api('POST', `/api/v1/devices/${tag}/erasures`, coordinator, {
      kind: 'wipe',
      method: 'NVMe Sanitize',
      tool: 'nvme-cli',
      verification: 'sanitize log',
      verified: true,
      disks: [{ serial: v.nvme }],
    });
    expect(wipe.status).toBe(409);
  });

  it('a disk removed and kept as a part joins the hub’s stock; fitted into another device, it must be erased there', async () => {
    const v = vostro();
    const source = await diagnosedLaptop({ disks: [v.disks[1]!] });
    const removed = await t.api('POST', `/api/v1/devices/${source}/erasures`, coordinator, { kind: 'removal', keep: 'part', disks: [{ serial: v.nvme }] });
    expect(removed.status, removed.text).toBe(201);
    expect(removed.json).toMatchObject({ state: 'wiped', erased: true });
    const stock = await t.api('GET', '/api/v1/parts', volunteer);
    const part = stock.json.items.find((p: { serial: string }) => p.serial === v.nvme);
    expect(part).toMatchObject({ kind: 'disk', available: 1, from: source });

    const target = await diagnosedLaptop();
    expect((await upload(target, v.log)).json.erased).toBe(true);
    const fitted = await t.api('POST', `/api/v1/devices/${target}/parts`, volunteer, { part: part.id });
    expect(fitted.status, fitted.text).toBe(201);
    const blocked = await act(t, coordinator, target, { action: 'install', os: 'Debian 12' });
    expect(blocked.status).toBe(409);
    expect(blocked.json.error).toBe(`Questi dischi non risultano cancellati, distrutti o rimossi: ${v.nvme}.`);
    expect((await upload(target, v.log.replace('Nwipe successfully completed', 'Nwipe successfully completed.'))).json.erased).toBe(true);
    expect((await act(t, coordinator, target, { action: 'install', os: 'Debian 12' })).status).toBe(200);
    expect((await t.api('GET', '/api/v1/parts', volunteer)).json.items.find((p: { id: number }) => p.id === part.id)).toBeUndefined();
  });

  it('refuses a destruction without saying which disks when no report lists them', async () => {
    const tag = await diagnosedLaptop();
    const r = await t.api('POST', `/api/v1/devices/${tag}/erasures`, volunteer, { kind: 'destruction', how: 'shredding', performedBy: 'X', performedAt: '2026-03-10' });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(/Indica ogni disco/);
  });
});

describe('certificates', () => {
  it('the device certificate names every disk, the method, tool, category and verification, with a code anyone can check', async () => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks });
    await upload(tag, v.log);
    const r = await t.app.request(`/api/v1/devices/${tag}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const code = r.headers.get('x-verification-code')!;
    expect(code).toMatch(/^RG-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const bytes = Buffer.from(await r.arrayBuffer());
    const text = pdftotext(bytes);
    for (const expected of [
      'Certificato di cancellazione dei dati',
      v.sda,
      v.nvme,
      'WDC WD3200LPVX-6',
      '320 GB',
      '256 GB',
      'Fill With Zeros',
      'nwipe (ShredOS v2021.08.2_22_x86-64_0.32.023)',
      'Clear (NIST SP 800-88)',
      'last pass',
      '24/01/2023',
      'DigiPASS Foligno',
      code,
      tag,
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toMatch(/Cancellato con il metodo «Fill With Zeros» \(passate: 1\), verificato con: last pass/);
    // Start and end of each disk's erasure, as the log's clock wrote them, and who uploaded it.
    expect(text).toMatch(/Inizio\s+24\/01\/2023 13:35/);
    expect(text).toMatch(/Fine\s+24\/01\/2023 15:48/);
    expect(text).toMatch(/Caricato o registrato da\s+\S/);
    expect(flowText(bytes)).toMatch(/Non è una certificazione rilasciata da un ente terzo/);

    // The same content gets the same code; the public check shows no person and shortened serials.
    const again = await t.app.request(`/api/v1/devices/${tag}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(again.headers.get('x-verification-code')).toBe(code);
    const check = await t.api('GET', `/api/v1/certificates/${code.toLowerCase()}`, null);
    expect(check.status).toBe(200);
    expect(check.json).toMatchObject({ code, kind: 'device', hub: 'DigiPASS Foligno', superseded: false });
    expect(check.json.devices[0].disks.map((d: { serial: string; outcome: string }) => [d.serial, d.outcome])).toEqual([
      [`…${v.sda.slice(-4)}`, 'erased'],
      [`…${v.nvme.slice(-4)}`, 'erased'],
    ]);
    expect(check.text).not.toContain(v.sda);
    expect(check.text).not.toContain('volunteer');
    const page = await t.page(`/verify/${code}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Dati cancellati');
    expect((await t.page('/verify/RG-0000-0000-0000')).status).toBe(404);
    expect((await t.page('/verify/hello')).status).toBe(400);
  });

  it('no certificate while a disk is not erased', async () => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks });
    await upload(tag, v.log.replace('       sda | Erased |', '       sda | UABORTED |'));
    const r = await t.api('GET', `/api/v1/devices/${tag}/erasure-certificate.pdf`, coordinator);
    expect(r.status).toBe(409);
    expect(r.json.error).toMatch(/non tutti i suoi dischi risultano cancellati/);
  });

  it('the donation certificate lists every disk of every device with its outcome, for the donor', async () => {
    const { id, devices } = await donate(t, coordinator, 'FOL', [{ type: 'laptop' }, { type: 'monitor' }, { type: 'laptop' }], { kind: 'company', name: 'Studio Verdi Srl' });
    const [erased, monitor, pending] = devices.map((d) => d.tag) as [string, string, string];
    const v = vostro();
    await t.api('POST', `/api/v1/devices/${erased}/hardware-reports`, coordinator, { smartctl: v.disks });
    await act(t, coordinator, erased, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    await upload(erased, v.log);
    await act(t, coordinator, monitor, { action: 'diagnose', outcome: 'refurbish', hasStorage: false });
    await t.api('POST', `/api/v1/devices/${pending}/hardware-reports`, coordinator, { smartctl: [smartDisk('ST500LM021', 'W62DTX9Q', 500107862016)] });
    const r = await t.app.request(`/api/v1/donations/${id}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(r.status).toBe(200);
    const pdfBytes = Buffer.from(await r.arrayBuffer());
    const text = pdftotext(pdfBytes);
    const flow = flowText(pdfBytes);
    for (const expected of ['Studio Verdi Srl', erased, monitor, pending, v.sda, v.nvme, 'W62DTX9Q', 'senza memorie', 'cancellato e verificato', 'non ancora trattato']) {
      expect(flow, expected).toContain(expected);
    }
    // The headline counts only the devices with storage: the monitor is said apart.
    expect(text).toMatch(/Memorie messe in sicurezza\s+1 su 2 dispositivi con memorie/);
    expect(text).toMatch(/Dispositivi senza memorie\s+1/);
    // The disk of the third laptop is listed, honestly, as not erased yet.
    expect(text).toMatch(/W62DTX9Q · Nessuna cancellazione/);
    // Volunteers do not see donors.
    expect((await t.api('GET', `/api/v1/donations/${id}/erasure-certificate.pdf`, volunteer)).status).toBe(403);
    const page = await t.page(`/donations/${id}`, (await t.person('coordinator', 'FOL')).cookie);
    expect(page.html).toContain(`href="/donations/${id}/erasure-certificate.pdf"`);
    const pdf = await t.app.request(`/donations/${id}/erasure-certificate.pdf`, { headers: { cookie: (await t.person('coordinator', 'FOL')).cookie } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('new records make a new certificate; the old code says it was replaced', async () => {
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks });
    await upload(tag, v.log);
    const first = (await t.app.request(`/api/v1/devices/${tag}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } })).headers.get('x-verification-code')!;
    await t.api('POST', `/api/v1/devices/${tag}/erasures`, coordinator, { kind: 'removal', keep: 'destroyed', disks: [{ serial: v.nvme }] });
    const second = (await t.app.request(`/api/v1/devices/${tag}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } })).headers.get('x-verification-code')!;
    expect(second).not.toBe(first);
    expect((await t.api('GET', `/api/v1/certificates/${first}`, null)).json.superseded).toBe(true);
    expect((await t.api('GET', `/api/v1/certificates/${second}`, null)).json.superseded).toBe(false);
  });
});

describe('certificates name the body that runs the programme', () => {
  it('the PDF and the public check carry its name, codice fiscale and address, as they were when it was issued', async () => {
    const admin = await t.token('admin');
    const body = { name: 'DigiPASS Umbria', bodyName: 'Comunità Montana dei Monti Martani', taxCode: '94000120546', address: 'Piazza della Repubblica 1, 06034 Foligno (PG)' };
    expect((await t.api('PUT', '/api/v1/programme', admin, body)).status).toBe(200);
    const v = vostro();
    const tag = await diagnosedLaptop({ disks: v.disks });
    await upload(tag, v.log);
    const r = await t.app.request(`/api/v1/devices/${tag}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${coordinator}` } });
    const code = r.headers.get('x-verification-code')!;
    const text = pdftotext(Buffer.from(await r.arrayBuffer()));
    // The facts column wraps: compare with the layout's spaces squeezed.
    expect(text.replace(/\s+/g, ' ')).toContain('Ente titolare del programma Comunità Montana dei Monti Martani · C.F./P.IVA 94000120546 · Piazza della Repubblica 1, 06034 Foligno (PG)');
    const line = 'Comunità Montana dei Monti Martani · C.F./P.IVA 94000120546 · Piazza della Repubblica 1, 06034 Foligno (PG)';
    expect((await t.page(`/verify/${code}`)).html).toContain(line);
    expect((await t.api('GET', `/api/v1/certificates/${code}`, null)).json.body).toEqual({ name: body.bodyName, taxCode: body.taxCode, address: body.address });
    // The body renamed later: the certificate already issued keeps what it said.
    expect((await t.api('PUT', '/api/v1/programme', admin, { ...body, bodyName: 'Altro Ente' })).status).toBe(200);
    expect((await t.page(`/verify/${code}`)).html).toContain(line);
    expect((await t.page(`/verify/${code}?lang=en`)).html).toContain('Body running the programme');
  });
});
