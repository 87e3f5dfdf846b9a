/**
 * `npm run bench`: the app on a generated history of 12 hubs and a million devices, loaded with
 * autocannon from a second process, server and load generator pinned to different cores, against a
 * bare node:http server and a bare Hono "hello" measured in the same run. Prints a table and writes
 * bench-results/bench-<timestamp>.json (and bench-results/latest.json).
 *
 *   npm run bench
 *   BENCH_DEVICES=100000 BENCH_SECONDS=3 npm run bench        a quick rehearsal
 *   BENCH_PG=0 npm run bench                                  skip PostgreSQL
 *   BENCH_DATASET_ONLY=1 npm run bench                        only make the dataset (the long part), then stop
 *   BENCH_CLUSTER=0 npm run bench                             skip the runs with two app processes
 *
 * The history comes from the reporting issue's generator (scripts/generate-history.ts), made once into
 * bench-results/dataset-<devices>.sqlite and reused; every run works on a fresh copy, since the scan
 * scenario changes it. PostgreSQL gets a throwaway cluster (as the tests do) with a smaller history
 * (BENCH_PG_DEVICES, 100,000 by default): the generator's multi-row INSERTs take minutes per 100,000
 * devices there, and the scan action's cost does not depend on how many devices exist.
 *
 * Every core: the device page and the scan action are measured again with two app processes (npm
 * start's node:cluster, WEB_CONCURRENCY=2), free to use both cores; the load generator then shares a
 * core with one of them. Each scenario is also set against a bare Hono answering the very bytes the
 * app answered for it, from memory: the limit for an answer of that size.
 */
import '../../src/devices/plugins';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Actor } from '../../src/access/policy';
import type { Role } from '../../src/access/roles';
import { createApiToken, startSession } from '../../src/auth/service';
import { loadConfig } from '../../src/config';
import type { AppContext } from '../../src/context';
import { openDatabase, type OpenedDatabase } from '../../src/db/adapter';
import { migrateToLatest } from '../../src/db/migrate';
import { registerDonation } from '../../src/donations/service';
import { currentQuarter, dayOf, previousQuarter } from '../../src/figures/periods';
import { seedHubs } from '../../src/hubs/seed';
import { fromRoot } from '../../src/paths';
import { insertUser } from '../../src/users/repository';
import { startCluster } from '../../test/support/postgres-server';
import { generateHistory } from '../generate-history';
import { load, loadWithCpu, ratio, startServer, type LoadResult, type LoadSpec, type Server } from './harness';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1_000_000);
const PG_DEVICES = Number(process.env.BENCH_PG_DEVICES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WITH_PG = process.env.BENCH_PG !== '0';
const WITH_CLUSTER = process.env.BENCH_CLUSTER !== '0';
const CLUSTER_PROCESSES = 2;
/** While working on one scenario: BENCH_ONLY=devicePage,listSearch (keys as in the JSON). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const SEED = 42;
const OUT = fromRoot('bench-results');
/** Devices made ready for the scan scenario: more than the fastest plausible server could act on in the time. */
const SCAN_DEVICES = Number(process.env.BENCH_SCAN_DEVICES ?? Math.max(4000, 2500 * (SECONDS + WARMUP)) * (WITH_CLUSTER ? 2 : 1));

const TARGETS = {
  devicePage: 0.3,
  /** Issue 20: a page as a share of a bare Hono serving its exact bytes from memory. */
  devicePageBytes: 0.15,
  passportBytes: 0.3,
  scanSqlite: 0.2,
  listSearch: 0.15,
  regionDashboard: 0.25,
  peakRssMb: 300,
  coldStartRatio: 5,
};

const log = (line: string) => process.stderr.write(`${line}\n`);

// ---- the machine

/** Share of both cores busy over a short sample, before anything of ours runs. */
async function machineBusy(ms = 2000): Promise<number> {
  const read = () => {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3]! + (cpu[4] ?? 0);
    return { idle, total: cpu.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  return Math.round((1 - (b.idle - a.idle) / (b.total - a.total)) * 1000) / 10;
}

// ---- the dataset

type Meta = { devices: number; seed: number; end: string; seconds: number; events: number };

async function sqliteDataset(): Promise<{ file: string; meta: Meta }> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `dataset-${DEVICES}.sqlite`);
  const metaFile = `${file}.json`;
  if (existsSync(file) && existsSync(metaFile)) return { file, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as Meta };
  rmSync(file, { force: true });
  log(`Generating ${DEVICES.toLocaleString('en')} devices into ${file} (once; later runs reuse it)…`);
  const { db, close } = openDatabase(file);
  const end = new Date();
  await migrateToLatest(db);
  await seedHubs(db);
  const r = await generateHistory(db, { devices: DEVICES, years: 5, end, seed: SEED, log });
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  await close();
  const meta: Meta = { devices: r.devices, seed: SEED, end: end.toISOString(), seconds: Math.round(r.seconds), events: r.events };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { file, meta };
}

