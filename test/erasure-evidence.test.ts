/**
 * Erasure evidence as strict as a professional refurbisher's: which device a log proves anything
 * for, what each disk's outcome may claim, and evidence from people confirmed by a coordinator.
 */
import { readFileSync } from 'node:fs';
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
    expect(await t.db.selectFrom('erasure_logs').select('problems').where('sha256', '!=', '').orderBy('id', 'desc').executeTakeFirstOrThrow()).toMatchObject({ problems: expect.stringContaining('systemSerial') });
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
  const wipe = (serial: string) => ({ kind: 'wipe', method: 'NVMe Sanitize (crypto erase)', tool: 'nvme-cli 2.4', verification: 'sanitize log: completed, no errors', verified: true, disks: [{ serial }] });

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
    const r = await t.api('POST', `/api/v1/devices/${tag}/erasures`, volunteer, { kind: 'destruction', how: 'foratura', performedBy: 'Luca Rossi', performedAt: '2023-01-12', disks: [{ serial: 'HDD-D-1' }] });
    expect(r.json).toMatchObject({ counts: false, erased: false });
    const page = await t.page(`/d/${tag}`, (await t.person('coordinator', 'FOL')).cookie);
    expect(page.html).toContain('da confermare da un coordinatore');
    expect(page.html).toContain(`action="/d/${tag}/erasure-reviews"`);
  });
});
