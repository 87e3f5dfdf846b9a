import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/context';
import { validInput } from './support/inputs';
import { buildWorld, concretePath, WHO, type World } from './support/world';

/**
 * Every route of the app (read from its own router, so a new route without a line here fails) × every
 * role, each on the Foligno hub's object of the route's kind (a device, a donation, partner Alfa's
 * request and delivery, a transfer, a stock-take, an asset and its loan, a report, an import…).
 *
 * Columns: anonymous · a partner of another organisation (Beta) · a volunteer of another hub (Perugia)
 * · a volunteer of Foligno · the coordinator of Foligno · the region · an administrator · the coordinator
 * of another hub (Perugia): a + there is a list or form of their own hub, or Perugia's side of the transfer.
 * Answers: L not logged in (401, or the login page) · F refused (403) · N as if it did not exist (404)
 * · + let through (any other answer below 500: done, or refused for the state or the input it sent).
 * Writing routes are sent a valid input (support/inputs.ts), so a + is a real permission, not a validation error.
 */
const EXPECTED: Record<string, string> = {
  // Public: assets, start, login, setup, passports, partner applications, certificates, open data, the hub page
  'GET /assets/:name{.+}': '+ + + + + + + +',
  'GET /': '+ + + + + + + +',
  'GET /healthz': '+ + + + + + + +',
  'GET /login': '+ + + + + + + +',
  'POST /login': '+ + + + + + + +',
  'POST /logout': '+ + + + + + + +',
  'POST /lang': '+ + + + + + + +',
  'GET /setup/:token': 'N N N N N N N N',
  'POST /setup/:token': 'N N N N N N N N',
  'GET /welcome/:token': 'N N N N N N N N',
  'POST /welcome/:token': 'N N N N N N N N',
  'GET /d/:tag': '+ + + + + + + +',
  'GET /partners/apply': '+ + + + + + + +',
  'POST /partners/apply': '+ + + + + + + +',
  'GET /labels/pages.css': '+ + + + + + + +',
  'GET /verify': '+ + + + + + + +',
  'GET /verify/:code': '+ + + + + + + +',
  'GET /api/v1/certificates/:code': '+ + + + + + + +',
  'GET /opendata': '+ + + + + + + +',
  'GET /opendata/figures/:file': '+ + + + + + + +',
  'GET /opendata/recipients/:file': '+ + + + + + + +',
  'GET /opendata/impact-factors.csv': '+ + + + + + + +',
  'GET /opendata/catalog.jsonld': '+ + + + + + + +',
  'GET /hubs/:code': '+ + + + + + + +',
  'GET /api-reference': '+ + + + + + + +',
  'GET /manifest.webmanifest': '+ + + + + + + +',
  'GET /api/v1/openapi.json': '+ + + + + + + +',

  // The hub's own equipment: the desk lends and takes back; coordinators register; only administrators configure
  'GET /equipment': 'L F + + + + + +',
  'GET /equipment/new': 'L F F F + F + +',
  'POST /equipment': 'L F F F + F + F',
  'GET /equipment/assets/:tag': 'L F + + + + + +',
  'POST /equipment/assets/:tag/actions': 'L F F + + F + F',
  'POST /equipment/assets/:tag/maintenance': 'L F F + + F + F',
  'GET /equipment/assets/:tag/edit': 'L F F F + F + F',
  'POST /equipment/assets/:tag/edit': 'L F F F + F + F',
  'GET /equipment/loans': 'L F + + + + + +',
  'GET /equipment/loans/:id': 'L N + + + + + +',
  'GET /equipment/loans/:id/receipt.pdf': 'L N + + + + + +',
  'POST /equipment/loans/:id/erase': 'L N F F + F + F',
  'GET /equipment/kit': 'L F + + + + + +',
  'GET /equipment/register': 'L F F F + + + +',
  'GET /equipment/settings': 'L F F F F F + F',
  'POST /equipment/settings/funding': 'L F F F F F + F',
  'POST /equipment/settings/funding/:id': 'L F F F F F + F',
  'POST /equipment/settings/kit': 'L F F F F F + F',
  'POST /equipment/settings/kit/:id': 'L F F F F F + F',
  'GET /api/v1/assets': 'L F + + + + + +',
  'POST /api/v1/assets': 'L F F F + F + F',
  'GET /api/v1/assets/register': 'L F F F + + + +',
  'GET /api/v1/assets/:tag': 'L F + + + + + +',
  'POST /api/v1/assets/:tag/actions': 'L F F + + F + F',
  'POST /api/v1/assets/:tag/maintenance': 'L F F + + F + F',
  'GET /api/v1/loans': 'L F + + + + + +',
  'GET /api/v1/kit': 'L F + + + + + +',

  // Devices and donations: staff of every hub and the region read; the hub's own staff act
  'POST /d/:tag/actions': 'L F F + + F + F',
  'GET /devices': 'L F + + + + + +',
  'GET /donations/new': 'L F F F + F + +',
  'POST /donations': 'L F F F + F + F',
  'GET /donations': 'L F + + + + + +',
  'GET /donations/:id': 'L N + + + + + +',
  'GET /api/v1/devices': 'L F + + + + + +',
  'GET /api/v1/devices/:tag': 'L F + + + + + +',
  'POST /api/v1/devices/:tag/actions': 'L F F + + F + F',
  'POST /api/v1/donations': 'L F F F + F + F',

  // People and tokens
  'GET /users': 'L F F F + F + +',
  'POST /users': 'L F F F + F + +',
  'POST /users/:id/:op{disable|enable|link}': 'L N N N + N + N',
  'GET /tokens': 'L F F F F F + F',
  'POST /tokens': 'L F F F F F + F',
  'POST /tokens/:id/revoke': 'L F F F F F + F',
  'GET /admin/audit': 'L F F F F F + F',
  'GET /admin/privacy': 'L F F F F F + F',
  'POST /admin/privacy/erase': 'L F F F F F + F',
  'GET /api/v1/audit': 'L F F F F F + F',
  'POST /api/v1/privacy/erasures': 'L F F F F F + F',

  // Partners, requests, deliveries: the hub's coordinators; the region reads (never contacts) and finds no organisation
  // to change (404, as for anyone who may not); partner Beta sees nothing of Alfa's, and a partner's own request is
  // always for its own organisation (POST /api/v1/requests ignores the partner it names)
  'GET /partners': 'L F F F + + + +',
  'POST /partners': 'L F F F + F + F',
  'GET /partners/:id': 'L N N N + + + N',
  'POST /partners/:id': 'L N N N + N + N',
  'POST /partners/:id/decision': 'L N N N + N + N',
  'POST /partners/:id/invite': 'L N N N + N + N',
  'POST /partners/:id/contacts': 'L N N N + N + N',
  'POST /partners/:id/contacts/:contact/erase': 'L N N N + N + N',
  'GET /api/v1/partners/:id': 'L N N N + + + N',
  'POST /api/v1/partners': 'L F F F + F + F',
  'POST /api/v1/partners/:id/decision': 'L N N N + N + N',
  'POST /api/v1/partners/:id/invitations': 'L N N N + N + N',
  'GET /requests': 'L F F F + + + +',
  'GET /requests/new': 'L F F F + F + +',
  'POST /requests': 'L F F F + F + N',
  'GET /requests/:id': 'L F F F + + + N',
  'POST /requests/:id/decision': 'L F F F + F + N',
  'POST /requests/:id/reservations': 'L F F F + F + N',
  'POST /requests/:id/unreserve': 'L F F F + F + N',
  'POST /requests/:id/deliveries': 'L F F F + F + N',
  'POST /requests/:id/note': 'L F F F + N + N',
  'POST /api/v1/requests': 'L + F F + F + N',
  'GET /api/v1/requests/:id': 'L N N N + + + N',
  'POST /api/v1/requests/:id/decision': 'L F F F + F + N',
  'POST /api/v1/requests/:id/reservations': 'L F F F + F + N',
  'POST /api/v1/requests/:id/deliveries': 'L F F F + F + N',
  'GET /deliveries': 'L F F F + + + +',
  'GET /deliveries/:id': 'L F N N + + + N',
  'GET /deliveries/:id/:doc{ddt\\.pdf|comodato\\.pdf}': 'L N N N + + + N',
  'POST /deliveries/:id/returns': 'L F F F + F + N',
  'POST /deliveries/:id/reports/:report/resolve': 'L F F F + F + N',
  'GET /api/v1/deliveries/:id': 'L N N N + + + N',
  'POST /api/v1/deliveries/:id/receipt': 'L N F F F F F F',
  'POST /api/v1/deliveries/:id/reports': 'L N F F F F F F',
  'POST /api/v1/deliveries/:id/returns': 'L F F F + F + N',
  // The inbox: staff only; an entry opens only for the person it was written for
  'GET /inbox': 'L F + + + + + +',
  'GET /inbox/:id': 'L F N N N N N N',
  'POST /inbox/read': 'L F + + + + + +',
  'POST /partners/:id/users/:user/link': 'L N N N + N + N',

  // Transfers: the sending hub sends, the receiving hub (Perugia) takes in
  'GET /transfers': 'L F + + + + + +',
  'POST /transfers': 'L F F + + F + F',
  'GET /transfers/:id': 'L N + + + + + +',
  'GET /transfers/:id/document.pdf': 'L N + + + + + +',
  'POST /transfers/:id/arrivals': 'L F + F F F + +',
  'POST /api/v1/transfers': 'L F F + + F + F',
  'GET /api/v1/transfers/:id': 'L N + + + + + +',
  'POST /api/v1/transfers/:id/arrivals': 'L F + F F F + +',

  // The partner's portal: partners only, and Beta never reaches Alfa's request or delivery
  'GET /portal': 'L + F F F F F F',
  'GET /portal/requests/new': 'L + F F F F F F',
  'POST /portal/requests': 'L + F F F F F F',
  'GET /portal/requests/:id': 'L N F F F F F F',
  'POST /portal/requests/:id/cancel': 'L N F F F F F F',
  'GET /portal/deliveries/:id': 'L N F F F F F F',
  'POST /portal/deliveries/:id/receipt': 'L N F F F F F F',
  'POST /portal/deliveries/:id/reports': 'L N F F F F F F',

  // Labels, scanning and stock-takes
  'GET /labels': 'L F + + + + + +',
  'GET /labels/preview': 'L F + + + + + +',
  'POST /labels/blanks': 'L F F F + F + F',
  'GET /scan': 'L F + + + + + +',
  'GET /stocktakes': 'L F + + + + + +',
  'POST /stocktakes': 'L F F + + F + F',
  'GET /stocktakes/:id': 'L N + + + + + +',
  'POST /stocktakes/:id/close': 'L N F F + F + F',
  'POST /stocktakes/:id/act': 'L N F F + F + F',
  'GET /api/v1/labels/formats': 'L + + + + + + +',
  'GET /api/v1/labels': 'L F + + + + + +',
  'GET /api/v1/scan/resolve': 'L F + + + + + +',
  // Staff who may read the device hear why an undo cannot be done; the undo itself is a lifecycle action with its own access.
  'POST /api/v1/scan/undo': 'L F + + + + + +',
  'POST /api/v1/stocktakes': 'L F F + + F + F',
  'POST /api/v1/stocktakes/:id/scans': 'L N F + + F + F',
  'GET /api/v1/stocktakes/:id': 'L N + + + + + +',

  // The bench: hardware reports, erasure, certificates, checklists, images, parts, RAEE
  'POST /d/:tag/hardware-reports/:id/review': 'L F F F + F + F',
  'POST /d/:tag/erasure-logs': 'L F F + + F + F',
  'POST /d/:tag/erasures': 'L F F + + F + F',
  'GET /d/:tag/erasure-certificate.pdf': 'L F + + + + + +',
  'GET /donations/:id/erasure-certificate.pdf': 'L N F F + F + F',
  'GET /workshop': 'L F + + + + + +',
  'GET /workshop/checklists': 'L F + + + + + +',
  'POST /workshop/checklists': 'L F F F + F + F',
  'GET /workshop/images': 'L F + + + + + +',
  'POST /workshop/images': 'L F F F + F + +',
  'POST /workshop/images/:id': 'L F F F + F + +',
  'GET /workshop/parts': 'L F + + + + + +',
  'POST /workshop/parts': 'L F F + + F + F',
  'POST /d/:tag/parts': 'L F F + + F + F',
  'POST /d/:tag/undo': 'L F F + + F + F',
  'POST /d/:tag/correct': 'L F F F + F + F',
  'GET /workshop/recycling': 'L F + + + + + +',
  'POST /workshop/recycling': 'L F F F + F + F',
  'POST /api/v1/devices/:tag/hardware-reports': 'L F F + + F + F',
  'GET /api/v1/devices/:tag/hardware-reports': 'L F + + + + + +',
  'GET /api/v1/devices/:tag/hardware-reports/:id/raw': 'L F + + + + + +',
  'POST /api/v1/devices/:tag/hardware-reports/:id/review': 'L F F F + F + F',
  'POST /api/v1/devices/:tag/erasure-logs': 'L F F + + F + F',
  'GET /api/v1/devices/:tag/erasure-logs/:id/raw': 'L F + + + + + +',
  'POST /api/v1/devices/:tag/erasures': 'L F F + + F + F',
  'GET /api/v1/devices/:tag/erasures': 'L F + + + + + +',
  'GET /api/v1/devices/:tag/erasure-certificate.pdf': 'L F + + + + + +',
  'GET /api/v1/donations/:id/erasure-certificate.pdf': 'L N F F + F + F',
  'GET /api/v1/checklists/:type': 'L F + + + + + +',
  'PUT /api/v1/checklists/:type': 'L F F F + F + F',
  'GET /api/v1/os-images': 'L F + + + + + +',
  'POST /api/v1/os-images': 'L F F F + F + +',
  'PATCH /api/v1/os-images/:id': 'L F F F + F + +',
  'GET /api/v1/parts': 'L F + + + + + +',
  'POST /api/v1/devices/:tag/parts': 'L F F + + F + F',
  'GET /api/v1/recycling': 'L F + + + + + +',
  'POST /api/v1/raee-shipments': 'L F F F + F + F',
  // Confirming, refusing or accepting evidence is a coordinator's (a volunteer withdraws only their own record).
  'POST /d/:tag/erasure-reviews': 'L F F F + F + F',
  'GET /erasures/pending': 'L F F F + F + +',
  'POST /api/v1/devices/:tag/erasure-reviews': 'L F F F + F + F',
  'GET /api/v1/erasures/pending': 'L F F F + F + +',
  'POST /d/:tag/hardware-reports': 'L F F + + F + F',

  // Figures and reports: a hub's coordinators their hub, the region and administrators every hub
  'GET /figures': 'L F F F + + + +',
  'GET /figures/region': 'L F F F F + + F',
  'GET /figures/hub/:code': 'L F F F + + + F',
  'GET /reports': 'L F F F + + + +',
  'GET /reports/v/:file{[0-9]+\\.pdf}': 'L N N N + + + N',
  'GET /reports/:hub/:quarter': 'L F F F + + + F',
  'POST /reports/:hub/:quarter': 'L F F F + F + F',
  'GET /api/v1/figures': 'L F F F F + + F',
  'GET /api/v1/figures/hubs/:code': 'L F F F + + + F',
  'GET /api/v1/reports': 'L F F F + + + +',
  'POST /api/v1/reports': 'L F F F + F + F',
  'GET /api/v1/reports/:id': 'L N N N + + + N',
  'GET /figures/disks': 'L F F F + + + F',
  'GET /reports/region/:file{[0-9]{4}-Q[1-4]\\.(pdf|csv)}': 'L F F F F + + F',

  // Spreadsheets in and out
  'GET /imports': 'L F F F + F + +',
  'POST /imports': 'L F F F + F + +',
  'GET /imports/:id': 'L F F F + F + N',
  'POST /imports/:id/mapping': 'L F F F + F + N',
  'POST /imports/:id/start': 'L F F F + F + N',
  'GET /imports/:id/problems.csv': 'L F F F + F + N',
  'GET /imports/:id/skipped.csv': 'L F F F + F + N',
  'GET /api/v1/imports/:id': 'L N N N + N + N',
  'GET /exports/:list': 'L F + + + + + +',
  // The legal identity documents print: the programme's (administrators), each hub's (its coordinator, administrators)
  'GET /programme': 'L F F F F F + F',
  'POST /programme': 'L F F F F F + F',
  'GET /hubs/identity': 'L F F F + F + +',
  'GET /hubs/:code/identity': 'L F F F + F + F',
  'POST /hubs/:code/identity': 'L F F F + F + F',
  'GET /api/v1/programme': 'L + + + + + + +',
  'PUT /api/v1/programme': 'L F F F F F + F',
  'GET /api/v1/hubs/:code/identity': 'L F F F + F + F',
  'PUT /api/v1/hubs/:code/identity': 'L F F F + F + F',
  // A device that came back: its return receipt, like the delivery's documents
  'GET /deliveries/:id/returns/:tag{[A-Za-z0-9-]+\\.pdf}': 'L N N N + + + N',
};

