/**
 * Erasure evidence as strict as a professional refurbisher's: which device a log proves anything
 * for, what each disk's outcome may claim, and evidence from people confirmed by a coordinator.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type TestContext } from './support/context';

let t: TestContext;
let volunteer: string;
let coordinator: string;

beforeAll(async () => {
  t = await createTestContext();
  // Devices arrive before the logs were written (January 2023, March 2026).
  t.clock.set('2023-01-10T09:00:00.000Z');
  volunteer = await t.token('volunteer', 'FOL');
  coordinator = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

const FIXTURES = join(import.meta.dirname, 'fixtures', 'nwipe');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const REAL = 'shredos-2021.08.2_22-nwipe-0.32.023.real.txt';
const SDA = 'WD-WXC1A14S2591';
const NVME = 'NS8BN06381120BD03';

let renamed = 0;
/** A log with its disks' serials (and the machine's) made unique: one physical disk is erased on one device only. */
function own(log: string) {
  const n = ++renamed;
  const sda = `${SDA}-${n}`;
  const nvme = `${NVME}-${n}`;
  const serial = `3FBJ6P${n}`;
  return { sda, nvme, serial, log: log.replaceAll(SDA, sda).replaceAll(NVME, nvme).replaceAll('3FBJ6P2', serial) };
}

const smartDisk = (model: string, serial: string, bytes: number) => ({
  json_format_version: [1, 0],
  smartctl: { version: [7, 3], exit_status: 0 },
  device: { name: '/dev/sda', type: 'sat', protocol: 'ATA' },
  model_name: model,
  serial_number: serial,
  user_capacity: { bytes },
  smart_status: { passed: true },
});

async function laptop(opts: { disks?: string[]; serial?: string; model?: string } = {}) {
  const { devices } = await donate(t, coordinator, 'FOL', [{ type: 'laptop', brand: 'Dell', model: opts.model ?? 'Vostro 5581', serial: opts.serial }]);
  const tag = devices[0]!.tag;
  if (opts.disks) {
    const r = await t.api('POST', `/api/v1/devices/${tag}/hardware-reports`, coordinator, { smartctl: opts.disks.map((s) => smartDisk('Disk', s, 256060514304)) });
    expect(r.status, r.text).toBe(201);
  }
  expect((await act(t, coordinator, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true })).status).toBe(200);
  return tag;
}

