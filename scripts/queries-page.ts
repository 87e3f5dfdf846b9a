/**
 * `npm run queries:page`: counts and names the SQL statements one request runs, for a coordinator's
 * device page (`/d/<TAG>` with a session), a public passport (`/d/<TAG>` without one) and a volunteer's
 * page of that delivered device (as `npm run bench` asks for).
 *
 * A throwaway SQLite database (or DATABASE_URL=postgres://… for an empty, migrated PostgreSQL database)
 * gets a coordinator, a device walked to `wiped` and one walked to `delivered`. Each page is asked
 * for once to warm the caches a running server has warm (the session, the layout), then again with a
 * note of every statement the executor sends; the second request's list is printed.
 *
 *   npm run queries:page
 *   QUERIES_SQL=1 npm run queries:page      with each statement's full SQL
 *   QUERIES_REPEAT=1000 npm run queries:page the CPU time per request over 1,000 requests (default 300; 0: none)
 *   QUERIES_PAGE=passport npm run queries:page  pages whose name has the word: "passport", "coordinator", "volunteer" or "device" (both device pages)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { createApp } from '../src/app';
import { createApiToken, startSession } from '../src/auth/service';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/context';
import { isPostgresUrl, openDatabase } from '../src/db/adapter';
import type { Database } from '../src/db/schema';
import { migrateToLatest } from '../src/db/migrate';
import { findHubByCode } from '../src/hubs/repository';
import { seedHubs } from '../src/hubs/seed';
import { insertUser } from '../src/users/repository';
import type { TestContext } from '../test/support/context';
import { walkTo } from '../test/support/walk';

/**
 * Notes every statement sent to the database, whether built, raw or compiled once ahead. On PostgreSQL
 * all of them go through the executor's `executeQuery` (in or out of a transaction); on SQLite a hot read
 * outside a transaction goes straight to its prepared statement (db/adapter.ts#compiledOnce), so there
 * the statements themselves are watched. Both are patched here for this script only.
 */
class QueryLog {
  on = false;
  noted: string[] = [];
  constructor(db: Kysely<Database>, sqlite?: SQLite.Database) {
    const log = this;
    if (sqlite) {
      const statement = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<string, unknown>;
      for (const method of ['all', 'get', 'run', 'iterate'] as const) {
        const original = statement[method] as (this: { source: string }, ...args: unknown[]) => unknown;
        statement[method] = function (this: { source: string }, ...args: unknown[]) {
          if (log.on) log.noted.push(this.source);
          return original.apply(this, args);
        };
      }
      return;
    }
    let proto = Object.getPrototypeOf(db.getExecutor()) as Record<string, unknown> | null;
    while (proto && !Object.prototype.hasOwnProperty.call(proto, 'executeQuery')) proto = Object.getPrototypeOf(proto) as Record<string, unknown> | null;
    if (!proto) throw new Error('no executeQuery to watch');
    const original = proto.executeQuery as (this: unknown, q: CompiledQuery, ...rest: unknown[]) => unknown;
    proto.executeQuery = function (this: unknown, q: CompiledQuery, ...rest: unknown[]) {
      if (log.on) log.noted.push(q.sql);
      return original.call(this, q, ...rest);
    };
  }
}

/** A short name for a statement: what it does to which tables. */
function nameOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const verb = s.split(' ')[0]!.toLowerCase();
  const tables = [...s.matchAll(/\b(?:from|join|into|update)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]!);
  return `${verb} ${[...new Set(tables)].join(', ') || '—'}`;
}

