/**
 * Does a figure cost the same with ten thousand devices or a million? Builds two SQLite databases
 * with the history generator (scripts/generate-history.ts), serves each with the real app (the
 * bundle `npm start` runs) pinned to one core, and loads it with autocannon from the other core:
 * the region dashboard for the last full quarter and that quarter's open-data CSV. Prints how many
 * times slower each is at the large size than at the small one (target ≤ 1.5×), and the dashboard's
 * throughput as a ratio to a bare Hono server measured in the same run.
 *
 *   npm run bench:figures                                  10,000 and 1,000,000 devices
 *   BENCH_SMALL=10000 BENCH_LARGE=200000 BENCH_SECONDS=10 npm run bench:figures
 *   BENCH_KEEP=1 …                                          keep the generated databases (printed)
 */
import '../src/devices/plugins';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken } from '../src/auth/service';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/adapter';
import { migrateToLatest } from '../src/db/migrate';
import { currentQuarter, previousQuarter, dayOf } from '../src/figures/periods';
import { seedHubs } from '../src/hubs/seed';
import { fromRoot } from '../src/paths';
import { load, ratio, startServer, type LoadResult } from './bench/harness';
import { generateHistory } from './generate-history';

const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KEEP = process.env.BENCH_KEEP === '1';
const END = new Date();

async function prepare(dir: string, devices: number) {
  const file = join(dir, `figures-${devices}.sqlite`);
  const { db, kind, close } = openDatabase(file);
  await migrateToLatest(db);
  await seedHubs(db);
  const t0 = performance.now();
  await generateHistory(db, { devices, years: 5, end: END, seed: 42, log: (l) => process.stderr.write(`${l}\n`) });
  const ctx = { db, dbKind: kind, config: loadConfig({ DATABASE_URL: file }), clock: { now: () => new Date() } };
  const { token } = await createApiToken(ctx, { role: 'region', hubId: null, partnerId: null, label: 'bench', createdBy: null });
  await close();
  return { file, token, seconds: (performance.now() - t0) / 1000 };
}

type Row = { name: string; small: LoadResult; large: LoadResult };

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The median run (by requests per second) of several. */
const median = (runs: LoadResult[]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;

async function run(url: string, headers: Record<string, string>, name: string) {
  const r = await load({ url, headers, duration: SECONDS, connections: 10 });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r;
}

async function main() {
  if (!existsSync(fromRoot('dist', 'server.js')) || process.env.BENCH_BUILD !== '0') execFileSync(process.execPath, [fromRoot('scripts', 'build.mjs')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'rigenera-bench-figures-'));
  try {
    const quarter = previousQuarter(currentQuarter(dayOf(END))).key;
    const paths = { 'region dashboard (page)': `/figures/region?period=${quarter}`, 'region figures (API)': `/api/v1/figures?period=${quarter}`, 'open-data CSV': `/opendata/figures/${quarter}.csv` };
    const small = await prepare(dir, SMALL);
    const large = await prepare(dir, LARGE);
    // Both apps and the bare Hono server stay up; every round loads each in turn, so a machine that
    // gets busier or quieter during the run (other work on it) weighs on all of them alike.
    const app = (file: string, port: number) =>
      startServer({ script: fromRoot('dist', 'server.js'), env: { DATABASE_URL: file, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }, port, readyPath: '/healthz' });
    const [bare, s, l] = [await startServer({ script: fromRoot('scripts', 'bench', 'bare-hono.mjs'), port: 3961 }), await app(small.file, 3962), await app(large.file, 3963)];
    const runs: Record<string, { small: LoadResult[]; large: LoadResult[] }> = Object.fromEntries(Object.keys(paths).map((k) => [k, { small: [], large: [] }]));
    const bareRuns: LoadResult[] = [];
    let rss = { small: 0, large: 0 };
    try {
      for (const path of Object.values(paths)) {
        await load({ url: s.url + path, headers: { authorization: `Bearer ${small.token}` }, duration: 2 }); // warm-up
        await load({ url: l.url + path, headers: { authorization: `Bearer ${large.token}` }, duration: 2 });
      }
      await load({ url: bare.url + '/', duration: 2 });
      for (let round = 0; round < ROUNDS; round++) {
        bareRuns.push(await run(bare.url + '/', {}, 'bare Hono'));
        for (const [name, path] of Object.entries(paths)) {
          runs[name]!.small.push(await run(s.url + path, { authorization: `Bearer ${small.token}` }, name));
          runs[name]!.large.push(await run(l.url + path, { authorization: `Bearer ${large.token}` }, name));
        }
      }
      rss = { small: s.peakRssMb(), large: l.peakRssMb() };
    } finally {
      await Promise.all([bare.stop(), s.stop(), l.stop()]);
    }
    const bareRps = median(bareRuns);
    const rows: Row[] = Object.keys(paths).map((name) => ({ name, small: median(runs[name]!.small), large: median(runs[name]!.large) }));
    console.log(
      `\nSQLite, Node ${process.version}, quarter ${quarter}; ${SMALL.toLocaleString('en')} devices built in ${small.seconds.toFixed(0)} s, ${LARGE.toLocaleString('en')} in ${large.seconds.toFixed(0)} s.`,
    );
    console.log(`Servers on core 0, autocannon (10 connections, ${SECONDS} s, median of ${ROUNDS} alternating rounds) on core 1. Bare Hono: ${bareRps.rps.toFixed(0)} req/s.\n`);
    console.log(
      `| request | req/s at ${SMALL.toLocaleString('en')} | req/s at ${LARGE.toLocaleString('en')} | p50 ms small / large | times slower at ${LARGE.toLocaleString('en')} | throughput ÷ bare Hono (large) |`,
    );
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.small.rps.toFixed(0)} | ${r.large.rps.toFixed(0)} | ${r.small.p50} / ${r.large.p50} | ${ratio(r.small.rps, r.large.rps).toFixed(2)}× | ${ratio(r.large.rps, bareRps.rps).toFixed(3)} |`,
      );
    }
    console.log(`\nPeak RSS of the app: ${rss.small} MB (small), ${rss.large} MB (large).`);
    if (KEEP) console.log(`Databases kept in ${dir}`);
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
