/**
 * `LOAD_MODE=cluster npm run test:load` (or `npm run test:load:cluster`): the load test with two app
 * processes (the bundle `npm start` runs, WEB_CONCURRENCY=1 each) on one database, first one SQLite
 * file, then one PostgreSQL database; the volunteers spread across them, double scans sent to both,
 * one volunteer disabled through the other process at half time. See scripts/load/cluster.ts.
 * Both app processes share the server core (the volunteers run on the other): this proves what holds
 * across processes, it does not measure a bigger machine.
 *
 *   LOAD_VOLUNTEERS=50 LOAD_SECONDS=10 LOAD_DB=sqlite LOAD_MODE=cluster npm run test:load
 */
import '../../src/devices/plugins';
import { execFileSync } from 'node:child_process';
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
import { startServer } from '../bench/harness';
import { generateHistory } from '../generate-history';
import { prepareClusterPeople, simulateCluster, verifyClusterRun } from './cluster';
import { percentile, prepareLoad } from './simulate';

const VOLUNTEERS = Number(process.env.LOAD_VOLUNTEERS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const HISTORY = Number(process.env.LOAD_HISTORY ?? 20_000);
const DEVICES_PER_HUB = Number(process.env.LOAD_DEVICES_PER_HUB ?? 400);
const DBS = (process.env.LOAD_DB ?? 'sqlite,postgres').split(',');
const PROCESSES = 2;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function database(kind: 'sqlite' | 'postgres') {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rigenera-load-'));
    return { url: join(dir, 'load.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const pg = await startCluster();
  const admin = openDatabase(pg.url('postgres'));
  await sql`CREATE DATABASE load`.execute(admin.db);
  await admin.close();
  return { url: pg.url('load'), cleanup: () => pg.stop() };
}

async function clusterRun(kind: 'sqlite' | 'postgres', port: number) {
  const { url, cleanup } = await database(kind);
  try {
    const publicUrl = `http://127.0.0.1:${port}`;
    const opened = openDatabase(url);
    const ctx: AppContext = { db: opened.db, dbKind: opened.kind, config: loadConfig({ DATABASE_URL: url, PUBLIC_BASE_URL: publicUrl }), clock: { now: () => new Date() } };
    await migrateToLatest(opened.db);
    await seedHubs(opened.db);
    log(`${kind}, ${PROCESSES} processes: a history of ${HISTORY.toLocaleString('en')} devices, ${DEVICES_PER_HUB} new devices per hub, ${VOLUNTEERS} volunteers…`);
    await generateHistory(opened.db, { devices: HISTORY, years: 2, seed: 3 });
    const prefix = ctx.config.secureCookies ? '__Host-rg_' : 'rg_';
    const prepared = await prepareLoad(ctx, { volunteers: VOLUNTEERS - 1, devicesPerHub: DEVICES_PER_HUB, cookiePrefix: prefix });
    const people = await prepareClusterPeople(ctx, prepared, prefix);
    await opened.close();

    const env = { DATABASE_URL: url, PUBLIC_BASE_URL: publicUrl, WEB_CONCURRENCY: '1' };
    const servers = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => startServer({ script: fromRoot('dist', 'server.js'), env, port: port + i, readyPath: '/healthz' })));
    let run;
    try {
      log(`${kind}: ${VOLUNTEERS} volunteers on ${PROCESSES} processes for ${SECONDS} s…`);
      run = await simulateCluster(
        servers.map((s) => s.url),
        prepared,
        people,
        { seconds: SECONDS },
      );
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    const check = openDatabase(url);
    try {
      const verdict = await verifyClusterRun(check.db, prepared, people, run);
      const lat = [...run.latencies].sort((a, b) => a - b);
      return {
        kind: `${kind}, ${PROCESSES} processes`,
        requests: run.requests,
        perServer: run.perServer,
        rps: Math.round(run.requests / run.seconds),
        p50: Math.round(percentile(lat, 0.5) * 10) / 10,
        p99: Math.round(percentile(lat, 0.99) * 10) / 10,
        statuses: run.statuses,
        actions: { sent: run.answers.length, accepted: run.answers.filter((a) => a.status === 200 && !a.replayed).length, replayed: run.answers.filter((a) => a.replayed).length },
        verdict,
      };
    } finally {
      await check.close();
    }
  } finally {
    cleanup();
  }
}

export async function main() {
  const started = new Date();
  const loadBefore = loadavg();
  if (process.env.LOAD_BUILD !== '0' || !existsSync(fromRoot('dist', 'server.js'))) execFileSync(process.execPath, [fromRoot('scripts', 'build.mjs')], { stdio: 'inherit' });
  const results = [];
  let port = 3991;
  for (const kind of DBS as ('sqlite' | 'postgres')[]) {
    results.push(await clusterRun(kind, port));
    port += PROCESSES;
  }
  console.log(
    `\nRigenera load test, cluster mode, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${VOLUNTEERS} volunteers, ${SECONDS} s, loopback; load average ${loadBefore.map((x) => x.toFixed(2)).join(' / ')} before.`,
  );
  for (const r of results) {
    console.log(`\n${r.kind}: ${r.requests} requests (${r.rps}/s; ${r.perServer.join(' + ')} per process), p50 ${r.p50} ms, p99 ${r.p99} ms; statuses ${JSON.stringify(r.statuses)}`);
    console.log(`  actions: ${r.actions.sent} sent, ${r.actions.accepted} accepted, ${r.actions.replayed} double scans recognised`);
    for (const c of r.verdict.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  }
  mkdirSync(fromRoot('bench-results'), { recursive: true });
  const file = fromRoot('bench-results', `load-cluster-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: started.toISOString(), volunteers: VOLUNTEERS, seconds: SECONDS, processes: PROCESSES, loadAverageBefore: loadBefore, results }, null, 2));
  console.log(`\nWritten to ${file}.`);
  const ok = results.every((r) => r.verdict.ok);
  console.log(ok ? 'Every check passed.' : 'SOME CHECKS FAILED.');
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1]?.endsWith('run-cluster.ts')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
