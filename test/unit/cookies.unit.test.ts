import { generateCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE_SECONDS } from '../../src/auth/routes';
import { cookieHeader } from '../../src/http/cookies';

describe('cookieHeader', () => {
  it('writes what Hono setCookie writes for every cookie the app sets', () => {
    expect(SESSION_COOKIE_SECONDS).toBeGreaterThan(0);
    const values = ['i8vp-7wLoelpZy3nWycHbJPepIC3VEb_', 'en', 'a b;c=d', 'è'];
    for (const base of ['session', 'csrf', 'lang']) {
      for (const secure of [true, false]) {
        for (const maxAge of [undefined, SESSION_COOKIE_SECONDS, 365 * 86400, 0]) {
          for (const value of values) {
            const name = secure ? `__Host-rg_${base}` : `rg_${base}`;
            const hono = generateCookie(name, value, { path: '/', httpOnly: true, secure, sameSite: 'Lax', maxAge });
            expect(cookieHeader(name, value, secure, maxAge)).toBe(hono);
          }
        }
      }
    }
  });
});
