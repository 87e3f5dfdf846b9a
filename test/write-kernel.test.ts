import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/policy';
import { AppError } from '../src/shared/errors';
import { replayAfterRace, runKeyed } from '../src/shared/write/idempotency';
import { loadForActor, resolveTag } from '../src/shared/write/actor';
import { formatTag } from '../src/tags/tag';
import { createTestContext, donate, type Person, type TestContext } from './support/context';

/**
 * The write kernel (src/shared/write) against the real databases: a client key runs a write once and
 * answers the same again, two submissions racing with one key end with one write, and loading a
 * tagged thing says 400, 404 or 403 exactly as every feature used to say it by itself.
 */
let t: TestContext;
let coordinator: Person;
let otherHub: Person;
let partner: Person;
let bearer: string;

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.person('coordinator', 'FOL');
  otherHub = await t.person('coordinator', 'PER');
  partner = await t.person('partner');
  bearer = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

let written = 0;

/** A keyed write that inserts one row per run, as a service writes it. */
function submit(actor: Actor, key: string | undefined, input: unknown, duringRun?: () => Promise<void>) {
  return runKeyed(t.ctx, actor, 'kernel-test', key, input, async ({ trx }) => {
    const name = `kernel ${++written}`;
    await trx.insertInto('funding_sources').values({ name, active: 1, created_at: '2026-03-10T09:00:00.000Z' }).execute();
    await duringRun?.();
    return { name };
  });
}

const rows = async (name: string) => (await t.db.selectFrom('funding_sources').select('id').where('name', '=', name).execute()).length;

describe('runKeyed and withIdempotency', () => {
  it('runs a write once per key: the same input again answers the first result, marked replayed', async () => {
    const first = await submit(coordinator.actor, 'k-same', { a: 1 });
    expect(first.replayed).toBeUndefined();
    const again = await submit(coordinator.actor, 'k-same', { a: 1 });
    expect(again).toEqual({ name: first.name, replayed: true });
    expect(await rows(first.name)).toBe(1);
    const stored = await t.db.selectFrom('idempotency_keys').select(['key', 'response']).where('key', '=', `user:${coordinator.actor.id}:kernel-test:k-same`).execute();
    expect(stored).toEqual([{ key: `user:${coordinator.actor.id}:kernel-test:k-same`, response: JSON.stringify({ name: first.name }) }]);
  });

  it('refuses the same key with another input, and writes nothing', async () => {
    await submit(coordinator.actor, 'k-diff', { a: 1 });
    const before = await t.count('funding_sources');
    const refused = await submit(coordinator.actor, 'k-diff', { a: 2 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 422, key: 'devices.idempotencyKeyReused' });
    expect(await t.count('funding_sources')).toBe(before);
  });

  it('keeps each actor’s keys apart, and runs every time without a key', async () => {
    const mine = await submit(coordinator.actor, 'k-shared', { a: 1 });
    const theirs = await submit(otherHub.actor, 'k-shared', { a: 1 });
    expect(theirs.replayed).toBeUndefined();
    expect(theirs.name).not.toBe(mine.name);
    const a = await submit(coordinator.actor, undefined, { a: 1 });
    const b = await submit(coordinator.actor, undefined, { a: 1 });
    expect(a.name).not.toBe(b.name);
    expect(b.replayed).toBeUndefined();
  });

  it('two submissions with one key at once: one write, and both answer it', async () => {
    const before = await t.count('funding_sources');
    let release!: () => void;
    const secondStarted = new Promise<void>((resolve) => (release = resolve));
    // On PostgreSQL both transactions get past the key lookup before either commits: the first waits
    // inside its write until the second is writing too, so the second loses on the key's insert and
    // replays. On SQLite transactions take turns: the second finds the first's key and replays.
    const racing = t.kind === 'postgres';
    const [one, two] = await Promise.all([
      submit(coordinator.actor, 'k-race', { a: 1 }, racing ? () => secondStarted : undefined),
      (async () => {
        if (racing) await new Promise((r) => setTimeout(r, 50));
        return submit(coordinator.actor, 'k-race', { a: 1 }, racing ? async () => release() : undefined);
      })(),
    ]);
    expect(two.name).toBe(one.name);
    expect([one.replayed, two.replayed].filter(Boolean)).toEqual([true]);
    expect(await t.count('funding_sources')).toBe(before + 1);
    expect(await rows(one.name)).toBe(1);
  });

  it('after a lost version check, replays the winner’s answer for the same key; without a stored key it rethrows', async () => {
    const first = await submit(coordinator.actor, 'k-409', { a: 1 });
    const stale = new AppError(409, 'equipment.changedMeanwhile', { tag: 'x' });
    expect(await replayAfterRace(t.db, coordinator.actor, 'kernel-test', 'k-409', { a: 1 }, stale)).toEqual({ name: first.name, replayed: true });
    expect(await replayAfterRace(t.db, coordinator.actor, 'kernel-test', 'k-unknown', { a: 1 }, stale)).toBeUndefined();
    // Any other failure is the write's own: never answered with an earlier result.
    expect(await replayAfterRace(t.db, coordinator.actor, 'kernel-test', 'k-409', { a: 1 }, new AppError(422, 'donations.futureDate'))).toBeUndefined();
  });
});

