import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type Person, type TestContext } from './support/context';
import { serveInProcess } from './support/server';

/**
 * A page is written to the socket at once, with its length, over real HTTP: marking a logged-in answer
 * no-store must not turn it into a body streamed back in chunks (src/http/answer-head.ts).
 */
let t: TestContext;
let served: Awaited<ReturnType<typeof serveInProcess>>;
let base: string;
let volunteer: Person;
let tag: string;
/** What the app answered last, as @hono/node-server received it. */
let answered: Response | undefined;

beforeAll(async () => {
  t = await createTestContext();
  served = await serveInProcess(async (req: Request) => (answered = await t.app.fetch(req)));
  base = served.url;
  volunteer = await t.person('volunteer', 'PER');
  tag = (await donate(t, await t.token('coordinator', 'PER'), 'PER', [{ type: 'laptop' }])).devices[0]!.tag;
});
afterAll(async () => {
  await served.close();
  await t.close();
});

function fetchRaw(path: string, cookie?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(base + path, { headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('a page over HTTP', () => {
  it("a volunteer's device page is no-store and written from the string it was rendered to, with its length", async () => {
    const r = await fetchRaw(`/d/${tag}`, volunteer.cookie);
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain(tag);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['transfer-encoding']).toBeUndefined();
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    // @hono/node-server's lightweight answer keeps its body as the string the page was rendered to
    // (under its "cache" symbol) until written; a header set the wrong way makes it a stream.
    const cache = Object.getOwnPropertySymbols(answered).find((s) => s.description === 'cache');
    expect(cache, 'still the lightweight answer').toBeDefined();
    expect(typeof (answered as unknown as Record<symbol, unknown[]>)[cache!]![1]).toBe('string');
  });

  it('a redirect for someone logged in is no-store too', async () => {
    const r = await fetchRaw(`/d/${tag.toLowerCase()}`, volunteer.cookie);
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe(`/d/${tag}`);
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('the public passport keeps its caching and is written with its length', async () => {
    const r = await fetchRaw(`/d/${tag}`);
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).not.toBe('no-store');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
  });
});
