import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { approvedRequest, withoutId } from './support/partners';
import { walkTo } from './support/walk';

/**
 * Partner A, with its own cookie and token, goes through every partner-facing route with partner
 * B's identifiers (both schools of the same hub). Every attempt is refused with exactly the answer
 * a non-existent id gets, and nothing of B's changes.
 */
let t: TestContext;
let admin: string;
let a: { id: number; person: Person; token: string; request: number; delivery: number; tag: string };
let b: { id: number; name: string; request: number; delivery: number; tag: string; purpose: string };
const MISSING = 999999;

async function deliveredTo(requestId: number) {
  const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude', serial: `SN-${requestId}` }]);
  const tag = devices[0]!.tag;
  await walkTo(t, admin, tag, 'ready');
  expect((await act(t, admin, tag, { action: 'reserve', request: requestId })).status).toBe(200);
  const r = await t.api('POST', `/api/v1/requests/${requestId}/deliveries`, admin, { tags: [tag], title: 'loan' });
  expect(r.status, r.text).toBe(201);
  return { tag, delivery: r.json.id as number };
}

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.token('admin');
  const ra = await approvedRequest(t, admin, 'FOL', { partnerName: 'Scuola Alfa', items: [{ type: 'laptop', quantity: 3 }] });
  const rb = await approvedRequest(t, admin, 'FOL', { partnerName: 'Scuola Beta Riservata', items: [{ type: 'laptop', quantity: 3 }] });
  const da = await deliveredTo(ra.id);
  const db = await deliveredTo(rb.id);
  const person = await t.person('partner', undefined, 'Anna di Alfa', { partnerId: ra.partner.id });
  a = { id: ra.partner.id, person, token: await t.token('partner', undefined, 'alfa', { partnerId: ra.partner.id }), request: ra.id, ...da };
  b = { id: rb.partner.id, name: 'Scuola Beta Riservata', request: rb.id, purpose: 'Postazioni per il doposcuola', ...db };
});
afterAll(() => t.close());

type Route = { name: string; run: (id: number) => Promise<{ status: number; text: string }> };

const page =
  (path: (id: number) => string): Route['run'] =>
  async (id) => {
    const r = await t.page(path(id), a.person.cookie);
    return { status: r.status, text: r.html };
  };
const form =
  (path: (id: number) => string, fields: () => Record<string, string>): Route['run'] =>
  async (id) => {
    const r = await t.form(path(id), a.person.cookie, fields());
    return { status: r.status, text: r.html };
  };
const api =
  (method: string, path: (id: number) => string, body?: () => unknown): Route['run'] =>
  async (id) => {
    const r = await t.api(method, path(id), a.token, body?.());
    return { status: r.status, text: r.text };
  };

/** Routes that take a request's id. */
const REQUEST_ROUTES: Route[] = [
  { name: 'portal request page', run: page((id) => `/portal/requests/${id}`) },
  {
    name: 'portal cancel',
    run: form(
      (id) => `/portal/requests/${id}/cancel`,
      () => ({ note: 'Non ci serve più' }),
    ),
  },
  { name: 'API read request', run: api('GET', (id) => `/api/v1/requests/${id}`) },
  {
    name: 'API cancel request',
    run: api(
      'POST',
      (id) => `/api/v1/requests/${id}/decision`,
      () => ({ decision: 'cancel' }),
    ),
  },
  {
    name: 'API approve request',
    run: api(
      'POST',
      (id) => `/api/v1/requests/${id}/decision`,
      () => ({ decision: 'approve' }),
    ),
  },
  {
    name: 'API reserve for request',
    run: api(
      'POST',
      (id) => `/api/v1/requests/${id}/reservations`,
      () => ({ tags: [b.tag] }),
    ),
  },
  {
    name: 'API deliver for request',
    run: api(
      'POST',
      (id) => `/api/v1/requests/${id}/deliveries`,
      () => ({ tags: [b.tag], title: 'donation' }),
    ),
  },
  { name: 'staff request page', run: page((id) => `/requests/${id}`) },
  {
    name: 'staff reservation form',
    run: form(
      (id) => `/requests/${id}/reservations`,
      () => ({ 'pick0.0': b.tag }),
    ),
  },
];

