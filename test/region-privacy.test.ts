import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { walkTo } from './support/walk';

/**
 * The Region reads organisations, requests, deliveries and devices, never a partner's person: names
 * are planted on the partner's side (a user, a token's label, a contact) and looked for in every page
 * and API answer that shows a history or a request, as the Region sees them. The hub's coordinator
 * sees them, which proves the names did reach those pages.
 */
const PERSON = 'Zenobia Piantatissima';
const TOKEN_PERSON = 'Ottone Segnalibro';
const CONTACT = 'Ildebranda Contattini';
const NAMES = [PERSON, TOKEN_PERSON, CONTACT, 'Piantatissima', 'Segnalibro', 'Contattini'];

let t: TestContext;
let hubToken: string;
let requestId: number;
let deliveryId: number;
let partnerId: number;
let delivered: string;
let freed: string;

beforeAll(async () => {
  t = await createTestContext();
  hubToken = await t.token('coordinator', 'FOL');
  const p = await t.api('POST', '/api/v1/partners', hubToken, {
    hub: 'FOL',
    kind: 'other',
    name: 'Associazione Ponte',
    municipality: 'Foligno',
    contacts: [{ name: CONTACT, email: 'ildebranda@example.org' }],
  });
  expect(p.status, p.text).toBe(201);
  partnerId = p.json.id;
  const partnerToken = await t.token('partner', undefined, TOKEN_PERSON, { partnerId });
  const person = await t.person('partner', undefined, PERSON, { partnerId });

  // The partner asks (by token), the hub approves, reserves two laptops and delivers one.
  const r = await t.api('POST', '/api/v1/requests', partnerToken, { items: [{ type: 'laptop', quantity: 2 }], purpose: 'Corso per anziani', beneficiaries: { count: 12 } });
  expect(r.status, r.text).toBe(201);
  requestId = r.json.id;
  expect((await t.api('POST', `/api/v1/requests/${requestId}/decision`, hubToken, { decision: 'approve' })).status).toBe(200);
  const tags = (await donate(t, hubToken, 'FOL', [{ type: 'laptop' }, { type: 'laptop' }])).devices.map((d) => d.tag);
  for (const tag of tags) await walkTo(t, hubToken, tag, 'ready');
  [delivered, freed] = tags as [string, string];
  expect((await t.api('POST', `/api/v1/requests/${requestId}/reservations`, hubToken, { tags })).status).toBeLessThan(300);
  const d = await t.api('POST', `/api/v1/requests/${requestId}/deliveries`, hubToken, { tags: [delivered], title: 'donation' });
  expect(d.status, d.text).toBe(201);
  deliveryId = d.json.id;

  // The partner's person confirms receipt, reports a fault, and cancels the rest of the request,
  // which frees the other laptop in that person's name (a device event).
  expect((await t.form(`/portal/deliveries/${deliveryId}/receipt`, person.cookie, { all: 'true' })).status).toBe(303);
  expect((await t.form(`/portal/deliveries/${deliveryId}/reports`, person.cookie, { tag: delivered, kind: 'fault', description: 'La batteria non carica' })).status).toBe(303);
  expect((await t.form(`/portal/requests/${requestId}/cancel`, person.cookie, { note: 'Ne basta uno' })).status).toBe(303);
  expect((await act(t, hubToken, delivered, { action: 'return', reason: 'guasto' })).status).toBe(200);
});
afterAll(() => t.close());

const pages = () => [`/requests/${requestId}`, `/deliveries/${deliveryId}`, `/d/${delivered}`, `/d/${freed}`, `/partners/${partnerId}`, '/requests', '/deliveries'];
const apis = () => [`/api/v1/requests/${requestId}`, `/api/v1/deliveries/${deliveryId}`, `/api/v1/devices/${delivered}`, `/api/v1/devices/${freed}`];

describe('a partner’s people, as the Region sees them', () => {
  it('the hub’s coordinator sees who acted: the planted names did reach the histories', async () => {
    const cookie = (await t.person('coordinator', 'FOL')).cookie;
    const all = (await Promise.all(pages().map((p) => t.page(p, cookie)))).map((r) => r.html).join('\n');
    expect(all).toContain(PERSON);
    expect(all).toContain(TOKEN_PERSON);
  });

  it('no page the Region opens names them; it sees the organisation instead', async () => {
    const cookie = (await t.person('region')).cookie;
    for (const path of pages()) {
      const r = await t.page(path, cookie);
      expect(r.status, path).toBe(200);
      for (const name of NAMES) expect(r.html, `${path} shows ${name}`).not.toContain(name);
    }
    const request = await t.page(`/requests/${requestId}`, cookie);
    expect(request.html).toContain('Associazione Ponte');
  });

  it('no API answer to the Region names them', async () => {
    const token = await t.token('region');
    for (const path of apis()) {
      const r = await t.api('GET', path, token);
      expect(r.status, path).toBe(200);
      for (const name of NAMES) expect(r.text, `${path} shows ${name}`).not.toContain(name);
    }
    const request = await t.api('GET', `/api/v1/requests/${requestId}`, token);
    expect(request.json.events.find((e: { action: string }) => e.action === 'submit').by).toBe('Associazione Ponte');
  });

  it('no published file names them, nor the organisation that did not consent', async () => {
    const q = '2026-Q1';
    const files = [
      `/opendata/recipients/${q}.csv`,
      `/opendata/recipients/${q}.json`,
      `/opendata/figures/${q}.csv`,
      `/opendata/figures/${q}.json`,
      '/opendata/catalog.jsonld',
      '/hubs/FOL',
      '/opendata',
    ];
    for (const path of files) {
      const r = await t.page(path);
      expect(r.status, path).toBe(200);
      for (const name of [...NAMES, 'Associazione Ponte']) expect(r.html, `${path} shows ${name}`).not.toContain(name);
    }
  });
});
