import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity } from '../src/integrity/check';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { dumpAllTables } from './support/tables';
import { walkTo } from './support/walk';

/**
 * `npm run cli -- backup` and `restore`, run as the operator runs them (a separate process on
 * DATABASE_URL) against a database the app has open and is writing to.
 */
let t: TestContext;
let token: string;
let dir: string;

beforeAll(async () => {
  t = await createTestContext({ realClock: true });
  token = await t.token('coordinator', 'FOL');
  dir = mkdtempSync(join(tmpdir(), 'rigenera-backup-'));
  // A little of everything: donations, devices walked through the lifecycle, a partner, its request
  // and a delivery with its document, a transfer, people and tokens.
  const { devices } = await donate(
    t,
    token,
    'FOL',
    [
      { type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T450', serial: 'PF-1' },
      { type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T450', quantity: 2 },
      { type: 'monitor', quantity: 2 },
    ],
    { kind: 'citizen', name: 'Maria Rossi', email: 'maria@example.invalid' },
  );
  await walkTo(t, token, devices[0]!.tag, 'delivered');
  await walkTo(t, token, devices[1]!.tag, 'ready');
  await walkTo(t, token, devices[2]!.tag, 'in_transit');
  await act(t, token, devices[3]!.tag, { action: 'diagnose', outcome: 'recycle', hasStorage: false });
  await t.person('volunteer', 'FOL');
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATABASE_URL: t.config.databaseUrl } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => resolve({ code, out: out.trim(), err: err.trim() }));
  });
}

describe('backup and restore', () => {
  it('round trip: a backup taken while the app has the database open brings back every table exactly', async () => {
    const before = await dumpAllTables(t.db);
    const file = join(dir, 'round-trip.backup');
    const backup = await cli(['backup', file]);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/Backup of the (SQLite|PostgreSQL) database written to .*round-trip\.backup/);
    expect(existsSync(file)).toBe(true);
    // Nothing half-written is left next to it.
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);

    // Life goes on after the backup: another donation, another step, a person.
    const later = await donate(t, token, 'FOL', [{ type: 'desktop', quantity: 4 }]);
    await act(t, token, later.devices[0]!.tag, { action: 'diagnose', outcome: 'parts', hasStorage: true });
    await t.person('coordinator', 'PER');
    const changed = await dumpAllTables(t.db);
    expect(changed).not.toEqual(before);

    const restore = await cli(['restore', file]);
    expect(restore.code, restore.err).toBe(0);
    expect(restore.out).toContain('Restored from');
    const after = await dumpAllTables(t.db);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    // The app goes on from the restored state: the tags issued after the backup are issued again, once.
    const again = await donate(t, token, 'FOL', [{ type: 'desktop' }]);
    expect(again.devices[0]!.tag).toBe(later.devices[0]!.tag);
  });

  it('a backup taken while donations and scans are being written is consistent: each donation whole, each device equal to its events', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const d = await donate(t, token, 'FOL', [{ type: 'laptop', quantity: 40 }]);
        for (const dev of d.devices.slice(0, 5)) await act(t, token, dev.tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
        written++;
        // On SQLite every step resolves at once: let the timers and the child process have their turn.
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 150));
    const donationsAtStart = await t.count('donations');
    const file = join(dir, 'busy.backup');
    const backup = await cli(['backup', file]);
    writing = false;
    await writer;
    expect(backup.code, backup.err).toBe(0);
    const donationsAtEnd = await t.count('donations');
    expect(written).toBeGreaterThan(0);

    const restore = await cli(['restore', file]);
    expect(restore.code, restore.err).toBe(0);
    const n = await t.count('donations');
    expect(n).toBeGreaterThanOrEqual(donationsAtStart);
    expect(n).toBeLessThanOrEqual(donationsAtEnd);
    const report = await checkIntegrity(t.db, { recountFigures: true });
    expect(report.problems).toEqual([]);
    expect(report.figuresMatch).toBe(true);
  });

  it('refuses to restore something that is not a backup, and changes nothing', async () => {
    const before = await t.count('devices');
    const bogus = join(dir, 'bogus.backup');
    await import('node:fs').then((fs) => fs.writeFileSync(bogus, 'not a database at all'));
    const r = await cli(['restore', bogus]);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(/postgres(ql)?:\/\//);
    expect(await t.count('devices')).toBe(before);
  });
});
