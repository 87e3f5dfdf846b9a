/**
 * What the app adds to every answer's head, in one place: the security headers, the cookies it set
 * (http/cookies.ts) and `Cache-Control: no-store` on anything personal.
 *
 * They are added once the handler and every other middleware are done (this is the outermost
 * middleware), so a page, a redirect, an error and JSON all carry them. Under the app's own server
 * (`serveApp`) they go into the header object that @hono/node-server hands to Node's `writeHead`: the
 * answer keeps the plain object Hono made, and Node checks and writes each header once. Before, a cookie
 * set with `c.header()` (a new visitor's CSRF token) or a read of the answer's headers (the no-store
 * decision, on every answer) made them a Fetch API Headers object, built, sorted and copied back into an
 * object, and the security headers went through one `setHeader` call each. Anywhere else
 * (`app.request` in the tests, or another server) they go on the answer's Headers.
 */
import type { AddressInfo } from 'node:net';
import { ServerResponse, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import { cookieName } from './cookies';
import type { AppEnv } from './env';
import { headersFor } from './security-headers';

export type HeadAdditions = {
  security: readonly (readonly [string, string])[];
  cookies: readonly string[];
  /** For someone logged in, or starting a session, or on a one-time link's page. */
  personal: boolean;
};

/**
 * A personal answer is never stored: the back button of a shared hub PC shows nothing after logout.
 * What a route declared public (assets, open data), or already no-store, keeps its own caching.
 */
export function mustNotStore(personal: boolean, cacheControl: string | null | undefined): boolean {
  return personal && !/\b(public|no-store)\b/.test(cacheControl ?? '');
}

const NO_COOKIES: readonly string[] = [];
/** Each list's header names in lower case, worked out once per list (headersFor returns one of two). */
const lowerNames = new WeakMap<HeadAdditions['security'], string[]>();
function lowerNamesOf(list: HeadAdditions['security']): string[] {
  let names = lowerNames.get(list);
  if (!names) lowerNames.set(list, (names = list.map(([name]) => name.toLowerCase())));
  return names;
}
const ONE_TIME_LINK = /^\/(welcome|setup)\//;

export function answerHead(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const cookies = c.get('cookies') ?? NO_COOKIES;
    const additions: HeadAdditions = { security: headersFor(c.req.path), cookies, personal: isPersonal(c, cookies) };
    const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
    if (outgoing instanceof AppAnswer && !outgoing.headersSent) outgoing.additions = additions;
    else addToFetchHeaders(c, additions);
  };
}

function isPersonal(c: Context<AppEnv>, cookies: readonly string[]): boolean {
  if (c.get('actor')) return true;
  if (ONE_TIME_LINK.test(c.req.path)) return true;
  if (!cookies.length) return false;
  const session = `${cookieName(c, 'session')}=`;
  return cookies.some((cookie) => cookie.startsWith(session));
}

/** The same additions on the Fetch API's answer; a header the handler set keeps the handler's value. */
function addToFetchHeaders(c: Context<AppEnv>, a: HeadAdditions) {
  // A Response.redirect()'s headers cannot change: c.header() makes a new answer with them.
  const put = (name: string, value: string, append = false) => {
    try {
      if (append) c.res.headers.append(name, value);
      else c.res.headers.set(name, value);
    } catch {
      c.header(name, value, append ? { append: true } : undefined);
    }
  };
  for (const [name, value] of a.security) if (!c.res.headers.has(name)) put(name, value);
  for (const cookie of a.cookies) put('Set-Cookie', cookie, true);
  if (mustNotStore(a.personal, c.res.headers.get('cache-control'))) put('Cache-Control', 'no-store');
}

/** Node's answer, which takes the app's additions into its head as the head is written. */
export class AppAnswer extends ServerResponse {
  additions: HeadAdditions | undefined;

  override writeHead(statusCode: number, reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this {
    const a = this.additions;
    this.additions = undefined;
    const message = typeof reason === 'string' ? reason : undefined;
    const given = message === undefined ? (reason as OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined) : headers;
    let target = given;
    if (a && Array.isArray(given)) this.addThroughSetHeader(a);
    else if (a && !Array.isArray(given)) target = this.withAdditions(given ?? {}, a);
    return message === undefined ? super.writeHead(statusCode, target) : super.writeHead(statusCode, message, target);
  }

  /** For a list of raw pairs, which @hono/node-server never gives: Node lets the list's own values win. */
  private addThroughSetHeader(a: HeadAdditions) {
    for (const [name, value] of a.security) if (!this.hasHeader(name)) this.setHeader(name, value);
    if (a.cookies.length) this.appendHeader('Set-Cookie', [...a.cookies]);
    if (mustNotStore(a.personal, this.getHeader('cache-control')?.toString())) this.setHeader('Cache-Control', 'no-store');
  }

  /**
   * Into the header object writeHead was given. Its names may be in any case (Hono's "Content-Type", the
   * Fetch API's lower case). What the handler set wins over ours, whether in that object or already
   * held by Node (setHeader, which writeHead then overwrites with the object's values).
   */
  private withAdditions(target: OutgoingHttpHeaders, a: HeadAdditions): OutgoingHttpHeaders {
    const present = new Set(this.getHeaderNames());
    let cookieKey: string | undefined;
    let cacheKey: string | undefined;
    for (const key in target) {
      const name = key.toLowerCase();
      present.add(name);
      if (name === 'set-cookie') cookieKey = key;
      else if (name === 'cache-control') cacheKey = key;
    }
    const lower = lowerNamesOf(a.security);
    a.security.forEach(([name, value], i) => {
      if (!present.has(lower[i]!)) target[name] = value;
    });
    if (a.cookies.length) {
      const held = this.getHeader('set-cookie');
      const prior = [held, cookieKey === undefined ? undefined : target[cookieKey]]
        .flat()
        .filter((v) => v !== undefined)
        .map(String);
      if (cookieKey !== undefined) delete target[cookieKey];
      target['Set-Cookie'] = [...prior, ...a.cookies];
    }
    const declared = cacheKey === undefined ? this.getHeader('cache-control') : target[cacheKey];
    if (mustNotStore(a.personal, declared === undefined ? undefined : String(declared))) target[cacheKey ?? 'Cache-Control'] = 'no-store';
    return target;
  }
}

/** @hono/node-server's serve, with Node's answers made as AppAnswer: the one way the app is served. */
export function serveApp(options: { fetch: Parameters<typeof serve>[0]['fetch']; port: number; hostname?: string }, ready?: (info: AddressInfo) => void): ServerType {
  return serve({ ...options, serverOptions: { ServerResponse: AppAnswer as unknown as typeof ServerResponse } }, ready);
}
