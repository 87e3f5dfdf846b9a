import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type Person, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';
import { walkTo } from './support/walk';

/**
 * Every form and API route that writes, fed garbage: the answer is a clear 4xx in the user's
 * language and nothing is written. Features add their routes to ROUTES.
 */
let t: TestContext;
let coordinator: Person;
let token: string;
let tag: string;

const TABLES = [
  'donations',
  'donors',
  'devices',
  'device_events',
  'erasures',
  'users',
  'sessions',
  'api_tokens',
  'label_batches',
  'label_blanks',
  'stocktakes',
  'stocktake_scans',
  'partners',
  'partner_contacts',
  'partner_requests',
  'request_items',
  'request_events',
  'deliveries',
  'delivery_devices',
  'partner_reports',
  'transfers',
  'transfer_devices',
  'document_counters',
  'hardware_reports',
  'device_specs',
  'erasure_logs',
  'certificates',
  'checklists',
  'os_images',
  'parts',
  'part_moves',
  'raee_shipments',
  'raee_shipment_items',
  'assets',
  'asset_events',
  'asset_loans',
  'asset_maintenance',
  'funding_sources',
  'kit_items',
  'quarterly_reports',
  'figure_counts',
  'figure_members',
  'imports',
  'import_rows',
  'import_donations',
];
// Not audit_log: a form refused for its CSRF token while someone is logged in goes on the record by design.

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.person('coordinator', 'FOL');
  token = await t.token('coordinator', 'FOL');
  tag = (await donate(t, token, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
});
afterAll(() => t.close());

let stocktakeId: number;
beforeAll(async () => {
  stocktakeId = (await t.api('POST', '/api/v1/stocktakes', token, {})).json.id;
});

// A partner, its approved request, a delivery to it and a transfer: the redistribution routes' targets.
let partner: { id: number; cookie: string; token: string };
let requestId: number;
let deliveryId: number;
let transferId: number;
beforeAll(async () => {
  const r = await approvedRequest(t, token, 'FOL', { items: [{ type: 'laptop', quantity: 5 }] });
  requestId = r.id;
  const person = await t.person('partner', undefined, 'Partner', { partnerId: r.partner.id });
  partner = { id: r.partner.id, cookie: person.cookie, token: await t.token('partner', undefined, 'partner', { partnerId: r.partner.id }) };
  const [delivered, moved] = (await donate(t, token, 'FOL', [{ type: 'laptop' }, { type: 'laptop' }])).devices.map((d) => d.tag);
  await walkTo(t, token, delivered!, 'ready');
  await t.api('POST', `/api/v1/requests/${requestId}/reservations`, token, { tags: [delivered] });
  deliveryId = (await t.api('POST', `/api/v1/requests/${requestId}/deliveries`, token, { tags: [delivered], title: 'loan' })).json.id;
  transferId = (await t.api('POST', '/api/v1/transfers', token, { toHub: 'PER', tags: [moved] })).json.id;
});

// The hub's own equipment: an asset on loan (its loan returned, so its borrower could be erased) and the administrator.
let assetTag: string;
let loanId: number;
let adminCookie: string;
beforeAll(async () => {
  assetTag = (await t.api('POST', '/api/v1/assets', token, { category: 'laptop' })).json.tag;
  loanId = (await t.api('POST', `/api/v1/assets/${assetTag}/actions`, token, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'A.', due: '2026-03-10T19:00' })).json.loan.id;
  await t.api('POST', `/api/v1/assets/${assetTag}/actions`, token, { action: 'return' });
  adminCookie = (await t.person('admin')).cookie;
});