/** A working copy of the pristine dataset: the scan scenario changes it. */
function workingCopy(file: string): string {
  const copy = join(OUT, 'work.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  copyFileSync(file, copy);
  return copy;
}

// ---- people, tokens and devices for the scenarios

type Fixtures = {
  hub: string;
  volunteerCookie: string;
  regionCookie: string;
  coordinatorCookie: string;
  coordinatorToken: string;
  csrf: string;
  deviceTags: string[];
  passportTags: string[];
  scanTags: string[];
  labelTags: string[];
  quarter: string;
};

const CSRF = 'bench-csrf-token-0123456789abcdefghijklmn';

async function prepare(opened: OpenedDatabase, meta: Meta, url: string, scanDevices: number): Promise<Fixtures> {
  const { db, kind } = opened;
  const ctx: AppContext = { db, dbKind: kind, config: loadConfig({ DATABASE_URL: url }), clock: { now: () => new Date() } };
  await migrateToLatest(db);
  // The busiest hub: the one a volunteer's list and search work hardest in.
  const busiest = await db
    .selectFrom('stock_counts')
    .innerJoin('hubs', 'hubs.id', 'stock_counts.hub_id')
    .select(['hubs.id', 'hubs.code', (eb) => eb.fn.sum<number>('stock_counts.count').as('n')])
    .groupBy(['hubs.id', 'hubs.code'])
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const person = async (role: Role, hubId: number | null) => {
    const id = await insertUser(db, { email: `bench-${role}-${Date.now()}@bench.invalid`, name: `Bench ${role}`, passwordHash: null, role, hubId, createdBy: null, at });
    return { id, cookie: `__Host-rg_session=${await startSession(ctx, id)}; __Host-rg_csrf=${CSRF}` };
  };
  const volunteer = await person('volunteer', busiest.id);
  const region = await person('region', null);
  const coordinator = await person('coordinator', busiest.id);
  const { token: coordinatorToken } = await createApiToken(ctx, { role: 'coordinator', hubId: busiest.id, label: 'bench', createdBy: null });

  const sample = async (where: { hubId?: number; state?: string }, n: number) => {
    let q = db.selectFrom('devices').select('tag');
    if (where.hubId !== undefined) q = q.where('hub_id', '=', where.hubId);
    if (where.state) q = q.where('state', '=', where.state as never);
    // Spread over the whole history: every k-th device by id.
    const total = Number(
      (
        await db
          .selectFrom('devices')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const step = Math.max(1, Math.floor(total / (n * 4)));
    const rows = await q
      .where(sql<boolean>`id % ${step} = 0`)
      .orderBy('id')
      .limit(n)
      .execute();
    return rows.map((r) => r.tag);
  };
  const deviceTags = await sample({ hubId: busiest.id }, 1000);
  const passportTags = await sample({ state: 'delivered' }, 1000);
  const labelTags = (await sample({ hubId: busiest.id }, 500)).slice(0, 500);

  // Devices that a scan can diagnose, each once: donations registered through the app's own service.
  const actor: Actor = { kind: 'user', id: coordinator.id, role: 'coordinator', hubId: busiest.id, partnerId: null, name: 'Bench coordinator' };
  const scanTags: string[] = [];
  const types = ['laptop', 'desktop', 'monitor', 'tablet'] as const;
  while (scanTags.length < scanDevices) {
    const n = Math.min(2000, scanDevices - scanTags.length);
    const r = await registerDonation(ctx, actor, {
      hub: busiest.code,
      donor: { kind: 'company', name: 'Bench Srl' },
      devices: [{ type: types[scanTags.length % types.length]!, brand: 'Lenovo', model: 'ThinkPad T450', quantity: n }],
    } as never);
    scanTags.push(...r.devices.map((d) => d.tag));
  }
  const quarter = previousQuarter(currentQuarter(dayOf(new Date(meta.end)))).key;
  return {
    hub: busiest.code,
    volunteerCookie: volunteer.cookie,
    regionCookie: region.cookie,
    coordinatorCookie: coordinator.cookie,
    coordinatorToken,
    csrf: CSRF,
    deviceTags,
    passportTags,
    scanTags,
    labelTags,
    quarter,
  };
}

// ---- scenarios

type Scenario = { name: string; key: string; target?: number; bytesTarget?: number; spec: (base: string) => Omit<LoadSpec, 'duration'>; connections?: number };

function scenarios(f: Fixtures): Scenario[] {
  const scanBody = (tag: string) => JSON.stringify({ action: 'diagnose', outcome: 'refurbish', hasStorage: true, idempotencyKey: `bench-${tag}` });
  const searches = ['lenovo', 'dell latitude', 'thinkpad t440', 'hp elitebook', 'optiplex', 'samsung s22', 'acer'];
  return [
    {
      name: "volunteer's device page",
      key: 'devicePage',
      target: TARGETS.devicePage,
      bytesTarget: TARGETS.devicePageBytes,
      spec: (url) => ({ url, headers: { cookie: f.volunteerCookie }, rotate: f.deviceTags.map((t) => ({ path: `/d/${t}` })) }),
    },
    {
      // The same page with the workshop bench, parts and erasure review a coordinator sees (about 20 KB).
      name: "coordinator's device page",
      key: 'coordinatorPage',
      bytesTarget: TARGETS.devicePageBytes,
      spec: (url) => ({ url, headers: { cookie: f.coordinatorCookie }, rotate: f.deviceTags.map((t) => ({ path: `/d/${t}` })) }),
    },
    { name: 'public passport', key: 'passport', bytesTarget: TARGETS.passportBytes, spec: (url) => ({ url, rotate: f.passportTags.map((t) => ({ path: `/d/${t}` })) }) },
    {
      name: 'scan action (SQLite)',
      key: 'scanSqlite',
      target: TARGETS.scanSqlite,
      spec: (url) => ({
        url,
        method: 'POST',
        headers: { cookie: f.volunteerCookie, 'x-csrf-token': f.csrf, 'content-type': 'application/json', accept: 'application/json' },
        rotate: f.scanTags.map((tag) => ({ path: `/api/v1/devices/${tag}/actions`, body: scanBody(tag) })),
        once: true,
      }),
    },
    {
      name: 'device list with a search',
      key: 'listSearch',
      target: TARGETS.listSearch,
      spec: (url) => ({ url, headers: { cookie: f.volunteerCookie }, rotate: searches.map((q) => ({ path: `/devices?q=${encodeURIComponent(q)}` })) }),
    },
    {
      name: 'region dashboard',
      key: 'regionDashboard',
      target: TARGETS.regionDashboard,
      spec: (url) => ({ url, headers: { cookie: f.regionCookie }, rotate: [{ path: `/figures/region?period=${f.quarter}` }] }),
    },
    {
      name: '500-label PDF',
      key: 'labelsPdf',
      connections: 2,
      spec: (url) => ({ url, headers: { authorization: `Bearer ${f.coordinatorToken}` }, rotate: [{ path: `/api/v1/labels?format=a4-3x7&tags=${f.labelTags.join(',')}` }] }),
    },
  ];
}

type Measured = LoadResult & {
  name: string;
  key: string;
  rpsRatio: number;
  p50Ratio: number;
  p99Ratio: number;
  /** req/s as a share of a bare Hono answering the same bytes from memory. */
  bytesRatio?: number;
  /** The server's CPU time per request, and the same-bytes server's CPU per request as a share of it. */
  cpuMsPerRequest?: number;
  bytesCpuRatio?: number;
  processes: number;
  target?: number;
  met?: boolean;
  /** The issue's target as a share of the same bytes from memory, and whether it was met. */
  bytesTarget?: number;
  bytesMet?: boolean;
  rssAfterMb: number;
};

async function measure(server: Server, s: Scenario, bare: LoadResult, scanUsed?: { n: number }, opts: { processes?: number; sameBytes?: LoadResult } = {}): Promise<Measured> {
  const connections = s.connections ?? CONNECTIONS;
  const full = s.spec(server.url);
  // A state-changing scenario never reuses a device: the measurement starts after those the warm-up took
  // (its answered requests, and at most one in flight per connection when it stopped).
  const from = () => (scanUsed && full.rotate ? { ...full, rotate: full.rotate.slice(scanUsed.n) } : full);
  if (WARMUP > 0) {
    const w = await load({ ...from(), duration: WARMUP, connections });
    if (scanUsed) scanUsed.n += w.total + connections;
  }
  const spec = from();
  const r = await loadWithCpu(server, { ...spec, duration: SECONDS, connections });
  const m: Measured = {
    ...r,
    name: s.name,
    key: s.key,
    rpsRatio: ratio(r.rps, bare.rps),
    p50Ratio: ratio(r.p50, bare.p50),
    p99Ratio: ratio(r.p99, bare.p99),
    ...(opts.sameBytes ? { bytesRatio: ratio(r.rps, opts.sameBytes.rps) } : {}),
    processes: opts.processes ?? 1,
    rssAfterMb: server.peakRssMb(),
  };
  if (s.target !== undefined) {
    m.target = s.target;
    m.met = m.rpsRatio >= s.target && r.non2xx === 0 && r.errors === 0;
  }
  if (s.bytesTarget !== undefined) m.bytesTarget = s.bytesTarget;
  log(
    `  ${s.name}: ${r.rps.toFixed(0)} req/s, ${r.cpuMsPerRequest} ms CPU per request (${m.rpsRatio}× bare Hono${m.bytesRatio !== undefined ? `, ${m.bytesRatio}× the same bytes from memory` : ''}), p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}${r.wrapped ? ' (RAN OUT OF DEVICES)' : ''}${r.non2xx ? ` statuses ${JSON.stringify(r.statuses)}` : ''}`,
  );
  return m;
}

async function coldStart(opts: Parameters<typeof startServer>[0], times = 3): Promise<number> {
  const all: number[] = [];
  for (let i = 0; i < times; i++) {
    const s = await startServer(opts);
    all.push(s.startMs);
    await s.stop();
  }
  all.sort((a, b) => a - b);
  return Math.round(all[Math.floor(all.length / 2)]! * 10) / 10;
}

// ---- main

async function main() {
  const started = new Date();
  const busyBefore = await machineBusy();
  const loadBefore = loadavg();
  if (process.env.BENCH_BUILD !== '0' || !existsSync(fromRoot('dist', 'server.js'))) execFileSync(process.execPath, [fromRoot('scripts', 'build.mjs')], { stdio: 'inherit' });

  const { file: dataset, meta } = await sqliteDataset();
  log(`Dataset: ${meta.devices.toLocaleString('en')} devices, ${meta.events.toLocaleString('en')} events, history up to ${meta.end.slice(0, 10)} (${dataset}).`);
  if (process.env.BENCH_DATASET_ONLY === '1') return;
  const work = workingCopy(dataset);
  const opened = openDatabase(work);
  log(`Preparing people, tokens and ${SCAN_DEVICES.toLocaleString('en')} devices to scan…`);
  const f = await prepare(opened, meta, work, SCAN_DEVICES);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(opened.db);
  await opened.close();

  // Ceilings.
  log('Ceilings…');
  const bareNodeScript = fromRoot('scripts', 'bench', 'bare-node.mjs');
  const bareHonoScript = fromRoot('scripts', 'bench', 'bare-hono.mjs');
  const ceilings: Record<string, LoadResult & { cpuMsPerRequest?: number }> = {};
  for (const [name, script, port] of [
    ['bare node:http', bareNodeScript, 3971],
    ['bare Hono', bareHonoScript, 3972],
  ] as const) {
    const s = await startServer({ script, port });
    try {
      await load({ url: s.url + '/', duration: WARMUP || 1, connections: CONNECTIONS });
      ceilings[name] = await loadWithCpu(s, { url: s.url + '/', duration: SECONDS, connections: CONNECTIONS });
      log(`  ${name}: ${ceilings[name]!.rps.toFixed(0)} req/s, ${ceilings[name]!.cpuMsPerRequest} ms CPU per request, p50 ${ceilings[name]!.p50} ms, p99 ${ceilings[name]!.p99} ms`);
    } finally {
      await s.stop();
    }
  }
  const bare = ceilings['bare Hono']!;

  // Cold starts: spawn to the first answered request, median of three.
  log('Cold starts…');
  const appEnv = (url: string, port: number, processes = 1) => ({ DATABASE_URL: url, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, WEB_CONCURRENCY: String(processes) });
  const bareCold = await coldStart({ script: bareHonoScript, port: 3973 });
  const appCold = await coldStart({ script: fromRoot('dist', 'server.js'), env: appEnv(work, 3974), port: 3974, readyPath: '/healthz' });
  log(`  bare Hono ${bareCold} ms, app ${appCold} ms (${ratio(appCold, bareCold)}×)`);

  // The app on SQLite.
  log(`The app on SQLite (${meta.devices.toLocaleString('en')} devices)…`);
  const results: Measured[] = [];
  // One device kept aside: its scan's answer is the bytes the "same bytes from memory" ceiling serves.
  const spare = f.scanTags.pop()!;
  const scanUsed = { n: 0 };
  // BENCH_PROFILE=1: a V8 CPU profile of this process, written when it stops (scripts/bench/profile-top.mjs reads it).
  const profileArgs = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', '--cpu-prof-dir', join(OUT, 'profiles')] : [];
  const app = await startServer({ script: fromRoot('dist', 'server.js'), nodeArgs: profileArgs, env: appEnv(work, 3975), port: 3975, readyPath: '/healthz' });
  let peakRssMb: number;
  let captured: Partial<Record<BytesKind, Captured>>;
  try {
    for (const s of scenarios(f).filter((x) => !ONLY || ONLY.includes(x.key))) results.push(await measure(app, s, bare, s.key.startsWith('scan') ? scanUsed : undefined));
    peakRssMb = app.peakRssMb();
    captured = await captureBytes(app.url, f, spare);
  } finally {
    await app.stop();
  }

  // The limit for answers of those sizes: a bare Hono serving the same bytes from memory.
  log('The same bytes from memory…');
  const sameBytes: Partial<Record<BytesKind, LoadResult & { bytes: number; cpuMsPerRequest: number }>> = {};
  for (const [kind, c] of Object.entries(captured) as [BytesKind, Captured][]) {
    const file = join(OUT, `bytes-${kind}`);
    writeFileSync(file, c.body);
    const s = await startServer({ script: fromRoot('scripts', 'bench', 'bare-bytes.mjs'), env: { BYTES_FILE: file, CONTENT_TYPE: c.type }, port: 3978 });
    try {
      const spec = { url: s.url + c.path, method: c.method, headers: { 'content-type': 'application/json' }, body: c.method === 'POST' ? '{}' : undefined, connections: CONNECTIONS };
      await load({ ...spec, duration: WARMUP || 1 });
      const limit = { ...(await loadWithCpu(s, { ...spec, duration: SECONDS })), bytes: c.body.length };
      sameBytes[kind] = limit;
      log(`  ${kind} (${c.body.length} bytes): ${limit.rps.toFixed(0)} req/s, ${limit.cpuMsPerRequest} ms CPU per request, p50 ${limit.p50} ms, p99 ${limit.p99} ms`);
    } finally {
      await s.stop();
      rmSync(file, { force: true });
    }
  }

  // Every core: the same app as npm start runs it, two processes.
  if (WITH_CLUSTER) {
    log(`The app on SQLite, ${CLUSTER_PROCESSES} processes…`);
    const app2 = await startServer({ script: fromRoot('dist', 'server.js'), env: appEnv(work, 3977, CLUSTER_PROCESSES), port: 3977, readyPath: '/healthz', everyCore: true });
    try {
      for (const s of scenarios(f).filter((x) => (x.key === 'devicePage' || x.key === 'scanSqlite') && (!ONLY || ONLY.includes(x.key)))) {
        const named = { ...s, name: `${s.name}, ${CLUSTER_PROCESSES} processes`, key: `${s.key}${CLUSTER_PROCESSES}`, target: undefined };
        results.push(await measure(app2, named, bare, s.key.startsWith('scan') ? scanUsed : undefined, { processes: CLUSTER_PROCESSES }));
      }
    } finally {
      await app2.stop();
    }
  }

  // The scan action on PostgreSQL.
  const pg: { devices: number; result?: Measured; results: Measured[]; skipped?: string; generateSeconds?: number; peakRssMb?: number } = { devices: PG_DEVICES, results: [] };
  if (WITH_PG) {
    try {
      log(`PostgreSQL: a throwaway cluster with ${PG_DEVICES.toLocaleString('en')} devices…`);
      const cluster = await startCluster();
      try {
        const admin = openDatabase(cluster.url('postgres'));
        await sql`CREATE DATABASE bench`.execute(admin.db);
        await admin.close();
        const url = cluster.url('bench');
        const o = openDatabase(url);
        const end = new Date(meta.end);
        await migrateToLatest(o.db);
        await seedHubs(o.db);
        const t0 = performance.now();
        await generateHistory(o.db, { devices: PG_DEVICES, years: 5, end, seed: SEED, log });
        pg.generateSeconds = Math.round((performance.now() - t0) / 1000);
        const pf = await prepare(o, { ...meta, devices: PG_DEVICES }, url, SCAN_DEVICES);
        await o.close();
        const server = await startServer({ script: fromRoot('dist', 'server.js'), env: appEnv(url, 3976), port: 3976, readyPath: '/healthz' });
        const scan = scenarios(pf).find((s) => s.key === 'scanSqlite')!;
        const pgUsed = { n: 0 };
        try {
          pg.result = await measure(server, { ...scan, name: 'scan action (PostgreSQL)', key: 'scanPostgres', target: undefined }, bare, pgUsed);
          pg.results.push(pg.result);
          pg.peakRssMb = server.peakRssMb();
        } finally {
          await server.stop();
        }
        if (WITH_CLUSTER) {
          const server2 = await startServer({ script: fromRoot('dist', 'server.js'), env: appEnv(url, 3979, CLUSTER_PROCESSES), port: 3979, readyPath: '/healthz', everyCore: true });
          try {
            const named = { ...scan, name: `scan action (PostgreSQL), ${CLUSTER_PROCESSES} processes`, key: `scanPostgres${CLUSTER_PROCESSES}`, target: undefined };
            pg.results.push(await measure(server2, named, bare, pgUsed, { processes: CLUSTER_PROCESSES }));
          } finally {
            await server2.stop();
          }
        }
      } finally {
        cluster.stop();
      }
    } catch (e) {
      pg.skipped = e instanceof Error ? e.message.split('\n')[0] : String(e);
      log(`  PostgreSQL skipped: ${pg.skipped}`);
    }
  } else pg.skipped = 'BENCH_PG=0';

  const all = [...results, ...pg.results];
  for (const r of all) {
    const kind = bytesKindOf(r.key);
    const limit = kind ? sameBytes[kind] : undefined;
    if (limit) r.bytesRatio = ratio(r.rps, limit.rps);
    if (limit && r.cpuMsPerRequest) r.bytesCpuRatio = ratio((limit as { cpuMsPerRequest?: number }).cpuMsPerRequest ?? 0, r.cpuMsPerRequest);
    if (r.bytesTarget !== undefined) r.bytesMet = r.bytesRatio !== undefined && r.bytesRatio >= r.bytesTarget && r.non2xx === 0 && r.errors === 0;
  }
  const rate = (key: string) => all.find((r) => r.key === key)?.rps;
  const pgVsSqlite = (a: string, b: string) => (rate(a) && rate(b) ? ratio(rate(a)!, rate(b)!) : null);
  const finished = new Date();
  const report = {
    date: started.toISOString(),
    seconds: Math.round((finished.getTime() - started.getTime()) / 1000),
    machine: {
      cpu: cpus()[0]?.model ?? '?',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      busyBeforePercent: busyBefore,
      loadAverageBefore: loadBefore.map((x) => Math.round(x * 100) / 100),
      loadAverageAfter: loadavg().map((x) => Math.round(x * 100) / 100),
      pinned: 'server on core 0, autocannon on core 1 (taskset)',
    },
    settings: { seconds: SECONDS, warmup: WARMUP, connections: CONNECTIONS, devices: meta.devices, events: meta.events, pgDevices: PG_DEVICES, hub: f.hub },
    ceilings,
    scenarios: all,
    sameBytes,
    /** The scan action on PostgreSQL as a share of its rate on SQLite, same run (target ≥ 0.6). */
    scanPostgresVsSqlite: { oneProcess: pgVsSqlite('scanPostgres', 'scanSqlite'), twoProcesses: pgVsSqlite('scanPostgres2', 'scanSqlite2'), target: 0.6 },
    postgres: pg,
    peakRssMb,
    coldStart: { bareHonoMs: bareCold, appMs: appCold, ratio: ratio(appCold, bareCold) },
    targets: {
      devicePage: check(results, 'devicePage'),
      scanSqlite: check(results, 'scanSqlite'),
      listSearch: check(results, 'listSearch'),
      regionDashboard: check(results, 'regionDashboard'),
      devicePageBytes: checkBytes(results, 'devicePage'),
      coordinatorPageBytes: checkBytes(results, 'coordinatorPage'),
      passportBytes: checkBytes(results, 'passport'),
      peakRss: { target: TARGETS.peakRssMb, value: peakRssMb, met: peakRssMb <= TARGETS.peakRssMb },
      coldStart: { target: TARGETS.coldStartRatio, value: ratio(appCold, bareCold), met: ratio(appCold, bareCold) <= TARGETS.coldStartRatio },
    },
    clean: all.every((r) => r.non2xx === 0 && r.errors === 0 && !r.wrapped),
  };
  const name = `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(join(OUT, name), JSON.stringify(report, null, 2));
  writeFileSync(join(OUT, 'latest.json'), JSON.stringify(report, null, 2));
  print(report);
  console.log(`\nWritten to bench-results/${name} (and bench-results/latest.json).`);
  rmSync(work, { force: true });
  for (const suffix of ['-wal', '-shm']) rmSync(work + suffix, { force: true });
  if (!report.clean) process.exitCode = 1;
}

/** The answers measured against a bare Hono serving their exact bytes: each has a limit of its own size. */
const BYTES_KINDS = ['devicePage', 'coordinatorPage', 'passport', 'scan'] as const;
type BytesKind = (typeof BYTES_KINDS)[number];
type Captured = { path: string; method: string; type: string; body: Buffer };

/** The scenario's key without its number of processes; both scan scenarios answer the same bytes. */
function bytesKindOf(key: string): BytesKind | null {
  if (key.startsWith('scan')) return 'scan';
  const base = key.replace(/\d+$/, '');
  return (BYTES_KINDS as readonly string[]).includes(base) ? (base as BytesKind) : null;
}

const BYTES_LABEL: Record<BytesKind, string> = {
  devicePage: "a volunteer's device page",
  coordinatorPage: "a coordinator's device page",
  passport: 'a passport',
  scan: 'a scan answer',
};

/** What the app answers for each page measured (the first of its rotation), and for one scan action (on a device kept aside for it). */
async function captureBytes(base: string, f: Fixtures, spare: string): Promise<Partial<Record<BytesKind, Captured>>> {
  const all = scenarios({ ...f, scanTags: [spare] });
  const grab = async (key: string): Promise<Captured> => {
    const spec = all.find((s) => s.key === key)!.spec(base);
    const first = spec.rotate![0]!;
    const res = await fetch(base + first.path, { method: spec.method ?? 'GET', headers: spec.headers, body: first.body });
    if (!res.ok) throw new Error(`${key}: ${res.status}`);
    return { path: first.path, method: spec.method ?? 'GET', type: res.headers.get('content-type') ?? 'text/html', body: Buffer.from(await res.arrayBuffer()) };
  };
  const out: Partial<Record<BytesKind, Captured>> = {};
  for (const kind of BYTES_KINDS) {
    const key = kind === 'scan' ? 'scanSqlite' : kind;
    if (!ONLY || ONLY.some((k) => bytesKindOf(k) === kind)) out[kind] = await grab(key);
  }
  return out;
}

function checkBytes(results: Measured[], key: string) {
  const r = results.find((x) => x.key === key);
  return { target: r?.bytesTarget ?? null, value: r?.bytesRatio ?? null, met: r?.bytesMet ?? false };
}

function check(results: Measured[], key: string) {
  const r = results.find((x) => x.key === key);
  return { target: r?.target ?? null, value: r?.rpsRatio ?? null, met: r?.met ?? false };
}

function print(report: ReturnType<typeof JSON.parse>) {
  const m = report.machine;
  console.log(`\nRigenera benchmark, ${report.date.slice(0, 16).replace('T', ' ')} UTC, ${report.seconds} s`);
  console.log(`${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}; ${m.pinned}.`);
  console.log(`Machine busy before the run: ${m.busyBeforePercent}% of all cores; load average ${m.loadAverageBefore.join(' / ')} before, ${m.loadAverageAfter.join(' / ')} after.`);
  console.log(
    `SQLite: ${report.settings.devices.toLocaleString('en')} devices, ${report.settings.events.toLocaleString('en')} events, hub ${report.settings.hub}; ${report.settings.connections} connections, ${report.settings.seconds} s per scenario after ${report.settings.warmup} s warm-up.\n`,
  );
  console.log(
    '| scenario | processes | req/s | × bare Hono | × same bytes from memory | CPU ms per request | × same bytes, by CPU | p50 ms (×) | p99 ms (×) | non-2xx | errors | target × bare Hono | met | target × same bytes | met |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|---:|:-:|');
  const cpu = (c: { cpuMsPerRequest?: number }) => c.cpuMsPerRequest ?? '';
  for (const [name, c] of Object.entries(report.ceilings as Record<string, LoadResult & { cpuMsPerRequest?: number }>)) {
    console.log(`| ${name} | 1 | ${c.rps.toFixed(0)} | ${ratio(c.rps, report.ceilings['bare Hono'].rps)} | | ${cpu(c)} | | ${c.p50} | ${c.p99} | ${c.non2xx} | ${c.errors} | | | | |`);
  }
  for (const [kind, c] of Object.entries(report.sameBytes) as [BytesKind, LoadResult & { bytes: number; cpuMsPerRequest?: number }][]) {
    console.log(
      `| bare Hono, ${BYTES_LABEL[kind]} from memory (${c.bytes} bytes) | 1 | ${c.rps.toFixed(0)} | ${ratio(c.rps, report.ceilings['bare Hono'].rps)} | 1 | ${cpu(c)} | 1 | ${c.p50} | ${c.p99} | ${c.non2xx} | ${c.errors} | | | | |`,
    );
  }
  const met = (x: boolean | undefined) => (x === undefined ? '' : x ? 'yes' : 'NO');
  for (const r of report.scenarios as Measured[]) {
    console.log(
      `| ${r.name} | ${r.processes} | ${r.rps.toFixed(0)} | ${r.rpsRatio} | ${r.bytesRatio ?? ''} | ${cpu(r)} | ${r.bytesCpuRatio ?? ''} | ${r.p50} (${r.p50Ratio}) | ${r.p99} (${r.p99Ratio}) | ${r.non2xx} | ${r.errors}${r.wrapped ? ' (ran out of devices)' : ''} | ${r.target !== undefined ? `≥ ${r.target}` : ''} | ${met(r.met)} | ${r.bytesTarget !== undefined ? `≥ ${r.bytesTarget}` : ''} | ${met(r.bytesMet)} |`,
    );
  }
  const pg = report.postgres;
  const v = report.scanPostgresVsSqlite;
  console.log(`\nScan action, PostgreSQL as a share of SQLite (target ≥ ${v.target}): one process ${v.oneProcess ?? '—'}, two processes ${v.twoProcesses ?? '—'}.`);
  if (pg.skipped) console.log(`\nPostgreSQL: skipped (${pg.skipped}).`);
  else console.log(`\nPostgreSQL: ${pg.devices.toLocaleString('en')} devices (generated in ${pg.generateSeconds} s); its server's peak RSS ${pg.peakRssMb} MB.`);
  const t = report.targets;
  console.log(`Peak RSS of the app on SQLite: ${report.peakRssMb} MB (target ≤ ${t.peakRss.target} MB: ${t.peakRss.met ? 'met' : 'MISSED'}).`);
  console.log(
    `Cold start to the first answered request: app ${report.coldStart.appMs} ms, bare Hono ${report.coldStart.bareHonoMs} ms, ${report.coldStart.ratio}× (target ≤ ${t.coldStart.target}×: ${t.coldStart.met ? 'met' : 'MISSED'}).`,
  );
  console.log(report.clean ? 'Every scenario: 0 non-2xx, 0 errors.' : 'SOME SCENARIOS HAD NON-2XX ANSWERS OR ERRORS.');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
