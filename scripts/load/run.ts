/**
 * `npm run test:load`: 200 simulated volunteers for 60 seconds against the real server (the bundle
 * `npm start` runs), on SQLite and on PostgreSQL, loopback only; then the checks of
 * scripts/load/simulate.ts#verifyAfterLoad. The server runs on one core, the volunteers on the other.
 * Exits non-zero when a check fails. Not part of `npm test` (test/load.test.ts is its short version).
 *
 *   npm run test:load
 *   LOAD_VOLUNTEERS=50 LOAD_SECONDS=10 LOAD_DB=sqlite npm run test:load
 *   LOAD_MODE=cluster npm run test:load        two app processes per database (scripts/load/run-cluster.ts)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config';
import type { AppContext } from '../../src/context';
import { openDatabase } from '../../src/db/adapter';
import { migrateToLatest } from '../../src/db/migrate';
import { seedHubs } from '../../src/hubs/seed';
import { fromRoot } from '../../src/paths';
import { startCluster } from '../../test/support/postgres-server';
import { generateHistory } from '../generate-history';
import { LOAD_CORE, startServer } from '../bench/harness';
import { percentile, prepareLoad, simulateVolunteers, verifyAfterLoad, type Verdict } from './simulate';

const VOLUNTEERS = Number(process.env.LOAD_VOLUNTEERS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const HISTORY = Number(process.env.LOAD_HISTORY ?? 20_000);
const DEVICES_PER_HUB = Number(process.env.LOAD_DEVICES_PER_HUB ?? 400);
const DBS = (process.env.LOAD_DB ?? 'sqlite,postgres').split(',');

const log = (line: string) => process.stderr.write(`${line}\n`);

async function once(kind: 'sqlite' | 'postgres', port: number) {
  let url: string;
  let cleanup: () => void;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rigenera-load-'));
    url = join(dir, 'load.sqlite');
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  } else {
    const cluster = await startCluster();
    const admin = openDatabase(cluster.url('postgres'));
    await sql`CREATE DATABASE load`.execute(admin.db);
    await admin.close();
    url = cluster.url('load');
    cleanup = () => cluster.stop();
  }
  try {
    const opened = openDatabase(url);
    const publicUrl = `http://127.0.0.1:${port}`;
    const ctx: AppContext = { db: opened.db, dbKind: opened.kind, config: loadConfig({ DATABASE_URL: url, PUBLIC_BASE_URL: publicUrl }), clock: { now: () => new Date() } };
    await migrateToLatest(opened.db);
    await seedHubs(opened.db);
    log(`${kind}: a history of ${HISTORY.toLocaleString('en')} devices, then ${DEVICES_PER_HUB} new devices per hub and ${VOLUNTEERS} volunteers…`);
    await generateHistory(opened.db, { devices: HISTORY, years: 2, seed: 3 });
    // Cookies as the server will name them: Secure (loopback) means the __Host- prefix.
    const prepared = await prepareLoad(ctx, { volunteers: VOLUNTEERS, devicesPerHub: DEVICES_PER_HUB, cookiePrefix: ctx.config.secureCookies ? '__Host-rg_' : 'rg_' });
    await opened.close();

    const server = await startServer({ script: fromRoot('dist', 'server.js'), env: { DATABASE_URL: url, PUBLIC_BASE_URL: publicUrl }, port, readyPath: '/healthz' });
    let run;
    try {
      log(`${kind}: ${VOLUNTEERS} volunteers for ${SECONDS} s…`);
      run = await simulateVolunteers(fetch, server.url, prepared, { seconds: SECONDS });
    } finally {
      await server.stop();
    }
    const check = openDatabase(url);
    let verdict: Verdict;
    try {
      verdict = await verifyAfterLoad(check.db, prepared, run);
    } finally {
      await check.close();
    }
    const lat = [...run.latencies].sort((a, b) => a - b);
    const accepted = run.answers.filter((a) => a.status === 200 && !a.replayed).length;
    return {
      kind,
      requests: run.requests,
      rps: Math.round(run.requests / run.seconds),
      p50: Math.round(percentile(lat, 0.5) * 10) / 10,
      p99: Math.round(percentile(lat, 0.99) * 10) / 10,
      statuses: run.statuses,
      actions: { sent: run.answers.length, accepted, replayed: run.answers.filter((a) => a.replayed).length, refused: run.answers.filter((a) => a.status !== 200).length },
      verdict,
    };
  } finally {
    cleanup();
  }
}

async function main() {
  // The volunteers run on the load core, the server (started by the harness) on the other.
  if (process.env.LOAD_PINNED !== '1' && spawnSync('taskset', ['--version']).status === 0) {
    const child = spawn('taskset', ['-c', String(LOAD_CORE), process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, LOAD_PINNED: '1' } });
    child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }
  if (process.env.LOAD_MODE === 'cluster') return (await import('./run-cluster')).main();
  const started = new Date();
  const loadBefore = loadavg();
  if (process.env.LOAD_BUILD !== '0' || !existsSync(fromRoot('dist', 'server.js'))) execFileSync(process.execPath, [fromRoot('scripts', 'build.mjs')], { stdio: 'inherit' });
  const results = [];
  let port = 3981;
  for (const kind of DBS as ('sqlite' | 'postgres')[]) results.push(await once(kind, port++));

  console.log(`\nRigenera load test, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${VOLUNTEERS} volunteers, ${SECONDS} s, loopback; load average ${loadBefore.map((x) => x.toFixed(2)).join(' / ')} before.`);
  for (const r of results) {
    console.log(`\n${r.kind}: ${r.requests} requests (${r.rps}/s), p50 ${r.p50} ms, p99 ${r.p99} ms; statuses ${JSON.stringify(r.statuses)}`);
    console.log(`  actions: ${r.actions.sent} sent, ${r.actions.accepted} accepted, ${r.actions.replayed} double scans recognised, ${r.actions.refused} refused (someone else acted first, or the state had moved on)`);
    for (const c of r.verdict.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  }
  mkdirSync(fromRoot('bench-results'), { recursive: true });
  const file = fromRoot('bench-results', `load-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: started.toISOString(), volunteers: VOLUNTEERS, seconds: SECONDS, loadAverageBefore: loadBefore, results }, null, 2));
  console.log(`\nWritten to ${file}.`);
  const ok = results.every((r) => r.verdict.ok);
  console.log(ok ? 'Every check passed.' : 'SOME CHECKS FAILED.');
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