// An import waiting to be started, and a live token: what the import and token routes act on.
let importId: number;
let tokenId: number;
beforeAll(async () => {
  const fd = new FormData();
  fd.set('_csrf', t.csrf);
  fd.set('file', new File(['Tipo,Marca\r\nportatile,Dell\r\n'], 'a.csv', { type: 'text/csv' }));
  const up = await t.app.request('/imports', { method: 'POST', headers: { cookie: coordinator.cookie }, body: fd });
  importId = Number(/\/imports\/(\d+)$/.exec(up.headers.get('location') ?? '')?.[1]);
  await t.form(`/imports/${importId}/mapping`, coordinator.cookie, { 'columns.0': 'type', 'columns.1': 'brand', donorKind: 'company', donorName: 'ACME' });
  tokenId = (await t.db.selectFrom('api_tokens').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
});

const snapshot = async () => Promise.all(TABLES.map((tb) => t.count(tb)));

/** Routes are tried as the hub's coordinator unless they belong to the partner's portal (or the administrator's lists). */
type Route = { kind: 'form' | 'api'; path: () => string; as?: 'partner' | 'admin' };
const ROUTES: Route[] = [
  { kind: 'form', path: () => '/donations' },
  { kind: 'form', path: () => `/d/${tag}/actions` },
  { kind: 'form', path: () => '/users' },
  { kind: 'form', path: () => '/login' },
  { kind: 'form', path: () => '/lang' },
  { kind: 'api', path: () => '/api/v1/donations' },
  { kind: 'api', path: () => `/api/v1/devices/${tag}/actions` },
  { kind: 'form', path: () => '/labels/blanks' },
  { kind: 'form', path: () => '/stocktakes' },
  { kind: 'form', path: () => `/stocktakes/${stocktakeId}/act` },
  { kind: 'form', path: () => `/stocktakes/${stocktakeId}/close` },
  { kind: 'api', path: () => '/api/v1/scan/undo' },
  { kind: 'api', path: () => '/api/v1/stocktakes' },
  { kind: 'api', path: () => `/api/v1/stocktakes/${stocktakeId}/scans` },
  { kind: 'form', path: () => '/partners' },
  { kind: 'form', path: () => '/partners/apply' },
  { kind: 'form', path: () => `/partners/${partner.id}` },
  { kind: 'form', path: () => `/partners/${partner.id}/decision` },
  { kind: 'form', path: () => `/partners/${partner.id}/invite` },
  { kind: 'form', path: () => `/partners/${partner.id}/contacts` },
  { kind: 'form', path: () => '/requests' },
  { kind: 'form', path: () => `/requests/${requestId}/decision` },
  { kind: 'form', path: () => `/requests/${requestId}/reservations` },
  { kind: 'form', path: () => `/requests/${requestId}/unreserve` },
  { kind: 'form', path: () => `/requests/${requestId}/deliveries` },
  { kind: 'form', path: () => `/requests/${requestId}/note` },
  { kind: 'form', path: () => `/deliveries/${deliveryId}/returns` },
  { kind: 'form', path: () => '/transfers' },
  { kind: 'form', path: () => `/transfers/${transferId}/arrivals` },
  { kind: 'form', path: () => '/portal/requests', as: 'partner' },
  { kind: 'form', path: () => `/portal/requests/${requestId}/cancel`, as: 'partner' },
  { kind: 'form', path: () => `/portal/deliveries/${deliveryId}/receipt`, as: 'partner' },
  { kind: 'form', path: () => `/portal/deliveries/${deliveryId}/reports`, as: 'partner' },
  { kind: 'api', path: () => '/api/v1/partners' },
  { kind: 'api', path: () => `/api/v1/partners/${partner.id}/decision` },
  { kind: 'api', path: () => `/api/v1/partners/${partner.id}/invitations` },
  { kind: 'api', path: () => '/api/v1/requests' },
  { kind: 'api', path: () => `/api/v1/requests/${requestId}/decision` },
  { kind: 'api', path: () => `/api/v1/requests/${requestId}/reservations` },
  { kind: 'api', path: () => `/api/v1/requests/${requestId}/deliveries` },
  { kind: 'api', path: () => `/api/v1/deliveries/${deliveryId}/receipt`, as: 'partner' },
  { kind: 'api', path: () => `/api/v1/deliveries/${deliveryId}/reports`, as: 'partner' },
  { kind: 'api', path: () => `/api/v1/deliveries/${deliveryId}/returns` },
  { kind: 'api', path: () => '/api/v1/transfers' },
  { kind: 'api', path: () => `/api/v1/transfers/${transferId}/arrivals` },
  // Refurbishment records
  { kind: 'form', path: () => `/d/${tag}/hardware-reports/1/review` },
  { kind: 'form', path: () => `/d/${tag}/erasure-logs` },
  { kind: 'form', path: () => `/d/${tag}/erasures` },
  { kind: 'form', path: () => `/d/${tag}/parts` },
  { kind: 'form', path: () => '/workshop/checklists' },
  { kind: 'form', path: () => '/workshop/images' },
  { kind: 'form', path: () => '/workshop/images/1' },
  { kind: 'form', path: () => '/workshop/parts' },
  { kind: 'form', path: () => '/workshop/recycling' },
  { kind: 'api', path: () => `/api/v1/devices/${tag}/hardware-reports` },
  { kind: 'api', path: () => `/api/v1/devices/${tag}/hardware-reports/1/review` },
  { kind: 'api', path: () => `/api/v1/devices/${tag}/erasure-logs` },
  { kind: 'api', path: () => `/api/v1/devices/${tag}/erasures` },
  { kind: 'api', path: () => `/api/v1/devices/${tag}/parts` },
  { kind: 'api', path: () => '/api/v1/os-images' },
  { kind: 'api', path: () => '/api/v1/raee-shipments' },
  // The hub's own equipment
  { kind: 'form', path: () => '/equipment' },
  { kind: 'form', path: () => `/equipment/assets/${assetTag}/actions` },
  { kind: 'form', path: () => `/equipment/assets/${assetTag}/maintenance` },
  { kind: 'form', path: () => `/equipment/assets/${assetTag}/edit` },
  { kind: 'form', path: () => `/equipment/loans/${loanId}/erase` },
  { kind: 'form', path: () => '/equipment/settings/funding', as: 'admin' },
  { kind: 'form', path: () => '/equipment/settings/funding/1', as: 'admin' },
  { kind: 'form', path: () => '/equipment/settings/kit', as: 'admin' },
  { kind: 'form', path: () => '/equipment/settings/kit/1', as: 'admin' },
  { kind: 'api', path: () => '/api/v1/assets' },
  { kind: 'api', path: () => `/api/v1/assets/${assetTag}/actions` },
  { kind: 'api', path: () => `/api/v1/assets/${assetTag}/maintenance` },
  // Quarterly reports (the test clock's quarter is not over: nothing may be submitted either way)
  { kind: 'form', path: () => '/reports/FOL/2026-Q1' },
  { kind: 'api', path: () => '/api/v1/reports' },
  // Spreadsheet imports (a file uploaded and checked, not started) and API tokens
  { kind: 'form', path: () => '/imports' },
  { kind: 'form', path: () => `/imports/${importId}/mapping` },
  { kind: 'form', path: () => `/imports/${importId}/start` },
  { kind: 'form', path: () => '/tokens', as: 'admin' },
  { kind: 'form', path: () => `/tokens/${tokenId}/revoke`, as: 'admin' },
];

const GARBAGE: { name: string; contentType: string; body: string | Uint8Array }[] = [
  { name: 'an empty body', contentType: 'application/x-www-form-urlencoded', body: '' },
  { name: 'wrong fields', contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=2&devices.0.type=<b>' },
  { name: 'invalid UTF-8', contentType: 'application/x-www-form-urlencoded', body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe, 0xc3]) },
  { name: 'a JSON body on a form route / a form body on a JSON route', contentType: 'text/plain', body: 'hello' },
  { name: 'deeply nested JSON', contentType: 'application/json', body: '['.repeat(5000) + ']'.repeat(5000) },
  { name: 'JSON with the wrong types', contentType: 'application/json', body: '{"hub":1,"donor":[],"devices":{"0":{"type":7}},"action":{"x":1}}' },
  { name: 'truncated JSON', contentType: 'application/json', body: '{"donor": {"kind": "company", "na' },
  // The red team's login body, on every form: thousands of keys each asking for a sparse array.
  { name: 'a form of 5,000 sparse keys', contentType: 'application/x-www-form-urlencoded', body: Array.from({ length: 5000 }, (_, i) => `k${i % 7}.${i}.b.5000=1`).join('&') },
  { name: 'row numbers far beyond the rows sent', contentType: 'application/x-www-form-urlencoded', body: Array.from({ length: 150 }, (_, i) => `devices.0.x.${5000 + i}=1`).join('&') },
];

describe('garbage on every writing route', () => {
  for (const route of ROUTES) {
    for (const g of GARBAGE) {
      it(`${route.kind} ${route.path.toString().replace(/^.*=> /, '')}: ${g.name}`, async () => {
        const before = await snapshot();
        const headers: Record<string, string> = { 'content-type': g.contentType };
        if (route.kind === 'form') headers.cookie = route.as === 'partner' ? partner.cookie : route.as === 'admin' ? adminCookie : coordinator.cookie;
        else headers.authorization = `Bearer ${route.as === 'partner' ? partner.token : token}`;
        let body = g.body;
        if (route.kind === 'form' && g.contentType.startsWith('application/x-www-form-urlencoded')) {
          body = typeof body === 'string' ? `_csrf=${t.csrf}&${body}` : new Uint8Array([...new TextEncoder().encode(`_csrf=${t.csrf}&`), ...body]);
        }
        const res = await t.app.request(route.path(), { method: 'POST', headers, body: body as BodyInit });
        const text = await res.text();
        expect(res.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        if (route.kind === 'api') expect(JSON.parse(text).error).toMatch(/\w/);
        else expect(text).toMatch(/lang="it"/);
        expect(await snapshot()).toEqual(before);
      });
    }
  }
});