let t: TestContext;
let w: World;
beforeAll(async () => {
  t = await createTestContext();
  w = await buildWorld(t);
});
afterAll(() => t.close());

const letter = (res: Response) => {
  const s = res.status;
  if (s === 401 || (s >= 300 && s < 400 && /^\/login/.test(res.headers.get('location') ?? ''))) return 'L';
  if (s === 403) return 'F';
  if (s === 404) return 'N';
  if (s >= 500) return '!';
  return '+';
};

describe('every route × every role', () => {
  it('answers each role as the table says, and the table names every route of the app', async () => {
    const routes = [...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    // A route the table does not know fails here: add it, with what each role must get.
    expect(routes.filter((k) => !(k in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !routes.includes(k))).toEqual([]);

    const actual: Record<string, string> = {};
    const detail: string[] = [];
    for (const key of routes) {
      const [method, pattern] = key.split(' ') as [string, string];
      const path = concretePath(w, method, pattern);
      expect(path, key).toBeDefined();
      const cells: string[] = [];
      for (const who of WHO) {
        const write = method !== 'GET';
        // A fresh session for every write, so a logout or an erasure ends only itself.
        const cookie = (await w.cookieOf(who, write)) ?? `rg_csrf=${t.csrf}`;
        const input = await validInput(t, w, key, who);
        const headers: Record<string, string> = { cookie };
        let body: BodyInit | undefined;
        if (write) {
          if (input.text !== undefined) {
            headers['content-type'] = 'text/plain';
            headers['x-csrf-token'] = t.csrf;
            body = input.text;
          } else if (input.body instanceof FormData) {
            input.body.set('_csrf', t.csrf);
            body = input.body;
          } else if ((input.path ?? path)!.startsWith('/api/')) {
            headers['content-type'] = 'application/json';
            headers['x-csrf-token'] = t.csrf;
            body = JSON.stringify(input.body ?? {});
          } else {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            const form = new URLSearchParams({ _csrf: t.csrf });
            for (const [k, v] of Object.entries(input.body ?? {})) form.set(k, String(v));
            body = form;
          }
        }
        const res = await t.app.request((input.path ?? path) + (input.query ? `?${input.query}` : ''), { method, headers, body });
        const text = await res.text();
        // Signing out leads to the login page: that is its success.
        cells.push(key === 'POST /logout' && res.status === 303 ? '+' : letter(res));
        detail.push(
          `${key} ${who}: ${res.status} ${
            res.status >= 400
              ? text
                  .replace(/<[^>]+>/g, ' ')
                  .replace(/\s+/g, ' ')
                  .slice(0, 160)
              : ''
          }`,
        );
      }
      actual[key] = cells.join(' ');
    }
    const wrong = Object.keys(EXPECTED).filter((k) => actual[k] !== EXPECTED[k]);
    expect(wrong.map((k) => `${k}\n   expected ${EXPECTED[k]}\n   actual   ${actual[k]}\n   ${detail.filter((d) => d.startsWith(k + ' ')).join('\n   ')}`)).toEqual([]);
  }, 300_000);
});

describe('the other hub’s coordinator', () => {
  it('opens the lists and files of their own hub, and finds nothing of Foligno’s in them', async () => {
    const cookie = (await w.cookieOf('coordinatorOther'))!;
    const folTags = [w.ids.tag, w.ids.benchTag, w.ids.deliveredTag, w.ids.asset];
    for (const path of [
      '/exports/devices?format=csv',
      '/exports/donations?format=csv',
      '/exports/requests?format=csv',
      '/api/v1/assets/register?funding=1&format=csv',
      '/equipment/register',
      '/partners',
      '/requests',
      '/deliveries',
      '/users',
      '/imports',
      '/api/v1/reports',
      '/reports',
    ]) {
      const res = await t.app.request(path, { headers: { cookie } });
      const text = await res.text();
      expect(res.status, path).toBeLessThan(400);
      for (const tag of folTags) expect(text, `${path} shows ${tag}`).not.toContain(tag);
      for (const name of ['Volontaria Foligno', 'Scuola Alfa', 'Scuola Beta', 'Donatrice Mondo']) expect(text, `${path} shows ${name}`).not.toContain(name);
    }
    // Foligno's own objects answer as if they did not exist, or are refused.
    expect((await t.app.request(`/requests/${w.ids.request}`, { headers: { cookie } })).status).toBe(404);
    expect((await t.app.request('/figures/hub/FOL', { headers: { cookie } })).status).toBe(403);
  });
});
