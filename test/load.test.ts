import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attacksHeld, importsEnded, prepareAttacks, runAttacks } from '../scripts/load/attacks';
import { prepareLoad, simulateVolunteers, verifyAfterLoad } from '../scripts/load/simulate';
import { createTestContext, type TestContext } from './support/context';

/**
 * The load test's invariants, in small (npm run test:load runs 200 volunteers for 60 seconds against
 * the real server): volunteers of three hubs scanning and acting, several on the same devices at once,
 * some scans sent twice at the same moment.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ realClock: true });
});
afterAll(() => t.close());

describe('volunteers at work, many at once', () => {
  it('no 5xx; each accepted action exactly one event, no refused one any; devices equal their events; totals equal a recount', async () => {
    const prepared = await prepareLoad(t.ctx, { volunteers: 15, devicesPerHub: 40, hubs: ['FOL', 'PER', 'TER'] });
    const run = await simulateVolunteers((url, init) => Promise.resolve(t.app.request(url, init)), '', prepared, { seconds: 4, hotDevices: 4, doubleScanShare: 0.1, transferShare: 0.05 });
    const verdict = await verifyAfterLoad(t.db, prepared, run);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    // The run did what it is meant to: actions accepted, races lost, double scans recognised.
    const accepted = run.answers.filter((a) => a.status === 200 && !a.replayed).length;
    expect(accepted).toBeGreaterThan(30);
    expect(run.answers.some((a) => a.status === 409)).toBe(true);
    expect(run.answers.some((a) => a.replayed)).toBe(true);
  }, 120_000);

  it('the same while the availability attacks run: each refused or capped, the volunteers unharmed', async () => {
    const prepared = await prepareLoad(t.ctx, { volunteers: 9, devicesPerHub: 30, hubs: ['FOL', 'PER', 'TER'] });
    const attacker = await prepareAttacks(t.ctx, { hub: 'NAR' });
    const inProcess = (url: string, init?: RequestInit) => Promise.resolve(t.app.request(url, init));
    const [run, attacks] = await Promise.all([
      simulateVolunteers(inProcess, '', prepared, { seconds: 3, hotDevices: 4, seed: 3 }),
      runAttacks(inProcess, '', attacker, { seconds: 3, loginFields: 5000, zipInflatesToMb: 256, blankCsvMb: 2, importRows: 30, importQuantity: 100 }),
    ]);
    // In process the import goes on after the attack stops watching it (the real server's run stops it).
    await importsEnded(t.db, attacks);
    const verdict = await verifyAfterLoad(t.db, prepared, run);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(run.answers.filter((a) => a.status === 200).length).toBeGreaterThan(10);
    const held = attacksHeld(attacks);
    expect(held, held.detail).toMatchObject({ ok: true });
    for (const kind of ['loginBomb', 'zipBomb', 'blankCsv'] as const) expect(Object.keys(attacks.statuses[kind]).length, kind).toBeGreaterThan(0);
    // The import was taken, checked and started through the pages, and wrote while the volunteers worked.
    expect(attacks.imports).toHaveLength(1);
  }, 120_000);
});
