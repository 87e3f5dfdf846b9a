import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { actorFromUser, resolveApiToken, resolveSession } from '../auth/service';
import { newSecret } from '../auth/secrets';
import type { AppContext } from '../context';
import { DEFAULT_LOCALE, isLocale, translator, type Locale } from '../i18n/catalogue';
import { AppError } from '../shared/errors';
import { readCookie, writeCookie } from './cookies';
import type { AppEnv } from './env';

/** Loads who is asking (session cookie or bearer token) and in which language to answer. */
export function requestContext(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('ctx', ctx);
    const isApi = c.req.path.startsWith('/api/');
    c.set('isApi', isApi);
    c.set('user', null);
    c.set('actor', null);

    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer) {
      c.set('actor', await resolveApiToken(ctx, bearer));
      if (!c.var.actor) {
        setLocale(c, pickLocale(c, null));
        throw new AppError(401, 'auth.badToken');
      }
    } else {
      const session = readCookie(c, 'session');
      const user = session ? await resolveSession(ctx, session) : null;
      if (user) {
        c.set('user', user);
        c.set('actor', actorFromUser(user));
      }
    }
    setLocale(c, pickLocale(c, c.var.user?.locale ?? null));

    let csrf = readCookie(c, 'csrf');
    if (!csrf || !/^[A-Za-z0-9_-]{32,64}$/.test(csrf)) {
      csrf = newSecret(24);
      if (!isApi) writeCookie(c, 'csrf', csrf);
    }
    c.set('csrf', csrf);
    await next();
  };
}

function setLocale(c: Context<AppEnv>, locale: Locale) {
  c.set('locale', locale);
  c.set('t', translator(locale));
}

/** The person's saved choice, else the language cookie, else (API only) Accept-Language, else Italian. */
function pickLocale(c: Context<AppEnv>, userLocale: Locale | null): Locale {
  if (userLocale) return userLocale;
  const cookie = readCookie(c, 'lang');
  if (isLocale(cookie)) return cookie;
  const query = c.req.query('lang');
  if (isLocale(query)) return query;
  if (c.req.path.startsWith('/api/')) {
    const header = c.req.header('accept-language') ?? '';
    const first = header.split(',')[0]?.trim().slice(0, 2).toLowerCase();
    if (isLocale(first)) return first;
  }
  return DEFAULT_LOCALE;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Forms must echo the CSRF cookie in a `_csrf` field (or the X-CSRF-Token header for scripts using the
 * session), and any Origin header must be ours. API calls with a bearer token carry no cookie, so
 * they are not exposed to CSRF and skip the token check.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!UNSAFE.has(c.req.method)) return next();
    // Bearer tokens are not sent by browsers on their own; an API call without a session has no ambient credential.
    if (c.req.header('authorization') || (c.var.isApi && !c.var.user)) return next();
    const origin = c.req.header('origin');
    if (origin && origin !== 'null') {
      const allowed = new Set([new URL(c.req.url).origin, new URL(c.var.ctx.config.publicBaseUrl).origin]);
      if (!allowed.has(origin)) throw new AppError(403, 'http.csrf');
    }
    const cookie = readCookie(c, 'csrf');
    let sent = c.req.header('x-csrf-token');
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
        const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
        const field = (body as Record<string, unknown>)._csrf;
        sent = typeof field === 'string' ? field : undefined;
      }
    }
    if (!cookie || !sent || cookie !== sent) throw new AppError(403, 'http.csrf');
    return next();
  };
}

/** The client's address for the login throttle: the socket's, or the proxy's header when told to trust it. */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.var.ctx.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c as never).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The actor, or a 401 (API) / redirect to login (pages). */
export function requireActor(c: Context<AppEnv>) {
  const actor = c.var.actor;
  if (!actor) throw new AppError(401, 'auth.required');
  return actor;
}
