import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersFor } from '../src/http/security-headers';
import { createTestContext, type TestContext } from './support/context';
import { startServerProcess, type ServerProcess } from './support/server';

/**
 * Every answer carries the security headers, whatever made it (a page, a redirect, an error, JSON, an
 * asset), both through the real server, where they go on Node's own answer, and through the app alone.
 * The scanning pages alone may compile WebAssembly.
 */
let t: TestContext;
let server: ServerProcess;

beforeAll(async () => {
  t = await createTestContext();
  server = await startServerProcess(t.config.databaseUrl);
});
afterAll(async () => {
  await server?.stop();
  await t.close();
});

const ANSWERS = [
  { path: '/login', status: 200 },
  { path: '/scan', status: 303 },
  { path: '/api/v1/devices/PER-00001-X', status: 401 },
  { path: '/d/NOPE', status: 400 },
  { path: '/healthz', status: 200 },
];

function expectAll(headers: Headers, path: string) {
  for (const [name, value] of headersFor(path)) expect(headers.get(name), `${path} ${name}`).toBe(value);
}

describe('the security headers', () => {
  it('are on every answer of the real server, once each', async () => {
    for (const a of ANSWERS) {
      const r = await fetch(`${server.url}${a.path}`, { redirect: 'manual' });
      await r.arrayBuffer();
      expect(r.status, a.path).toBe(a.status);
      expectAll(r.headers, a.path);
      expect(r.headers.get('content-security-policy')!.split(',')).toHaveLength(1);
    }
    const css = (await (await fetch(`${server.url}/login`)).text()).match(/<link rel="stylesheet" href="([^"]+)"/)?.[1];
    expect(css).toBeTruthy();
    const asset = await fetch(`${server.url}${css}`);
    await asset.arrayBuffer();
    expect(asset.status).toBe(200);
    expectAll(asset.headers, css!);
  });

  it('are on every answer of the app alone', async () => {
    for (const a of ANSWERS) {
      const r = await t.app.request(a.path);
      expect(r.status, a.path).toBe(a.status);
      expectAll(r.headers, a.path);
    }
  });

  it('let only the scanning pages compile WebAssembly, and never allow eval', () => {
    expect(headersFor('/scan')[0]).toEqual(['Content-Security-Policy', expect.stringContaining("script-src 'self' 'wasm-unsafe-eval';")]);
    expect(headersFor('/stocktakes/12')[0]![1]).toContain("'wasm-unsafe-eval'");
    for (const path of ['/', '/d/PER-00001-X', '/scan/x', '/stocktakes/new']) expect(headersFor(path)[0]![1]).toContain("script-src 'self';");
    for (const path of ['/scan', '/login']) expect(headersFor(path)[0]![1]).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    expect(headersFor('/login')[0]![1]).toContain("frame-ancestors 'none'");
  });
});
