import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_STATES } from '../src/lifecycle/lifecycle';
import { createTestContext, type TestContext } from './support/context';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ realClock: true });
});
afterAll(() => t.close());

function cli(args: string[], databaseUrl = t.config.databaseUrl) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe('npm run cli', () => {
  it('migrate brings a new database to the latest schema with the 12 hubs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigenera-cli-'));
    try {
      const first = cli(['migrate'], join(dir, 'new.sqlite'));
      expect(first.code).toBe(0);
      expect(first.out).toContain('Applied: 0001_backbone, 0002_device_specs');
      expect(first.out).toContain('Hubs added: 12');
      expect(cli(['migrate'], join(dir, 'new.sqlite')).out).toContain('Already up to date.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('user:create makes a person who can log in', async () => {
    const r = cli(['user:create', '--email', 'coord@fol.example', '--password', 'una password lunga', '--role', 'coordinator', '--hub', 'fol']);
    expect(r.code, r.err).toBe(0);
    const login = await t.form('/login', null, { email: 'coord@fol.example', password: 'una password lunga' });
    expect(login.status).toBe(303);
    const user = await t.db.selectFrom('users').select(['role', 'hub_id']).where('email', '=', 'coord@fol.example').executeTakeFirstOrThrow();
    expect(user).toEqual({ role: 'coordinator', hub_id: await t.hubId('FOL') });
  });

  it('token:create prints only the token on its last line, and the token works', async () => {
    const r = cli(['token:create', '--role', 'volunteer', '--hub', 'FOL', '--label', 'banco 1']);
    expect(r.code, r.err).toBe(0);
    const token = r.out.split('\n').at(-1)!;
    expect(token).toMatch(/^rg_[A-Za-z0-9_-]{40,}$/);
    const list = await t.api('GET', '/api/v1/devices', token);
    expect(list.status).toBe(200);
  });

  it('refuses bad arguments with a clear message and a non-zero exit', () => {
    const noHub = cli(['user:create', '--email', 'v@x.example', '--password', 'una password lunga', '--role', 'volunteer']);
    expect(noHub.code).toBe(1);
    expect(noHub.err).toContain('--hub is required for the volunteer role');
    const shortPw = cli(['user:create', '--email', 'v@x.example', '--password', 'short', '--role', 'admin']);
    expect(shortPw.code).toBe(1);
    expect(shortPw.err).toContain('at least 10 characters');
    const badHub = cli(['token:create', '--role', 'volunteer', '--hub', 'XYZ', '--label', 'x']);
    expect(badHub.err).toContain('Unknown hub XYZ');
    expect(cli(['frobnicate']).code).toBe(2);
  });

  it('seed:demo fills a hub with devices in every state, through the real lifecycle', async () => {
    const r = cli(['seed:demo', '--hub', 'TER', '--devices', '20']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Demo: 20 devices in hub TER');
    const states = await t.db
      .selectFrom('devices')
      .select('state')
      .distinct()
      .where('hub_id', '=', await t.hubId('TER'))
      .execute();
    // in_transit lies between two hubs: a demo of one hub has every other state.
    expect(states.map((s) => s.state).sort()).toEqual(DEVICE_STATES.filter((s) => s !== 'in_transit').sort());
    const events = await t.count('device_events');
    expect(events).toBeGreaterThan(20);
  });
});
