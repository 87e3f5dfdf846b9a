import type { Context } from 'hono';
import { parse } from 'hono/utils/cookie';
import type { AppEnv } from './env';
import { requestHeader } from './incoming';

/**
 * Cookie names and flags in one place. With Secure cookies the `__Host-` prefix also pins them
 * to this exact host and path, so a sibling subdomain cannot plant one.
 */
export const cookieName = (c: Context<AppEnv>, base: 'session' | 'csrf' | 'lang') => (c.get('ctx').config.secureCookies ? `__Host-rg_${base}` : `rg_${base}`);

export function readCookie(c: Context<AppEnv>, base: 'session' | 'csrf' | 'lang') {
  const header = requestHeader(c, 'cookie');
  if (!header) return undefined;
  const name = cookieName(c, base);
  return parse(header, name)[name];
}

/** Kept for the answer's head, in the order they were set (http/answer-head.ts adds them). */
export function writeCookie(c: Context<AppEnv>, base: 'session' | 'csrf' | 'lang', value: string, maxAgeSeconds?: number) {
  let cookies = c.get('cookies');
  if (!cookies) c.set('cookies', (cookies = []));
  cookies.push(cookieHeader(cookieName(c, base), value, c.get('ctx').config.secureCookies, maxAgeSeconds));
}

const ATTRIBUTES = { secure: '; Path=/; HttpOnly; Secure; SameSite=Lax', plain: '; Path=/; HttpOnly; SameSite=Lax' };

/**
 * What Hono's setCookie would write for our one set of flags (test/unit/cookies.unit.test.ts compares
 * them), put together without its serializer's checks: a new visitor's CSRF cookie is on every first
 * page, and the names, flags and ages here are all our own.
 */
export function cookieHeader(name: string, value: string, secure: boolean, maxAgeSeconds?: number): string {
  const maxAge = maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds | 0}`;
  return `${name}=${encodeURIComponent(value)}${maxAge}${secure ? ATTRIBUTES.secure : ATTRIBUTES.plain}`;
}

/** An empty value that expires at once, with the same name, path and flags as the cookie it ends. */
export function clearCookie(c: Context<AppEnv>, base: 'session' | 'csrf' | 'lang') {
  writeCookie(c, base, '', 0);
}
