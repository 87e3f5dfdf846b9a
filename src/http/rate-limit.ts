/**
 * A limit on forms anyone may send without logging in that write something (the partner application):
 * so many per address, and so many overall, per window. Counted in memory, per app context: the
 * server is one process, and a restart forgetting the counts is harmless. Checked before the body is
 * read, so a refused request costs nothing.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../shared/errors';
import type { AppEnv } from './env';
import { clientAddress } from './middleware';

export type PublicLimit = { perAddress: number; overall: number; windowMs: number };

/** A school or association applies once; a hub's open day may see a few from one public Wi-Fi. */
export const PUBLIC_FORM_LIMIT: PublicLimit = { perAddress: 10, overall: 100, windowMs: 60 * 60_000 };

/** Keys kept at most: past this, windows that ended are dropped first, then the oldest. */
const MAX_KEYS = 20_000;

type Window = { start: number; count: number };
const counters = new WeakMap<object, Map<string, Window>>();

export function publicWriteLimit(name: string, limit: PublicLimit = PUBLIC_FORM_LIMIT): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Someone logged in is not anonymous: their writes are on the record under their name.
    if (c.get('actor')) return next();
    const ctx = c.get('ctx');
    let windows = counters.get(ctx);
    if (!windows) counters.set(ctx, (windows = new Map()));
    const now = ctx.clock.now().getTime();
    const keys = [`${name}:all`, `${name}:ip:${clientAddress(c)}`];
    const current = keys.map((key) => {
      const w = windows.get(key);
      return w && now - w.start < limit.windowMs ? w : { start: now, count: 0 };
    });
    const full = current.findIndex((w, i) => w.count >= (i === 0 ? limit.overall : limit.perAddress));
    if (full >= 0) {
      const seconds = Math.max(1, Math.ceil((current[full]!.start + limit.windowMs - now) / 1000));
      throw new AppError(429, 'http.rateLimited', {}, { retryAfter: seconds });
    }
    keys.forEach((key, i) => {
      current[i]!.count++;
      windows.delete(key);
      windows.set(key, current[i]!);
    });
    if (windows.size > MAX_KEYS) prune(windows, now, limit.windowMs);
    await next();
  };
}

function prune(windows: Map<string, Window>, now: number, windowMs: number) {
  for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
  // Map order is insertion order and every use re-inserts: the first keys are the least recently used.
  for (const key of windows.keys()) {
    if (windows.size <= MAX_KEYS * 0.9) break;
    if (!key.endsWith(':all')) windows.delete(key);
  }
}