async function main() {
  const pgUrl = process.env.DATABASE_URL && isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
  const dir = pgUrl ? undefined : mkdtempSync(join(tmpdir(), 'rigenera-queries-'));
  const url = pgUrl ?? join(dir!, 'queries.sqlite');
  const opened = openDatabase(url);
  try {
    await migrateToLatest(opened.db);
    await seedHubs(opened.db);
    const db = opened.db;
    const log = new QueryLog(db, opened.sqlite);
    const ctx: AppContext = { db, dbKind: opened.kind, config: loadConfig({ DATABASE_URL: url, PUBLIC_BASE_URL: 'http://rigenera.test', COOKIE_SECURE: 'false' }), clock: { now: () => new Date() } };
    const app = createApp(ctx);
    const hub = (await findHubByCode(db, 'PER'))!;
    const { token } = await createApiToken(ctx, { role: 'coordinator', hubId: hub.id, label: 'queries', createdBy: null });
    const userId = await insertUser(db, {
      email: 'queries@rigenera.invalid',
      name: 'Coordinatrice',
      passwordHash: null,
      role: 'coordinator',
      hubId: hub.id,
      createdBy: null,
      at: new Date().toISOString(),
    });
    const cookie = `rg_session=${await startSession(ctx, userId)}; rg_csrf=queries-csrf-token-0123456789abcdefghij`;
    const volunteerId = await insertUser(db, {
      email: 'volunteer@rigenera.invalid',
      name: 'Volontario',
      passwordHash: null,
      role: 'volunteer',
      hubId: hub.id,
      createdBy: null,
      at: new Date().toISOString(),
    });
    const volunteerCookie = `rg_session=${await startSession(ctx, volunteerId)}; rg_csrf=queries-csrf-token-0123456789abcdefghij`;

    const api = async (method: string, path: string, bearer: string | null, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, json, text, headers: res.headers };
    };
    const donation = await api('POST', '/api/v1/donations', token, {
      hub: 'PER',
      donor: { kind: 'company', name: 'ACME Srl' },
      devices: [
        { type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T450' },
        { type: 'laptop', brand: 'Dell', model: 'Latitude E7450' },
      ],
    });
    if (donation.status !== 201) throw new Error(`donation: ${donation.status} ${donation.text}`);
    const [wiped, delivered] = (donation.json as { devices: { tag: string }[] }).devices.map((d) => d.tag) as [string, string];
    // The walk asks for a coordinator of the hub to confirm an erasure: the one token made above.
    const t = { api, token: async () => token } as unknown as TestContext;
    await walkTo(t, token, wiped, 'wiped');
    await walkTo(t, token, delivered, 'delivered');

    const pages = [
      { name: `coordinator's device page /d/${wiped}`, path: `/d/${wiped}`, cookie },
      { name: `public passport /d/${delivered}`, path: `/d/${delivered}`, cookie: null },
      { name: `volunteer's device page /d/${delivered}`, path: `/d/${delivered}`, cookie: volunteerCookie },
    ];
    // QUERIES_PAGE=passport (or coordinator, volunteer, device): only those pages, e.g. under node --cpu-prof.
    for (const p of pages.filter((x) => !process.env.QUERIES_PAGE || x.name.includes(process.env.QUERIES_PAGE))) {
      const ask = async () => {
        const res = await app.request(p.path, { headers: p.cookie ? { cookie: p.cookie } : {} });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${p.path}: ${res.status}`);
        return body.length;
      };
      await ask();
      log.noted = [];
      log.on = true;
      const bytes = await ask();
      log.on = false;
      // SQLite's cross-process check (db/notify.ts) is a PRAGMA before the request's own statements, and
      // the reads of one turn share a read transaction (db/read-turn.ts): both counted apart.
      const checks = log.noted.filter((q) => /^pragma/i.test(q)).length;
      const turns = log.noted.filter((q) => /^begin$/i.test(q)).length;
      log.noted = log.noted.filter((q) => !/^(pragma|begin$|commit$)/i.test(q));
      const apart = [checks ? `${checks} PRAGMA data_version` : '', turns ? `${turns} read transaction${turns > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ');
      console.log(`\n${p.name} (${opened.kind}, ${bytes.toLocaleString('en')} bytes): ${log.noted.length} statements${apart ? ` (and ${apart})` : ''}`);
      log.noted.forEach((q, i) => console.log(`  ${String(i + 1).padStart(2)}. ${nameOf(q)}${process.env.QUERIES_SQL === '1' ? `\n      ${q.replace(/\s+/g, ' ')}` : ''}`));
      // The app's own CPU time per request, in process (no HTTP): steadier than req/s on a busy machine.
      const repeat = Number(process.env.QUERIES_REPEAT ?? 300);
      if (repeat > 0) {
        for (let i = 0; i < 50; i++) await ask();
        const cpu = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < repeat; i++) await ask();
        const used = process.cpuUsage(cpu);
        console.log(`  CPU ${((used.user + used.system) / 1000 / repeat).toFixed(3)} ms per request (wall ${((performance.now() - t0) / repeat).toFixed(3)} ms), over ${repeat} requests`);
      }
    }
  } finally {
    await opened.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
