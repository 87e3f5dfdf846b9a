import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './support/context';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** An anonymous partner application, as it arrives from one address. */
async function apply(n: number, peer: string) {
  const body = new URLSearchParams({
    _csrf: t.csrf,
    hub: 'FOL',
    kind: 'other',
    name: `Gruppo ${n}`,
    municipality: 'Foligno',
    'contact.name': `Persona ${n}`,
    'contact.email': `p${n}@example.org`,
    privacy: 'true',
  });
  const res = await t.app.request('/partners/apply', { method: 'POST', headers: { cookie: `rg_csrf=${t.csrf}`, 'content-type': 'application/x-www-form-urlencoded' }, body }, {
    incoming: { socket: { remoteAddress: peer, remotePort: 1, remoteFamily: 'IPv4' } },
  } as never);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), html: await res.text() };
}

describe('anonymous writes are rate-limited', () => {
  it('the partner application takes 10 an hour from one address, then says to try later; another address still gets through', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => apply(i, '203.0.113.1')));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.every((a) => a.status === 429)).toBe(true);
    expect(refused[0]!.retryAfter).toBe('3600');
    expect(refused[0]!.html).toContain('Sono arrivate troppe richieste: riprova più tardi.');
    expect(await t.count('partners')).toBe(10);
    expect((await apply(100, '203.0.113.2')).status).toBe(201);
    t.clock.advance(3600_000);
    expect((await apply(101, '203.0.113.1')).status).toBe(201);
  });

  it('and 100 an hour overall, whatever addresses they claim', async () => {
    t.clock.advance(3600_000);
    const before = await t.count('partners');
    const answers = [];
    for (let i = 0; i < 300; i++) answers.push(await apply(1000 + i, `198.51.${Math.floor(i / 100)}.${i % 100}`));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(100);
    expect(answers.slice(100).every((a) => a.status === 429)).toBe(true);
    expect((await t.count('partners')) - before).toBe(100);
  });
});
