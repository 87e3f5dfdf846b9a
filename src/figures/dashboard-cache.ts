/**
 * A dashboard is the same page for everyone who may read it, and the quarters' totals behind it only
 * change when their version moves (figure_versions, bumped in the transaction that changes them).
 * So the page body is rendered once per scope, period, options and language, and served again
 * until a version moves, or until it is a minute old: the stock counts ("as of" on the page) follow
 * every scan, and a minute-old stock is fine for a dashboard, while rendering it on each request is
 * what held the region dashboard to a fraction of the throughput the targets ask for.
 */
import type { AppContext } from '../context';
import { figuresGeneration } from './repository';

export const DASHBOARD_MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 500;

type Entry = { generation: string; at: number; html: string };
const caches = new WeakMap<object, Map<string, Entry>>();

export async function cachedDashboard(ctx: AppContext, key: string, render: () => Promise<string>): Promise<string> {
  let cache = caches.get(ctx.db);
  if (!cache) caches.set(ctx.db, (cache = new Map()));
  const now = ctx.clock.now().getTime();
  const generation = await figuresGeneration(ctx.db);
  const hit = cache.get(key);
  if (hit && hit.generation === generation && now - hit.at >= 0 && now - hit.at < DASHBOARD_MAX_AGE_MS) return hit.html;
  const html = await render();
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { generation, at: now, html });
  return html;
}
