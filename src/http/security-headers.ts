/**
 * The security headers of every answer: what Hono's secureHeaders sent with our options, worked out
 * once instead of per request.
 *
 * Under the Node server they go on Node's own answer (`outgoing.setHeader`), which writes them with the
 * rest, instead of through the Fetch API's Headers object, whose checking and copying cost a public
 * passport 1-3% of its CPU (npm run bench:ab, both orders). A header the handler set itself keeps the handler's value (the one that does, an export's
 * X-Content-Type-Options, sets the same). Without the Node server (`app.request` in the tests) they go
 * on the answer as before.
 */
import type { ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';

/** Pages that decode camera frames with the bundled WebAssembly decoder (zxing-wasm). */
const SCANNING_PAGES = /^\/(scan|stocktakes\/\d+)\/?$/;

/** The one relaxation of the Content-Security-Policy: compiling WebAssembly ('wasm-unsafe-eval', which allows no JavaScript eval). */
function contentSecurityPolicy(scanning: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scanning ? " 'wasm-unsafe-eval'" : ''}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const COMMON: [string, string][] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'same-origin'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  ['Permissions-Policy', 'camera=(self), microphone=(), geolocation=()'],
];

const HEADERS = {
  page: [['Content-Security-Policy', contentSecurityPolicy(false)], ...COMMON] as const,
  scanning: [['Content-Security-Policy', contentSecurityPolicy(true)], ...COMMON] as const,
};

export function headersFor(path: string): readonly (readonly [string, string])[] {
  return SCANNING_PAGES.test(path) ? HEADERS.scanning : HEADERS.page;
}

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const list = headersFor(c.req.path);
    const outgoing = nodeAnswer(c);
    if (outgoing) {
      for (const [name, value] of list) outgoing.setHeader(name, value);
      return;
    }
    const headers = c.res.headers;
    for (const [name, value] of list) headers.set(name, value);
  };
}

/** Node's answer, while its head is still to be written (@hono/node-server passes it as `env.outgoing`). */
function nodeAnswer(c: Context<AppEnv>): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent ? outgoing : undefined;
}
