import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';
import { walkTo } from './support/walk';

let t: TestContext;
let admin: string;
let volunteer: Person;
let coordinator: Person;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.token('admin');
  volunteer = await t.person('volunteer', 'FOL', 'Giulia Volontaria');
  coordinator = await t.person('coordinator', 'FOL');
});
afterAll(() => t.close());

const actionsOffered = (html: string) => [...html.matchAll(/<input type="hidden" name="action" value="(\w+)"/g)].map((m) => m[1]);

describe('the device page', () => {
  it('shows state, details and history, and offers exactly the next steps the lifecycle and the role allow', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240', serial: 'CN-123' }]);
    const tag = devices[0]!.tag;
    let page = await t.page(`/d/${tag}`, volunteer.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<span class="tag tag-big">${tag}</span>`);
    expect(page.html).toContain('Ricevuto');
    expect(page.html).toContain('CN-123');
    // The step forward first, then the others, and the final ones last (lifecycle/next-step.ts).
    expect(actionsOffered(page.html)).toEqual(['diagnose', 'transfer', 'harvest']);
    expect(page.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');

    await walkTo(t, admin, tag, 'diagnosed');
    page = await t.page(`/d/${tag}`, volunteer.cookie);
    expect(actionsOffered(page.html)).toEqual(['erase', 'transfer', 'harvest']);
    // What the guard holds back is explained, not hidden.
    expect(page.html).toContain('Installazione sistema</strong>: Il dispositivo contiene memorie e non ha una cancellazione riuscita');

    await walkTo(t, admin, tag, 'ready');
    expect(actionsOffered((await t.page(`/d/${tag}`, volunteer.cookie)).html)).toEqual(['transfer', 'harvest', 'recycle']);
    expect(actionsOffered((await t.page(`/d/${tag}`, coordinator.cookie)).html)).toEqual(['reserve', 'transfer', 'harvest', 'recycle']);
    const region = await t.person('region');
    const regionPage = await t.page(`/d/${tag}`, region.cookie);
    expect(regionPage.status).toBe(200);
    expect(actionsOffered(regionPage.html)).toEqual([]);
  });

  it('applies an action from its form, redirects, and shows who did it in the history', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    const r = await t.form(`/d/${tag}/actions`, volunteer.cookie, {
      action: 'diagnose',
      outcome: 'refurbish',
      hasStorage: 'true',
      note: 'tastiera ok',
      idempotencyKey: 'form-aaaa-0001',
      expectedVersion: 1,
    });
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/d/${tag}?done=diagnose#next-steps`);
    const page = await t.page(r.location!, volunteer.cookie);
    expect(page.html).toContain('Fatto: Diagnosi.');
    expect(page.html).toContain('Ricevuto → Diagnosticato');
    expect(page.html).toContain('Giulia Volontaria');
    expect(page.html).toContain('Nota: tastiera ok');
    // The event's details, each field and code by its label in the reader's language.
    expect(page.html).toContain('Esito della diagnosi: Da ricondizionare · Contiene memorie di massa (disco, SSD, eMMC): Sì · Nota: tastiera ok');
    const reader = await t.person('volunteer', 'FOL');
    expect((await t.form('/lang', reader.cookie, { locale: 'en', back: '/' })).status).toBe(303);
    const english = await t.page(r.location!, reader.cookie);
    expect(english.html).toContain('Diagnosis outcome: Refurbish · Holds storage (disk, SSD, eMMC): Yes · Note: tastiera ok');
  });

  it('recognises a resubmitted form and does not apply it twice', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    const fields = { action: 'transfer', toHub: 'PER', idempotencyKey: 'form-bbbb-0002', expectedVersion: 1 };
    expect((await t.form(`/d/${tag}/actions`, coordinator.cookie, fields)).location).toBe(`/d/${tag}?done=transfer#next-steps`);
    const again = await t.form(`/d/${tag}/actions`, coordinator.cookie, fields);
    expect(again.status).toBe(303);
    expect(again.location).toBe(`/d/${tag}?done=transfer&replayed=1#next-steps`);
    expect((await t.page(again.location!, coordinator.cookie)).html).toContain('Già registrato');
    expect((await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.events).toHaveLength(2);
  });

  it('tells the second of two people what the first one did', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    // Both opened the page at version 1; Giulia submits first.
    await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'diagnose', outcome: 'parts', hasStorage: 'true', expectedVersion: 1, idempotencyKey: 'form-cccc-0001' });
    const late = await t.form(`/d/${tag}/actions`, coordinator.cookie, { action: 'recycle', kg: '2', expectedVersion: 1, idempotencyKey: 'form-cccc-0002' });
    expect(late.status).toBe(409);
    expect(late.html).toContain(`Qualcun altro ha appena modificato ${tag} (Giulia Volontaria: «Diagnosi»); ora è «Diagnosticato».`);
    expect((await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.events).toHaveLength(2);
  });

  it.each([
    ['no action', {}],
    ['an unknown action', { action: 'explode' }],
    ['diagnose without outcome', { action: 'diagnose', hasStorage: 'true' }],
    ['recycle with letters for kg', { action: 'recycle', kg: 'tanti' }],
    ['recycle with a negative weight', { action: 'recycle', kg: '-3' }],
    ['transfer to a hub that does not exist', { action: 'transfer', toHub: 'ZZZ' }],
    ['a stale page', { action: 'harvest', expectedVersion: '7' }],
    ['an idempotency key with odd characters', { action: 'harvest', idempotencyKey: '<script>' }],
  ])('refuses %s with a clear message on the page, writing nothing', async (_, fields) => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    const r = await t.form(`/d/${tag}/actions`, coordinator.cookie, fields as Record<string, string>);
    expect([409, 422]).toContain(r.status);
    expect(r.html).toMatch(/class="alert alert-error" role="alert"/);
    expect((await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.events).toHaveLength(1);
  });

  it('redirects a lower-case or dash-less tag to its canonical page, and explains a mistyped one', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    const r = await t.page(`/d/${tag.toLowerCase().replace(/-/g, '')}`, volunteer.cookie);
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe(`/d/${tag}`);
    const typo = tag.slice(0, 4) + (tag[4] === '1' ? '2' : '1') + tag.slice(5);
    const bad = await t.page(`/d/${typo}`, volunteer.cookie);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('sembra digitato male');
  });
});

