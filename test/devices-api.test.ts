import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_ACTIONS, DEVICE_STATES, initialDevice, project, type DeviceAction } from '../src/lifecycle/lifecycle';
import { formatTag } from '../src/tags/tag';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { openRequestFor } from './support/partners';
import { STEPS, walkTo } from './support/walk';

let t: TestContext;
let coord: string;

beforeAll(async () => {
  t = await createTestContext();
  coord = await t.token('coordinator', 'FOL');
  INPUT.reserve = { request: await openRequestFor(t, coord, 'FOL') };
});
afterAll(() => t.close());

const laptop = { type: 'laptop', brand: 'Dell', model: 'Latitude E7240', serial: 'SN-1' };

/** Fields that make each action valid as input, so only the lifecycle decides. */
const INPUT: Record<DeviceAction, Record<string, unknown>> = {
  diagnose: { outcome: 'refurbish', hasStorage: true },
  erase: { method: 'Fill With Zeros', verified: true },
  install: { os: 'Debian 12' },
  ready: {},
  reserve: {},
  unreserve: {},
  deliver: { title: 'donation' },
  return: {},
  harvest: {},
  recycle: { kg: 2 },
  transfer: { toHub: 'PER' },
  arrive: {},
};

/** Allowed actions per state, as the volunteer sees them over HTTP (mirrors the unit table; recycling waits for the disks). */
const ALLOWED: Record<string, DeviceAction[]> = {
  received: ['diagnose', 'harvest', 'transfer'],
  diagnosed: ['erase', 'harvest', 'transfer'],
  wiped: ['erase', 'install', 'harvest', 'recycle', 'transfer'],
  installed: ['ready', 'harvest', 'recycle', 'transfer'],
  ready: ['reserve', 'harvest', 'recycle', 'transfer'],
  reserved: ['unreserve', 'deliver'],
  delivered: ['return'],
  returned: ['diagnose', 'harvest', 'transfer'],
  harvested: [],
  recycled: [],
};

describe('the lifecycle over HTTP: every state × every action', () => {
  // In transit the device belongs to the receiving hub, whose staff take it in: see transfers.test.ts.
  for (const state of DEVICE_STATES.filter((s) => s !== 'in_transit')) {
    it(`from ${state}`, async () => {
      // One device per action, walked to the state, so each attempt starts from the same place.
      const { devices } = await donate(
        t,
        coord,
        'FOL',
        DEVICE_ACTIONS.map(() => laptop).map((d, i) => ({ ...d, serial: `S-${state}-${i}` })),
      );
      for (const [i, action] of DEVICE_ACTIONS.entries()) {
        const tag = devices[i]!.tag;
        await walkTo(t, coord, tag, state);
        const before = (await t.api('GET', `/api/v1/devices/${tag}`, coord)).json;
        expect(before.nextActions.sort()).toEqual([...ALLOWED[state]!].sort());
        const r = await act(t, coord, tag, { action, ...INPUT[action] });
        const after = (await t.api('GET', `/api/v1/devices/${tag}`, coord)).json;
        if (ALLOWED[state]!.includes(action)) {
          expect(r.status, `${state}+${action}: ${r.text}`).toBe(200);
          expect(after.events).toHaveLength(before.events.length + 1);
          expect(after.state).toBe(r.json.state);
        } else {
          expect(r.status, `${state}+${action}`).toBe(409);
          expect(r.json.error).toBeTruthy();
          expect(after.events).toHaveLength(before.events.length);
          expect(after.state).toBe(state);
        }
      }
    });
  }

  it('refuses install without erasure, saying why, in Italian by default and in English on request', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop]);
    const tag = devices[0]!.tag;
    await act(t, coord, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    const it_ = await act(t, coord, tag, { action: 'install', os: 'Debian 12' });
    expect(it_.status).toBe(409);
    expect(it_.json.error).toMatch(/cancellazione riuscita/);
    const en = await t.api('POST', `/api/v1/devices/${tag}/actions`, coord, { action: 'install', os: 'Debian 12' }, { 'accept-language': 'en-GB,en' });
    expect(en.status).toBe(409);
    expect(en.json.error).toMatch(/no successful, verified erasure/);
    const notFromState = await act(t, coord, tag, { action: 'deliver', recipient: 'x', document: 'y' });
    expect(notFromState.json.error).toBe('«Consegna» non è possibile quando il dispositivo è nello stato «Diagnosticato».');
  });

  it('records an unverified erasure without letting it count', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop]);
    const tag = devices[0]!.tag;
    await act(t, coord, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    const r = await act(t, coord, tag, { action: 'erase', method: 'Fill With Zeros', verified: false });
    expect(r.status).toBe(200);
    expect(r.json.state).toBe('diagnosed');
    const d = (await t.api('GET', `/api/v1/devices/${tag}`, coord)).json;
    expect(d.erasures).toEqual([expect.objectContaining({ outcome: 'unverified', verified: false })]);
    expect((await act(t, coord, tag, { action: 'install', os: 'Debian 12' })).status).toBe(409);
  });

  it('after a return the device must be diagnosed and erased again before reuse', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop]);
    const tag = devices[0]!.tag;
    await walkTo(t, coord, tag, 'returned');
    await act(t, coord, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    expect((await act(t, coord, tag, { action: 'install', os: 'Debian 12' })).status).toBe(409);
    expect((await act(t, coord, tag, { action: 'erase', method: 'Fill With Zeros', verified: true })).status).toBe(200);
    expect((await act(t, coord, tag, { action: 'install', os: 'Debian 12' })).status).toBe(200);
  });

  it('a device without storage goes from diagnosed to ready with no erasure', async () => {
    const { devices } = await donate(t, coord, 'FOL', [{ type: 'monitor', brand: 'Dell', model: 'P2214H' }]);
    const tag = devices[0]!.tag;
    await act(t, coord, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: false });
    const r = await act(t, coord, tag, { action: 'ready' });
    expect(r.status).toBe(200);
    expect(r.json.state).toBe('ready');
  });
});

