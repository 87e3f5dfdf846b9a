/**
 * Before and after, measured at the same time: `npm run bench:ab -- --before <dir> [--after <dir>]`.
 *
 * On a shared machine one `npm run bench` differs from the next by a third, more than most changes it
 * should show. Here two builds of the app (two checkouts, each built with `npm run build`; `--after`
 * defaults to this one) and a bare Hono serving the page's exact bytes from memory run at once, all
 * on the server core, each under its own load from the load core, on one copy of the benchmark
 * database (bench-results/dataset-<BENCH_DEVICES>.sqlite, made by `npm run bench`). Whatever slows the
 * machine slows all three alike. Each round prints CPU per request and the ratios.
 *
 * Half the rounds start (and load) the before build first, half the after build: the order alone moved a
 * build's figures by a few per cent. The last line is after ÷ before over all rounds.
 *
 * Options: --scenario passport | devicePage (a volunteer's device page) | scan (a volunteer's diagnosis,
 * POST /api/v1/devices/<tag>/actions, each build on its own copy of the database, each device once),
 * --rounds 4, --seconds 8.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import type { Actor } from '../../src/access/policy';
import { loadConfig } from '../../src/config';
import type { AppContext } from '../../src/context';
import { openDatabase } from '../../src/db/adapter';
import { registerDonation } from '../../src/donations/service';
import '../../src/devices/plugins';
import { fromRoot } from '../../src/paths';
import { cpuSplitMs, load, logInVolunteer, ratio, rotationTags, startServer, type LoadSpec, type Server } from './harness';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: fromRoot() },
    scenario: { type: 'string', default: 'passport' },
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '8' },
  },
});
if (!values.before || !['passport', 'devicePage', 'scan'].includes(values.scenario!)) {
  console.error('usage: npm run bench:ab -- --before <built checkout> [--after <built checkout>] [--scenario passport|devicePage|scan] [--rounds 4] [--seconds 8]');
  process.exit(2);
}
const builds = { before: resolve(values.before), after: resolve(values.after!) };
for (const dir of Object.values(builds)) {
  if (!existsSync(join(dir, 'dist', 'server.js'))) throw new Error(`${dir}: no dist/server.js (run npm run build there)`);
}
const devices = Number(process.env.BENCH_DEVICES ?? 100_000);
const dataset = fromRoot('bench-results', `dataset-${devices}.sqlite`);
if (!existsSync(dataset)) throw new Error(`${dataset} is missing: npm run bench makes it`);

const dir = mkdtempSync(join(tmpdir(), 'rigenera-ab-'));
const url = join(dir, 'ab.sqlite');
copyFileSync(dataset, url);

const app = (build: string, port: number, database = url) =>
  startServer({ script: join(build, 'dist', 'server.js'), port, readyPath: '/healthz', env: { DATABASE_URL: database, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, COOKIE_SECURE: 'false' } });

/** Devices a scan can diagnose, each once: received in the volunteer's hub through the app's own service. */
async function receivedDevices(n: number): Promise<string[]> {
  const opened = openDatabase(url);
  try {
    const ctx: AppContext = { db: opened.db, dbKind: opened.kind, config: loadConfig({ DATABASE_URL: url }), clock: { now: () => new Date() } };
    const hub = await opened.db.selectFrom('hubs').select('id').where('code', '=', 'NOR').executeTakeFirstOrThrow();
    const actor: Actor = { kind: 'user', id: 0, role: 'coordinator', hubId: hub.id, partnerId: null, name: 'bench:ab' };
    const tags: string[] = [];
    while (tags.length < n) {
      const r = await registerDonation(ctx, actor, {
        hub: 'NOR',
        donor: { kind: 'company', name: 'Bench Srl' },
        devices: [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T450', quantity: Math.min(2000, n - tags.length) }],
      } as never);
      tags.push(...r.devices.map((d) => d.tag));
    }
    return tags;
  } finally {
    await opened.close();
  }
}

/** The same database for a second build, its write-ahead log folded in first. */
function copyFor(build: string): string {
  const db = new SQLite(url);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const copy = join(dir, `${build}.sqlite`);
  copyFileSync(url, copy);
  return copy;
}

const servers: Server[] = [];
try {
  const scan = values.scenario === 'scan';
  const total = Number(values.rounds);
  const seconds = Number(values.seconds);
  // A scan changes its device: each build gets its own share of fresh devices, enough for every round.
  const perShare = scan ? Math.ceil((6 + (total / 2) * seconds) * 800) : 0;
  const scanTags = scan ? await receivedDevices(4 * perShare + 1) : [];
  // Logged in once: both builds read the same database (or copies of it), so the session serves both.
  const first = await app(builds.after, 3962);
  servers.push(first);
  const login = values.scenario === 'passport' ? undefined : await logInVolunteer(builds.after, url, first.url);
  const headers: Record<string, string> = !login
    ? {}
    : scan
      ? { cookie: login.cookie, 'x-csrf-token': login.csrf, 'content-type': 'application/json', accept: 'application/json' }
      : { cookie: login.cookie };
  const scanOf = (tag: string) => ({ path: `/api/v1/devices/${tag}/actions`, body: JSON.stringify({ action: 'diagnose', outcome: 'refurbish', hasStorage: true, idempotencyKey: `ab-${tag}` }) });
  const rotate: { path: string; body?: string }[] = scan ? [scanOf(scanTags.pop()!)] : rotationTags(url, values.scenario as 'passport' | 'devicePage').map((tag) => ({ path: `/d/${tag}` }));
  const sample = await fetch(`${first.url}${rotate[0]!.path}`, scan ? { method: 'POST', headers, body: rotate[0]!.body } : { headers });
  if (!sample.ok) throw new Error(`${rotate[0]!.path}: ${sample.status} ${await sample.text()}`);
  const bytesFile = join(dir, 'page.html');
  writeFileSync(bytesFile, Buffer.from(await sample.arrayBuffer()));
  await first.stop();
  servers.length = 0;
  const databases = { before: scan ? copyFor('before') : url, after: url };
  const bare = await startServer({
    script: fromRoot('scripts', 'bench', 'bare-bytes.mjs'),
    env: { BYTES_FILE: bytesFile, CONTENT_TYPE: sample.headers.get('content-type') ?? 'text/html; charset=UTF-8' },
    port: 3963,
  });
  servers.push(bare);

  /** What each server is asked for: the page's rotation, or for a scan the rest of its own devices. */
  const shares = new Map<Server, { path: string; body?: string }[]>();
  const spec = (server: Server, seconds: number): LoadSpec => {
    const share = shares.get(server);
    return share
      ? { url: server.url, method: 'POST', headers, rotate: share, once: true, duration: seconds, connections: 10 }
      : { url: server.url, headers, rotate, duration: seconds, connections: 10 };
  };
  /** One round: each server under its own load at once; CPU per answered request, and the kernel's part of it. */
  const round = async (measured: Server[], seconds: number) => {
    const cpu0 = measured.map((s) => cpuSplitMs(s.proc.pid!));
    const results = await Promise.all(measured.map((s) => load(spec(s, seconds))));
    return results.map((r, i) => {
      if (r.non2xx || r.errors || r.wrapped) throw new Error(`server ${i + 1}: ${r.non2xx} non-2xx, ${r.errors} errors${r.wrapped ? ', ran out of devices' : ''}`);
      // The next round starts past what this one answered, and past what was still on the wire.
      const share = shares.get(measured[i]!);
      if (share) share.splice(0, r.total + 10);
      const cpu = cpuSplitMs(measured[i]!.proc.pid!);
      const systemUs = ((cpu.system - cpu0[i]!.system) * 1000) / r.total;
      return { cpuUs: ((cpu.user - cpu0[i]!.user) * 1000) / r.total + systemUs, systemUs };
    });
  };
  console.log(`${values.scenario} (${sample.headers.get('content-length') ?? '?'} bytes), before = ${builds.before}, after = ${builds.after}; all three at once on one core`);
  // The kernel's share (system) is mostly writing the answer to the socket: it grows per request as a
  // server gets slower, because a load generator left waiting must be woken for each answer.
  console.log('| round | started first | before: CPU µs per request (system) | after (system) | after ÷ before | bare same bytes (system) | × same bytes, by CPU: before → after |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  const us = (x: { cpuUs: number; systemUs: number }) => `${x.cpuUs.toFixed(1)} (${x.systemUs.toFixed(1)})`;
  const ratios: number[] = [];
  // Half the rounds with each build started first (and loaded first): the order alone moved a build's
  // figures by a few per cent, so each order is measured and the two are averaged.
  for (const order of ['before', 'after'] as const) {
    const [x, y] = order === 'before' ? (['before', 'after'] as const) : (['after', 'before'] as const);
    const started = { [x]: await app(builds[x], 3961, databases[x]), [y]: await app(builds[y], 3962, databases[y]) } as Record<'before' | 'after', Server>;
    servers.push(started.before, started.after);
    if (scan) for (const server of [started.before, started.after]) shares.set(server, scanTags.splice(0, perShare).map(scanOf));
    const measured = [started[x], started[y], bare];
    // A fresh process's first seconds cost it several times its steady state (compiling, SQLite's page cache).
    await round(measured, 6);
    const rounds = order === 'before' ? Math.ceil(total / 2) : Math.floor(total / 2);
    for (let i = 0; i < rounds; i++) {
      const [p, q, s] = await round(measured, seconds);
      const [b, a] = order === 'before' ? [p!, q!] : [q!, p!];
      ratios.push(a.cpuUs / b.cpuUs);
      console.log(`| ${ratios.length} | ${order} | ${us(b)} | ${us(a)} | ${ratio(a.cpuUs, b.cpuUs)} | ${us(s!)} | ${ratio(s!.cpuUs, b.cpuUs)} → ${ratio(s!.cpuUs, a.cpuUs)} |`);
    }
    await Promise.all([started.before.stop(), started.after.stop()]);
    servers.splice(1);
  }
  const mean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
  console.log(`\nafter ÷ before, geometric mean of ${ratios.length} rounds in both orders: ${mean.toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}
