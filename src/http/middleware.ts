import { getConnInfo } from '@hono/node-server/conninfo';
import { isIP, type BlockList } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { actorFromUser, resolveApiToken, resolveSession } from '../auth/service';
import { newSecret } from '../auth/secrets';
import { recordAudit } from '../audit/public';
import { nowIso, type AppContext } from '../context';
import { freshReads, storageFailure } from '../db/adapter';
import { DEFAULT_LOCALE, isLocale, translators, type Locale } from '../i18n/catalogue';
import { AppError } from '../shared/errors';
import { readCookie, writeCookie } from './cookies';
import { requestHeader } from './incoming';
import type { AppEnv } from './env';

/** Loads who is asking (session cookie or bearer token) and in which language to answer. */
export function requestContext(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    freshReads(ctx.db);
    c.set('ctx', ctx);
    const isApi = c.req.path.startsWith('/api/');
    c.set('isApi', isApi);
    c.set('user', null);
    c.set('actor', null);

    const bearer = /^Bearer\s+(\S+)$/i.exec(requestHeader(c, 'authorization') ?? '')?.[1];
    if (bearer) {
      c.set('actor', await resolveApiToken(ctx, bearer, clientAddress(c)));
      if (!c.get('actor')) {
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
    setLocale(c, pickLocale(c, c.get('user')?.locale ?? null));

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
  c.set('t', translators[locale]);
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
 * session), and any Origin header must be ours. A request whose bearer token was resolved carries no
 * cookie, so it is not exposed to CSRF and skips the check. The mere presence of an Authorization
 * header does not: behind a Basic or Negotiate proxy, browsers send one on their own.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!UNSAFE.has(c.req.method)) return next();
    if (c.get('actor')?.kind === 'token' || (c.get('isApi') && !c.get('user'))) return next();
    const origin = c.req.header('origin');
    if (origin && origin !== 'null') {
      const allowed = new Set([new URL(c.req.url).origin, new URL(c.get('ctx').config.publicBaseUrl).origin]);
      if (!allowed.has(origin)) await refuseCsrf(c, 'origin');
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
    if (!cookie || !sent || cookie !== sent) await refuseCsrf(c, 'token');
    return next();
  };
}

/** A refused form that came with someone's session is an attack on that person, or a stale page: either way, on the record. */
async function refuseCsrf(c: Context<AppEnv>, reason: 'origin' | 'token'): Promise<never> {
  const user = c.get('user');
  if (user) {
    const ctx = c.get('ctx');
    await recordAudit(ctx.db, {
      actorUserId: user.id,
      action: 'security.csrf',
      target: `user:${user.id}`,
      data: { reason, method: c.req.method, path: c.req.path.slice(0, 200), ip: clientAddress(c) },
      at: nowIso(ctx),
    }).catch(bookkeepingOnly);
  }
  throw new AppError(403, 'http.csrf');
}

/** At most this many X-Forwarded-For entries are looked at: a longer chain is written by the client. */
const MAX_FORWARDED = 20;

/**
 * The client's address (login throttle, public forms, audit). The socket's peer, unless that peer is a
 * trusted proxy: then X-Forwarded-For is read from the right, skipping our own proxies, and the first
 * address that is not one of them is the client. The left-most entries are whatever the client wrote.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const socket = socketAddress(c);
  const trust = c.get('ctx').config.proxies;
  if (trust.kind === 'none') return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .slice(-2000)
    .split(',')
    .slice(-MAX_FORWARDED)
    .map((s) => plainAddress(s.trim()));
  if (trust.kind === 'oneHop') return validAddress(forwarded.at(-1)) ?? socket;
  let client = socket;
  while (isTrusted(trust.list, client)) {
    const previous = validAddress(forwarded.pop());
    if (!previous) break;
    client = previous;
  }
  return client;
}

function socketAddress(c: Context<AppEnv>): string {
  try {
    return plainAddress(getConnInfo(c as never).remote.address ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/** "::ffff:10.0.0.1" is the IPv4 address 10.0.0.1 seen through an IPv6 socket. */
const plainAddress = (a: string) => (a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a);
const validAddress = (a: string | undefined) => (a && isIP(a) ? a : undefined);

function isTrusted(list: BlockList, address: string) {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The actor, or a 401 (API) / redirect to login (pages). */
export function requireActor(c: Context<AppEnv>) {
  const actor = c.get('actor');
  if (!actor) throw new AppError(401, 'auth.required');
  return actor;
}

/** Security bookkeeping must not turn a refusal into a 5xx when the database cannot be written. */
function bookkeepingOnly(error: unknown) {
  if (!storageFailure(error)) throw error;
}