describe('loadForActor and resolveTag', () => {
  it('loads a device for someone of its hub, and refuses a mistyped code, an unknown tag, another hub and someone without the right', async () => {
    const { devices } = await donate(t, bearer, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    const device = await loadForActor(t.db, coordinator.actor, 'device', tag, 'device.diagnose');
    expect(device.tag).toBe(tag);
    const mistyped = `${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`;
    await expect(loadForActor(t.db, coordinator.actor, 'device', mistyped, 'device.read')).rejects.toMatchObject({ status: 400, key: 'tags.mistyped' });
    await expect(loadForActor(t.db, coordinator.actor, 'device', 'not a tag', 'device.read')).rejects.toMatchObject({ status: 400, key: 'tags.malformed' });
    const unknown = formatTag('FOL', 99_999);
    await expect(loadForActor(t.db, coordinator.actor, 'device', unknown, 'device.read')).rejects.toMatchObject({ status: 404, key: 'tags.unknown' });
    await expect(loadForActor(t.db, otherHub.actor, 'device', tag, 'device.diagnose')).rejects.toMatchObject({ status: 403, key: 'access.otherHub', params: { tag, hub: 'DigiPASS Foligno' } });
    await expect(loadForActor(t.db, partner.actor, 'device', tag, 'device.diagnose')).rejects.toMatchObject({ status: 403, key: 'access.denied' });
    await expect(loadForActor(t.db, null, 'device', tag, 'device.read')).rejects.toMatchObject({ status: 403, key: 'access.denied' });
  });

  it('loads an asset with the equipment’s own answers', async () => {
    const r = await t.api('POST', '/api/v1/assets', bearer, { category: 'laptop', make: 'Lenovo' });
    expect(r.status).toBe(201);
    const tag = r.json.tag as string;
    expect((await loadForActor(t.db, coordinator.actor, 'asset', tag, 'asset.register')).category).toBe('laptop');
    await expect(loadForActor(t.db, otherHub.actor, 'asset', tag, 'asset.lend')).rejects.toMatchObject({ status: 403, key: 'equipment.otherHub', params: { tag } });
    await expect(loadForActor(t.db, coordinator.actor, 'asset', formatTag('FOL', 99_998), 'asset.read')).rejects.toMatchObject({ status: 404, key: 'equipment.unknown' });
    expect(await resolveTag(t.db, tag)).toMatchObject({ kind: 'asset', asset: { tag } });
  });

  it('says what a tag names: a device, an asset, a blank label or nothing', async () => {
    const { devices } = await donate(t, bearer, 'FOL', [{ type: 'desktop' }]);
    expect(await resolveTag(t.db, devices[0]!.tag)).toMatchObject({ kind: 'device', device: { tag: devices[0]!.tag, hub_code: 'FOL' } });
    const made = await t.form('/labels/blanks', coordinator.cookie, { count: 1 });
    expect(made.status).toBe(303);
    const blank = await t.db.selectFrom('label_blanks').select('tag').orderBy('tag', 'desc').executeTakeFirstOrThrow();
    expect(await resolveTag(t.db, blank.tag)).toMatchObject({ kind: 'blank', blank: { tag: blank.tag, hub_code: 'FOL', claimed_at: null } });
    expect(await resolveTag(t.db, formatTag('FOL', 99_997))).toBeUndefined();
  });
});
