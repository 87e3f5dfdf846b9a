import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTag } from '../src/tags/tag';
import { createTestContext, donate, type TestContext } from './support/context';

let t: TestContext;
let fol: string;

beforeAll(async () => {
  t = await createTestContext();
  fol = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

describe('POST /api/v1/donations', () => {
  it('registers the donor and the devices, each with a hub-prefixed tag in state received', async () => {
    const r = await t.api('POST', '/api/v1/donations', fol, {
      hub: 'FOL',
      donor: { kind: 'company', name: 'Studio Rossi Srl', taxCode: '01234567890' },
      devices: [
        { type: 'laptop', brand: 'Dell', model: 'Latitude E7240', serial: 'CN-0F1', weightKg: 1.5, hasStorage: true },
        { type: 'monitor', brand: 'Dell', model: 'P2214H', quantity: 3 },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.json.hub).toBe('FOL');
    expect(r.json.devices).toHaveLength(4);
    for (const d of r.json.devices) {
      expect(parseTag(d.tag)).toMatchObject({ ok: true, hubCode: 'FOL' });
      expect(d.state).toBe('received');
    }
    expect(r.json.devices[0]).toMatchObject({ type: 'laptop', serial: 'CN-0F1' });
    expect(r.json.devices.slice(1).every((d: { type: string }) => d.type === 'monitor')).toBe(true);
    const numbers = r.json.devices.map((d: { tag: string }) => (parseTag(d.tag) as { number: number }).number);
    expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2, numbers[0] + 3]);
    const device = await t.api('GET', `/api/v1/devices/${r.json.devices[0].tag}`, fol);
    expect(device.json.events).toEqual([expect.objectContaining({ action: 'receive', from: null, to: 'received' })]);
  });

  it('recognises a returning donor by tax code', async () => {
    const donor = { kind: 'company', name: 'Ritorno Spa', taxCode: '09876543210' };
    await donate(t, fol, 'FOL', [{ type: 'desktop' }], donor);
    await donate(t, fol, 'FOL', [{ type: 'desktop' }], { ...donor, name: 'Ritorno S.p.A.' });
    const rows = await t.db.selectFrom('donors').select('id').where('tax_code', '=', '09876543210').execute();
    expect(rows).toHaveLength(1);
  });

  it('allocates distinct tags when ten coordinators register at the same moment', async () => {
    const other = await t.token('coordinator', 'FOL');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.api('POST', '/api/v1/donations', i % 2 ? fol : other, {
          hub: 'FOL',
          donor: { kind: 'citizen', name: `Donor ${i}` },
          devices: Array.from({ length: 5 }, () => ({ type: 'laptop' })),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const tags = results.flatMap((r) => r.json.devices.map((d: { tag: string }) => d.tag));
    expect(new Set(tags).size).toBe(50);
    // Each registration got one unbroken block of numbers.
    for (const r of results) {
      const n = r.json.devices.map((d: { tag: string }) => (parseTag(d.tag) as { number: number }).number);
      expect(n).toEqual(n.map((_: number, i: number) => n[0] + i));
    }
  });

  it('never reuses a tag number, also across hubs with their own sequence', async () => {
    const per = await t.token('coordinator', 'PER');
    const a = await donate(t, per, 'PER', [{ type: 'laptop' }]);
    const b = await donate(t, per, 'PER', [{ type: 'laptop' }]);
    expect(a.devices[0]!.tag.startsWith('PER-')).toBe(true);
    expect((parseTag(b.devices[0]!.tag) as { number: number }).number).toBe((parseTag(a.devices[0]!.tag) as { number: number }).number + 1);
  });

  it('a repeated idempotencyKey returns the first donation, with no second one written', async () => {
    const body = { hub: 'FOL', donor: { kind: 'school', name: 'IC Spello' }, devices: [{ type: 'tablet' }], idempotencyKey: 'donation-form-123456' };
    const before = await t.count('donations');
    const first = await t.api('POST', '/api/v1/donations', fol, body);
    const second = await t.api('POST', '/api/v1/donations', fol, body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json.id).toBe(first.json.id);
    expect(second.json.devices).toEqual(first.json.devices);
    expect(await t.count('donations')).toBe(before + 1);
  });

  it('the same registration sent three times at once (a retry racing the first) is one donation, and every answer names it', async () => {
    const body = { hub: 'FOL', donor: { kind: 'school', name: 'IC Bevagna' }, devices: [{ type: 'laptop' }, { type: 'monitor' }], idempotencyKey: 'donation-race-000001' };
    const before = await t.count('donations');
    const answers = await Promise.all([1, 2, 3].map(() => t.api('POST', '/api/v1/donations', fol, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    for (const a of answers) expect(a.json.devices).toEqual(answers[0]!.json.devices);
    expect(await t.count('donations')).toBe(before + 1);
  });

  it('stores names with HTML exactly as typed and shows them escaped', async () => {
    const evil = '<script>alert(1)</script> & "Figli"';
    const { id, devices } = await donate(t, fol, 'FOL', [{ type: 'laptop', model: evil }], { kind: 'company', name: evil });
    const coordinator = await t.person('coordinator', 'FOL');
    const page = await t.page(`/donations/${id}`, coordinator.cookie);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>alert(1)');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Figli&quot;');
    const device = await t.page(`/d/${devices[0]!.tag}`, coordinator.cookie);
    expect(device.html).not.toContain('<script>alert(1)');
    expect((await t.api('GET', `/api/v1/devices/${devices[0]!.tag}`, fol)).json.model).toBe(evil);
  });
});

describe('bad donations: a clear 4xx in the user language, and nothing written', () => {
  const valid = { hub: 'FOL', donor: { kind: 'company', name: 'ACME' }, devices: [{ type: 'laptop' }] };
  const cases: [string, unknown, number, RegExp][] = [
    ['no devices', { ...valid, devices: [] }, 422, /Dispositivi/],
    ['unknown device type', { ...valid, devices: [{ type: 'toaster' }] }, 422, /Tipo/],
    ['missing donor name', { ...valid, donor: { kind: 'company' } }, 422, /Donatore › Nome: campo obbligatorio/],
    ['blank donor name', { ...valid, donor: { kind: 'company', name: '   ' } }, 422, /campo obbligatorio/],
    ['unknown donor kind', { ...valid, donor: { kind: 'alien', name: 'x' } }, 422, /Donatore › Tipo: scegli una delle voci proposte/],
    ['negative weight', { ...valid, devices: [{ type: 'laptop', weightKg: -1 }] }, 422, /Peso/],
    ['weight as words', { ...valid, devices: [{ type: 'laptop', weightKg: 'heavy' }] }, 422, /Peso/],
    ['a serial with quantity 2', { ...valid, devices: [{ type: 'laptop', serial: 'X', quantity: 2 }] }, 422, /quantità deve essere 1/],
    ['a huge name', { ...valid, donor: { kind: 'company', name: 'x'.repeat(5000) } }, 422, /Donatore › Nome/],
    ['control characters', { ...valid, donor: { kind: 'company', name: 'a\u0007b' } }, 422, /Donatore › Nome/],
    ['an unknown hub', { ...valid, hub: 'XYZ' }, 422, /Hub «XYZ» sconosciuto/],
    ['a bad email', { ...valid, donor: { kind: 'citizen', name: 'M', email: 'not-an-email' } }, 422, /E-mail/],
    ['a date in the future', { ...valid, receivedAt: '2099-01-01' }, 422, /futuro/],
    ['a date that is not a date', { ...valid, receivedAt: '31/12/2025' }, 422, /Data di ricevimento/],
    ['devices not an array', { ...valid, devices: 'laptop' }, 422, /Dispositivi/],
    ['2001 devices', { ...valid, devices: Array(2001).fill({ type: 'laptop' }) }, 422, /Dispositivi/],
    ['a JSON array', [1, 2], 422, /./],
    ['null', null, 422, /./],
  ];
  it.each(cases)('%s', async (_, body, status, message) => {
    const before = [await t.count('donations'), await t.count('devices'), await t.count('donors'), await t.count('device_events')];
    const r = await t.api('POST', '/api/v1/donations', fol, body);
    expect(r.status).toBe(status);
    expect(r.json.error).toMatch(message);
    expect([await t.count('donations'), await t.count('devices'), await t.count('donors'), await t.count('device_events')]).toEqual(before);
  });

  it('broken JSON, wrong content type and an oversized body', async () => {
    const broken = await t.api('POST', '/api/v1/donations', fol, '{"hub": "FOL",', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toBe('Il corpo della richiesta non è JSON valido.');
    const form = await t.app.request('/api/v1/donations', { method: 'POST', headers: { authorization: `Bearer ${fol}`, 'content-type': 'text/plain' }, body: 'hello' });
    expect(form.status).toBe(415);
    const huge = await t.api('POST', '/api/v1/donations', fol, JSON.stringify({ ...valid, note: 'x'.repeat(3 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.json.error).toMatch(/troppo grande/);
  });

  it('answers in English when asked', async () => {
    const r = await t.api('POST', '/api/v1/donations', fol, { ...valid, donor: { kind: 'company' } }, { 'accept-language': 'en' });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(/Donor › Name: required field/);
  });
});

describe('the donation form', () => {
  it('registers from the page and shows the new tags', async () => {
    const c = await t.person('coordinator', 'FOL');
    const r = await t.form('/donations', c.cookie, {
      'donor.kind': 'citizen',
      'donor.name': 'Maria Verdi',
      'devices.0.type': 'laptop',
      'devices.0.brand': 'Lenovo',
      'devices.0.model': 'ThinkPad T440',
      'devices.0.weightKg': '1,9',
      'devices.0.hasStorage': 'true',
      'devices.0.quantity': '1',
      'devices.1.type': 'monitor',
      'devices.1.quantity': '2',
      'devices.1.hasStorage': '',
      idempotencyKey: 'form-key-000000001',
    });
    expect(r.status).toBe(303);
    expect(r.location).toMatch(/^\/donations\/\d+\?created=1$/);
    const page = await t.page(r.location!, c.cookie);
    expect(page.html).toContain('Donazione registrata: 3 dispositivi');
    expect(page.html).toContain('Maria Verdi');
    expect(page.html.match(/FOL-\d{5}-[0-9A-Z]/g)!.length).toBeGreaterThanOrEqual(3);
    const laptop = await t.db.selectFrom('devices').selectAll().where('model', '=', 'ThinkPad T440').executeTakeFirstOrThrow();
    expect(laptop).toMatchObject({ weight_kg: 1.9, has_storage: 1, state: 'received' });
  });

  it('shows the errors on the form, keeps what was typed, and writes nothing', async () => {
    const c = await t.person('coordinator', 'FOL');
    const before = await t.count('devices');
    const r = await t.form('/donations', c.cookie, { 'donor.kind': 'company', 'donor.name': '', 'devices.0.type': 'laptop', 'devices.0.model': 'Kept Model' });
    expect(r.status).toBe(422);
    expect(r.html).toContain('Donatore › Nome: campo obbligatorio');
    expect(r.html).toContain('value="Kept Model"');
    expect(await t.count('devices')).toBe(before);
  });

  it('hides the donor from volunteers', async () => {
    const { id } = await donate(t, fol, 'FOL', [{ type: 'laptop' }], { kind: 'citizen', name: 'Donatella Segreta' });
    const v = await t.person('volunteer', 'FOL');
    const page = await t.page(`/donations/${id}`, v.cookie);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('Donatella Segreta');
    const list = await t.page('/donations', v.cookie);
    expect(list.html).not.toContain('Donatella Segreta');
  });
});

describe('the hub’s day', () => {
  it('takes a donation received today at the hub just after midnight in Italy, when UTC still says yesterday', async () => {
    const local = await createTestContext();
    try {
      local.clock.set('2026-12-04T23:30:00.000Z'); // 00:30 on 5 December in Foligno
      const token = await local.token('coordinator', 'FOL');
      const res = await local.api('POST', '/api/v1/donations', token, {
        hub: 'FOL',
        donor: { kind: 'company', name: 'Mezzanotte Srl' },
        receivedAt: '2026-12-05',
        devices: [{ type: 'laptop' }],
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      const tomorrow = await local.api('POST', '/api/v1/donations', token, {
        hub: 'FOL',
        donor: { kind: 'company', name: 'Mezzanotte Srl' },
        receivedAt: '2026-12-06',
        devices: [{ type: 'laptop' }],
      });
      expect(tomorrow.status).toBe(422);
      expect(tomorrow.json.code).toBe('donations.futureDate');
    } finally {
      await local.close();
    }
  });
});