/** Routes that take a delivery's id. */
const DELIVERY_ROUTES: Route[] = [
  { name: 'portal delivery page', run: page((id) => `/portal/deliveries/${id}`) },
  {
    name: 'portal receipt (all)',
    run: form(
      (id) => `/portal/deliveries/${id}/receipt`,
      () => ({ all: 'true' }),
    ),
  },
  {
    name: 'portal receipt (one)',
    run: form(
      (id) => `/portal/deliveries/${id}/receipt`,
      () => ({ 'tags.0': b.tag }),
    ),
  },
  {
    name: 'portal fault report',
    run: form(
      (id) => `/portal/deliveries/${id}/reports`,
      () => ({ tag: b.tag, kind: 'fault', description: 'Non si accende' }),
    ),
  },
  { name: 'delivery note PDF', run: page((id) => `/deliveries/${id}/ddt.pdf`) },
  { name: 'loan agreement PDF', run: page((id) => `/deliveries/${id}/comodato.pdf`) },
  { name: 'API read delivery', run: api('GET', (id) => `/api/v1/deliveries/${id}`) },
  {
    name: 'API receipt',
    run: api(
      'POST',
      (id) => `/api/v1/deliveries/${id}/receipt`,
      () => ({ all: true }),
    ),
  },
  {
    name: 'API receipt of a tag',
    run: api(
      'POST',
      (id) => `/api/v1/deliveries/${id}/receipt`,
      () => ({ tags: [b.tag] }),
    ),
  },
  {
    name: 'API report',
    run: api(
      'POST',
      (id) => `/api/v1/deliveries/${id}/reports`,
      () => ({ tag: b.tag, kind: 'return', description: 'Da ritirare' }),
    ),
  },
  {
    name: 'API record return',
    run: api(
      'POST',
      (id) => `/api/v1/deliveries/${id}/returns`,
      () => ({ tag: b.tag }),
    ),
  },
  { name: 'staff delivery page', run: page((id) => `/deliveries/${id}`) },
  {
    name: 'staff return form',
    run: form(
      (id) => `/deliveries/${id}/returns`,
      () => ({ tag: b.tag }),
    ),
  },
];

/** Routes that take an organisation's id. */
const PARTNER_ROUTES: Route[] = [
  { name: 'staff partner page', run: page((id) => `/partners/${id}`) },
  { name: 'API read partner', run: api('GET', (id) => `/api/v1/partners/${id}`) },
  {
    name: 'invite to partner',
    run: form(
      (id) => `/partners/${id}/invite`,
      () => ({ name: 'Intruso', email: 'intruso@example.org' }),
    ),
  },
  {
    name: 'API invite to partner',
    run: api(
      'POST',
      (id) => `/api/v1/partners/${id}/invitations`,
      () => ({ name: 'Intruso', email: 'intruso2@example.org' }),
    ),
  },
];

async function snapshotOfB() {
  const request = await t.db.selectFrom('partner_requests').select(['state', 'version']).where('id', '=', b.request).executeTakeFirstOrThrow();
  const receipts = await t.db.selectFrom('delivery_devices').select(['received_at']).where('delivery_id', '=', b.delivery).execute();
  const device = await t.db.selectFrom('devices').select(['state', 'version']).where('tag', '=', b.tag).executeTakeFirstOrThrow();
  return {
    request,
    receipts,
    device,
    reports: await t.count('partner_reports'),
    users: await t.count('users'),
    deliveries: await t.count('deliveries'),
    requestEvents: await t.count('request_events'),
  };
}

