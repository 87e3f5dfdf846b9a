import { createServer, request, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppAnswer, type HeadAdditions } from '../src/http/answer-head';
import { headersFor } from '../src/http/security-headers';
import { createTestContext, donate, type Person, type TestContext } from './support/context';
import { serveInProcess } from './support/server';

/**
 * What the app adds to every answer's head (src/http/answer-head.ts): the security headers once each,
 * its cookies in the order it set them, and no-store on anything personal, whichever way the head is
 * written, and written by Node from one header object rather than header by header.
 */
type Raw = { status: number; message: string; raw: string[]; body: string };

function fetchRaw(base: string, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { method, headers }, (res: IncomingMessage) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, message: res.statusMessage ?? '', raw: res.rawHeaders, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every value of a header, by name in any case, in the order sent. */
function values(r: Raw, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < r.raw.length; i += 2) if (r.raw[i]!.toLowerCase() === name.toLowerCase()) out.push(r.raw[i + 1]!);
  return out;
}

function expectSecurityOnce(r: Raw, path: string) {
  for (const [name, value] of headersFor(path)) expect(values(r, name), `${path} ${name}`).toEqual([value]);
}

describe("Node's answer with the app's additions (AppAnswer)", () => {
  const ADD: HeadAdditions = { security: headersFor('/x'), cookies: ['b=2; Path=/', 'c=3; Path=/'], personal: true };
  let server: Server;
  let base: string;
  let write: (res: AppAnswer) => void = () => {};

  beforeAll(async () => {
    server = createServer({ ServerResponse: AppAnswer as unknown as typeof ServerResponse }, (_req, res) => {
      (res as AppAnswer).additions = ADD;
      write(res as AppAnswer);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("adds the security headers once and the cookies after the handler's own, in order", async () => {
    write = (res) => res.writeHead(200, { 'Content-Type': 'text/plain', 'set-cookie': ['a=1; Path=/'] }).end('ok');
    const r = await fetchRaw(base, '/x');
    expectSecurityOnce(r, '/x');
    expect(values(r, 'set-cookie')).toEqual(['a=1; Path=/', 'b=2; Path=/', 'c=3; Path=/']);
    expect(values(r, 'cache-control')).toEqual(['no-store']);
    expect(r.body).toBe('ok');
  });

  it('lets what the handler set win, in the object or already held by Node', async () => {
    write = (res) => {
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Set-Cookie', 'h=0; Path=/');
      res.writeHead(200, { 'x-content-type-options': 'nosniff', 'CONTENT-TYPE': 'text/plain' }).end('ok');
    };
    const r = await fetchRaw(base, '/x');
    expect(values(r, 'x-frame-options')).toEqual(['DENY']);
    expect(values(r, 'x-content-type-options')).toEqual(['nosniff']);
    expect(values(r, 'set-cookie')).toEqual(['h=0; Path=/', 'b=2; Path=/', 'c=3; Path=/']);
    expect(values(r, 'referrer-policy')).toEqual(['same-origin']);
  });

  it('keeps caching a route declared public or no-store, and makes any other personal caching no-store', async () => {
    write = (res) => res.writeHead(200, { 'Cache-Control': 'public, max-age=60' }).end();
    expect(values(await fetchRaw(base, '/x'), 'cache-control')).toEqual(['public, max-age=60']);
    write = (res) => res.writeHead(200, { 'cache-control': 'private, max-age=60' }).end();
    expect(values(await fetchRaw(base, '/x'), 'cache-control')).toEqual(['no-store']);
    write = (res) => {
      res.setHeader('Cache-Control', 'private, max-age=60');
      res.writeHead(200).end();
    };
    expect(values(await fetchRaw(base, '/x'), 'cache-control')).toEqual(['no-store']);
  });

  it('adds them when Node writes the head itself, with a status message, or from a list of pairs', async () => {
    write = (res) => res.end('implicit');
    let r = await fetchRaw(base, '/x');
    expectSecurityOnce(r, '/x');
    expect(values(r, 'set-cookie')).toEqual(['b=2; Path=/', 'c=3; Path=/']);
    write = (res) => res.writeHead(201, 'Made', { 'Content-Type': 'text/plain' }).end();
    r = await fetchRaw(base, '/x');
    expect([r.status, r.message]).toEqual([201, 'Made']);
    expectSecurityOnce(r, '/x');
    write = (res) => res.writeHead(200, ['Content-Type', 'text/plain', 'X-Frame-Options', 'DENY']).end();
    r = await fetchRaw(base, '/x');
    expect(values(r, 'x-frame-options')).toEqual(['DENY']);
    expect(values(r, 'content-security-policy')).toHaveLength(1);
    expect(values(r, 'set-cookie')).toEqual(['b=2; Path=/', 'c=3; Path=/']);
  });

  it('adds nothing to an answer the app did not make', async () => {
    server.removeAllListeners('request');
    server.on('request', (_req, res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('bare'));
    const r = await fetchRaw(base, '/x');
    expect(values(r, 'content-security-policy')).toEqual([]);
    expect(values(r, 'set-cookie')).toEqual([]);
  });
});

describe('the app served by serveApp', () => {
  let t: TestContext;
  let served: Awaited<ReturnType<typeof serveInProcess>>;
  let base: string;
  let volunteer: Person;
  let tag: string;

  beforeAll(async () => {
    t = await createTestContext();
    served = await serveInProcess(t.app.fetch);
    base = served.url;
    volunteer = await t.person('volunteer', 'PER');
    tag = (await donate(t, await t.token('coordinator', 'PER'), 'PER', [{ type: 'laptop' }])).devices[0]!.tag;
  });
  afterAll(async () => {
    await served.close();
    await t.close();
  });
  afterEach(() => vi.restoreAllMocks());

  it("writes a page's head from one object: no header set one by one on Node's answer", async () => {
    const setHeader = vi.spyOn(ServerResponse.prototype, 'setHeader');
    const appendHeader = vi.spyOn(ServerResponse.prototype, 'appendHeader');
    const passport = await fetchRaw(base, `/d/${tag}`);
    const page = await fetchRaw(base, `/d/${tag}`, { cookie: volunteer.cookie });
    expect(setHeader).not.toHaveBeenCalled();
    expect(appendHeader).not.toHaveBeenCalled();
    expect(passport.status).toBe(200);
    expectSecurityOnce(passport, `/d/${tag}`);
    expect(values(passport, 'set-cookie')).toEqual([expect.stringMatching(/^rg_csrf=[\w-]{32}; Path=\/; HttpOnly; SameSite=Lax$/)]);
    expect(values(passport, 'cache-control')).toEqual([]);
    expect(Number(values(passport, 'content-length')[0])).toBe(Buffer.byteLength(passport.body));
    expect(page.status).toBe(200);
    expectSecurityOnce(page, `/d/${tag}`);
    expect(values(page, 'cache-control')).toEqual(['no-store']);
    expect(values(page, 'set-cookie')).toEqual([]);
  });

  it('a login sets the session cookie on a no-store answer; a logout ends it with the same name and flags', async () => {
    const csrf = 'answerhead'.repeat(4);
    const form = (fields: Record<string, string>) => new URLSearchParams({ _csrf: csrf, ...fields }).toString();
    const headers = { cookie: `rg_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded', origin: base };
    const login = await fetchRaw(base, '/login', headers, 'POST', form({ email: volunteer.email, password: volunteer.password }));
    expect(login.status).toBe(303);
    const cookies = values(login, 'set-cookie');
    expect(cookies).toEqual([expect.stringMatching(/^rg_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/)]);
    expect(values(login, 'cache-control')).toEqual(['no-store']);
    expectSecurityOnce(login, '/login');
    const session = cookies[0]!.split(';')[0]!;
    const logout = await fetchRaw(base, '/logout', { ...headers, cookie: `${headers.cookie}; ${session}` }, 'POST', form({}));
    expect(logout.status).toBe(303);
    expect(values(logout, 'set-cookie')).toEqual(['rg_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax']);
    expect(values(logout, 'cache-control')).toEqual(['no-store']);
    const after = await fetchRaw(base, `/d/${tag}`, { cookie: session });
    expect(values(after, 'cache-control'), 'the ended session no longer opens the page').toEqual([]);
  });

  it('an asset keeps its public caching and still carries the security headers', async () => {
    const r = await fetchRaw(base, '/manifest.webmanifest', { cookie: volunteer.cookie });
    expect(r.status).toBe(200);
    expect(values(r, 'cache-control')).toEqual(['public, max-age=3600']);
    expectSecurityOnce(r, '/manifest.webmanifest');
  });
});
