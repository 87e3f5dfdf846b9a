/**
 * `npm run test:load`: 200 simulated volunteers for 60 seconds against the real server (the bundle
 * `npm start` runs), on SQLite and on PostgreSQL, loopback only; then 60 more seconds with fresh devices
 * while the availability attacks of scripts/load/attacks.ts run alongside; then the checks of
 * scripts/load/simulate.ts#verifyAfterLoad, that every attack was refused or capped, and that the
 * volunteers' p99 under attack stays within 2× of the quiet phase. The server runs on one core, the
 * volunteers and attackers on the other. Exits non-zero when a check fails. Not part of `npm test`
 * (test/load.test.ts is its short version).
 *
 *   npm run test:load
 *   LOAD_VOLUNTEERS=50 LOAD_SECONDS=10 LOAD_DB=sqlite npm run test:load
 *   LOAD_ATTACKS=0 npm run test:load      (the quiet phase only)
 *   LOAD_MODE=cluster npm run test:load        two app processes per database (scripts/load/run-cluster.ts)
 */
import '../../src/devices/plugins';
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
import { attacksHeld, prepareAttacks, runAttacks, type AttackRun } from './attacks';
import { percentile, prepareLoad, simulateVolunteers, verifyAfterLoad, type LoadRun, type Verdict } from './simulate';

/** Both phases' answers, for the checks that look at everything the volunteers did. */
function mergeRuns(a: LoadRun, b: LoadRun): LoadRun {
  const statuses = { ...a.statuses };
  for (const [s, n] of Object.entries(b.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  const networkCauses = { ...a.networkCauses };
  for (const [c, n] of Object.entries(b.networkCauses ?? {})) networkCauses[c] = (networkCauses[c] ?? 0) + n;
  return {
    answers: [...a.answers, ...b.answers],
    requests: a.requests + b.requests,
    statuses,
    latencies: [...a.latencies, ...b.latencies],
    seconds: a.seconds + b.seconds,
    networkErrors: a.networkErrors + b.networkErrors,
    networkCauses,
  };
}

const VOLUNTEERS = Number(process.env.LOAD_VOLUNTEERS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const HISTORY = Number(process.env.LOAD_HISTORY ?? 20_000);
const DEVICES_PER_HUB = Number(process.env.LOAD_DEVICES_PER_HUB ?? 400);
const DBS = (process.env.LOAD_DB ?? 'sqlite,postgres').split(',');
const ATTACKS = process.env.LOAD_ATTACKS !== '0';
/** The volunteers' p99 under attack may be at most this many times the quiet phase's. */
const MAX_P99_RATIO = 2;

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
    const cookiePrefix = ctx.config.secureCookies ? '__Host-rg_' : 'rg_';
    const prepared = await prepareLoad(ctx, { volunteers: VOLUNTEERS, devicesPerHub: DEVICES_PER_HUB, cookiePrefix });
    // The attacked phase gets devices and volunteers of its own, so both phases start alike.
    const underAttack = ATTACKS ? await prepareLoad(ctx, { volunteers: VOLUNTEERS, devicesPerHub: DEVICES_PER_HUB, cookiePrefix }) : undefined;
    const attacker = ATTACKS ? await prepareAttacks(ctx, { hub: 'FOL', cookiePrefix }) : undefined;
    await opened.close();

    const server = await startServer({ script: fromRoot('dist', 'server.js'), env: { DATABASE_URL: url, PUBLIC_BASE_URL: publicUrl }, port, readyPath: '/healthz' });
    let quiet: LoadRun;
    let attacked: { volunteers: LoadRun; attacks: AttackRun } | undefined;
    try {
      log(`${kind}: ${VOLUNTEERS} volunteers for ${SECONDS} s…`);
      quiet = await simulateVolunteers(fetch, server.url, prepared, { seconds: SECONDS });
      if (underAttack && attacker) {
        log(`${kind}: ${VOLUNTEERS} volunteers for ${SECONDS} s under attack…`);
        const [volunteers, attacks] = await Promise.all([
          simulateVolunteers(fetch, server.url, underAttack, { seconds: SECONDS, seed: 11 }),
          runAttacks(fetch, server.url, attacker, { seconds: SECONDS }),
        ]);
        attacked = { volunteers, attacks };
      }
    } finally {
      await server.stop();
    }
    const all = attacked ? mergeRuns(quiet, attacked.volunteers) : quiet;
    const check = openDatabase(url);
    let verdict: Verdict;
    try {
      verdict = await verifyAfterLoad(check.db, prepared, all);
    } finally {
      await check.close();
    }
    const phase = (run: LoadRun) => {
      const lat = [...run.latencies].sort((a, b) => a - b);
      return {
        requests: run.requests,
        rps: Math.round(run.requests / run.seconds),
        p50: Math.round(percentile(lat, 0.5) * 10) / 10,
        p99: Math.round(percentile(lat, 0.99) * 10) / 10,
        networkErrors: run.networkErrors,
      };
    };
    const q = phase(quiet);
    const a = attacked ? phase(attacked.volunteers) : undefined;
    if (attacked && a) {
      const held = attacksHeld(attacked.attacks);
      verdict.checks.push({ name: 'every attack refused or capped', ok: held.ok, detail: held.detail });
      const ratio = q.p99 > 0 ? Math.round((a.p99 / q.p99) * 100) / 100 : 0;
      verdict.checks.push({ name: `volunteers' p99 under attack within ${MAX_P99_RATIO}× the quiet one`, ok: ratio <= MAX_P99_RATIO, detail: `${a.p99} ms against ${q.p99} ms: ${ratio}×` });
      verdict.ok = verdict.checks.every((c) => c.ok);
    }
    const accepted = all.answers.filter((x) => x.status === 200 && !x.replayed).length;
    return {
      kind,
      ...q,
      networkErrorsQuiet: q.networkErrors,
      underAttack: a,
      attacks: attacked?.attacks,
      statuses: all.statuses,
      actions: { sent: all.answers.length, accepted, replayed: all.answers.filter((x) => x.replayed).length, refused: all.answers.filter((x) => x.status !== 200).length },
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

  console.log(
    `\nRigenera load test, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${VOLUNTEERS} volunteers, ${SECONDS} s, loopback; load average ${loadBefore.map((x) => x.toFixed(2)).join(' / ')} before.`,
  );
  for (const r of results) {
    console.log(`\n${r.kind}: ${r.requests} requests (${r.rps}/s), p50 ${r.p50} ms, p99 ${r.p99} ms; statuses ${JSON.stringify(r.statuses)}`);
    if (r.underAttack)
      console.log(
        `  under attack: ${r.underAttack.requests} requests (${r.underAttack.rps}/s), p50 ${r.underAttack.p50} ms, p99 ${r.underAttack.p99} ms; network errors quiet ${r.networkErrorsQuiet}, under attack ${r.underAttack.networkErrors}`,
      );
    console.log(
      `  actions: ${r.actions.sent} sent, ${r.actions.accepted} accepted, ${r.actions.replayed} double scans recognised, ${r.actions.refused} refused (someone else acted first, or the state had moved on)`,
    );
    for (const c of r.verdict.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  }
  mkdirSync(fromRoot('bench-results'), { recursive: true });
  const file = fromRoot('bench-results', `load-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: started.toISOString(), volunteers: VOLUNTEERS, seconds: SECONDS, attacks: ATTACKS, loadAverageBefore: loadBefore, results }, null, 2));
  console.log(`\nWritten to ${file}.`);
  const ok = results.every((r) => r.verdict.ok);
  console.log(ok ? 'Every check passed.' : 'SOME CHECKS FAILED.');
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
