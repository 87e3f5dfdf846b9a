/**
 * `npm run scan:path`: what one volunteer's scan action crosses on the server, the request the bench's scan
 * scenario makes: `POST /api/v1/devices/:tag/actions` (`diagnose`) with a session, the CSRF header and an
 * idempotency key, on a fresh throwaway database with a device ready for it.
 *
 * (a) The server files it runs: V8 precise coverage (function call counts) is taken around that one request
 *     only, after a warm-up scan of another device so that lazy set-up does not count. Every file under
 *     `src/` with at least one function called is listed, grouped by folder.
 * (b) The SQL statements it sends, on SQLite and on PostgreSQL, named and counted. They are noted where
 *     they leave for the database (better-sqlite3's statements, pg's `query`), so BEGIN and COMMIT count.
 *
 * PostgreSQL: DATABASE_URL=postgres://… (a server where the script may create a database), or else a
 * throwaway cluster as the tests start one (test/support/postgres-server.ts). SCAN_PATH_PG=0 skips it.
 *
 *   npm run scan:path
 *   SCAN_PATH_JSON=1 npm run scan:path   the same as JSON
 *   SCAN_PATH_SQL=1 npm run scan:path    with each statement's SQL
 *
 * It uses only the app's entry points (createApp, sessions, tokens, the public API), so it runs on the tree
 * before and after a refactor: copy it into the other tree and run it there to compare.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite from 'better-sqlite3';
import pg from 'pg';
import { createApp } from '../src/app';
import { createApiToken, startSession } from '../src/auth/service';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/context';
import { isPostgresUrl, openDatabase } from '../src/db/adapter';
import { migrateToLatest } from '../src/db/migrate';
import { findHubByCode } from '../src/hubs/repository';
import { seedHubs } from '../src/hubs/seed';
import { insertUser } from '../src/users/repository';
import { startCluster, type PgCluster } from '../test/support/postgres-server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src') + '/';
const CSRF = 'scan-path-csrf-token-0123456789abcdefghij';

// ---- the statements, noted where they leave for the database

const noted = { on: false, sql: [] as string[] };

function watchStatements() {
  const probe = new BetterSqlite(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statement[method] as (this: { source: string }, ...args: unknown[]) => unknown;
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      if (noted.on) noted.sql.push(this.source);
      return original.apply(this, args);
    };
  }
  const client = pg.Client.prototype as unknown as Record<string, unknown>;
  const query = client.query as (this: unknown, ...args: unknown[]) => unknown;
  client.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    if (noted.on && text) noted.sql.push(text);
    return query.apply(this, args);
  };
}

/** A short name for a statement: what it does to which tables. */
function nameOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const verb = (s.split(' ')[0] ?? '').toLowerCase();
  if (['begin', 'commit', 'rollback', 'savepoint', 'release', 'listen', 'pragma'].includes(verb))
    return s
      .toLowerCase()
      .replace(/\s*=.*$/, '')
      .slice(0, 40);
  const tables = [...s.matchAll(/\b(?:from|join|into|(?<!do )update)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]!);
  return `${verb} ${[...new Set(tables)].join(', ') || '—'}`;
}

// ---- one run on one database

type Run = {
  database: 'sqlite' | 'postgres';
  status: number;
  files: string[];
  folders: { folder: string; files: string[] }[];
  statements: { name: string; sql: string }[];
  counted: { name: string; count: number }[];
};