const upload = async (tag: string, body: string, token = volunteer) => {
  const r = await t.app.request(`/api/v1/devices/${tag}/erasure-logs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body });
  return { status: r.status, json: JSON.parse(await r.text()) };
};
const records = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}/erasures`, coordinator)).json.records as Record<string, unknown>[];
const state = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}`, coordinator)).json.state as string;

describe('a table of logs: each disk’s outcome, and whether the device ends up erased', () => {
  // [fixture, per disk (sda, nvme) expected outcome, device erased]
  const TABLE: [string, string[], boolean][] = [
    [REAL, ['erased', 'erased'], true],
    ['percent-column-retry.constructed.txt', ['erased', 'erased'], true],
    ['user-ended-after-erased.constructed.txt', ['erased', 'erased'], true],
    ['verify-only.constructed.txt', ['verifyOnly', 'verifyOnly'], false],
    ['no-verify-line.constructed.txt', ['unverified', 'unverified'], false],
    ['truncated.constructed.txt', ['unfinished', 'unfinished'], false],
    ['failed-pass2.constructed.txt', ['failed', 'erased'], false],
  ];
  it.each(TABLE)('%s → %j, erased: %s', async (name, outcomes, erased) => {
    const l = own(fixture(name));
    const tag = await laptop({ disks: [l.sda, l.nvme] });
    const r = await upload(tag, l.log);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.counts).toBe(true);
    expect(r.json.disks.map((d: { serial: string; outcome: string }) => [d.serial, d.outcome])).toEqual([
      [l.sda, outcomes[0]],
      [l.nvme, outcomes[1]],
    ]);
    expect(r.json.erased).toBe(erased);
    expect(await state(tag)).toBe(erased ? 'wiped' : 'diagnosed');
    // No category is claimed that the evidence does not give: only for a disk erased or unverified.
    for (const rec of await records(tag)) expect(rec.category, String(rec.outcome)).toBe(['erased', 'unverified'].includes(String(rec.outcome)) ? 'clear' : null);
    // The answer says what was proved, never a bare "done".
    if (erased) expect(r.json.message).toBe('Log registrato: dischi cancellati e verificati 2 su 2. Il dispositivo ora risulta cancellato.');
    else expect(r.json.message).toMatch(/^Log registrato: dischi cancellati e verificati [01] su 2\. Il dispositivo non risulta ancora cancellato: il disco \S+ \(.+\) risulta «.+»\.$/);
  });

  it('the operator ending the run after the table said Erased is noted with the record', async () => {
    const l = own(fixture('user-ended-after-erased.constructed.txt'));
    const tag = await laptop({ disks: [l.sda, l.nvme] });
    expect((await upload(tag, l.log)).json.disks.every((d: { interrupted: boolean }) => d.interrupted)).toBe(true);
    const rows = await t.db.selectFrom('erasures').innerJoin('devices', 'devices.id', 'erasures.device_id').select('erasures.details').where('devices.tag', '=', tag).execute();
    expect(rows.map((r) => JSON.parse(r.details ?? '{}'))).toEqual([{ interrupted: true }, { interrupted: true }]);
  });

  it('the issue’s three-line “log” (a Found line, one Erased row, no table, no verification) proves nothing', async () => {
    const tag = await laptop();
    const r = await upload(tag, fixture('three-lines-no-verify.constructed.txt').replace('2026/03/10', '2023/02/01'));
    expect(r.status).toBe(201);
    expect(r.json.disks).toEqual([expect.objectContaining({ serial: 'S33HNX0K123456', outcome: 'unfinished' })]);
    expect(r.json.erased).toBe(false);
    expect(await state(tag)).toBe('diagnosed');
  });
});

describe('a log proves an erasure only for this device', () => {
  it('another machine’s log (its system serial) is kept with the reason and counts for nothing', async () => {
    const l = own(fixture(REAL));
    const tag = await laptop({ serial: 'CN0H5K8Y', disks: [l.sda, l.nvme] });
    const r = await upload(tag, l.log);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ counts: false, erased: false, state: 'diagnosed' });
    expect(r.json.message).toContain(`Il log è di un altro computer: numero di serie ${l.serial}, questo dispositivo ha CN0H5K8Y.`);
    expect((await records(tag)).map((x) => x.standing)).toEqual(['unfit', 'unfit']);
    expect(await t.db.selectFrom('erasure_logs').select('problems').where('sha256', '!=', '').orderBy('id', 'desc').executeTakeFirstOrThrow()).toMatchObject({
      problems: expect.stringContaining('systemSerial'),
    });
  });

  it('another model’s log counts for nothing', async () => {
    const l = own(fixture(REAL));
    const tag = await laptop({ model: 'Latitude E7240', disks: [l.sda, l.nvme] });
    const r = await upload(tag, l.log);
    expect(r.json).toMatchObject({ counts: false, erased: false });
    expect(r.json.message).toContain('Il log è di un altro modello: Vostro 5581, questo dispositivo è un Latitude E7240.');
  });

  it('a disk that is not one of the report’s disks is named, and the log counts for nothing', async () => {
    const l = own(fixture(REAL));
    const tag = await laptop({ disks: [l.sda, 'S33HNX0K999999'] });
    const r = await upload(tag, l.log);
    expect(r.json).toMatchObject({ counts: false, erased: false });
    expect(r.json.message).toContain(`Il disco ${l.nvme} (BC501 NVMe SK hynix 256GB) non è tra i dischi di questo dispositivo.`);
  });

  it('without a report the log’s disks become the device’s disks: a later log with another disk does not fit', async () => {
    const l = own(fixture(REAL));
    const tag = await laptop();
    expect((await upload(tag, l.log)).json).toMatchObject({ counts: true, erased: true });
    const other = own(fixture(REAL));
    const r = await upload(tag, other.log.replaceAll(other.serial, l.serial));
    expect(r.json.counts).toBe(false);
    expect(r.json.message).toContain(`Il disco ${other.sda}`);
  });

  it('the same disk already erased on another device in its current cycle: the second device gets nothing from it', async () => {
    const l = own(fixture(REAL));
    const first = await laptop();
    expect((await upload(first, l.log)).json.erased).toBe(true);
    const second = await laptop();
    const r = await upload(second, l.log);
    expect(r.json).toMatchObject({ counts: false, erased: false, state: 'diagnosed' });
    expect(r.json.message).toContain(`Il disco ${l.sda} risulta già cancellato su un altro dispositivo (${first}).`);
    // A coordinator reviews it and accepts it with a written reason: an event in the log.
    const log = (await t.api('GET', `/api/v1/devices/${second}/erasures`, coordinator)).json.logs[0];
    expect((await t.api('POST', `/api/v1/devices/${second}/erasure-reviews`, volunteer, { kind: 'accept', log: log.id, reason: 'x' })).status).toBe(403);
    expect((await t.api('POST', `/api/v1/devices/${second}/erasure-reviews`, coordinator, { kind: 'accept', log: log.id })).status).toBe(422);
    const accepted = await t.api('POST', `/api/v1/devices/${second}/erasure-reviews`, coordinator, { kind: 'accept', log: log.id, reason: 'dischi spostati in laboratorio dal primo portatile' });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json).toMatchObject({ state: 'wiped', erased: true });
    const events = (await t.api('GET', `/api/v1/devices/${second}`, coordinator)).json.events;
    expect(events.at(-1)).toMatchObject({ action: 'erase', data: { review: { kind: 'accept', reason: 'dischi spostati in laboratorio dal primo portatile' } } });
  });

  it('an erasure that finished before the device’s latest intake counts for nothing, says why, and cannot be accepted', async () => {
    t.clock.set('2026-03-10T09:00:00.000Z');
    try {
      const l = own(fixture(REAL));
      const tag = await laptop({ disks: [l.sda, l.nvme] });
      const r = await upload(tag, l.log);
      expect(r.json).toMatchObject({ counts: false, erased: false });
      expect(r.json.message).toContain('La cancellazione è finita il 2023-01-24, prima dell’ultimo ingresso del dispositivo (2026-03-10): non vale per questo ciclo.');
      const log = (await t.api('GET', `/api/v1/devices/${tag}/erasures`, coordinator)).json.logs[0];
      const accept = await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'accept', log: log.id, reason: 'era già cancellato' });
      expect(accept.status).toBe(409);
      expect(await state(tag)).toBe('diagnosed');
    } finally {
      t.clock.set('2023-01-10T09:00:00.000Z');
    }
  });
});

describe('evidence from people', () => {
  const wipe = (serial: string) => ({
    kind: 'wipe',
    method: 'NVMe Sanitize (crypto erase)',
    tool: 'nvme-cli 2.4',
    verification: 'sanitize log: completed, no errors',
    verified: true,
    disks: [{ serial }],
  });

  it('a volunteer’s manual record holds the guard until a coordinator confirms it; a refusal keeps it held', async () => {
    const tag = await laptop({ disks: ['NVME-P-1'] });
    const r = await t.api('POST', `/api/v1/devices/${tag}/erasures`, volunteer, wipe('NVME-P-1'));
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ counts: false, erased: false, state: 'diagnosed' });
    expect((await act(t, coordinator, tag, { action: 'install', os: 'Debian 12' })).status).toBe(409);
    // The coordinator's "to confirm" list names it; a volunteer cannot see the list.
    const pending = await t.api('GET', '/api/v1/erasures/pending', coordinator);
    const item = pending.json.items.find((i: { tag: string }) => i.tag === tag);
    expect(item).toMatchObject({ serial: 'NVME-P-1', method: 'NVMe Sanitize (crypto erase)', category: 'purge' });
    expect((await t.api('GET', '/api/v1/erasures/pending', volunteer)).status).toBe(403);
    expect((await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, volunteer, { kind: 'confirm', records: [item.id] })).status).toBe(403);
    const refused = await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'refuse', records: [item.id], reason: 'manca la stampa del log di sanitize' });
    expect(refused.status, refused.text).toBe(200);
    expect(refused.json).toMatchObject({ erased: false, state: 'diagnosed' });
    const again = await t.api('POST', `/api/v1/devices/${tag}/erasures`, volunteer, wipe('NVME-P-1'));
    const id = (await records(tag)).at(-1)!.id;
    expect(again.json.counts).toBe(false);
    const confirmed = await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'confirm', records: [id] });
    expect(confirmed.json).toMatchObject({ erased: true, state: 'wiped' });
    const rec = (await records(tag)).at(-1)!;
    expect(rec).toMatchObject({ standing: 'counts', reviewedBy: expect.any(String), reviewedAt: expect.any(String) });
    // Who and when, in the event log.
    const events = (await t.api('GET', `/api/v1/devices/${tag}`, coordinator)).json.events;
    expect(events.filter((e: { data: { review?: { kind: string } } }) => e.data?.review).map((e: { data: { review: { kind: string } } }) => e.data.review.kind)).toEqual(['refuse', 'confirm']);
  });

  it('a coordinator’s own record counts at once; a withdrawal with a reason re-opens the guard', async () => {
    const tag = await laptop({ disks: ['NVME-C-1'] });
    const r = await t.api('POST', `/api/v1/devices/${tag}/erasures`, coordinator, wipe('NVME-C-1'));
    expect(r.json).toMatchObject({ counts: true, erased: true, state: 'wiped', message: 'Registrato.' });
    const id = (await records(tag))[0]!.id;
    expect((await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'withdraw', records: [id] })).status).toBe(422);
    const w = await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'withdraw', records: [id], reason: 'registrato sul portatile sbagliato' });
    expect(w.status, w.text).toBe(200);
    expect(w.json).toMatchObject({ erased: false, state: 'diagnosed' });
    expect((await act(t, coordinator, tag, { action: 'install', os: 'Debian 12' })).status).toBe(409);
    expect((await records(tag))[0]).toMatchObject({ standing: 'withdrawn', reviewReason: 'registrato sul portatile sbagliato' });
  });

  it('nothing is taken for granted: each disk, the category from the method or chosen', async () => {
    const tag = await laptop({ disks: ['HDD-M-1'] });
    const post = (body: object) => t.api('POST', `/api/v1/devices/${tag}/erasures`, coordinator, body);
    expect((await post({ ...wipe('HDD-M-1'), disks: undefined })).json.error).toMatch(/Indica ogni disco/);
    // An overwrite is Clear: choosing Purge for it is refused.
    const clash = await post({ ...wipe('HDD-M-1'), method: 'one pass of zeros with dd', category: 'purge' });
    expect(clash.status).toBe(422);
    // A method that says nothing: the person must choose.
    const unknown = await post({ ...wipe('HDD-M-1'), method: 'manufacturer tool, factory reset' });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error).toMatch(/scegli Clear o Purge/);
    const chosen = await post({ ...wipe('HDD-M-1'), method: 'manufacturer tool, factory reset', category: 'purge' });
    expect(chosen.status, chosen.text).toBe(201);
    expect((await records(tag))[0]).toMatchObject({ category: 'purge' });
  });

  it('the manual form comes with nothing pre-filled and no disk ticked', async () => {
    const tag = await laptop({ disks: ['HDD-F-1', 'HDD-F-2'] });
    const page = await t.page(`/d/${tag}`, (await t.person('volunteer', 'FOL')).cookie);
    const form = page.html.slice(page.html.indexOf('id="erasure-manual"'), page.html.indexOf('id="erasure-destruction"'));
    expect(form).toContain('HDD-F-1');
    expect(form).not.toMatch(/\schecked/);
    expect(form).not.toMatch(/name="(method|tool|verification|performedAt)"[^>]*value="[^"]/);
  });

  it('a volunteer’s destruction waits for a coordinator too', async () => {
    const tag = await laptop({ disks: ['HDD-D-1'] });
    const r = await t.api('POST', `/api/v1/devices/${tag}/erasures`, volunteer, {
      kind: 'destruction',
      how: 'foratura',
      performedBy: 'Luca Rossi',
      performedAt: '2023-01-12',
      disks: [{ serial: 'HDD-D-1' }],
    });
    expect(r.json).toMatchObject({ counts: false, erased: false });
    const page = await t.page(`/d/${tag}`, (await t.person('coordinator', 'FOL')).cookie);
    expect(page.html).toContain('da confermare da un coordinatore');
    expect(page.html).toContain(`action="/d/${tag}/erasure-reviews"`);
  });
});

describe('certificates claim exactly what was done', () => {
  const pdf = async (path: string) => {
    const r = await t.app.request(path, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(r.status, path).toBe(200);
    return { bytes: Buffer.from(await r.arrayBuffer()), code: r.headers.get('x-verification-code')! };
  };
  const text = (bytes: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString('utf8');

  /** Every page has content, and as many pages as the document says ("Pagina n di m"). */
  function noBlankPages(bytes: Buffer) {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: bytes }).toString())![1]);
    const perPage = text(bytes).split('\f').slice(0, pages);
    expect(perPage).toHaveLength(pages);
    perPage.forEach((p, i) => {
      // More than the footer: the page carries the document's own words.
      expect(p.replace(/Codice di verifica.*$/m, '').trim().length, `page ${i + 1}`).toBeGreaterThan(20);
      expect(p, `page ${i + 1}`).toContain(`Pagina ${i + 1} di ${pages}`);
    });
    const dir = mkdtempSync(join(tmpdir(), 'cert-'));
    try {
      execFileSync('pdftoppm', ['-r', '20', '-png', '-', join(dir, 'p')], { input: bytes });
      expect(readdirSync(dir)).toHaveLength(pages);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return pages;
  }

  it('per disk, the certificate’s text equals the evidence; no category the evidence does not give', async () => {
    const l = own(fixture(REAL));
    const third = 'S33HNX0K777777';
    const tag = await laptop({ disks: [l.sda, l.nvme, third] });
    expect((await upload(tag, l.log)).json.erased).toBe(false);
    // The third disk: the volunteer's destruction record, confirmed by a coordinator.
    await t.api('POST', `/api/v1/devices/${tag}/erasures`, volunteer, { kind: 'destruction', how: 'foratura', performedBy: 'RAEE Umbria Srl', performedAt: '2023-01-20', disks: [{ serial: third }] });
    const id = (await records(tag)).at(-1)!.id;
    expect((await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'confirm', records: [id] })).json.erased).toBe(true);
    const { bytes, code } = await pdf(`/api/v1/devices/${tag}/erasure-certificate.pdf`);
    const pages = noBlankPages(bytes);
    expect(pages).toBeGreaterThanOrEqual(1);
    const all = text(bytes);
    const media = all.split(/Supporto \d di 3/).slice(1);
    expect(media).toHaveLength(3);
    const [sda, nvme, drilled] = media as [string, string, string];
    for (const [block, serial, size, end] of [
      [sda, l.sda, '320 GB', '24/01/2023 15:48'],
      [nvme, l.nvme, '256 GB', '24/01/2023 13:56'],
    ] as const) {
      expect(block).toContain(serial);
      expect(block).toContain(size);
      expect(block).toMatch(/Esito\s+Cancellato/);
      expect(block).toMatch(/Categoria\s+Clear \(NIST SP 800-88\)/);
      expect(block).toMatch(/Metodo\s+Fill With Zeros/);
      expect(block).toMatch(/Strumento e versione\s+nwipe \(ShredOS v2021\.08\.2_22_x86-64_0\.32\.023\)/);
      expect(block).toMatch(/Verifica\s+last pass/);
      expect(block).toMatch(/Inizio\s+24\/01\/2023 13:35/);
      expect(block).toContain(`Fine                  ${end}`.replace(/ {2,}/g, ' ').split(' ').pop()!);
      expect(block).not.toMatch(/Confermato da/);
    }
    expect(drilled).toContain(third);
    expect(drilled).toMatch(/Esito\s+Disco distrutto/);
    expect(drilled).toMatch(/Categoria\s+Destroy \(NIST SP 800-88\)/);
    expect(drilled).toMatch(/Metodo\s+foratura/);
    expect(drilled).toMatch(/Confermato da\s+\S/);
    // No category appears that the evidence does not give.
    expect([...all.matchAll(/Categoria\s+(\S+)/g)].map((m) => m[1])).toEqual(['Clear', 'Clear', 'Destroy']);
    // The public check shows the same facts, without any person.
    const check = await t.page(`/verify/${code}`);
    expect(check.html).toContain('Fill With Zeros');
    expect(check.html).toContain('24/01/2023 15:48');
    expect(check.html).toContain('foratura');
    expect(check.html).not.toContain('RAEE Umbria Srl');
    expect(check.html).not.toContain(l.sda);
    const en = await t.page(`/verify/${code}?lang=en`);
    expect(en.html).toContain('Erased');
    expect(en.html).toContain('24/01/2023 15:48');
  });

  it('a withdrawal after the certificate: the check says it no longer holds', async () => {
    const tag = await laptop({ disks: ['HDD-W-1'] });
    await t.api('POST', `/api/v1/devices/${tag}/erasures`, coordinator, {
      kind: 'wipe',
      method: 'ATA Secure Erase',
      tool: 'hdparm 9.65',
      verification: 'read back, all zero',
      verified: true,
      disks: [{ serial: 'HDD-W-1' }],
    });
    const { code } = await pdf(`/api/v1/devices/${tag}/erasure-certificate.pdf`);
    expect((await t.api('GET', `/api/v1/certificates/${code}`, null)).json).toMatchObject({ withdrawn: false, devices: [{ erased: true, verdict: 'erasedVerified' }] });
    const id = (await records(tag))[0]!.id;
    await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'withdraw', records: [id], reason: 'disco sbagliato' });
    expect((await t.api('GET', `/api/v1/certificates/${code}`, null)).json).toMatchObject({ withdrawn: true, devices: [{ erased: false }] });
    expect((await t.page(`/verify/${code}`)).html).toContain('è stata ritirata dopo l’emissione');
    expect((await t.api('GET', `/api/v1/devices/${tag}/erasure-certificate.pdf`, coordinator)).status).toBe(409);
  });

  it('the donor’s report: one line per device in plain words, storage-only headline, a disk under one device only, no blank page', async () => {
    const { id, devices } = await donate(t, coordinator, 'FOL', [{ type: 'laptop' }, { type: 'laptop' }, { type: 'monitor' }, { type: 'desktop' }]);
    const [first, second, monitor, desktop] = devices.map((d) => d.tag) as [string, string, string, string];
    const l = own(fixture(REAL));
    for (const tag of [first, second]) await act(t, coordinator, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    expect((await upload(first, l.log)).json.erased).toBe(true);
    // The disks were moved to the second laptop in the workshop: its log is accepted with that reason.
    expect((await upload(second, l.log)).json.counts).toBe(false);
    const log = (await t.api('GET', `/api/v1/devices/${second}/erasures`, coordinator)).json.logs[0];
    t.clock.advance(60_000);
    await t.api('POST', `/api/v1/devices/${second}/erasure-reviews`, coordinator, { kind: 'accept', log: log.id, reason: 'dischi spostati dal primo portatile' });
    await act(t, coordinator, monitor, { action: 'diagnose', outcome: 'refurbish', hasStorage: false });
    await act(t, coordinator, desktop, { action: 'diagnose', outcome: 'parts', hasStorage: true });
    await t.api('POST', `/api/v1/devices/${desktop}/erasures`, coordinator, {
      kind: 'destruction',
      how: 'triturazione',
      performedBy: 'RAEE Umbria Srl',
      performedAt: '2023-01-20',
      disks: [{ serial: 'HDD-DESK-1' }],
    });
    const { bytes } = await pdf(`/api/v1/donations/${id}/erasure-certificate.pdf`);
    noBlankPages(bytes);
    const all = text(bytes);
    expect(all).toMatch(/Memorie messe in sicurezza\s+3 su 3 dispositivi con memorie/);
    expect(all).toMatch(/Dispositivi senza memorie\s+1/);
    expect(all).toMatch(new RegExp(`${monitor}\\s+Monitor\\s+senza memorie`));
    expect(all).toMatch(new RegExp(`${desktop}\\s+Computer fisso\\s+disco distrutto\\s+HDD-DESK-1`));
    // Each disk under one device only: the one where its latest record is.
    expect(all.split(l.sda)).toHaveLength(2);
    // A table cell may wrap ("cancellato e / verificato"): read the row in the order it was written.
    const flow = execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString('utf8').replace(/\s+/g, ' ');
    expect(flow).toMatch(new RegExp(`${second} Portatile cancellato e verificato ${l.sda}`));
  });
});
