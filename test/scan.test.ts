import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTag } from '../src/tags/tag';
import { act, BASE_URL, createTestContext, donate, type Person, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';
import { walkTo } from './support/walk';

let t: TestContext;
let admin: string;
let token: string;
let coordinator: Person;
let volunteer: Person;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.token('admin');
  token = await t.token('coordinator', 'FOL');
  coordinator = await t.person('coordinator', 'FOL');
  volunteer = await t.person('volunteer', 'FOL', 'Giulia');
});
afterAll(() => t.close());

/** A JSON call as the scan page makes it: session cookie plus the CSRF token from the page's meta tag. */
async function sessionApi(person: Person, method: string, path: string, body?: unknown) {
  const res = await t.app.request(path, {
    method,
    headers: { cookie: person.cookie, 'x-csrf-token': t.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe('the scan page', () => {
  it('loads the bundled decoder from this app, and relaxes the CSP for WebAssembly on scanning pages only', async () => {
    const page = await t.page('/scan', volunteer.cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(page.html).toContain(`<meta name="csrf-token" content="${t.csrf}"/>`);
    const zxing = /data-zxing="([^"]+)"/.exec(page.html)![1]!;
    const wasm = /data-wasm="([^"]+)"/.exec(page.html)![1]!;
    const js = await t.app.request(zxing);
    expect(js.status).toBe(200);
    const bin = await t.app.request(wasm);
    expect(bin.headers.get('content-type')).toBe('application/wasm');
    expect(Buffer.from(await bin.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    for (const other of ['/devices', '/labels', '/']) {
      const csp = (await t.page(other, volunteer.cookie)).headers.get('content-security-policy')!;
      expect(csp, other).not.toContain('wasm-unsafe-eval');
      expect(csp).toMatch(/script-src 'self'\s*;/);
    }
    // A volunteer's batch offers workshop actions, never coordination ones.
    const actions = [...page.html.matchAll(/<select id="batch-action"[\s\S]*?<\/select>/g)][0]![0];
    expect(actions).toContain('value="install"');
    expect(actions).not.toContain('value="reserve"');
  });
});

describe('GET /api/v1/scan/resolve', () => {
  it('understands a bare tag, a loosely typed one and the label URL; says which are mistyped or unknown', async () => {
    const { devices } = await donate(t, token, 'FOL', [{ type: 'laptop', brand: 'HP' }]);
    const tag = devices[0]!.tag;
    for (const code of [tag, tag.toLowerCase().replace(/-/g, ''), `${BASE_URL}/d/${tag}`]) {
      const r = await t.api('GET', `/api/v1/scan/resolve?code=${encodeURIComponent(code)}`, token);
      expect(r.status, code).toBe(200);
      expect(r.json).toMatchObject({ kind: 'device', tag, state: 'received', hub: 'FOL', brand: 'HP' });
    }
    const typo = tag.slice(0, 4) + (tag[4] === '1' ? '2' : '1') + tag.slice(5);
    expect((await t.api('GET', `/api/v1/scan/resolve?code=${typo}`, token)).status).toBe(400);
    expect((await t.api('GET', `/api/v1/scan/resolve?code=hello`, token)).json.error).toContain('non è un codice Rigenera');
    expect((await t.api('GET', `/api/v1/scan/resolve?code=${formatTag('FOL', 88888)}`, token)).status).toBe(404);
    expect((await t.api('GET', `/api/v1/scan/resolve?code=`, token)).status).toBe(422);
  });

  it('recognises a blank label and says whether it was claimed', async () => {
    const batch = await t.form('/labels/blanks', coordinator.cookie, { count: 1 });
    const batchId = Number(/batch=(\d+)/.exec(batch.location!)![1]);
    const { tag } = await t.db.selectFrom('label_blanks').select('tag').where('batch_id', '=', batchId).executeTakeFirstOrThrow();
    expect((await t.api('GET', `/api/v1/scan/resolve?code=${tag}`, token)).json).toEqual({ kind: 'blank', tag, hub: 'FOL', hubName: 'DigiPASS Foligno', claimed: false });
  });
});

describe('a batch of scans through the device API', () => {
  it('applies once per label even when it is scanned twice, and refuses with the reason', async () => {
    const { devices } = await donate(t, token, 'FOL', [{ type: 'laptop', quantity: 2 }]);
    const [a, b] = devices.map((d) => d.tag) as [string, string];
    await walkTo(t, admin, a, 'wiped');
    const body = { action: 'install', os: 'Linux Mint 22 Xfce', idempotencyKey: `b-0a1b2c3d4e5f-${a}` };
    const first = await sessionApi(volunteer, 'POST', `/api/v1/devices/${a}/actions`, body);
    expect(first.status).toBe(200);
    const second = await sessionApi(volunteer, 'POST', `/api/v1/devices/${a}/actions`, body);
    expect(second.json.replayed).toBe(true);
    expect((await t.api('GET', `/api/v1/devices/${a}`, admin)).json.events.filter((e: { action: string }) => e.action === 'install')).toHaveLength(1);
    const wrongState = await sessionApi(volunteer, 'POST', `/api/v1/devices/${b}/actions`, { ...body, idempotencyKey: `b-0a1b2c3d4e5f-${b}` });
    expect(wrongState.status).toBe(409);
    expect(wrongState.json.error).toMatch(/\w/);
    // Without the CSRF header a session cannot write.
    const res = await t.app.request(`/api/v1/devices/${b}/actions`, { method: 'POST', headers: { cookie: volunteer.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(403);
  });
});

describe('POST /api/v1/scan/undo', () => {
  it('refuses to undo what the lifecycle cannot take back, what someone else did, and what is no longer the latest', async () => {
    const { devices } = await donate(t, token, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    const diag = await sessionApi(volunteer, 'POST', `/api/v1/devices/${tag}/actions`, { action: 'diagnose', outcome: 'refurbish', hasStorage: 'true' });
    expect(diag.status).toBe(200);
    const other = await sessionApi(coordinator, 'POST', '/api/v1/scan/undo', { tag, seq: diag.json.version });
    expect(other.status).toBe(403);
    await act(t, admin, tag, { action: 'erase', method: 'Fill With Zeros', verified: true });
    const stale = await sessionApi(volunteer, 'POST', '/api/v1/scan/undo', { tag, seq: diag.json.version });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toContain('nel frattempo');
    expect((await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.events).toHaveLength(3);
    // Harvesting is final: a scan cannot take it back (only a coordinator, from the device's page).
    const harvested = await sessionApi(volunteer, 'POST', `/api/v1/devices/${(await donate(t, token, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag}/actions`, { action: 'harvest' });
    expect(harvested.status).toBe(200);
    const cannot = await sessionApi(volunteer, 'POST', '/api/v1/scan/undo', { tag: harvested.json.tag, seq: harvested.json.version });
    expect(cannot.status).toBe(409);
    expect(cannot.json.error).toContain('non si può annullare');
  });

  it('a workshop step scanned by mistake is taken back by whoever scanned it: a diagnosis, with its storage answer kept per device', async () => {
    const { devices } = await donate(t, token, 'FOL', [
      { type: 'laptop', hasStorage: true },
      { type: 'monitor', hasStorage: false },
    ]);
    const [laptop, monitor] = devices.map((d) => d.tag) as [string, string];
    // A batch diagnosis that does not choose the storage answer keeps each device's own.
    for (const tag of [laptop, monitor]) {
      const r = await sessionApi(volunteer, 'POST', `/api/v1/devices/${tag}/actions`, { action: 'diagnose', outcome: 'refurbish', idempotencyKey: `b-0123456789ab-${tag}` });
      expect(r.status).toBe(200);
    }
    const read = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}`, admin)).json;
    expect((await read(laptop)).hasStorage).toBe(true);
    expect((await read(monitor)).hasStorage).toBe(false);
    // The monitor needs no erasure: it can be made ready at once.
    const undone = await sessionApi(volunteer, 'POST', '/api/v1/scan/undo', { tag: laptop, seq: 2 });
    expect(undone.status).toBe(200);
    expect(undone.json.state).toBe('received');
    expect((await read(laptop)).events.map((e: { action: string }) => e.action)).toEqual(['receive', 'diagnose', 'undo']);
    expect((await act(t, admin, monitor, { action: 'ready' })).status).toBe(200);
  });
});

describe('undoing a reservation scanned by mistake', () => {
  it('unreserves it, and undoing that reserves it again for the same request', async () => {
    const { devices } = await donate(t, token, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    await walkTo(t, admin, tag, 'ready');
    const request = await approvedRequest(t, token, 'FOL');
    const reserved = await sessionApi(coordinator, 'POST', `/api/v1/devices/${tag}/actions`, { action: 'reserve', request: request.id, idempotencyKey: `b-aabbccddeeff-${tag}` });
    expect(reserved.status).toBe(200);
    const undone = await sessionApi(coordinator, 'POST', '/api/v1/scan/undo', { tag, seq: reserved.json.version });
    expect(undone.status).toBe(200);
    expect(undone.json).toMatchObject({ state: 'ready', event: { action: 'unreserve' } });
    // Pressing undo twice does not unreserve twice.
    const again = await sessionApi(coordinator, 'POST', '/api/v1/scan/undo', { tag, seq: reserved.json.version });
    expect(again.status).toBe(409);
    const redo = await sessionApi(coordinator, 'POST', '/api/v1/scan/undo', { tag, seq: undone.json.version });
    expect(redo.json).toMatchObject({ state: 'reserved', event: { action: 'reserve' } });
    const events = (await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.events.map((e: { action: string }) => e.action);
    expect(events.slice(-3)).toEqual(['reserve', 'unreserve', 'reserve']);
  });

  it('is refused after the undo window', async () => {
    const { devices } = await donate(t, token, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    await walkTo(t, admin, tag, 'ready');
    const request = await approvedRequest(t, token, 'FOL');
    const reserved = await sessionApi(coordinator, 'POST', `/api/v1/devices/${tag}/actions`, { action: 'reserve', request: request.id });
    t.clock.advance(16 * 60 * 1000);
    const late = await sessionApi(coordinator, 'POST', '/api/v1/scan/undo', { tag, seq: reserved.json.version });
    expect(late.status).toBe(409);
    expect(late.json.error).toContain('troppo tempo');
  });
});

describe('stock-takes', () => {
  it('reports found, missing and unexpected, and lets the coordinator act on the result', async () => {
    const local = await createTestContext();
    try {
      const adminTk = await local.token('admin');
      const coord = await local.person('coordinator', 'NAR');
      const vol = await local.person('volunteer', 'NAR');
      const here = (await donate(local, adminTk, 'NAR', [{ type: 'laptop', quantity: 4 }])).devices.map((d) => d.tag) as [string, string, string, string];
      const elsewhere = (await donate(local, adminTk, 'PER', [{ type: 'laptop' }])).devices[0]!.tag;
      await walkTo(local, adminTk, here[3], 'recycled');

      const start = await local.form('/stocktakes', coord.cookie, { hub: 'NAR', note: 'scaffale A' });
      expect(start.status).toBe(303);
      const id = Number(/\/stocktakes\/(\d+)/.exec(start.location!)![1]);
      const scanPage = await local.page(`/stocktakes/${id}`, vol.cookie);
      expect(scanPage.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");

      const scan = async (code: string) => {
        const res = await local.app.request(`/api/v1/stocktakes/${id}/scans`, {
          method: 'POST',
          headers: { cookie: vol.cookie, 'x-csrf-token': local.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        });
        return { status: res.status, json: (await res.json()) as any };
      };
      expect((await scan(here[0])).json).toMatchObject({ status: 'found', duplicate: false, counts: { found: 1, missing: 2, unexpected: 0, expected: 3 } });
      expect((await scan(`${BASE_URL}/d/${here[1]}`)).json).toMatchObject({ status: 'found' });
      expect((await scan(here[1])).json).toMatchObject({ status: 'found', duplicate: true, counts: { found: 2 } });
      expect((await scan(elsewhere)).json).toMatchObject({ status: 'unexpected', reason: 'otherHub', device: { hub: 'PER' } });
      expect((await scan(here[3])).json).toMatchObject({ status: 'unexpected', reason: 'notOnSite' });
      const unknown = formatTag('NAR', 4242);
      expect((await scan(unknown)).json).toMatchObject({ status: 'unexpected', reason: 'unknown', counts: { found: 2, missing: 1, unexpected: 3 } });
      expect((await scan('NAR-00001-?')).status).toBe(400);

      const report = await local.api('GET', `/api/v1/stocktakes/${id}`, adminTk);
      expect(report.json.counts).toEqual({ found: 2, missing: 1, unexpected: 3, expected: 3 });
      expect(report.json.missing.map((d: { tag: string }) => d.tag)).toEqual([here[2]]);
      expect(report.json.unexpected.map((d: { tag: string }) => d.tag).sort()).toEqual([elsewhere, here[3], unknown].sort());

      // The coordinator cannot take another hub's device, and is told whom to ask; an administrator can.
      const page = await local.page(`/stocktakes/${id}`, coord.cookie);
      expect(page.html).toContain('Chiedi all’hub DigiPASS Perugino di trasferirlo qui');
      const refused = await local.form(`/stocktakes/${id}/act`, coord.cookie, { tag: elsewhere, action: 'transfer' });
      expect(refused.status).toBe(403);
      const adminPerson = await local.person('admin');
      const moved = await local.form(`/stocktakes/${id}/act`, adminPerson.cookie, { tag: elsewhere, action: 'transfer' });
      expect(moved.status).toBe(200);
      expect(moved.html).toContain(`Fatto: Trasferisci ad altro hub su ${elsewhere}.`);
      expect((await local.api('GET', `/api/v1/devices/${elsewhere}`, adminTk)).json.hub).toBe('NAR');

      // Closed: no more scans.
      expect((await local.form(`/stocktakes/${id}/close`, coord.cookie, {})).status).toBe(422);
      expect((await local.form(`/stocktakes/${id}/close`, coord.cookie, { confirm: 'close' })).status).toBe(303);
      expect((await scan(here[2])).status).toBe(409);
      expect((await local.page('/stocktakes', coord.cookie)).html).toContain('scaffale A');
    } finally {
      await local.close();
    }
  });

  it('reports only its own scans: a new stock-take, or another hub’s, starts from nothing', async () => {
    const local = await createTestContext();
    try {
      const adminTk = await local.token('admin');
      const vol = await local.person('volunteer', 'NAR');
      const [a, b] = (await donate(local, adminTk, 'NAR', [{ type: 'laptop', quantity: 2 }])).devices.map((d) => d.tag) as [string, string];
      const other = (await donate(local, adminTk, 'PER', [{ type: 'laptop' }])).devices[0]!.tag;
      const start = async (hub: string) => (await local.api('POST', '/api/v1/stocktakes', adminTk, { hub })).json.id as number;
      const scan = (id: number, code: string) =>
        local.app.request(`/api/v1/stocktakes/${id}/scans`, {
          method: 'POST',
          headers: { cookie: vol.cookie, 'x-csrf-token': local.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        });
      const first = await start('NAR');
      expect((await scan(first, a)).status).toBe(200);
      expect((await scan(first, b)).status).toBe(200);
      const perugia = await start('PER');
      const second = await start('NAR');
      const report = async (id: number) => (await local.api('GET', `/api/v1/stocktakes/${id}`, adminTk)).json;
      expect((await report(first)).counts).toEqual({ found: 2, missing: 0, unexpected: 0, expected: 2 });
      expect((await report(second)).counts).toEqual({ found: 0, missing: 2, unexpected: 0, expected: 2 });
      const per = await report(perugia);
      expect(per.counts).toEqual({ found: 0, missing: 1, unexpected: 0, expected: 1 });
      expect(per.missing.map((d: { tag: string }) => d.tag)).toEqual([other]);
    } finally {
      await local.close();
    }
  });

  it('keeps each hub to its own stock-take', async () => {
    const per = await t.person('volunteer', 'PER');
    const r = await t.form('/stocktakes', per.cookie, { hub: 'FOL' });
    expect(r.status).toBe(403);
    const api = await t.api('POST', '/api/v1/stocktakes', token, { hub: 'PER' });
    expect(api.status).toBe(403);
    expect((await t.api('POST', '/api/v1/stocktakes', token, {})).status).toBe(201);
  });
});