async function runOn(url: string, session: Session): Promise<Run> {
  const opened = openDatabase(url);
  try {
    const db = opened.db;
    await migrateToLatest(db);
    await seedHubs(db);
    const config = loadConfig({ DATABASE_URL: url, PUBLIC_BASE_URL: 'http://rigenera.test', COOKIE_SECURE: 'false' });
    const ctx: AppContext = { db, dbKind: opened.kind, config, clock: { now: () => new Date() } };
    const app = createApp(ctx);
    const hub = (await findHubByCode(db, 'PER'))!;
    const { token } = await createApiToken(ctx, { role: 'coordinator', hubId: hub.id, label: 'scan-path', createdBy: null });
    const at = new Date().toISOString();
    const volunteerId = await insertUser(db, { email: 'scan-path@rigenera.invalid', name: 'Volontario', passwordHash: null, role: 'volunteer', hubId: hub.id, createdBy: null, at });
    const cookie = `rg_session=${await startSession(ctx, volunteerId)}; rg_csrf=${CSRF}`;

    const donated = await app.request('/api/v1/donations', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hub: 'PER', donor: { kind: 'company', name: 'ACME Srl' }, devices: [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T450', quantity: 2 }] }),
    });
    if (donated.status !== 201) throw new Error(`donation: ${donated.status} ${await donated.text()}`);
    const [warm, measured] = ((await donated.json()) as { devices: { tag: string }[] }).devices.map((d) => d.tag) as [string, string];

    const scan = async (tag: string) => {
      const res = await app.request(`/api/v1/devices/${tag}/actions`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': CSRF, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'diagnose', outcome: 'refurbish', hasStorage: true, idempotencyKey: `scan-path-${tag}` }),
      });
      const text = await res.text();
      if (res.status !== 200 && res.status !== 201) throw new Error(`scan ${tag}: ${res.status} ${text}`);
      return res.status;
    };

    await scan(warm);
    await new Promise((r) => setTimeout(r, 300)); // background set-up the warm-up started (a LISTEN, caches) settles
    await session.post('Profiler.takePreciseCoverage'); // resets the call counts
    noted.sql = [];
    noted.on = true;
    const status = await scan(measured);
    await new Promise((r) => setTimeout(r, 20)); // work the handler left running after its answer
    noted.on = false;
    const { result } = await session.post('Profiler.takePreciseCoverage');

    if (process.env.SCAN_PATH_FUNCS === '1')
      for (const script of result)
        if (script.url.includes('/src/'))
          console.log(
            relative(ROOT, fileURLToPath(script.url.split('?')[0]!)),
            script.functions.filter((f) => f.ranges.some((r) => r.count > 0)).map((f) => f.functionName || '(anonymous)'),
          );
    const files = result
      .filter((script) => script.functions.some((f) => f.ranges.some((r) => r.count > 0)))
      .map((script) => (script.url.startsWith('file:') ? fileURLToPath(script.url.split('?')[0]!) : script.url))
      .filter((path) => path.startsWith(SRC))
      .map((path) => relative(ROOT, path))
      .sort();
    const byFolder = new Map<string, string[]>();
    for (const f of [...new Set(files)]) {
      const folder = dirname(f);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), f.slice(folder.length + 1)]);
    }
    const statements = noted.sql.map((sql) => ({ name: nameOf(sql), sql: sql.replace(/\s+/g, ' ').trim() }));
    const counts = new Map<string, number>();
    for (const s of statements) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
    return {
      database: opened.kind === 'postgres' ? 'postgres' : 'sqlite',
      status,
      files: [...new Set(files)],
      folders: [...byFolder].map(([folder, list]) => ({ folder, files: list })),
      statements,
      counted: [...counts].map(([name, count]) => ({ name, count })),
    };
  } finally {
    await opened.close();
  }
}

async function postgresUrl(): Promise<{ url: string; done: () => Promise<void> } | null> {
  if (process.env.SCAN_PATH_PG === '0') return null;
  let cluster: PgCluster | undefined;
  let admin = process.env.DATABASE_URL && isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
  if (!admin) {
    cluster = await startCluster();
    admin = cluster.url('postgres');
  }
  const name = `rigenera_scan_path_${process.pid}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    done: async () => {
      if (cluster) return cluster.stop();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    },
  };
}

function print(run: Run) {
  const db = run.database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  console.log(`\n${db}: the scan answered ${run.status}; it crossed ${run.files.length} files in ${run.folders.length} folders under src/`);
  for (const f of run.folders) console.log(`  ${(f.folder + '/').padEnd(20)} ${String(f.files.length).padStart(2)}  ${f.files.join(', ')}`);
  console.log(`${db}: ${run.statements.length} SQL statements`);
  for (const c of run.counted) console.log(`  ${String(c.count).padStart(3)} × ${c.name}`);
  if (process.env.SCAN_PATH_SQL === '1') run.statements.forEach((s, i) => console.log(`  ${String(i + 1).padStart(2)}. ${s.sql}`));
}

async function main() {
  watchStatements();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  const runs: Run[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'rigenera-scan-path-'));
  try {
    runs.push(await runOn(join(dir, 'scan-path.sqlite'), session));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pgDb = await postgresUrl();
  if (pgDb) {
    try {
      runs.push(await runOn(pgDb.url, session));
    } finally {
      await pgDb.done();
    }
  }
  await session.post('Profiler.stopPreciseCoverage');
  session.disconnect();
  if (process.env.SCAN_PATH_JSON === '1') {
    console.log(JSON.stringify({ request: 'POST /api/v1/devices/:tag/actions (diagnose), volunteer session + CSRF + idempotency key', runs }, null, 2));
  } else {
    console.log('One volunteer scan: POST /api/v1/devices/:tag/actions (diagnose), session + CSRF header + idempotency key');
    runs.forEach(print);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
