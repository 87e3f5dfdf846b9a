/**
 * How a large delivery behaves end to end, through the real app on a throwaway SQLite database (or
 * the PostgreSQL server named by DATABASE_URL, whose tables must be empty): a request for N monitors,
 * N ready devices, then the request's suggestions, one reservation of all N, one delivery of all N,
 * and its DDT rendered as a PDF. Prints each step in milliseconds, with the median of a few runs.
 *
 *   npx tsx scripts/bench-delivery.ts            100 devices, 3 runs
 *   BENCH_DEVICES=300 BENCH_RUNS=5 npx tsx scripts/bench-delivery.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app';
import { createApiToken } from '../src/auth/service';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/context';
import { openDatabase } from '../src/db/adapter';
import { migrateToLatest } from '../src/db/migrate';
import { seedHubs } from '../src/hubs/seed';

const N = Number(process.env.BENCH_DEVICES ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'rigenera-bench-delivery-'));
const url = process.env.DATABASE_URL ?? join(dir, 'bench.sqlite');
const { db, kind, close } = openDatabase(url);

async function main() {
  await migrateToLatest(db);
  await seedHubs(db);
  const ctx: AppContext = { db, dbKind: kind, config: loadConfig({ DATABASE_URL: url, PUBLIC_BASE_URL: 'http://bench.invalid', COOKIE_SECURE: 'false' }), clock: { now: () => new Date() } };
  const app = createApp(ctx);
  const { token } = await createApiToken(ctx, { role: 'admin', hubId: null, label: 'bench', createdBy: null });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  const timings: Record<string, number[]> = { suggestions: [], reserve: [], deliver: [], ddt: [] };
  let pages = 0;
  for (let run = 0; run < RUNS; run++) {
    const partner = (await (await call('POST', '/api/v1/partners', { hub: 'FOL', kind: 'other', name: `Bench ${run}`, municipality: 'Foligno' })).json()) as { id: number };
    const request = (await (await call('POST', '/api/v1/requests', { partner: partner.id, items: [{ type: 'monitor', quantity: N }], purpose: 'bench', beneficiaries: { count: N } })).json()) as {
      id: number;
    };
    await call('POST', `/api/v1/requests/${request.id}/decision`, { decision: 'approve' });
    const donation = (await (await call('POST', '/api/v1/donations', { hub: 'FOL', donor: { kind: 'company', name: 'Bench' }, devices: [{ type: 'monitor', quantity: N }] })).json()) as {
      devices: { tag: string }[];
    };
    const tags = donation.devices.map((d) => d.tag);
    for (const tag of tags) {
      await call('POST', `/api/v1/devices/${tag}/actions`, { action: 'diagnose', outcome: 'refurbish', hasStorage: false });
      await call('POST', `/api/v1/devices/${tag}/actions`, { action: 'ready' });
    }
    const time = async (name: string, f: () => Promise<unknown>) => {
      const start = performance.now();
      const out = await f();
      timings[name]!.push(performance.now() - start);
      return out;
    };
    await time('suggestions', () => call('GET', `/api/v1/requests/${request.id}`));
    await time('reserve', () => call('POST', `/api/v1/requests/${request.id}/reservations`, { tags }));
    const delivery = (await ((await time('deliver', () => call('POST', `/api/v1/requests/${request.id}/deliveries`, { tags, title: 'loan' }))) as Response).json()) as { id: number };
    const pdf = (await time('ddt', async () => Buffer.from(await (await call('GET', `/deliveries/${delivery.id}/ddt.pdf`)).arrayBuffer()))) as Buffer;
    pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`${kind}, ${N} devices per delivery, median of ${RUNS} runs:`);
  console.log(`  request with suggestions  ${median(timings.suggestions!).toFixed(0)} ms`);
  console.log(`  reserve all (one call)    ${median(timings.reserve!).toFixed(0)} ms`);
  console.log(`  deliver all (one call)    ${median(timings.deliver!).toFixed(0)} ms`);
  console.log(`  DDT PDF                   ${median(timings.ddt!).toFixed(0)} ms, ${pages} pages`);
}

main()
  .finally(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
