import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { walkTo } from './support/walk';

let t: TestContext;
let fol: string;
let per: string;
let folCoordinator: Person;
let perVolunteer: Person;

beforeAll(async () => {
  t = await createTestContext();
  fol = await t.token('coordinator', 'FOL');
  per = await t.token('volunteer', 'PER');
  folCoordinator = await t.person('coordinator', 'FOL');
  perVolunteer = await t.person('volunteer', 'PER', 'Piero Volontario');
});
afterAll(() => t.close());

/** The hub's figures as its home page shows them: devices per state. */
async function stock(hub: string) {
  const rows = await t.db
    .selectFrom('stock_counts')
    .select(['state', (eb) => eb.fn.sum<number>('count').as('n')])
    .where('hub_id', '=', await t.hubId(hub))
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.filter((r) => Number(r.n) !== 0).map((r) => [r.state, Number(r.n)]));
}

describe('moving devices between hubs', () => {
  let transferId: number;
  let tags: string[];

  it('a transfer sends a set of devices with one document; both hubs’ figures stay right on the way', async () => {
    const { devices } = await donate(t, fol, 'FOL', [
      { type: 'laptop', serial: 'TR-1' },
      { type: 'laptop', serial: 'TR-2' },
      { type: 'desktop', serial: 'TR-3' },
    ]);
    tags = devices.map((d) => d.tag);
    for (const tag of tags.slice(0, 2)) await walkTo(t, fol, tag, 'ready');
    expect(await stock('FOL')).toEqual({ ready: 2, received: 1 });

    const r = await t.form('/transfers', folCoordinator.cookie, { toHub: 'PER', tags: tags.join('\n'), note: 'Eccedenza di portatili' });
    expect(r.status).toBe(303);
    transferId = Number(/\/transfers\/(\d+)/.exec(r.location!)![1]);
    // Out of the sender's stock at once, counted as incoming (not as stock) at the receiver.
    expect(await stock('FOL')).toEqual({});
    expect(await stock('PER')).toEqual({ in_transit: 3 });
    const list = await t.page('/transfers', folCoordinator.cookie);
    expect(list.html).toContain('In viaggio verso altri hub (non contano più nel tuo magazzino): 1 × Computer fisso, 2 × Portatile');

    const json = (await t.api('GET', `/api/v1/transfers/${transferId}`, per)).json;
    expect(json).toMatchObject({ number: 'FOL-T 1/2026', from: 'FOL', to: 'PER' });
    expect(json.devices.map((d: { stateAtDeparture: string }) => d.stateAtDeparture).sort()).toEqual(['ready', 'ready', 'received']);

    const res = await t.app.request(`/transfers/${transferId}/document.pdf`, { headers: { cookie: perVolunteer.cookie } });
    expect(res.status).toBe(200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString('utf8');
    for (const s of ['Documento di trasferimento n. FOL-T 1/2026', 'DigiPASS Foligno', 'DigiPASS Perugino', 'TR-1', 'TR-3', ...tags, 'Eccedenza di portatili', 'Per l’hub di destinazione']) {
      expect(text, s).toContain(s);
    }
  });

  it('the sending hub cannot take them in; the receiving hub does, and they arrive in the state they left in', async () => {
    const sender = await t.api('POST', `/api/v1/transfers/${transferId}/arrivals`, fol, {});
    expect(sender.status).toBe(403);
    expect((await act(t, fol, tags[0]!, { action: 'diagnose', outcome: 'refurbish', hasStorage: true })).status).toBe(403);

    // One scanned on arrival...
    expect((await act(t, per, tags[0]!, { action: 'arrive' })).status).toBe(200);
    expect(await stock('PER')).toEqual({ in_transit: 2, ready: 1 });
    // ...the rest taken in together.
    const page = await t.page(`/transfers/${transferId}`, perVolunteer.cookie);
    expect(page.html).toContain('Sono arrivati: prendi in carico tutti (2)');
    expect((await t.form(`/transfers/${transferId}/arrivals`, perVolunteer.cookie, {})).status).toBe(303);
    expect(await stock('PER')).toEqual({ ready: 2, received: 1 });
    expect(await stock('FOL')).toEqual({});
    const device = (await t.api('GET', `/api/v1/devices/${tags[1]}`, per)).json;
    expect(device).toMatchObject({ hub: 'PER', state: 'ready' });
    expect(device.events.slice(-2)).toEqual([
      expect.objectContaining({ action: 'transfer', from: 'ready', to: 'in_transit', hub: 'PER', data: expect.objectContaining({ toHub: 'PER', transferId }) }),
      expect.objectContaining({ action: 'arrive', from: 'in_transit', to: 'ready', hub: 'PER', by: 'Piero Volontario' }),
    ]);
    const json = (await t.api('GET', `/api/v1/transfers/${transferId}`, per)).json;
    expect(json.devices.every((d: { arrivedAt: string | null }) => d.arrivedAt)).toBe(true);
    // Once in, the erasure still stands: the ready device can be reserved at its new hub.
    expect((await t.api('GET', `/api/v1/devices/${tags[1]}`, per)).json.nextActions).toContain('transfer');
  });

  it('devices transferred one by one on the same day (a batch of scans) travel on one document', async () => {
    const { devices } = await donate(t, fol, 'FOL', [{ type: 'monitor' }, { type: 'monitor' }, { type: 'monitor' }]);
    const ids = new Set<number>();
    for (const d of devices.slice(0, 2)) {
      const r = await act(t, fol, d.tag, { action: 'transfer', toHub: 'TER', idempotencyKey: `batch-1-${d.tag}` });
      expect(r.status).toBe(200);
      expect(r.json.state).toBe('in_transit');
      ids.add(r.json.event.data.transferId);
    }
    expect(ids.size).toBe(1);
    // The next day is another document.
    t.clock.advance(24 * 3600_000);
    const next = await act(t, fol, devices[2]!.tag, { action: 'transfer', toHub: 'TER' });
    expect(ids.has(next.json.event.data.transferId)).toBe(false);
    const [doc] = [...ids];
    const json = (await t.api('GET', `/api/v1/transfers/${doc}`, fol)).json;
    expect(json.devices.map((d: { tag: string }) => d.tag).sort()).toEqual(
      devices
        .slice(0, 2)
        .map((d) => d.tag)
        .sort(),
    );
  });

  it('a set is all or nothing: a reserved device in it stops the whole transfer', async () => {
    const { devices } = await donate(t, fol, 'FOL', [{ type: 'laptop' }, { type: 'laptop' }]);
    const [free, held] = devices.map((d) => d.tag);
    await walkTo(t, fol, held!, 'reserved');
    const before = await t.count('transfers');
    const r = await t.api('POST', '/api/v1/transfers', fol, { toHub: 'PER', tags: [free, held] });
    expect(r.status).toBe(409);
    expect(r.json.error).toBe(`${held}: «Trasferisci ad altro hub» non è possibile quando il dispositivo è nello stato «Prenotato».`);
    expect(await t.count('transfers')).toBe(before);
    expect((await t.api('GET', `/api/v1/devices/${free}`, fol)).json.state).toBe('received');
  });

  it('another hub’s transfer is not there for a third hub', async () => {
    const spo = await t.token('coordinator', 'SPO');
    const r = await t.api('GET', `/api/v1/transfers/${transferId}`, spo);
    const none = await t.api('GET', '/api/v1/transfers/999999', spo);
    expect(r.status).toBe(404);
    expect(r.json.error.replace(String(transferId), 'ID')).toBe(none.json.error.replace('999999', 'ID'));
  });
});
