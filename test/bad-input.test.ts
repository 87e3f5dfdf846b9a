import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type Person, type TestContext } from './support/context';

/**
 * Every form and API route that writes, fed garbage: the answer is a clear 4xx in the user's
 * language and nothing is written. Features add their routes to ROUTES.
 */
let t: TestContext;
let coordinator: Person;
let token: string;
let tag: string;

const TABLES = ['donations', 'donors', 'devices', 'device_events', 'erasures', 'users', 'sessions', 'api_tokens', 'label_batches', 'label_blanks', 'stocktakes', 'stocktake_scans'];

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

const snapshot = async () => Promise.all(TABLES.map((tb) => t.count(tb)));

type Route = { kind: 'form' | 'api'; path: () => string };
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
];

const GARBAGE: { name: string; contentType: string; body: string | Uint8Array }[] = [
  { name: 'an empty body', contentType: 'application/x-www-form-urlencoded', body: '' },
  { name: 'wrong fields', contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=2&devices.0.type=<b>' },
  { name: 'invalid UTF-8', contentType: 'application/x-www-form-urlencoded', body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe, 0xc3]) },
  { name: 'a JSON body on a form route / a form body on a JSON route', contentType: 'text/plain', body: 'hello' },
  { name: 'deeply nested JSON', contentType: 'application/json', body: '['.repeat(5000) + ']'.repeat(5000) },
  { name: 'JSON with the wrong types', contentType: 'application/json', body: '{"hub":1,"donor":[],"devices":{"0":{"type":7}},"action":{"x":1}}' },
  { name: 'truncated JSON', contentType: 'application/json', body: '{"donor": {"kind": "company", "na' },
];

describe('garbage on every writing route', () => {
  for (const route of ROUTES) {
    for (const g of GARBAGE) {
      it(`${route.kind} ${route.path.toString().replace(/^.*=> /, '')}: ${g.name}`, async () => {
        const before = await snapshot();
        const headers: Record<string, string> = { 'content-type': g.contentType };
        if (route.kind === 'form') headers.cookie = coordinator.cookie;
        else headers.authorization = `Bearer ${token}`;
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
