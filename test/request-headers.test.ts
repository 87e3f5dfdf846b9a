import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/context';
import { startServerProcess, type ServerProcess } from './support/server';

/**
 * Under the Node server the request's headers are read from Node's own request (http/incoming.ts), not
 * through the Fetch API: a cookie sent on several lines (as HTTP/2 clients send them) is still read in
 * full, as a Headers object would join it.
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

/** A GET written by hand on a socket, so that each cookie goes on its own header line. */
function get(path: string, cookieLines: string[]): Promise<{ status: number; body: string; setCookie: string[] }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const lines = [`GET ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close', ...cookieLines.map((c) => `Cookie: ${c}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (raw += d));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head, ...rest] = raw.split('\r\n\r\n');
      const headLines = head!.split('\r\n');
      resolve({
        status: Number(headLines[0]!.split(' ')[1]),
        body: rest.join('\r\n\r\n'),
        setCookie: headLines.filter((l) => /^set-cookie:/i.test(l)).map((l) => l.slice(l.indexOf(':') + 1).trim()),
      });
    });
  });
}

describe('request headers under the Node server', () => {
  it('reads every line of a cookie sent on several', async () => {
    const csrf = 'c'.repeat(32);
    const r = await get('/login', [`rg_lang=en`, `rg_csrf=${csrf}`]);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<html lang="en">');
    expect(r.body).toContain(`value="${csrf}"`);
    expect(r.setCookie.filter((c) => c.startsWith('rg_csrf='))).toEqual([]);

    const swapped = await get('/login', [`rg_csrf=${csrf}`, `rg_lang=en`]);
    expect(swapped.body).toContain('<html lang="en">');
    expect(swapped.body).toContain(`value="${csrf}"`);
  });

  it('answers in Italian and hands out a CSRF cookie when none is sent', async () => {
    const r = await get('/login', []);
    expect(r.body).toContain('<html lang="it">');
    expect(r.setCookie.filter((c) => /^rg_csrf=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Lax$/.test(c))).toHaveLength(1);
  });
});
