import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