describe('GET /api/v1/devices/<TAG>', () => {
  it('answers the device with its state, details and events', async () => {
    const { devices } = await donate(t, coord, 'FOL', [{ ...laptop, weightKg: 1.5, hasStorage: true }]);
    const tag = devices[0]!.tag;
    await walkTo(t, coord, tag, 'installed');
    const r = await t.api('GET', `/api/v1/devices/${tag}`, coord);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ tag, hub: 'FOL', state: 'installed', type: 'laptop', brand: 'Dell', serial: 'SN-1', weightKg: 1.5, os: 'Linux Mint 22 Xfce' });
    expect(r.json.events.map((e: { action: string }) => e.action)).toEqual(['receive', 'diagnose', 'erase', 'install']);
    expect(r.json.events[1]).toMatchObject({ from: 'received', to: 'diagnosed', by: 'coordinator token', data: { outcome: 'refurbish', hasStorage: true } });
  });

  it('answers 400 for a tag with a wrong check character, saying it looks mistyped', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop]);
    const tag = devices[0]!.tag;
    const typo = tag.slice(0, 5) + (tag[5] === '9' ? '8' : '9') + tag.slice(6);
    const r = await t.api('GET', `/api/v1/devices/${typo}`, coord);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/digitato male/);
  });

  it('answers 404 for a well-formed tag that does not exist, and 400 for garbage', async () => {
    expect((await t.api('GET', `/api/v1/devices/${formatTag('FOL', 99999)}`, coord)).status).toBe(404);
    const garbage = await t.api('GET', `/api/v1/devices/${encodeURIComponent('<x>')}`, coord);
    expect(garbage.status).toBe(400);
    expect(garbage.json.error).toMatch(/non è un codice Rigenera/);
  });
});

