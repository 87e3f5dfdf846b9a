import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/adapter';
import { runOnceAcrossProcesses } from '../src/db/once';
import { createTestContext, type Person, type TestContext } from './support/context';
import { startServerProcess, type ServerProcess } from './support/server';

/**
 * Two real app processes on one database (the SQLite file or the PostgreSQL database of the test),
 * each with its own in-memory session cache: what one of them (or any other process) changes about a
 * person, a session or a token, the other stops answering for within 100 ms.
 */
let t: TestContext;
let a: ServerProcess;
let b: ServerProcess;
beforeAll(async () => {
  t = await createTestContext({ realClock: true });
  [a, b] = await Promise.all([startServerProcess(t.config.databaseUrl, { WEB_CONCURRENCY: '1' }), startServerProcess(t.config.databaseUrl, { WEB_CONCURRENCY: '1' })]);
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await t.close();
});

const LIMIT_MS = 100;

async function status(server: ServerProcess, path: string, auth: { cookie?: string; bearer?: string }) {
  const res = await fetch(server.url + path, {
    headers: { accept: 'application/json', ...(auth.cookie ? { cookie: auth.cookie } : {}), ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}) },
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res.status;
}

async function post(server: ServerProcess, path: string, cookie: string, fields: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ _csrf: /rg_csrf=([^;]+)/.exec(cookie)![1]!, ...fields }),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Asks `server` over and over from the moment `change` has answered, until it says what `refused`
 * expects; then keeps asking a little longer to be sure it does not go back. Returns the delay.
 */
async function delayUntil(server: ServerProcess, path: string, auth: { cookie?: string; bearer?: string }, change: () => Promise<unknown>, refused: (s: number) => boolean) {
  await change();
  const changed = performance.now();
  let seen: number | undefined;
  while (performance.now() - changed < 2_000) {
    const s = await status(server, path, auth);
    if (refused(s)) {
      seen = performance.now() - changed;
      break;
    }
  }
  expect(seen, 'the other process never saw the change').toBeDefined();
  for (let i = 0; i < 20; i++) expect(refused(await status(server, path, auth))).toBe(true);
  return seen!;
}

const OK_PATH = '/api/v1/devices?limit=1';
const signedOut = (s: number) => s === 401;

describe('two app processes on one database', () => {
  let admin: Person;
  beforeAll(async () => {
    admin = await t.person('admin');
  });

  it('a person disabled on one process is refused by the other within 100 ms', async () => {
    const v = await t.person('volunteer', 'PER');
    // Both processes have the session in memory.
    for (const s of [a, b, a, b]) expect(await status(s, OK_PATH, { cookie: v.cookie })).toBe(200);
    const delay = await delayUntil(b, OK_PATH, { cookie: v.cookie }, async () => expect(await post(a, `/users/${v.id}/disable`, admin.cookie)).toBe(200), signedOut);
    expect(delay).toBeLessThan(LIMIT_MS);
    expect(await status(a, OK_PATH, { cookie: v.cookie })).toBe(401);
  });

  it('a session ended on one process is refused by the other within 100 ms', async () => {
    const v = await t.person('volunteer', 'PER');
    for (const s of [a, b, a, b]) expect(await status(s, OK_PATH, { cookie: v.cookie })).toBe(200);
    const delay = await delayUntil(b, OK_PATH, { cookie: v.cookie }, async () => expect(await post(a, '/logout', v.cookie)).toBe(303), signedOut);
    expect(delay).toBeLessThan(LIMIT_MS);
  });

  it('a role changed by a third process (the command line, a script) holds on both within 100 ms', async () => {
    const c = await t.person('coordinator', 'PER');
    for (const s of [a, b, a, b]) expect(await status(s, '/users', { cookie: c.cookie })).toBe(200);
    const demote = () => t.db.updateTable('users').set({ role: 'volunteer' }).where('id', '=', c.id).execute();
    const delay = await delayUntil(b, '/users', { cookie: c.cookie }, demote, (s) => s === 403);
    expect(delay).toBeLessThan(LIMIT_MS);
    expect(await status(a, '/users', { cookie: c.cookie })).toBe(403);
  });

  it('a revoked token is refused by both at once (tokens are never answered from memory)', async () => {
    const bearer = await t.token('coordinator', 'PER');
    for (const s of [a, b]) expect(await status(s, OK_PATH, { bearer })).toBe(200);
    const revoke = () => t.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).execute();
    const delay = await delayUntil(b, OK_PATH, { bearer }, revoke, signedOut);
    expect(delay).toBeLessThan(LIMIT_MS);
    expect(await status(a, OK_PATH, { bearer })).toBe(401);
  });
});

