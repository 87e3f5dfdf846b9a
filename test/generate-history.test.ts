import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../scripts/generate-history';
import { rebuildFigures } from '../src/figures/rebuild';
import { dumpFigures } from '../src/figures/repository';
import { project, initialDevice, type DeviceAction, type DeviceState } from '../src/lifecycle/lifecycle';
import { createTestContext, type TestContext } from './support/context';

/** The history generator (issue #8 benchmarks with it): consistent with the lifecycle, and usable by the app afterwards. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await generateHistory(t.db, { devices: 1500, years: 2, end: new Date('2026-03-01T00:00:00Z'), seed: 3 });
});
afterAll(() => t.close());

describe('generate-history', () => {
  it('writes every state, and each device equals the projection of its events', async () => {
    const devices = await t.db.selectFrom('devices').selectAll().execute();
    expect(devices).toHaveLength(1500);
    const states = new Set(devices.map((d) => d.state));
    for (const s of ['received', 'diagnosed', 'wiped', 'installed', 'ready', 'reserved', 'delivered', 'harvested', 'recycled'] as DeviceState[]) expect(states).toContain(s);
    const events = await t.db.selectFrom('device_events').selectAll().orderBy('device_id').orderBy('seq').execute();
    const byDevice = new Map<number, typeof events>();
    for (const e of events) byDevice.set(e.device_id, [...(byDevice.get(e.device_id) ?? []), e]);
    for (const d of devices) {
      const log = byDevice.get(d.id)!;
      expect(log[0]!.action).toBe('receive');
      let p = initialDevice(log[0]!.hub_id, null);
      for (const e of log.slice(1)) {
        expect(e.from_state).toBe(p.state);
        p = project(p, e.action as DeviceAction, JSON.parse(e.data ?? '{}'), e.to_state);
        expect(p.hubId).toBe(e.hub_id);
      }
      expect({ state: p.state, hub: p.hubId, version: d.version }).toEqual({ state: d.state, hub: d.hub_id, version: log.length });
    }
    // Nothing with storage reached recycling without its disk destroyed first.
    const unsafe = await t.db
      .selectFrom('devices')
      .select('id')
      .where('state', '=', 'recycled')
      .where('has_storage', '=', 1)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('erasures').select('erasures.id').whereRef('erasures.device_id', '=', 'devices.id').where('erasures.outcome', '=', 'destroyed'))))
      .execute();
    expect(unsafe).toEqual([]);
    const stock = await t.db
      .selectFrom('stock_counts')
      .select((eb) => eb.fn.sum<number>('count').as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stock.n)).toBe(1500);
  });

  it('leaves running totals that a recount reproduces, and an app that goes on from there', async () => {
    const before = await dumpFigures(t.db);
    expect(before.counts.length).toBeGreaterThan(1000);
    await rebuildFigures(t.db);
    expect(await dumpFigures(t.db)).toEqual(before);
    const token = await t.token('coordinator', 'FOL');
    const r = await t.api('POST', '/api/v1/donations', token, { donor: { kind: 'company', name: 'Dopo Srl' }, devices: [{ type: 'laptop' }] });
    expect(r.status, r.text).toBe(201);
    const region = await t.api('GET', '/api/v1/figures?period=2025', await t.token('region'));
    expect(region.status).toBe(200);
    expect(region.json.figures.in.devices).toBeGreaterThan(500);
    expect(region.json.figures.out.reused).toBeGreaterThan(100);
    expect(region.json.figures.impact.co2eKg).toBeGreaterThan(0);
  });
});
