/**
 * The security headers of every answer: what Hono's secureHeaders sent with our options, worked out
 * once instead of per request. http/answer-head.ts adds them to every answer; a header the handler set
 * itself keeps the handler's value (the one that does, an export's X-Content-Type-Options, sets the same).
 */

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