describe('idempotency and races', () => {
  it('a repeated idempotencyKey answers the first result again, without a second event', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop]);
    const tag = devices[0]!.tag;
    const body = { action: 'diagnose', outcome: 'refurbish', hasStorage: true, idempotencyKey: 'scan-0001-abcdef' };
    const first = await act(t, coord, tag, body);
    const second = await act(t, coord, tag, body);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.json.event).toEqual(first.json.event);
    const d = (await t.api('GET', `/api/v1/devices/${tag}`, coord)).json;
    expect(d.events).toHaveLength(2);
  });

  it('the same key for a different request is refused', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop, laptop]);
    const key = 'reused-key-123456';
    expect((await act(t, coord, devices[0]!.tag, { action: 'harvest', idempotencyKey: key })).status).toBe(200);
    const other = await act(t, coord, devices[1]!.tag, { action: 'harvest', idempotencyKey: key });
    expect(other.status).toBe(422);
    expect((await t.api('GET', `/api/v1/devices/${devices[1]!.tag}`, coord)).json.state).toBe('received');
  });

  it('20 concurrent transitions on one device: exactly one wins, the others get 409, one event', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop]);
    const tag = devices[0]!.tag;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => act(t, coord, tag, i % 2 ? { action: 'harvest' } : { action: 'recycle', kg: 1 + i })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const d = (await t.api('GET', `/api/v1/devices/${tag}`, coord)).json;
    expect(d.events).toHaveLength(2);
    expect(d.state).toBe(results.find((r) => r.status === 200)!.json.state);
  });

  it('20 concurrent transfers (allowed from the same state twice) still give one winner per version', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop]);
    const tag = devices[0]!.tag;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => act(t, coord, tag, { action: 'transfer', toHub: i % 2 ? 'PER' : 'TER', expectedVersion: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(19);
    expect(losers[0]!.json.error).toMatch(/Qualcun altro ha appena modificato/);
    expect((await t.api('GET', `/api/v1/devices/${tag}`, await t.token('admin'))).json.events).toHaveLength(2);
  });

  it('20 concurrent submissions of one idempotent request give one event and the same answer', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop]);
    const tag = devices[0]!.tag;
    const body = { action: 'transfer', toHub: 'PER', idempotencyKey: 'double-scan-000001' };
    const results = await Promise.all(Array.from({ length: 20 }, () => act(t, coord, tag, body)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.json.event.id)).size).toBe(1);
    expect((await t.api('GET', `/api/v1/devices/${tag}`, await t.token('admin'))).json.events).toHaveLength(2);
  });

  it('the device row always equals the projection of its event log', async () => {
    const { devices } = await donate(t, coord, 'FOL', [laptop, laptop, laptop]);
    await walkTo(t, coord, devices[0]!.tag, 'returned');
    await walkTo(t, coord, devices[1]!.tag, 'recycled');
    await act(t, coord, devices[2]!.tag, { action: 'transfer', toHub: 'PER' });
    const admin = await t.token('admin');
    for (const { tag } of devices) {
      const d = (await t.api('GET', `/api/v1/devices/${tag}`, admin)).json;
      const row = await t.db.selectFrom('devices').selectAll().where('tag', '=', tag).executeTakeFirstOrThrow();
      let p = initialDevice(row.hub_id, null);
      p.hubId = await t.hubId('FOL');
      for (const e of d.events.slice(1)) {
        const fields = e.action === 'transfer' ? { ...e.data, toHubId: await t.hubId(e.data.toHub) } : e.data;
        p = project(p, e.action, fields, e.to);
      }
      expect({ state: p.state, hubId: p.hubId, cycle: p.cycle, os: p.os }).toEqual({ state: row.state, hubId: row.hub_id, cycle: row.cycle, os: row.os });
      expect(row.version).toBe(d.events.length);
    }
    expect(STEPS.returned.length).toBeGreaterThan(0);
  });
});

