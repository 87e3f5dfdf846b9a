/**
 * A test context owns a fresh database (a new SQLite file, or a PostgreSQL database cloned from the
 * migrated template), the real app on top of it, and helpers to act as any role through real HTTP.
 */
import '../../src/devices/plugins';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Actor } from '../../src/access/policy';
import type { Role } from '../../src/access/roles';
import { createApp } from '../../src/app';
import { hashPassword } from '../../src/auth/passwords';
import { createApiToken, startSession } from '../../src/auth/service';
import { loadConfig, type Config } from '../../src/config';
import type { AppContext, Clock } from '../../src/context';
import { openDatabase, type DbKind } from '../../src/db/adapter';
import { migrateToLatest } from '../../src/db/migrate';
import { findHubByCode } from '../../src/hubs/repository';
import { seedHubs } from '../../src/hubs/seed';
import { insertUser } from '../../src/users/repository';
import { observeApi } from './api-observed';

export const TEST_DB: DbKind = process.env.RIGENERA_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const BASE_URL = 'http://rigenera.test';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private t = new Date('2026-03-10T09:00:00.000Z').getTime()) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
  set(iso: string) {
    this.t = new Date(iso).getTime();
  }
}

export type Person = { id: number; email: string; password: string; cookie: string; actor: Actor };

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

const CSRF = 'test-csrf-token-0123456789abcdefghijkl';

export async function createTestContext(opts: { env?: Record<string, string>; realClock?: boolean } = {}) {
  const { url, drop } = await freshDatabase();
  const config: Config = loadConfig({ DATABASE_URL: url, PUBLIC_BASE_URL: BASE_URL, COOKIE_SECURE: 'false', ...opts.env });
  const { db, kind, close } = openDatabase(url);
  if (kind === 'sqlite') {
    await migrateToLatest(db);
    await seedHubs(db);
  }
  const clock = new TestClock();
  const ctx: AppContext = { db, dbKind: kind, config, clock: opts.realClock ? { now: () => new Date() } : clock };
  const app = createApp(ctx);
  observeApi(app);

  const hubId = async (code: string) => (await findHubByCode(db, code))!.id;
  let people = 0;

  /** A person with a role, logged in: their cookie works on every page and form. */
  async function person(role: Role, hub?: string, name?: string, opts: { partnerId?: number } = {}): Promise<Person> {
    const n = ++people;
    const email = `${role}${n}@test.invalid`;
    const password = `password-${n}-secret`;
    const hid = hub ? await hubId(hub) : null;
    const id = await insertUser(db, {
      email,
      name: name ?? `${role} ${n}`,
      passwordHash: await hashPassword(password),
      role,
      hubId: hid,
      partnerId: opts.partnerId ?? null,
      createdBy: null,
      at: ctx.clock.now().toISOString(),
    });
    const session = await startSession(ctx, id);
    return {
      id,
      email,
      password,
      cookie: `rg_session=${session}; rg_csrf=${CSRF}`,
      actor: { kind: 'user', id, role, hubId: hid, partnerId: opts.partnerId ?? null, name: name ?? `${role} ${n}` },
    };
  }

  async function token(role: Role, hub?: string, label = `${role} token`, opts: { partnerId?: number } = {}): Promise<string> {
    return (await createApiToken(ctx, { role, hubId: hub ? await hubId(hub) : null, partnerId: opts.partnerId ?? null, label, createdBy: null })).token;
  }

  /** JSON API call with a bearer token. */
  async function api(method: string, path: string, bearer: string | null, body?: unknown, headers: Record<string, string> = {}) {
    const res = await app.request(path, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  /** A page as a logged-in person (or anonymous with cookie null). */
  async function page(path: string, cookie: string | null = null, headers: Record<string, string> = {}) {
    const res = await app.request(path, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
    return { status: res.status, html: await res.text(), headers: res.headers };
  }

  /** A form post, with the CSRF token a browser would send. */
  async function form(path: string, cookie: string | null, fields: Record<string, string | number | boolean>) {
    const body = new URLSearchParams({ _csrf: CSRF });
    for (const [k, v] of Object.entries(fields)) body.set(k, String(v));
    const res = await app.request(path, {
      method: 'POST',
      headers: { cookie: cookie ?? `rg_csrf=${CSRF}`, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    return { status: res.status, html: await res.text(), headers: res.headers, location: res.headers.get('location') };
  }

  async function count(table: string): Promise<number> {
    const r = await db
      .selectFrom(table as 'devices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  return {
    ctx,
    db,
    kind,
    app,
    clock,
    config,
    hubId,
    person,
    token,
    api,
    page,
    form,
    count,
    csrf: CSRF,
    async close() {
      await close();
      await drop();
    },
  };
}

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (TEST_DB === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rigenera-test-'));
    return { url: join(dir, 'test.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = inject('pgBaseUrl');
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE rigenera_template`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      // pg's pool.end() resolves before its idle sockets have closed; cutting them with FORCE would
      // surface as an unhandled pool error. Give them a moment to go on their own first.
      for (let i = 0; i < 100; i++) {
        const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A donation through the API: the quickest way to get devices in a known state. */
export async function donate(t: TestContext, bearer: string, hub: string, devices: Record<string, unknown>[], donor: Record<string, unknown> = { kind: 'company', name: 'ACME Srl' }) {
  const res = await t.api('POST', '/api/v1/donations', bearer, { hub, donor, devices });
  if (res.status !== 201) throw new Error(`donation failed: ${res.status} ${res.text}`);
  return res.json as { id: number; devices: { tag: string; state: string }[] };
}

export async function act(t: TestContext, bearer: string, tag: string, body: Record<string, unknown>) {
  return t.api('POST', `/api/v1/devices/${tag}/actions`, bearer, body);
}