describe('partner A with partner B’s identifiers', () => {
  for (const [kind, routes, idOf] of [
    ['request', REQUEST_ROUTES, () => b.request],
    ['delivery', DELIVERY_ROUTES, () => b.delivery],
    ['organisation', PARTNER_ROUTES, () => b.id],
  ] as const) {
    for (const route of routes) {
      it(`${kind}: ${route.name} is refused exactly as for an id that does not exist`, async () => {
        const before = await snapshotOfB();
        const theirs = await route.run(idOf());
        const none = await route.run(MISSING);
        expect(theirs.status, theirs.text.slice(0, 300)).toBeGreaterThanOrEqual(403);
        expect(theirs.status).toBeLessThan(500);
        expect(theirs.status).toBe(none.status);
        expect(withoutId(theirs.text, idOf())).toBe(withoutId(none.text, MISSING));
        expect(theirs.text).not.toContain(b.name);
        expect(await snapshotOfB()).toEqual(before);
      });
    }
  }

  it('the same routes answer A’s own identifiers: the sweep would notice a route refusing everyone', async () => {
    expect((await t.page(`/portal/requests/${a.request}`, a.person.cookie)).status).toBe(200);
    expect((await t.page(`/portal/deliveries/${a.delivery}`, a.person.cookie)).status).toBe(200);
    expect((await t.page(`/deliveries/${a.delivery}/ddt.pdf`, a.person.cookie)).status).toBe(200);
    expect((await t.page(`/deliveries/${a.delivery}/comodato.pdf`, a.person.cookie)).status).toBe(200);
    expect((await t.api('GET', `/api/v1/requests/${a.request}`, a.token)).status).toBe(200);
    expect((await t.api('GET', `/api/v1/deliveries/${a.delivery}`, a.token)).status).toBe(200);
    const report = await t.api('POST', `/api/v1/deliveries/${a.delivery}/reports`, a.token, { tag: a.tag, kind: 'fault', description: 'Tasto rotto' });
    expect(report.status).toBe(201);
    // A's own device named on B's delivery is still not part of it.
    const crossed = await t.api('POST', `/api/v1/deliveries/${a.delivery}/reports`, a.token, { tag: b.tag, kind: 'fault', description: 'x' });
    expect(crossed.status).toBe(422);
    const vague = await t.api('POST', `/api/v1/deliveries/${a.delivery}/receipt`, a.token, { hub: 1 });
    expect(vague.status).toBe(422);
    const receipt = await t.api('POST', `/api/v1/deliveries/${a.delivery}/receipt`, a.token, { all: true });
    expect(receipt.status).toBe(200);
    expect(receipt.json.receiptCompletedAt).not.toBeNull();
  });

  it('a request A sends names A, whatever partner it claims to be for', async () => {
    const r = await t.api('POST', '/api/v1/requests', a.token, { partner: b.id, items: [{ type: 'tablet', quantity: 1 }], purpose: 'Prova', beneficiaries: { count: 1 } });
    expect(r.status).toBe(201);
    expect(r.json.partner.id).toBe(a.id);
  });

  it('A’s portal shows A’s organisation, requests and deliveries only; the device page is its public passport', async () => {
    const home = await t.page('/portal', a.person.cookie);
    expect(home.html).toContain('Scuola Alfa');
    expect(home.html).not.toContain(b.name);
    expect(home.html).not.toContain(`/portal/requests/${b.request}"`);
    expect(home.html).not.toContain(`/portal/deliveries/${b.delivery}"`);
    const passport = await t.page(`/d/${b.tag}`, a.person.cookie);
    expect(passport.status).toBe(200);
    expect(passport.html).toContain('scheda pubblica');
    for (const secret of [b.name, 'ACME', `SN-${b.request}`]) expect(passport.html, secret).not.toContain(secret);
    // Devices, donations and the hub's lists are staff pages.
    for (const path of ['/devices', '/donations', '/requests', '/deliveries', '/partners', '/transfers', `/api/v1/devices/${b.tag}`]) {
      const res = path.startsWith('/api/') ? await t.api('GET', path, a.token) : await t.page(path, a.person.cookie);
      expect(res.status, path).toBe(403);
    }
  });

  it('a partner account without an organisation gets nothing', async () => {
    const orphan = await t.person('partner');
    expect((await t.page('/portal', orphan.cookie)).status).toBe(403);
    expect((await t.api('GET', `/api/v1/requests/${a.request}`, await t.token('partner'))).status).toBe(404);
  });
});
