import type { Context } from 'hono';

/** Pages that decode camera frames with the bundled WebAssembly decoder (zxing-wasm). */
const SCANNING_PAGES = /^\/(scan|stocktakes\/\d+)\/?$/;

/**
 * The one relaxation of the Content-Security-Policy: on the scanning pages, compiling WebAssembly
 * ('wasm-unsafe-eval', which allows no JavaScript eval). Every other page keeps script-src 'self'.
 */
export function scanScriptSrc(c: Context): string {
  return SCANNING_PAGES.test(c.req.path) ? "'wasm-unsafe-eval'" : '';
}
