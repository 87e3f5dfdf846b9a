import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWired, registerActionStep } from '../src/devices/registry';
import { AppError } from '../src/shared/errors';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { walkTo } from './support/walk';

/**
 * Steps a feature registers run inside the action's own transaction: a step that refuses leaves no
 * event, no new state and no running total behind, and a step after the event sees it written.
 */
let t: TestContext;
let coordinator: string;
const refuseFor = new Set<string>();
const seenInside = new Map<string, { action: string; seq: number } | undefined>();

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.token('coordinator', 'FOL');
  registerActionStep('harvest', {
    after: async (s) => {
      seenInside.set(s.device.tag, await s.trx.selectFrom('device_events').select(['action', 'seq']).where('id', '=', s.eventId).executeTakeFirst());
      if (refuseFor.has(s.device.tag)) throw new AppError(409, 'workshop.part.notAvailable', { available: 0 });
    },
  });
});
afterAll(() => t.close());

const laptop = async () => (await donate(t, coordinator, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
const device = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}`, coordinator)).json as { state: string; version: number; events: { action: string }[] };
const stock = async (state: string) =>
  Number(
    (
      await t.ctx.db
        .selectFrom('stock_counts')
        .select('count')
        .where('state', '=', state as never)
        .where('type', '=', 'laptop')
        .execute()
    ).reduce((n, r) => n + Number(r.count), 0),
  );

describe('registered action steps', () => {
  it('every entry point acts with the features registered', () => {
    expect(isWired()).toBe(true);
  });

  it('a step after the event reads it in the same transaction', async () => {
    const tag = await laptop();
    const r = await act(t, coordinator, tag, { action: 'harvest', parts: [{ kind: 'ram', count: 1 }] });
    expect(r.status, r.text).toBe(200);
    expect(seenInside.get(tag)).toEqual({ action: 'harvest', seq: r.json.version });
    expect((await device(tag)).state).toBe('harvested');
  });

  it('a step that refuses leaves no event, no new state, no part and no running total behind', async () => {
    const tag = await laptop();
    const before = await device(tag);
    const [harvested, received] = [await stock('harvested'), await stock('received')];
    refuseFor.add(tag);
    const r = await act(t, coordinator, tag, { action: 'harvest', parts: [{ kind: 'ram', count: 1 }] });
    expect(r.status).toBe(409);
    expect(r.json.error).toContain('0');
    // The step did run, after the event was written, and the whole action was rolled back with it.
    expect(seenInside.get(tag)?.action).toBe('harvest');
    const after = await device(tag);
    expect(after.state).toBe('received');
    expect(after.version).toBe(before.version);
    expect(after.events.map((e) => e.action)).toEqual(before.events.map((e) => e.action));
    expect([await stock('harvested'), await stock('received')]).toEqual([harvested, received]);
    const parts = await t.ctx.db
      .selectFrom('parts')
      .select('id')
      .where('source_device_id', '=', (await t.ctx.db.selectFrom('devices').select('id').where('tag', '=', tag).executeTakeFirstOrThrow()).id)
      .execute();
    expect(parts).toEqual([]);
  });
});

describe('fitting a part goes through the kernel', () => {
  /** A RAM part and a disk part in FOL's stock, harvested from a laptop with a reported disk. */
  async function stockParts() {
    const donor = await laptop();
    await t.api('POST', `/api/v1/devices/${donor}/hardware-reports`, coordinator, {
      smartctl: {
        json_format_version: [1, 0],
        smartctl: { exit_status: 0 },
        model_name: 'ST500LM021',
        serial_number: `K${donor.slice(-6)}`,
        user_capacity: { bytes: 500107862016 },
        rotation_rate: 5400,
      },
    });
    await act(t, coordinator, donor, { action: 'diagnose', outcome: 'parts', hasStorage: true });
    expect(
      (
        await act(t, coordinator, donor, {
          action: 'harvest',
          parts: [
            { kind: 'ram', count: 3 },
            { kind: 'disk', count: 1 },
          ],
        })
      ).status,
    ).toBe(200);
    const items = (await t.api('GET', '/api/v1/parts', coordinator)).json.items as { id: number; kind: string; from: string; available: number }[];
    return { ram: items.find((p) => p.from === donor && p.kind === 'ram')!, disk: items.find((p) => p.from === donor && p.kind === 'disk')! };
  }
  const available = async (id: number) => (await t.ctx.db.selectFrom('parts').select('available').where('id', '=', id).executeTakeFirstOrThrow()).available;

  it('a fit is an event that keeps the state, bumps the version and takes the part', async () => {
    const { ram } = await stockParts();
    const tag = await laptop();
    await act(t, coordinator, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    const before = await device(tag);
    const r = await t.api('POST', `/api/v1/devices/${tag}/parts`, coordinator, { part: ram.id, quantity: 2, expectedVersion: before.version });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ tag, state: 'diagnosed', version: before.version + 1, event: { seq: before.version + 1, action: 'fitPart', data: { part: ram.id, kind: 'ram', quantity: 2 } } });
    expect(await available(ram.id)).toBe(1);
    expect((await device(tag)).state).toBe('diagnosed');
  });

  it('a stale page hears that someone changed the device, with its state and version, and takes nothing', async () => {
    const { ram } = await stockParts();
    const tag = await laptop();
    await act(t, coordinator, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    const now = await device(tag);
    const r = await t.api('POST', `/api/v1/devices/${tag}/parts`, coordinator, { part: ram.id, quantity: 1, expectedVersion: now.version - 1 });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ code: 'workshop.part.changedMeanwhile', state: 'diagnosed', version: now.version });
    expect(await available(ram.id)).toBe(3);
    expect((await device(tag)).version).toBe(now.version);
  });

  it("the lifecycle refuses a part outside refurbishment and a disk after the install, in the workshop's words", async () => {
    const { ram, disk } = await stockParts();
    const received = await laptop();
    const notNow = await t.api('POST', `/api/v1/devices/${received}/parts`, coordinator, { part: ram.id });
    expect(notNow.status).toBe(409);
    expect(notNow.json).toMatchObject({ code: 'workshop.part.notNow' });
    expect(notNow.json.error).toContain('«Ricevuto»');
    const installed = await laptop();
    await walkTo(t, coordinator, installed, 'installed');
    const late = await t.api('POST', `/api/v1/devices/${installed}/parts`, coordinator, { part: disk.id });
    expect(late.json).toMatchObject({ code: 'workshop.part.diskNotNow' });
    expect(await available(disk.id)).toBe(1);
    expect((await device(installed)).events.at(-1)!.action).not.toBe('fitPart');
  });
});