describe('the public passport', () => {
  it('shows what the device is, that it was erased, its system and the hub’s contact; never the donor or people', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T440', serial: 'SECRET-SERIAL-42', conditionNote: 'nota interna riservata' }], {
      kind: 'citizen',
      name: 'Ermenegilda Donatrice',
      email: 'ermenegilda@example.org',
    });
    const tag = devices[0]!.tag;
    await t.db.updateTable('hubs').set({ contact_email: 'digipass@comune.foligno.pg.it' }).where('code', '=', 'FOL').execute();
    await walkTo(t, admin, tag, 'ready');
    const { id: request } = await approvedRequest(t, admin, 'FOL', { partnerName: 'Famiglia Riservata' });
    expect((await act(t, admin, tag, { action: 'reserve', request })).status).toBe(200);
    const r = await t.page(`/d/${tag}`);
    expect(r.status).toBe(200);
    expect(r.html).toContain('Lenovo · ThinkPad T440');
    expect(r.html).toContain('Ricondizionato da DigiPASS Foligno');
    expect(r.html).toMatch(/I dati dei precedenti proprietari sono stati cancellati \(Fill With Zeros, \d\d\/\d\d\/\d{4}\)/);
    expect(r.html).toContain('Linux Mint 22 Xfce');
    expect(r.html).toContain('digipass@comune.foligno.pg.it');
    for (const secret of ['Ermenegilda', 'ermenegilda@example.org', 'SECRET-SERIAL-42', 'nota interna', 'Famiglia Riservata', 'admin token', 'Giulia']) {
      expect(r.html, secret).not.toContain(secret);
    }
    expect(r.html).not.toContain('name="action"');
  });

  it('says so when a device was recycled', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    await walkTo(t, admin, devices[0]!.tag, 'recycled');
    expect((await t.page(`/d/${devices[0]!.tag}`)).html).toContain('avviato al riciclo dei rifiuti elettronici');
  });

  it('answers an unknown tag with 404 and a garbage one with 400, in Italian', async () => {
    expect((await t.page('/d/FOL-99999-Z')).status).toBe(400);
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    const n = Number(devices[0]!.tag.slice(4, 9)) + 500;
    const { formatTag } = await import('../src/tags/tag');
    const missing = await t.page(`/d/${formatTag('FOL', n)}`);
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('Nessun dispositivo con il codice');
  });
});

describe('the device list page', () => {
  it('lists the hub’s devices with filters and a next-page link', async () => {
    const local = await createTestContext();
    try {
      const tk = await local.token('coordinator', 'NAR');
      const c = await local.person('coordinator', 'NAR');
      await donate(
        local,
        tk,
        'NAR',
        Array.from({ length: 60 }, (_, i) => ({ type: 'laptop', brand: 'HP', model: `ProBook ${i}` })),
      );
      const first = await local.page('/devices', c.cookie);
      expect(first.status).toBe(200);
      expect((first.html.match(/class="tag" href="\/d\//g) ?? []).length).toBe(50);
      const next = /href="(\/devices\?after=\d+)" rel="next"/.exec(first.html)![1]!;
      const second = await local.page(next.replace(/&amp;/g, '&'), c.cookie);
      expect((second.html.match(/class="tag" href="\/d\//g) ?? []).length).toBe(10);
      expect(second.html).not.toContain('rel="next"');
      const search = await local.page('/devices?q=probook+42', c.cookie);
      expect((search.html.match(/class="tag" href="\/d\//g) ?? []).length).toBe(1);
      expect((await local.page('/devices?state=nonsense', c.cookie)).status).toBe(422);
    } finally {
      await local.close();
    }
  });
});
