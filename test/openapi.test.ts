import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/openapi/operations';
import { createTestContext, donate, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';
import { walkTo } from './support/walk';

let t: TestContext;
let admin: string;
let partnerToken: string;
let doc: any;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.token('admin');
  doc = (await t.api('GET', '/api/v1/openapi.json', null)).json;
  // Real things for the examples' paths to name, so each example reaches its handler's validation.
  // The examples name FOL-00042-5, the FOL hub's 42nd device: here it is, ready to be reserved.
  const devices = (await donate(t, admin, 'FOL', [{ type: 'laptop', quantity: 45 }])).devices.map((d) => d.tag);
  expect(devices[41]).toBe('FOL-00042-5');
  await walkTo(t, admin, 'FOL-00042-5', 'ready');
  const r = await approvedRequest(t, admin, 'FOL', { items: [{ type: 'laptop', quantity: 5 }] });
  await walkTo(t, admin, devices[1]!, 'ready');
  await t.api('POST', `/api/v1/requests/${r.id}/reservations`, admin, { tags: [devices[1]] });
  const delivery = await t.api('POST', `/api/v1/requests/${r.id}/deliveries`, admin, { tags: [devices[1]], title: 'donation' });
  const transfer = await t.api('POST', '/api/v1/transfers', admin, { toHub: 'PER', tags: [devices[2]] });
  const stocktake = await t.api('POST', '/api/v1/stocktakes', admin, { hub: 'FOL' });
  const asset = await t.api('POST', '/api/v1/assets', admin, { hub: 'FOL', category: 'laptop' });
  partnerToken = await t.token('partner', undefined, 'portal', { partnerId: r.partner.id });
  Object.assign(ids, {
    tag: devices[0]!,
    requestId: String(r.id),
    partnerId: String(r.partner.id),
    deliveryId: String(delivery.json.id),
    transferId: String(transfer.json.id),
    stocktakeId: String(stocktake.json.id),
    assetTag: asset.json.tag,
  });
});
afterAll(() => t.close());

/** Hono's `/api/v1/devices/:tag` (or `:doc{pattern}`) as the document writes it: `/devices/{tag}`. */
const templated = (path: string) => path.replace(/^\/api\/v1/, '').replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');

/** A documented path with real values in it. */
function concrete(path: string): string {
  const byPrefix: [RegExp, string][] = [
    [/^\/assets\/\{tag\}/, ids.assetTag!],
    [/^\/requests\/\{id\}/, ids.requestId!],
    [/^\/partners\/\{id\}/, ids.partnerId!],
    [/^\/deliveries\/\{id\}/, ids.deliveryId!],
    [/^\/transfers\/\{id\}/, ids.transferId!],
    [/^\/stocktakes\/\{id\}/, ids.stocktakeId!],
  ];
  for (const [re, value] of byPrefix) if (re.test(path)) return path.replace(/\{(tag|id)\}/, value);
  return path.replace('{tag}', ids.tag!).replace('{id}', '1').replace('{type}', 'laptop').replace('{code}', 'FOL');
}