describe('background work runs in one process at a time', () => {
  it('a second holder on another connection is turned away while the first runs, and may run once it is done', async () => {
    // Another opening of the same database: what another process would have.
    const other = openDatabase(t.config.databaseUrl);
    try {
      let release!: () => void;
      const first = runOnceAcrossProcesses(t.db, 'test:sweep', () => new Promise<string>((r) => (release = () => r('first'))));
      await new Promise((r) => setTimeout(r, 100));
      expect(await runOnceAcrossProcesses(other.db, 'test:sweep', async () => 'second')).toEqual({ ran: false });
      expect(await runOnceAcrossProcesses(other.db, 'test:other-work', async () => 'other')).toEqual({ ran: true, value: 'other' });
      release();
      expect(await first).toEqual({ ran: true, value: 'first' });
      expect(await runOnceAcrossProcesses(other.db, 'test:sweep', async () => 'third')).toEqual({ ran: true, value: 'third' });
    } finally {
      await other.close();
    }
  });

  it('on SQLite a lease left by a process that died is taken over once it has run out', async () => {
    if (t.ctx.dbKind !== 'sqlite') return; // PostgreSQL lets an advisory lock go with its session.
    await t.db
      .insertInto('cluster_locks')
      .values({ name: 'test:dead', holder: 'gone:1', expires_at: new Date(Date.now() + 60_000).toISOString() })
      .execute();
    expect(await runOnceAcrossProcesses(t.db, 'test:dead', async () => 1)).toEqual({ ran: false });
    await t.db
      .updateTable('cluster_locks')
      .set({ expires_at: new Date(Date.now() - 1).toISOString() })
      .where('name', '=', 'test:dead')
      .execute();
    expect(await runOnceAcrossProcesses(t.db, 'test:dead', async () => 2)).toEqual({ ran: true, value: 2 });
  });
});

describe('npm start on every core', () => {
  const children = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

  it('WEB_CONCURRENCY=2 serves from two processes, replaces one that dies, and stops them all', async () => {
    const server = await startServerProcess(t.config.databaseUrl, { WEB_CONCURRENCY: '2' });
    try {
      // Ready once both listen: the first process prints it.
      for (let i = 0; i < 200 && !server.output().includes('(2 processes)'); i++) await new Promise((r) => setTimeout(r, 25));
      expect(server.output()).toContain('(2 processes)');
      const workers = children(server.proc.pid!);
      expect(workers).toHaveLength(2);
      const v = await t.person('volunteer', 'PER');
      const answers = await Promise.all(Array.from({ length: 20 }, () => status(server, OK_PATH, { cookie: v.cookie })));
      expect(answers.every((s) => s === 200)).toBe(true);

      process.kill(workers[0]!, 'SIGKILL');
      let now: number[] = [];
      for (let i = 0; i < 200; i++) {
        await new Promise((r) => setTimeout(r, 25));
        now = children(server.proc.pid!);
        if (now.length === 2 && !now.includes(workers[0]!)) break;
      }
      expect(now).toHaveLength(2);
      expect(now).not.toContain(workers[0]);
      expect(await status(server, OK_PATH, { cookie: v.cookie })).toBe(200);
    } finally {
      await server.stop();
    }
    expect(server.proc.exitCode).toBe(0);
  }, 60_000);
});
