import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { walkTo } from './support/walk';

let t: TestContext;
let volunteer: string;
let coordinator: string;
let coordinatorPerson: Person;
let volunteerPerson: Person;

beforeAll(async () => {
  t = await createTestContext();
  volunteer = await t.token('volunteer', 'FOL');
  coordinator = await t.token('coordinator', 'FOL');
  coordinatorPerson = await t.person('coordinator', 'FOL', 'Anna Coordinatrice');
  volunteerPerson = await t.person('volunteer', 'FOL', 'Marco Volontario');
});
afterAll(() => t.close());

const laptop = async (hub = 'FOL', token = coordinator) => (await donate(t, token, hub, [{ type: 'laptop' }])).devices[0]!.tag;
const events = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}`, coordinator)).json.events as { action: string; from: string; to: string; data: any; by: string }[];

describe('diagnostic checklists', () => {
  it('a laptop is diagnosed with the built-in checklist: each item pass, fail or not present, recorded with the outcome and the reason', async () => {
    const list = await t.api('GET', '/api/v1/checklists/laptop', volunteer);
    expect(list.json.items.map((i: { key: string }) => i.key)).toEqual(['powers_on', 'screen', 'keyboard', 'touchpad', 'ports', 'battery', 'wifi', 'webcam', 'audio']);
    expect(list.json.items[0].label).toBe('Si accende');
    const tag = await laptop();
    const page = await t.page(`/d/${tag}`, volunteerPerson.cookie);
    expect(page.html).toContain('name="checklist.touchpad"');
    const r = await t.form(`/d/${tag}/actions`, volunteerPerson.cookie, {
      action: 'diagnose',
      outcome: 'parts',
      hasStorage: 'true',
      reason: 'scheda madre in corto',
      'checklist.powers_on': 'fail',
      'checklist.screen': 'pass',
      'checklist.webcam': 'absent',
      idempotencyKey: 'form-diag-0001',
    });
    expect(r.status).toBe(303);
    const diagnose = (await events(tag)).find((e) => e.action === 'diagnose')!;
    expect(diagnose.data).toMatchObject({
      outcome: 'parts',
      reason: 'scheda madre in corto',
      checklist: [
        { item: 'powers_on', result: 'fail' },
        { item: 'screen', result: 'pass' },
        { item: 'webcam', result: 'absent' },
      ],
    });
    const after = await t.page(`/d/${tag}`, volunteerPerson.cookie);
    expect(after.html).toContain('Si accende: Non funziona · Schermo: Funziona · Webcam: Non presente');
  });

  it('a coordinator edits the hub’s checklist; the diagnosis then asks the new items, in their words', async () => {
    const put = await t.api('PUT', '/api/v1/checklists/laptop', coordinator, { items: ['Si accende', 'Schermo', 'Tastiera', 'Lettore DVD', 'Cerniere'] });
    expect(put.status, put.text).toBe(200);
    expect(put.json.items).toEqual([
      { key: 'powers_on', label: 'Si accende', custom: false },
      { key: 'screen', label: 'Schermo', custom: false },
      { key: 'keyboard', label: 'Tastiera', custom: false },
      { key: 'x-lettore-dvd', label: 'Lettore DVD', custom: true },
      { key: 'x-cerniere', label: 'Cerniere', custom: true },
    ]);
    // Built-in items stay translated.
    expect((await t.api('GET', '/api/v1/checklists/laptop', coordinator, undefined, { 'accept-language': 'en' })).json.items[0].label).toBe('Powers on');
    const tag = await laptop();
    const r = await act(t, volunteer, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true, checklist: { 'x-lettore-dvd': 'fail', keyboard: 'pass' } });
    expect(r.status, r.text).toBe(200);
    expect(r.json.event.data.checklist).toEqual([
      { item: 'keyboard', result: 'pass' },
      { item: 'x-lettore-dvd', label: 'Lettore DVD', result: 'fail' },
    ]);
    const removed = await act(t, volunteer, await laptop(), { action: 'diagnose', outcome: 'refurbish', hasStorage: true, checklist: { webcam: 'pass' } });
    expect(removed.status).toBe(422);
    expect(removed.json.error).toBe('Voci che non sono nella lista di controllo di questo hub: webcam.');
    // Another hub keeps the built-in list; volunteers cannot edit.
    expect((await t.api('GET', '/api/v1/checklists/laptop', await t.token('volunteer', 'PER'))).json.items).toHaveLength(9);
    expect((await t.api('PUT', '/api/v1/checklists/laptop', volunteer, { items: ['x'] })).status).toBe(403);
    const form = await t.form('/workshop/checklists', coordinatorPerson.cookie, { type: 'desktop', lines: 'Si accende\nPorte USB frontali\n' });
    expect(form.status).toBe(200);
    expect(form.html).toContain('Lista salvata.');
    expect((await t.api('GET', '/api/v1/checklists/desktop', volunteer)).json.items.map((i: { label: string }) => i.label)).toEqual(['Si accende', 'Porte USB frontali']);
  });
});

describe('the OS image catalogue', () => {
  it('coordinators keep it; an install records the image and who; devices on an image since marked outdated are one filter away', async () => {
    const mint = await t.api('POST', '/api/v1/os-images', coordinator, { name: 'Linux Mint Xfce', version: '22', notes: 'per le scuole' });
    expect(mint.status, mint.text).toBe(201);
    const debian = await t.api('POST', '/api/v1/os-images', coordinator, { name: 'Debian', version: '12' });
    expect((await t.api('POST', '/api/v1/os-images', coordinator, { name: 'Debian', version: '12' })).status).toBe(409);
    expect((await t.api('POST', '/api/v1/os-images', volunteer, { name: 'Emmabuntüs', version: '5' })).status).toBe(403);

    const [a, b] = [await laptop(), await laptop()];
    for (const tag of [a, b]) await walkTo(t, coordinator, tag, 'wiped');
    const install = await act(t, volunteer, a, { action: 'install', imageId: mint.json.id });
    expect(install.status, install.text).toBe(200);
    expect(install.json.event.data).toMatchObject({ os: 'Linux Mint Xfce 22', imageId: mint.json.id });
    expect((await events(a)).at(-1)).toMatchObject({ action: 'install', by: 'volunteer token' });
    expect((await act(t, volunteer, b, { action: 'install', imageId: debian.json.id })).status).toBe(200);
    expect((await t.api('GET', '/api/v1/devices?outdatedImage=1', coordinator)).json.items).toEqual([]);

    const outdated = await t.api('PATCH', `/api/v1/os-images/${mint.json.id}`, coordinator, { outdated: true });
    expect(outdated.json).toMatchObject({ outdated: true });
    expect((await t.api('GET', '/api/v1/devices?outdatedImage=1', coordinator)).json.items.map((d: { tag: string }) => d.tag)).toEqual([a]);
    const catalogue = (await t.api('GET', '/api/v1/os-images', volunteer)).json.items;
    expect(catalogue.find((i: { id: number }) => i.id === mint.json.id)).toMatchObject({ outdated: true, devices: 1 });
    // An outdated image is not installed again.
    const c = await laptop();
    await walkTo(t, coordinator, c, 'wiped');
    const refused = await act(t, volunteer, c, { action: 'install', imageId: mint.json.id });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toBe('L’immagine Linux Mint Xfce 22 è segnata come superata: installa quella attuale.');
    expect((await act(t, volunteer, c, {})).status).toBe(422);
    expect((await act(t, volunteer, c, { action: 'install' })).json.error).toMatch(/scegli un’immagine del catalogo o scrivi il sistema installato/);

    const page = await t.page('/workshop/images', coordinatorPerson.cookie);
    expect(page.html).toContain('Linux Mint Xfce');
    expect(page.html).toContain('href="/devices?outdatedImage=1"');
    const list = await t.page('/devices?outdatedImage=1', coordinatorPerson.cookie);
    expect(list.html).toContain(a);
    expect(list.html).not.toContain(b);
  });
});

/** The SQL of every statement run while `fn` runs, whether through Kysely's executor or straight to SQLite's statements. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const statement = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as { all: (...a: unknown[]) => unknown };
  const all = statement.all;
  vi.spyOn(statement, 'all').mockImplementation(function (this: { source: string }, ...a: unknown[]) {
    seen.push(this.source);
    return all.apply(this, a);
  });
  let proto = Object.getPrototypeOf(t.db.getExecutor()) as { executeQuery?: (q: { sql: string }, ...rest: unknown[]) => unknown };
  while (!Object.prototype.hasOwnProperty.call(proto, 'executeQuery')) proto = Object.getPrototypeOf(proto);
  const execute = proto.executeQuery!;
  vi.spyOn(proto, 'executeQuery').mockImplementation(function (this: unknown, q: { sql: string }, ...rest: unknown[]) {
    seen.push(q.sql);
    return execute.call(this, q, ...rest);
  });
  try {
    await fn();
  } finally {
    vi.restoreAllMocks();
  }
  return seen;
}

describe('what a device page reads for its forms', () => {
  it('the diagnose form asks the checklist and the install form offers the catalogue; a page without those forms reads neither', async () => {
    const image = await t.api('POST', '/api/v1/os-images', coordinator, { name: 'Emmabuntüs', version: '5' });
    expect(image.status, image.text).toBe(201);
    const [received, wiped, delivered] = [await laptop(), await laptop(), await laptop()];
    await walkTo(t, coordinator, wiped, 'wiped');
    await walkTo(t, coordinator, delivered, 'delivered');
    const diagnose = await t.page(`/d/${received}`, volunteerPerson.cookie);
    expect(diagnose.html).toContain('name="checklist.powers_on"');
    const install = await t.page(`/d/${wiped}`, volunteerPerson.cookie);
    expect(install.html).toMatch(new RegExp(`<select id="install-image" name="imageId">.*<option value="${image.json.id}"( selected="")?>Emmabuntüs 5</option>`));
    let page: { status: number; html: string } | undefined;
    const read = await statementsDuring(async () => (page = await t.page(`/d/${delivered}`, volunteerPerson.cookie)));
    expect(page!.status).toBe(200);
    expect(
      read.some((sql) => /"device_events"/.test(sql)),
      "the watch sees the page's statements",
    ).toBe(true);
    expect(read.filter((sql) => /"(checklists|os_images)"/.test(sql))).toEqual([]);
  });
});

describe('parts', () => {
  it('harvesting keeps parts by kind with a count; a part fitted into another device is recorded on it', async () => {
    const donor = await laptop();
    await t.api('POST', `/api/v1/devices/${donor}/hardware-reports`, coordinator, {
      smartctl: { json_format_version: [1, 0], smartctl: { exit_status: 0 }, model_name: 'ST500LM021', serial_number: 'W62DTX9Q', user_capacity: { bytes: 500107862016 }, rotation_rate: 5400 },
    });
    await act(t, coordinator, donor, { action: 'diagnose', outcome: 'parts', hasStorage: true });
    const harvest = await act(t, volunteer, donor, {
      action: 'harvest',
      parts: [
        { kind: 'ram', count: 2, description: 'DDR3 4 GB' },
        { kind: 'disk', count: 1 },
        { kind: 'battery', count: 1 },
      ],
    });
    expect(harvest.status, harvest.text).toBe(200);
    const stock = (await t.api('GET', '/api/v1/parts', volunteer)).json.items.filter((p: { from: string }) => p.from === donor);
    expect(stock.map((p: { kind: string; available: number; serial: string | null; description: string | null }) => [p.kind, p.available, p.serial, p.description]).sort()).toEqual([
      ['battery', 1, null, null],
      ['disk', 1, 'W62DTX9Q', 'ST500LM021'],
      ['ram', 2, null, 'DDR3 4 GB'],
    ]);
    const ram = stock.find((p: { kind: string }) => p.kind === 'ram');

    const target = await laptop();
    await act(t, coordinator, target, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    const page = await t.page(`/d/${target}`, volunteerPerson.cookie);
    expect(page.html).toContain(`action="/d/${target}/parts"`);
    const fit = await t.form(`/d/${target}/parts`, volunteerPerson.cookie, { part: ram.id, quantity: 2 });
    expect(fit.status).toBe(303);
    const last = (await events(target)).at(-1)!;
    expect(last).toMatchObject({ action: 'fitPart', from: 'diagnosed', to: 'diagnosed', by: 'Marco Volontario', data: { kind: 'ram', quantity: 2, from: donor, description: 'DDR3 4 GB' } });
    expect((await t.page(`/d/${target}`, volunteerPerson.cookie)).html).toContain(`RAM × 2 · DDR3 4 GB · Da ${donor}`);
    const none = await t.api('POST', `/api/v1/devices/${target}/parts`, volunteer, { part: ram.id });
    expect(none.status).toBe(409);
    expect(none.json.error).toMatch(/Non ci sono abbastanza pezzi/);
    // Another hub's stock is not this hub's.
    const elsewhere = await laptop('PER', await t.token('coordinator', 'PER'));
    const perToken = await t.token('volunteer', 'PER');
    await act(t, await t.token('coordinator', 'PER'), elsewhere, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    const battery = stock.find((p: { kind: string }) => p.kind === 'battery');
    expect((await t.api('POST', `/api/v1/devices/${elsewhere}/parts`, perToken, { part: battery.id })).status).toBe(422);
    // A disk goes in only before the system does.
    const installed = await laptop();
    await walkTo(t, coordinator, installed, 'installed');
    const disk = stock.find((p: { kind: string }) => p.kind === 'disk');
    const late = await t.api('POST', `/api/v1/devices/${installed}/parts`, volunteer, { part: disk.id });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatch(/Un disco si monta prima di installare il sistema/);
    expect((await t.api('POST', `/api/v1/devices/${installed}/parts`, volunteer, { part: battery.id })).status).toBe(201);
  });

  it('harvest counts from the form', async () => {
    const tag = await laptop();
    await act(t, coordinator, tag, { action: 'diagnose', outcome: 'parts', hasStorage: false });
    const r = await t.form(`/d/${tag}/actions`, volunteerPerson.cookie, {
      action: 'harvest',
      confirm: 'yes',
      'parts.ram': '1',
      'parts.psu': '1',
      'parts.screen': '0',
      'parts.disk': '',
      idempotencyKey: 'form-harvest-0001',
    });
    expect(r.status).toBe(303);
    expect((await events(tag)).at(-1)!.data.parts).toEqual([
      { kind: 'ram', count: 1 },
      { kind: 'psu', count: 1 },
    ]);
  });
});

describe('RAEE shipments', () => {
  it('groups recycled devices with their kg into an outbound shipment with its document number and date', async () => {
    const hub = 'SPO';
    const coord = await t.token('coordinator', hub);
    const { devices } = await donate(t, coord, hub, [{ type: 'monitor' }, { type: 'printer' }, { type: 'laptop' }]);
    const [monitor, printer, kept] = devices.map((d) => d.tag) as [string, string, string];
    for (const [tag, kg] of [
      [monitor, 4.5],
      [printer, 7.25],
    ] as const) {
      await act(t, coord, tag, { action: 'diagnose', outcome: 'recycle', hasStorage: false });
      await act(t, coord, tag, { action: 'recycle', kg });
    }
    const pending = await t.api('GET', '/api/v1/recycling', coord);
    expect(pending.json.pending.map((d: { tag: string; kg: number }) => [d.tag, d.kg])).toEqual([
      [monitor, 4.5],
      [printer, 7.25],
    ]);
    expect((await t.api('POST', '/api/v1/raee-shipments', await t.token('volunteer', hub), { document: 'FIR 123/2026', date: '2026-03-12', tags: [monitor] })).status).toBe(403);
    const notRecycled = await t.api('POST', '/api/v1/raee-shipments', coord, { document: 'FIR 123/2026', date: '2026-03-12', tags: [monitor, kept] });
    expect(notRecycled.status).toBe(422);
    expect(notRecycled.json.error).toBe(`${kept} non è avviato al riciclo (è «Ricevuto»).`);
    const ship = await t.api('POST', '/api/v1/raee-shipments', coord, { document: 'FIR 123/2026', date: '2026-03-12', tags: [monitor, printer] });
    expect(ship.status, ship.text).toBe(201);
    expect(ship.json).toMatchObject({ hub, document: 'FIR 123/2026', date: '2026-03-12', totalKg: 11.75, devices: [monitor, printer].sort() });
    const after = await t.api('GET', '/api/v1/recycling', coord);
    expect(after.json.pending).toEqual([]);
    expect(after.json.shipments).toEqual([{ id: ship.json.id, document: 'FIR 123/2026', date: '2026-03-12', totalKg: 11.75, devices: 2, note: null }]);
    const twice = await t.api('POST', '/api/v1/raee-shipments', coord, { document: 'FIR 124/2026', date: '2026-03-13', tags: [monitor] });
    expect(twice.status).toBe(409);
  });

  it('from the page: tick the devices, give the document and the date', async () => {
    const hub = 'NOR';
    const coord = await t.token('coordinator', hub);
    const person = await t.person('coordinator', hub);
    const { devices } = await donate(t, coord, hub, [{ type: 'monitor' }]);
    await act(t, coord, devices[0]!.tag, { action: 'diagnose', outcome: 'recycle', hasStorage: false });
    await act(t, coord, devices[0]!.tag, { action: 'recycle', kg: 3 });
    const page = await t.page('/workshop/recycling', person.cookie);
    expect(page.html).toContain(devices[0]!.tag);
    const r = await t.form('/workshop/recycling', person.cookie, { tags: devices[0]!.tag, document: 'DDT 9', date: '2026-03-11' });
    expect(r.status).toBe(201);
    expect(r.html).toContain('Spedizione DDT 9 registrata: 3 kg.');
    const bad = await t.form('/workshop/recycling', person.cookie, { tags: devices[0]!.tag, document: '', date: 'ieri' });
    expect(bad.status).toBe(422);
  });
});

describe('the workshop pages', () => {
  it('open for hub staff on a phone, in Italian', async () => {
    for (const path of ['/workshop', '/workshop/checklists', '/workshop/checklists?type=monitor', '/workshop/images', '/workshop/parts', '/workshop/recycling', '/verify']) {
      const r = await t.page(path, volunteerPerson.cookie);
      expect(r.status, path).toBe(200);
      expect(r.html, path).toContain('lang="it"');
    }
    expect((await t.page('/workshop/parts')).status).toBe(303);
  });
});
