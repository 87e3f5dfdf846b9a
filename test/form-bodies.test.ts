import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FORM_FIELDS, unflatten } from '../src/http/body';
import { createTestContext, type Person, type TestContext } from './support/context';

/**
 * A form body is bounded before anything parses it: too many fields is a 413, an array index far
 * beyond the rows sent so far a 400, both in the sender's language, and nothing is written.
 */
let t: TestContext;
let coordinator: Person;
beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.person('coordinator', 'FOL');
});
afterAll(() => t.close());

const post = (path: string, body: BodyInit, headers: Record<string, string>) => t.app.request(path, { method: 'POST', headers, body });
const urlencoded = (cookie: string) => ({ cookie, 'content-type': 'application/x-www-form-urlencoded' });

/** The red team's login body: sparse arrays thousands of slots long under every key. */
function sparseBomb(fields: number) {
  const parts = [`_csrf=${t.csrf}`, 'email=a%40b.it', 'password=x'];
  for (let i = 0; i < fields; i++) parts.push(`k${i % 7}.${i}.b.5000=1`);
  return parts.join('&');
}

describe('form bodies', () => {
  it('refuses an anonymous login of thousands of fields with a 413 in the sender’s language, at once', async () => {
    const body = sparseBomb(5000);
    expect(body.length).toBeGreaterThan(79_000);
    const started = Date.now();
    const it = await post('/login', body, urlencoded(`rg_csrf=${t.csrf}`));
    expect(it.status).toBe(413);
    expect(await it.text()).toContain('Il modulo inviato ha troppi campi (massimo 200)');
    const en = await post('/login', body, urlencoded(`rg_csrf=${t.csrf}; rg_lang=en`));
    expect(en.status).toBe(413);
    expect(await en.text()).toContain('The form you sent has too many fields (at most 200)');
    // The whole server waited 15 s for this body before the limit.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a multipart login of too many parts the same way', async () => {
    const fd = new FormData();
    fd.set('_csrf', t.csrf);
    for (let i = 0; i < 300; i++) fd.set(`f${i}`, 'x');
    const res = await post('/login', fd, { cookie: `rg_csrf=${t.csrf}` });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('troppi campi');
  });

  it('still lets a person sign in with an ordinary form', async () => {
    const person = await t.person('volunteer', 'FOL');
    const res = await t.form('/login', null, { email: person.email, password: person.password });
    expect(res.status).toBe(303);
  });

  it('refuses a signed-in form over its limit before the CSRF check or the route reads it', async () => {
    const before = await t.count('donations');
    const parts = [`_csrf=${t.csrf}`, 'donor.kind=company', 'donor.name=ACME'];
    for (let i = 0; i <= MAX_FORM_FIELDS.signedIn; i++) parts.push(`devices.${i}.type=laptop`);
    const res = await post('/donations', parts.join('&'), urlencoded(coordinator.cookie));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('massimo 2100');
    expect(await t.count('donations')).toBe(before);
  });

  it('refuses a row index far beyond the rows sent so far with a 400, and writes nothing', async () => {
    const before = [await t.count('donations'), await t.count('devices')];
    const parts = [`_csrf=${t.csrf}`, 'donor.kind=company', 'donor.name=ACME', 'devices.0.type=laptop', 'devices.0.quantity=1'];
    for (let i = 0; i < 150; i++) parts.push(`devices.0.x.${5000 + i}=1`);
    const started = Date.now();
    const res = await post('/donations', parts.join('&'), urlencoded(coordinator.cookie));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('numera le sue righe in modo non valido (devices.0.x.5000)');
    expect([await t.count('donations'), await t.count('devices')]).toEqual(before);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('keeps a donation form whose removed rows left gaps', async () => {
    const res = await t.form('/donations', coordinator.cookie, {
      'donor.kind': 'company',
      'donor.name': 'Gaps srl',
      'devices.0.type': 'laptop',
      'devices.0.quantity': 1,
      'devices.3.type': 'desktop',
      'devices.3.quantity': 2,
    });
    expect(res.status, res.html.slice(0, 500)).toBe(303);
    const donation = await t.db.selectFrom('donations').select(['id', 'device_count']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(donation.device_count).toBe(3);
  });
});

describe('unflatten', () => {
  it('makes dense arrays in index order and drops the gaps', () => {
    const form = unflatten({ 'a.5.x': '5', 'a.0.x': '0', 'a.2.x': '2', 'b.c': 'd', _csrf: 'secret' });
    expect(form).toEqual({ a: [{ x: '0' }, { x: '2' }, { x: '5' }], b: { c: 'd' } });
  });

  it('ignores keys that would climb into prototypes, go too deep or mix a value with a branch', () => {
    const form = unflatten({ '__proto__.x': '1', 'a.constructor.y': '1', 'p.q.r.s.t': '1', v: '1', 'v.w': '2', 'l.0': 'x', 'l.name': 'y' });
    expect(form).toEqual({ v: '1', l: ['x'] });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reads the largest form a signed-in person may send in a few milliseconds', () => {
    const flat: Record<string, string> = {};
    for (let i = 0; i < MAX_FORM_FIELDS.signedIn; i++) flat[`k${i % 7}.${Math.floor(i / 7)}.b.${i % 50}`] = '1';
    const started = performance.now();
    const form = unflatten(flat);
    expect(performance.now() - started).toBeLessThan(500);
    expect((form.k0 as unknown[]).length).toBe(Math.ceil(MAX_FORM_FIELDS.signedIn / 7));
  });
});