describe('GET /api/v1/devices', () => {
  it('pages by key and filters by hub, state, type and search', async () => {
    const local = await createTestContext();
    try {
      const tk = await local.token('coordinator', 'ORV');
      const many = Array.from({ length: 7 }, (_, i) => ({ type: i % 2 ? 'desktop' : 'laptop', brand: i < 3 ? 'Lenovo' : 'HP', model: `ThinkPad T4${i}0`, serial: `ORV-SER-${i}` }));
      const { devices } = await donate(local, tk, 'ORV', many);
      const page1 = await local.api('GET', '/api/v1/devices?limit=3', tk);
      expect(page1.json.items.map((d: { tag: string }) => d.tag)).toEqual([devices[6]!.tag, devices[5]!.tag, devices[4]!.tag]);
      const page2 = await local.api('GET', `/api/v1/devices?limit=3&after=${page1.json.next}`, tk);
      expect(page2.json.items.map((d: { tag: string }) => d.tag)).toEqual([devices[3]!.tag, devices[2]!.tag, devices[1]!.tag]);
      const page3 = await local.api('GET', `/api/v1/devices?limit=3&after=${page2.json.next}`, tk);
      expect(page3.json).toEqual({ items: [expect.objectContaining({ tag: devices[0]!.tag })], next: null });

      expect((await local.api('GET', '/api/v1/devices?type=desktop', tk)).json.items).toHaveLength(3);
      expect((await local.api('GET', '/api/v1/devices?q=lenovo', tk)).json.items).toHaveLength(3);
      expect((await local.api('GET', '/api/v1/devices?q=lenovo%20t420', tk)).json.items.map((d: { serial: string }) => d.serial)).toEqual(['ORV-SER-2']);
      expect((await local.api('GET', '/api/v1/devices?q=orv-ser-5', tk)).json.items.map((d: { serial: string }) => d.serial)).toEqual(['ORV-SER-5']);
      expect((await local.api('GET', `/api/v1/devices?q=${devices[4]!.tag.toLowerCase()}`, tk)).json.items).toHaveLength(1);
      await act(local, tk, devices[0]!.tag, { action: 'harvest' });
      expect((await local.api('GET', '/api/v1/devices?state=harvested', tk)).json.items.map((d: { tag: string }) => d.tag)).toEqual([devices[0]!.tag]);
      expect((await local.api('GET', '/api/v1/devices?hub=FOL', tk)).json.items).toEqual([]);
      const bad = await local.api('GET', '/api/v1/devices?state=exploded', tk);
      expect(bad.status).toBe(422);
      expect(bad.json.error).toMatch(/Stato/);
    } finally {
      await local.close();
    }
  });

  it('searches by common words (walking the hub newest first) and by rare ones (from their candidates) alike', async () => {
    const local = await createTestContext();
    try {
      const tk = await local.token('coordinator', 'TER');
      // More Lenovo ThinkPads than a word may match and still be drawn from its candidates (2,000).
      const lenovo = [];
      for (let i = 0; i < 5; i++) lenovo.push(...(await donate(local, tk, 'TER', [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T480', quantity: 450 }])).devices);
      const { devices: dells } = await donate(local, tk, 'TER', [
        { type: 'laptop', brand: 'Dell', model: 'Latitude E7450', serial: 'TER-RARE-1' },
        { type: 'laptop', brand: 'Dell', model: 'Latitude E7470', serial: 'TER-RARE-2' },
      ]);
      const newest = lenovo.map((d) => d.tag).reverse();
      const tags = async (q: string, after?: string) => {
        const r = await local.api('GET', `/api/v1/devices?q=${encodeURIComponent(q)}&limit=50${after ? `&after=${after}` : ''}`, tk);
        expect(r.status, r.text).toBe(200);
        return { tags: r.json.items.map((d: { tag: string }) => d.tag) as string[], next: r.json.next as string | null };
      };

      // A common word, two common words together, and the next page: newest first, none twice.
      const first = await tags('lenovo');
      expect(first.tags).toEqual(newest.slice(0, 50));
      expect((await tags('thinkpad lenovo')).tags).toEqual(newest.slice(0, 50));
      expect((await tags('lenovo', first.next!)).tags).toEqual(newest.slice(50, 100));
      // A common word with a rare one, rare ones alone, and two words that never meet.
      expect((await tags('lenovo t48')).tags).toEqual(newest.slice(0, 50));
      expect((await tags('latitude')).tags).toEqual([dells[1]!.tag, dells[0]!.tag]);
      expect((await tags('dell e7450')).tags).toEqual([dells[0]!.tag]);
      expect((await tags('ter-rare-2')).tags).toEqual([dells[1]!.tag]);
      expect((await tags('lenovo latitude')).tags).toEqual([]);
    } finally {
      await local.close();
    }
  });
});
