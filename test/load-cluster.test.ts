import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareClusterPeople, simulateCluster, verifyClusterRun } from '../scripts/load/cluster';
import { prepareLoad } from '../scripts/load/simulate';
import { createTestContext, type TestContext } from './support/context';
import { startServerProcess, type ServerProcess } from './support/server';

/**
 * The cluster mode of the load test, in small (LOAD_MODE=cluster npm run test:load runs 200
 * volunteers for 60 seconds): two real app processes on the test's database, volunteers spread
 * across them, double scans sent once to each, a volunteer disabled through the other process.
 */
let t: TestContext;
let servers: ServerProcess[];
beforeAll(async () => {
  t = await createTestContext({ realClock: true });
  servers = await Promise.all([startServerProcess(t.config.databaseUrl), startServerProcess(t.config.databaseUrl)]);
}, 120_000);
afterAll(async () => {
  await Promise.all((servers ?? []).map((s) => s.stop()));
  await t.close();
});

describe('volunteers at work on two app processes', () => {
  it('no 5xx; each accepted action one event; devices equal their events; totals equal a recount; the disabled volunteer refused within 100 ms', async () => {
    const prepared = await prepareLoad(t.ctx, { volunteers: 12, devicesPerHub: 30, hubs: ['FOL', 'PER', 'TER'] });
    const people = await prepareClusterPeople(t.ctx, prepared);
    const run = await simulateCluster(
      servers.map((s) => s.url),
      prepared,
      people,
      { seconds: 5, hotDevices: 4, doubleScanShare: 0.15, transferShare: 0.05 },
    );
    const verdict = await verifyClusterRun(t.db, prepared, people, run);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    // Both processes served, races were lost across them, double scans recognised across them.
    expect(run.perServer.every((n) => n > 20)).toBe(true);
    expect(run.answers.filter((a) => a.status === 200 && !a.replayed).length).toBeGreaterThan(20);
    expect(run.answers.some((a) => a.status === 409)).toBe(true);
    expect(run.answers.some((a) => a.replayed)).toBe(true);
    // The disabled volunteer was working before, and refused after.
    expect(run.victimRequests.some((r) => r.at < run.disabledAt && r.status === 200)).toBe(true);
    expect(run.victimRequests.some((r) => r.at > run.disabledAt && r.status === 401)).toBe(true);
  }, 120_000);
});