describe('the OpenAPI contract', () => {
  it('is OpenAPI 3.1 and describes every route of /api/v1 in the app’s router', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = new Set(t.app.routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${templated(r.path)}`));
    expect(routes.size).toBeGreaterThan(60);
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods as object).map((m) => `${m} ${path}`)));
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
    // …and nothing documented that the app does not serve.
    expect([...documented].filter((d) => !routes.has(d))).toEqual([]);
  });

  it('declares every path parameter, names each operation once, and says how to authenticate', () => {
    const opIds = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths) as [string, Record<string, any>][]) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(methods)) {
        expect(
          op.parameters
            .filter((p: any) => p.in === 'path')
            .map((p: any) => p.name)
            .sort(),
          path,
        ).toEqual(inPath);
        expect(op.summary).toMatch(/\w/);
        expect(opIds.has(op.operationId)).toBe(false);
        opIds.add(op.operationId);
      }
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The request schemas are the handlers' own: the donation's device types are the lifecycle's.
    const donation = doc.paths['/donations'].post.requestBody.content['application/json'].schema;
    expect(donation.properties.devices.items.properties.type.enum).toContain('all_in_one');
    expect(donation.required).toEqual(['donor', 'devices']);
  });

  it('documents examples that the running app accepts', async () => {
    const withExamples = OPERATIONS.filter((op) => op.example !== undefined || op.queryExample);
    expect(withExamples.length).toBeGreaterThan(30);
    const outcomes: string[] = [];
    for (const op of withExamples) {
      // The example fits the handler's schema…
      if (op.body) expect(op.body.safeParse(op.example).success, `${op.method} ${op.path}`).toBe(true);
      if (op.query && op.queryExample) expect(op.query.safeParse(op.queryExample).success, `${op.method} ${op.path}`).toBe(true);
      // …and the running app takes it: no refusal of its shape (400, 415, or 422 with issues), nor of the token.
      const query = op.queryExample ? `?${new URLSearchParams(op.queryExample).toString()}` : '';
      const bearer = /receipt|reports$/.test(op.path) && op.path.startsWith('/deliveries') ? partnerToken : admin;
      const res = await t.api(op.method.toUpperCase(), `/api/v1${concrete(op.path)}${query}`, bearer, op.example);
      outcomes.push(`${res.status} ${op.method} ${op.path}`);
      expect([400, 401, 403, 413, 415], `${op.method} ${op.path}: ${res.text.slice(0, 300)}`).not.toContain(res.status);
      expect(res.json?.issues, `${op.method} ${op.path}: ${res.text.slice(0, 300)}`).toBeUndefined();
    }
    // Most go all the way through.
    expect(outcomes.filter((o) => o.startsWith('2')).length, outcomes.join('\n')).toBeGreaterThanOrEqual(Math.ceil(withExamples.length * 0.6));
  });

  it('documents the answers besides the first success: a replayed key, a body too large, every file format', async () => {
    for (const [path, method] of [
      ['/donations', 'post'],
      ['/assets', 'post'],
      ['/devices/{tag}/hardware-reports', 'post'],
      ['/devices/{tag}/erasure-logs', 'post'],
    ] as const) {
      const responses = doc.paths[path][method].responses;
      expect(Object.keys(responses), path).toEqual(expect.arrayContaining(['200', '201', '413']));
      expect(responses['200'].headers['Idempotent-Replayed'], path).toBeDefined();
    }
    expect(Object.keys(doc.paths['/labels'].get.responses['200'].content)).toEqual(['application/pdf', 'application/x-zpl']);
    expect(Object.keys(doc.paths['/assets/register'].get.responses['200'].content)).toEqual(['text/csv', 'application/pdf']);
    // A write can find the database read-only (503) or the disk full (507); a GET has no body to be too
    // large; a public operation needs no token to refuse.
    expect(Object.keys(doc.paths['/devices/{tag}/actions'].post.responses)).toEqual(expect.arrayContaining(['413', '503', '507']));
    expect(doc.paths['/devices'].get.responses['413']).toBeUndefined();
    expect(doc.paths['/openapi.json'].get.responses['401']).toBeUndefined();
    expect(doc.components.responses.E413.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    // The reference page says which formats a success comes in.
    const page = await t.page('/api-reference');
    expect(page.html).toContain('200 (application/pdf, application/x-zpl)');
  });

  it('is served in the client’s language, and shown as a reference page in the app', async () => {
    const en = await t.api('GET', '/api/v1/openapi.json', null, undefined, { 'accept-language': 'en' });
    expect(en.json.paths['/donations'].post.summary).toBe('Registers a donation: the donor and the devices, each with its tag.');
    expect(doc.paths['/donations'].post.summary).toBe('Registra una donazione: il donatore e i dispositivi, ciascuno con il suo codice.');
    const page = await t.page('/api-reference');
    expect(page.status).toBe(200);
    for (const op of OPERATIONS) expect(page.html).toContain(`<code>${op.path}</code>`);
    expect(page.html).toContain('&quot;action&quot;: &quot;diagnose&quot;');
    expect(page.html).not.toMatch(/<script[^>]+src="https?:/);
  });
});
