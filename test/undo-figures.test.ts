import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity } from '../src/integrity/check';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { walkTo } from './support/walk';

/**
 * An undone step no longer counts in the circular-economy figures: the undo takes back, in its own
 * period, what the step had added, and the live totals stay equal to a full recount of the log.
 */
let t: TestContext;
let token: string;
let volunteer: Person;
let coordinator: Person;

beforeAll(async () => {
  t = await createTestContext();
  token = await t.token('coordinator', 'FOL');
  volunteer = await t.person('volunteer', 'FOL', 'Marco Volontario');
  coordinator = await t.person('coordinator', 'FOL', 'Anna Coordinatrice');
});
afterAll(() => t.close());

const device = async (type = 'laptop') => (await donate(t, token, 'FOL', [{ type }])).devices[0]!.tag;
const latestSeq = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}`, token)).json.events.length as number;

/** A region-wide total over every year: n, weighed n and grams, for a metric (and a dimension). */
async function total(metric: string, dim?: string) {
  let q = t.db.selectFrom('figure_counts').select(['bucket', 'n', 'wn', 'g']).where('scope', '=', 0).where('metric', '=', metric);
  if (dim !== undefined) q = q.where('dim', '=', dim);
  const rows = (await q.execute()).filter((r) => r.bucket.length === 4);
  return rows.reduce((s, r) => ({ n: s.n + Number(r.n), wn: s.wn + Number(r.wn), g: s.g + Number(r.g) }), { n: 0, wn: 0, g: 0 });
}

async function liveEqualsRecount() {
  const report = await checkIntegrity(t.db, { recountFigures: true });
  expect(report.problems).toEqual([]);
  expect(report.figuresMatch).toBe(true);
}

describe('an undone step no longer counts in the figures', () => {
  it('a harvest undone by a coordinator takes back the harvested device and its parts', async () => {
    const tag = await device();
    await walkTo(t, token, tag, 'diagnosed');
    const [harvested, ram] = [await total('harvested'), await total('parts', 'ram')];
    const r = await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'harvest', confirm: 'yes', 'parts.ram': '2', idempotencyKey: 'fig-harvest' });
    expect(r.status).toBe(303);
    expect((await total('harvested')).n).toBe(harvested.n + 1);
    expect((await total('parts', 'ram')).n).toBe(ram.n + 2);
    const undo = await t.form(`/d/${tag}/undo`, coordinator.cookie, { seq: await latestSeq(tag), reason: 'etichetta sbagliata' });
    expect(undo.status).toBe(303);
    expect(await total('harvested')).toEqual(harvested);
    expect(await total('parts', 'ram')).toEqual(ram);
    await liveEqualsRecount();
  });

  it('a recycle undone by a coordinator takes back the device and its kilograms', async () => {
    const tag = await device('monitor');
    expect((await act(t, token, tag, { action: 'diagnose', outcome: 'recycle', hasStorage: false })).status).toBe(200);
    const before = await total('recycled');
    expect((await act(t, token, tag, { action: 'recycle', kg: 6.5, confirm: true })).status).toBe(200);
    expect(await total('recycled')).toEqual({ n: before.n + 1, wn: before.wn + 1, g: before.g + 6500 });
    const undo = await t.form(`/d/${tag}/undo`, coordinator.cookie, { seq: await latestSeq(tag), reason: 'non era da riciclare' });
    expect(undo.status).toBe(303);
    expect(await total('recycled')).toEqual(before);
    await liveEqualsRecount();
  });

  it("an erasure (a coordinator's record, which counts at once) and an install undone by their author no longer count as disks erased and installs", async () => {
    const tag = await device();
    await walkTo(t, token, tag, 'diagnosed');
    const erased = await total('disks_erased');
    await t.form(`/d/${tag}/actions`, coordinator.cookie, { action: 'erase', method: 'Fill With Zeros', verified: 'true', tool: 'nwipe', idempotencyKey: 'fig-erase' });
    expect((await total('disks_erased')).n).toBe(erased.n + 1);
    expect((await t.form(`/d/${tag}/undo`, coordinator.cookie, { seq: await latestSeq(tag) })).status).toBe(303);
    expect(await total('disks_erased')).toEqual(erased);
    await liveEqualsRecount();

    await t.form(`/d/${tag}/actions`, coordinator.cookie, { action: 'erase', method: 'Fill With Zeros', verified: 'true', tool: 'nwipe', idempotencyKey: 'fig-erase-2' });
    const installs = await total('installs', 'Debian 12');
    await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'install', os: 'Debian 12', idempotencyKey: 'fig-install' });
    expect((await total('installs', 'Debian 12')).n).toBe(installs.n + 1);
    expect((await t.form(`/d/${tag}/undo`, volunteer.cookie, { seq: await latestSeq(tag) })).status).toBe(303);
    expect(await total('installs', 'Debian 12')).toEqual(installs);
    expect((await total('disks_erased')).n).toBe(erased.n + 1);
    await liveEqualsRecount();
  });

  it('a harvest undone days later is taken back in the period of the undo, not rewritten in the past', async () => {
    const tag = await device();
    await walkTo(t, token, tag, 'diagnosed');
    await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'harvest', confirm: 'yes', idempotencyKey: 'fig-harvest-late' });
    const harvestDay = await dayTotal('harvested');
    t.clock.advance(3 * 24 * 60 * 60 * 1000);
    const undoDayBefore = await dayTotal('harvested');
    // Three days on, a session of the morning has expired: the coordinator signs in anew.
    const later = await t.person('coordinator', 'FOL', 'Luca Coordinatore');
    expect((await t.form(`/d/${tag}/undo`, later.cookie, { seq: await latestSeq(tag), reason: 'errore' })).status).toBe(303);
    expect(await dayTotal('harvested', harvestDay.day)).toEqual(harvestDay);
    expect((await dayTotal('harvested')).n).toBe(undoDayBefore.n - 1);
    await liveEqualsRecount();
  });
});

/** The region's total for one day (today by the test clock, in the hubs' zone, unless given). */
async function dayTotal(metric: string, day?: string) {
  const d = day ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(t.clock.now());
  const rows = await t.db.selectFrom('figure_counts').select(['n']).where('scope', '=', 0).where('metric', '=', metric).where('bucket', '=', d).execute();
  return { day: d, n: rows.reduce((s, r) => s + Number(r.n), 0) };
}
