import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../src/auth/service';
import { loadConfig } from '../src/config';
import { createTestContext, type TestContext } from './support/context';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const sessionOf = (setCookie: string | null) => /rg_session=([^;]+)/.exec(setCookie ?? '')?.[1];

describe('login', () => {
  it('logs in with the right password, and gives a new session id each time', async () => {
    const p = await t.person('volunteer', 'FOL');
    const a = await t.form('/login', null, { email: p.email.toUpperCase(), password: p.password, next: '/devices' });
    expect(a.status).toBe(303);
    expect(a.location).toBe('/devices');
    const cookie = a.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const b = await t.form('/login', null, { email: p.email, password: p.password });
    expect(sessionOf(b.headers.get('set-cookie'))).not.toBe(sessionOf(cookie));
    const stored = await t.db.selectFrom('sessions').select('id').where('user_id', '=', p.id).execute();
    expect(stored.map((s) => s.id)).not.toContain(sessionOf(cookie));
  });

  it('refuses a wrong password with the same message as an unknown account', async () => {
    const p = await t.person('volunteer', 'FOL');
    const wrong = await t.form('/login', null, { email: p.email, password: 'nope-nope-nope' });
    const unknown = await t.form('/login', null, { email: 'nobody@test.invalid', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.html).toContain('E-mail o password non corretti.');
    expect(unknown.html).toContain('E-mail o password non corretti.');
  });

  it('slows down repeated failures: after five, the account is locked for a growing time, even for the right password', async () => {
    const p = await t.person('volunteer', 'FOL');
    for (let i = 0; i < 5; i++) expect((await t.form('/login', null, { email: p.email, password: 'wrong-wrong' })).status).toBe(401);
    const locked = await t.form('/login', null, { email: p.email, password: p.password });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect(locked.html).toMatch(/Troppi tentativi non riusciti: riprova tra 1 secondi/);
    t.clock.advance(1500);
    expect((await t.form('/login', null, { email: p.email, password: 'wrong-wrong' })).status).toBe(401);
    const longer = await t.form('/login', null, { email: p.email, password: p.password });
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');
    t.clock.advance(60_000);
    expect((await t.form('/login', null, { email: p.email, password: p.password })).status).toBe(303);
  });

  it('ends a session after the idle time, and on logout', async () => {
    const p = await t.person('coordinator', 'FOL');
    expect((await t.page('/devices', p.cookie)).status).toBe(200);
    t.clock.advance((t.config.sessionIdleMinutes + 1) * 60_000);
    expect((await t.page('/devices', p.cookie)).status).toBe(303);
    const q = await t.person('coordinator', 'FOL');
    await t.form('/logout', q.cookie, {});
    expect((await t.page('/devices', q.cookie)).status).toBe(303);
  });

  it('refuses a form without the CSRF token, or from another origin', async () => {
    const p = await t.person('coordinator', 'FOL');
    const noToken = await t.app.request('/logout', {
      method: 'POST',
      headers: { cookie: p.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('Il modulo è scaduto');
    const crossSite = await t.app.request('/logout', {
      method: 'POST',
      headers: { cookie: p.cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${t.csrf}`,
    });
    expect(crossSite.status).toBe(403);
    expect((await t.page('/devices', p.cookie)).status).toBe(200);
  });

  it('sends secure headers and a strict Content-Security-Policy on every page', async () => {
    for (const path of ['/', '/login', '/d/FOL-00001-X', '/nowhere']) {
      const r = await t.page(path);
      const csp = r.headers.get('content-security-policy')!;
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  it('marks cookies Secure and __Host- when the public URL is https', async () => {
    const secure = await createTestContext({ env: { PUBLIC_BASE_URL: 'https://rigenera.example.it', COOKIE_SECURE: 'auto' } });
    try {
      const r = await secure.page('/login');
      expect(r.headers.get('set-cookie')).toMatch(/^__Host-rg_csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    } finally {
      await secure.close();
    }
  });
});

describe('first start', () => {
  it('prints a one-time setup link when no administrator exists; the link creates one and then stops working', async () => {
    const fresh = await createTestContext();
    try {
      const { setupLink } = await bootstrapAdmin(fresh.ctx);
      const path = new URL(setupLink!).pathname;
      expect((await fresh.page(path)).html).toContain('Crea l’amministratore');
      const short = await fresh.form(path, null, { name: 'Ada', email: 'ada@example.org', password: 'short', confirm: 'short' });
      expect(short.status).toBe(422);
      expect(short.html).toContain('Password');
      const mismatch = await fresh.form(path, null, { name: 'Ada', email: 'ada@example.org', password: 'abbastanza lunga', confirm: 'diversa lunga' });
      expect(mismatch.html).toContain('le due password non coincidono');
      const ok = await fresh.form(path, null, { name: 'Ada', email: 'ada@example.org', password: 'abbastanza lunga', confirm: 'abbastanza lunga' });
      expect(ok.status).toBe(303);
      expect(await fresh.db.selectFrom('users').select(['role']).where('email', '=', 'ada@example.org').executeTakeFirst()).toEqual({ role: 'admin' });
      expect((await fresh.page(path)).status).toBe(404);
      expect(await bootstrapAdmin(fresh.ctx)).toEqual({});
    } finally {
      await fresh.close();
    }
  });

  it('creates the administrator from RIGENERA_ADMIN_EMAIL and RIGENERA_ADMIN_PASSWORD, once', async () => {
    const fresh = await createTestContext({ env: { RIGENERA_ADMIN_EMAIL: 'admin@hub.example', RIGENERA_ADMIN_PASSWORD: 'correct horse battery' } });
    try {
      expect(await bootstrapAdmin(fresh.ctx)).toEqual({ created: 'admin@hub.example' });
      expect(await bootstrapAdmin(fresh.ctx)).toEqual({});
      expect((await fresh.form('/login', null, { email: 'admin@hub.example', password: 'correct horse battery' })).status).toBe(303);
    } finally {
      await fresh.close();
    }
  });
});

describe('language', () => {
  it('is Italian by default; a person can switch to English and it sticks to their account', async () => {
    const p = await t.person('volunteer', 'FOL');
    expect((await t.page('/devices', p.cookie)).html).toContain('<html lang="it">');
    const r = await t.form('/lang', p.cookie, { locale: 'en', back: '/devices' });
    expect(r.location).toBe('/devices');
    const en = await t.page('/devices', p.cookie);
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Devices');
    expect((await t.db.selectFrom('users').select('locale').where('id', '=', p.id).executeTakeFirstOrThrow()).locale).toBe('en');
    const anonymous = await t.form('/lang', null, { locale: 'en', back: 'https://evil.example/' });
    expect(anonymous.location).toBe('/');
    expect(anonymous.headers.get('set-cookie')).toMatch(/rg_lang=en/);
  });
});

describe('GET /healthz', () => {
  it('answers 200 with the database kind when the database is reachable', async () => {
    const r = await t.api('GET', '/healthz', null);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok', database: t.kind });
  });
});

// ---- second hardening round: limits that cannot be walked around, one-time links, redirects

/** A form post as it arrives from a given socket peer, with extra headers (X-Forwarded-For, Authorization, Origin). */
async function postFrom(c: TestContext, path: string, fields: Record<string, string>, opts: { peer?: string; headers?: Record<string, string>; cookie?: string } = {}) {
  const body = new URLSearchParams({ _csrf: c.csrf, ...fields });
  const env = opts.peer ? { incoming: { socket: { remoteAddress: opts.peer, remotePort: 40000, remoteFamily: opts.peer.includes(':') ? 'IPv6' : 'IPv4' } } } : undefined;
  const res = await c.app.request(
    path,
    { method: 'POST', headers: { cookie: opts.cookie ?? `rg_csrf=${c.csrf}`, 'content-type': 'application/x-www-form-urlencoded', ...opts.headers }, body },
    env as never,
  );
  return { status: res.status, html: await res.text(), location: res.headers.get('location'), headers: res.headers };
}

const throttleKeys = async (c: TestContext) => (await c.db.selectFrom('login_throttle').select(['key', 'failures']).orderBy('key').execute()).map((r) => `${r.key}=${r.failures}`);

describe('the login throttle cannot be raced', () => {
  it('of 100 concurrent wrong passwords for one account, at most the 5 allowed are evaluated; the account is then locked', async () => {
    const c = await createTestContext();
    try {
      const p = await c.person('volunteer', 'FOL');
      const answers = await Promise.all(Array.from({ length: 100 }, () => postFrom(c, '/login', { email: p.email, password: 'wrong-wrong-wrong' }, { peer: '203.0.113.9' })));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      // The right password, right after, is refused too: the attacker did not get a free pass.
      expect((await postFrom(c, '/login', { email: p.email, password: p.password }, { peer: '203.0.113.9' })).status).toBe(429);
      const lockouts = await c.db.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'auth.lockout').execute();
      expect(lockouts).toEqual([{ action: 'auth.lockout', target: `user:${p.id}` }]);
    } finally {
      await c.close();
    }
  });

  it('puts each login on the record, with the address it came from', async () => {
    const p = await t.person('volunteer', 'FOL');
    expect((await postFrom(t, '/login', { email: p.email, password: p.password }, { peer: '198.51.100.4' })).status).toBe(303);
    const row = await t.db.selectFrom('audit_log').select(['actor_user_id', 'data']).where('action', '=', 'auth.login').where('target', '=', `user:${p.id}`).executeTakeFirstOrThrow();
    expect(row.actor_user_id).toBe(p.id);
    expect(JSON.parse(row.data!)).toEqual({ ip: '198.51.100.4' });
  });
});

describe('the client address behind a proxy', () => {
  it('with TRUST_PROXY=true is the entry our one proxy appended, never one the client wrote', async () => {
    const c = await createTestContext({ env: { TRUST_PROXY: 'true' } });
    try {
      const p = await c.person('volunteer', 'FOL');
      // 40 failures, each claiming another address on the left: one attacker, one key.
      for (let i = 0; i < 25; i++) {
        await postFrom(c, '/login', { email: `nobody${i}@test.invalid`, password: 'wrong-wrong' }, { peer: '127.0.0.1', headers: { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.66` } });
      }
      const keys = (await throttleKeys(c)).filter((k) => k.startsWith('ip:'));
      expect(keys).toEqual(['ip:203.0.113.66=20']);
      // Forged failures naming a real person's address lock out the forger, not them.
      expect((await postFrom(c, '/login', { email: p.email, password: p.password }, { peer: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.20' } })).status).toBe(303);
      expect((await postFrom(c, '/login', { email: p.email, password: p.password }, { peer: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.20, 203.0.113.66' } })).status).toBe(429);
    } finally {
      await c.close();
    }
  });

  it('with TRUSTED_PROXIES is read from the right past our own proxies; a peer that is not one of them is the client', async () => {
    const c = await createTestContext({ env: { TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1' } });
    try {
      const fail = (peer: string, xff?: string) => postFrom(c, '/login', { email: 'nobody@test.invalid', password: 'wrong-wrong' }, { peer, headers: xff ? { 'x-forwarded-for': xff } : {} });
      await fail('10.0.0.2', '1.1.1.1, 203.0.113.7, 10.0.0.3');
      await fail('::ffff:127.0.0.1', 'garbage, 203.0.113.8');
      await fail('203.0.113.50', '1.2.3.4');
      await fail('10.0.0.2', '10.0.0.9');
      const keys = (await throttleKeys(c)).filter((k) => k.startsWith('ip:'));
      expect(keys).toEqual(['ip:10.0.0.9=1', 'ip:203.0.113.50=1', 'ip:203.0.113.7=1', 'ip:203.0.113.8=1']);
    } finally {
      await c.close();
    }
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'proxy.local' })).toThrow(/TRUSTED_PROXIES/);
  });
});

describe('CSRF behind a Basic or Negotiate proxy', () => {
  it('an Authorization header that is not a resolved bearer token does not skip the check, and the refusal is on the record', async () => {
    const p = await t.person('coordinator', 'FOL');
    const res = await t.app.request('/lang', {
      method: 'POST',
      headers: { cookie: p.cookie, authorization: 'Basic eDp4', origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'locale=en&back=/',
    });
    expect(res.status).toBe(403);
    expect((await t.db.selectFrom('users').select('locale').where('id', '=', p.id).executeTakeFirstOrThrow()).locale).toBe('it');
    const noToken = await t.app.request('/lang', {
      method: 'POST',
      headers: { cookie: p.cookie, authorization: 'Negotiate abc', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'locale=en&back=/',
    });
    expect(noToken.status).toBe(403);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'data']).where('action', '=', 'security.csrf').where('actor_user_id', '=', p.id).orderBy('id').execute();
    expect(audit.map((a) => JSON.parse(a.data!).reason)).toEqual(['origin', 'token']);
  });
});

describe('redirects after login and language change', () => {
  it('accept only a path on this site: no control characters, whitespace, backslashes or scheme-relative forms', async () => {
    const p = await t.person('volunteer', 'FOL');
    const cases: [string, string][] = [
      ['/devices?q=x#top', '/devices?q=x#top'],
      ['/\t/evil.example/x', '/'],
      ['/%09/evil.example/x', '/%09/evil.example/x'],
      ['//evil.example/x', '/'],
      ['/\\evil.example', '/'],
      ['\\\\evil.example', '/'],
      ['https://evil.example/', '/'],
      ['/ /evil.example', '/'],
      ['/\u00a0/evil.example', '/'],
      ['/dispositivi/è', '/dispositivi/%C3%A8'],
    ];
    for (const [next, expected] of cases) {
      const r = await t.form('/lang', p.cookie, { locale: 'it', back: next });
      expect(r.location, JSON.stringify(next)).toBe(expected);
      const login = await t.form('/login', null, { email: p.email, password: p.password, next });
      expect(login.location, JSON.stringify(next)).toBe(expected);
    }
  });

  it('answers a CR or LF in next or back with a 400 in the user language, not a 500', async () => {
    const p = await t.person('volunteer', 'FOL');
    for (const bad of ['/x\r\nSet-Cookie: a=b', '/x\n', '\r/']) {
      const lang = await t.form('/lang', p.cookie, { locale: 'it', back: bad });
      expect(lang.status).toBe(400);
      expect(lang.html).toContain('L’indirizzo di ritorno contiene caratteri non ammessi.');
      expect((await t.form('/login', null, { email: p.email, password: p.password, next: bad })).status).toBe(400);
      expect((await t.page(`/login?next=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
  });
});

describe('one-time links', () => {
  const linkPath = (html: string) => /\/welcome\/[A-Za-z0-9_-]+/.exec(html)![0];

  it('a new welcome link replaces the older ones, and using it ends the person’s other sessions', async () => {
    const admin = await t.person('admin');
    const created = await t.form('/users', admin.cookie, { name: 'Vera Volontaria', email: 'vera@test.invalid', role: 'volunteer', hub: 'FOL' });
    expect(created.status).toBe(201);
    const first = linkPath(created.html);
    const id = (await t.db.selectFrom('users').select('id').where('email', '=', 'vera@test.invalid').executeTakeFirstOrThrow()).id;
    const second = linkPath((await t.form(`/users/${id}/link`, admin.cookie, {})).html);
    expect(second).not.toBe(first);
    expect((await t.page(first)).status).toBe(404);
    expect((await t.form(first, null, { password: 'una frase lunga uno', confirm: 'una frase lunga uno' })).status).toBe(404);

    const used = await t.form(second, null, { password: 'una frase lunga due', confirm: 'una frase lunga due' });
    expect(used.status).toBe(303);
    const firstSession = `rg_session=${sessionOf(used.headers.get('set-cookie'))}; rg_csrf=${t.csrf}`;
    expect((await t.page('/devices', firstSession)).status).toBe(200);

    // Forgot it again: a third link; whoever still holds the session from the second is logged out when it is used.
    const third = linkPath((await t.form(`/users/${id}/link`, admin.cookie, {})).html);
    expect((await t.form(second, null, { password: 'una frase lunga tre', confirm: 'una frase lunga tre' })).status).toBe(404);
    const again = await t.form(third, null, { password: 'una frase lunga quattro', confirm: 'una frase lunga quattro' });
    expect(again.status).toBe(303);
    expect((await t.page('/devices', firstSession)).status).toBe(303);
    expect((await t.form('/login', null, { email: 'vera@test.invalid', password: 'una frase lunga quattro' })).status).toBe(303);
  });

  it('the setup link stops working as soon as any administrator exists', async () => {
    const fresh = await createTestContext();
    try {
      const { setupLink } = await bootstrapAdmin(fresh.ctx);
      const path = new URL(setupLink!).pathname;
      expect((await fresh.page(path)).status).toBe(200);
      await fresh.person('admin');
      expect((await fresh.page(path)).status).toBe(404);
      expect((await fresh.form(path, null, { name: 'Eve', email: 'eve@example.org', password: 'abbastanza lunga', confirm: 'abbastanza lunga' })).status).toBe(404);
      expect(await fresh.count('users')).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('nothing personal stays in a browser cache', () => {
  it('every answer for someone logged in, or that starts or ends a session, is no-store; public files keep their caching', async () => {
    const p = await t.person('coordinator', 'FOL');
    const token = await t.token('coordinator', 'FOL');
    for (const path of ['/devices', '/', '/donations', '/nowhere']) expect((await t.page(path, p.cookie)).headers.get('cache-control'), path).toBe('no-store');
    expect((await t.api('GET', '/api/v1/devices', token)).headers.get('cache-control')).toBe('no-store');
    const login = await t.form('/login', null, { email: p.email, password: p.password });
    expect(login.status).toBe(303);
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect((await t.form('/logout', p.cookie, {})).headers.get('cache-control')).toBe('no-store');
    // Anonymous public pages and files are the same for everyone.
    expect((await t.page('/login')).headers.get('cache-control')).toBeNull();
    expect((await t.page('/opendata/impact-factors.csv', p.cookie)).headers.get('cache-control')).toBe('public, max-age=300');
  });
});

describe('passwords easy to guess', () => {
  it('are refused where they are chosen, with the reason: one of the 10,000 most common, or containing the e-mail’s user part', async () => {
    const fresh = await createTestContext();
    try {
      const { setupLink } = await bootstrapAdmin(fresh.ctx);
      const path = new URL(setupLink!).pathname;
      const common = await fresh.form(path, null, { name: 'Ada', email: 'ada.lovelace@example.org', password: 'QwertyUiop', confirm: 'QwertyUiop' });
      expect(common.status).toBe(422);
      expect(common.html).toContain('è una delle password più usate al mondo');
      const mine = await fresh.form(path, null, { name: 'Ada', email: 'ada.lovelace@example.org', password: 'io sono Ada.Lovelace!', confirm: 'io sono Ada.Lovelace!' });
      expect(mine.status).toBe(422);
      expect(mine.html).toContain('contiene il tuo indirizzo e-mail');
      expect(await fresh.count('users')).toBe(0);
      const ok = await fresh.form(path, null, { name: 'Ada', email: 'ada.lovelace@example.org', password: 'macchina analitica 1843', confirm: 'macchina analitica 1843' });
      expect(ok.status).toBe(303);

      const admin = await fresh.person('admin');
      const created = await fresh.form('/users', admin.cookie, { name: 'Bruno', email: 'bruno.rossi@test.invalid', role: 'volunteer', hub: 'FOL' });
      const welcome = /\/welcome\/[A-Za-z0-9_-]+/.exec(created.html)![0];
      const weak = await fresh.form(welcome, null, { password: 'bruno.rossi2026', confirm: 'bruno.rossi2026' });
      expect(weak.status).toBe(422);
      expect(weak.html).toContain('contiene il tuo indirizzo e-mail');
      expect((await fresh.form(welcome, null, { password: '1234567890', confirm: '1234567890' })).html).toContain('è una delle password più usate al mondo');
      expect((await fresh.form(welcome, null, { password: 'un orto sul balcone', confirm: 'un orto sul balcone' })).status).toBe(303);
    } finally {
      await fresh.close();
    }
    expect(() => loadConfig({ RIGENERA_ADMIN_EMAIL: 'admin@hub.example', RIGENERA_ADMIN_PASSWORD: 'qwertyuiop' })).toThrow(/RIGENERA_ADMIN_PASSWORD/);
  });
});
