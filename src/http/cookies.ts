import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env';

/**
 * Cookie names and flags in one place. With Secure cookies the `__Host-` prefix also pins them
 * to this exact host and path, so a sibling subdomain cannot plant one.
 */
export const cookieName = (c: Context<AppEnv>, base: 'session' | 'csrf' | 'lang') => (c.get('ctx').config.secureCookies ? `__Host-rg_${base}` : `rg_${base}`);

export function readCookie(c: Context<AppEnv>, base: 'session' | 'csrf' | 'lang') {
  return getCookie(c, cookieName(c, base));
}

export function writeCookie(c: Context<AppEnv>, base: 'session' | 'csrf' | 'lang', value: string, maxAgeSeconds?: number) {
  setCookie(c, cookieName(c, base), value, {
    path: '/',
    httpOnly: true,
    secure: c.get('ctx').config.secureCookies,
    sameSite: 'Lax',
    maxAge: maxAgeSeconds,
  });
}

export function clearCookie(c: Context<AppEnv>, base: 'session' | 'csrf' | 'lang') {
  deleteCookie(c, cookieName(c, base), { path: '/', secure: c.get('ctx').config.secureCookies });
}
