import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../src/auth/service';
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
