import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { walkTo } from './support/walk';

/**
 * Every figure on the dashboards links to exactly the devices behind it, with their count; where the
 * figure counts events, the list says how many events of how many devices. A hand-made second quarter
 * of 2026 at Foligno:
 * - A: received 2 April, delivered, returned 20 April, delivered again 5 May (2 deliveries, 1 return);
 * - B: received 2 April, delivered 3 April, still at the school;
 * - C: received and delivered in the first quarter, returned 10 April (a return of an earlier delivery);
 * - D: received 2 April, harvested for parts; E: received 2 April, recycled.
 * By hand: received 4; delivered 3 (of 2 devices); returned 2 (of 2); net reuse 3 - 2 = 1, from
 * 2 devices delivered and not returned (A, B) less 1 returned from an earlier delivery (C); harvested 1;
 * recycled 1.
 */
let t: TestContext;
let coordinator: string;
let cookie: string;
let region: string;

async function deliver(request: number, tag: string): Promise<number> {
  expect((await t.api('POST', `/api/v1/requests/${request}/reservations`, coordinator, { tags: [tag] })).status).toBeLessThan(300);
  const d = await t.api('POST', `/api/v1/requests/${request}/deliveries`, coordinator, { tags: [tag], title: 'donation' });
  expect(d.status, d.text).toBe(201);
  return d.json.id;
}

async function giveBack(delivery: number, tag: string) {
  expect((await t.api('POST', `/api/v1/deliveries/${delivery}/returns`, coordinator, { tag, reason: 'schermo rotto' })).status).toBe(200);
}

async function oneLaptop(): Promise<string> {
  return (await donate(t, coordinator, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
}

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.token('coordinator', 'FOL');
  t.clock.set('2026-02-10T08:00:00.000Z');
  const p = await t.api('POST', '/api/v1/partners', coordinator, { hub: 'FOL', kind: 'school', name: 'IC Foligno 1', code: 'PGIC81200X', municipality: 'Foligno' });
  expect(p.status, p.text).toBe(201);
  const r = await t.api('POST', '/api/v1/requests', coordinator, { partner: p.json.id, items: [{ type: 'laptop', quantity: 5 }], purpose: 'Laboratorio', beneficiaries: { count: 20 } });
  await t.api('POST', `/api/v1/requests/${r.json.id}/decision`, coordinator, { decision: 'approve' });
  const request = r.json.id as number;

  const c = await oneLaptop();
  await walkTo(t, coordinator, c, 'ready');
  t.clock.set('2026-03-01T08:00:00.000Z');
  const cDelivery = await deliver(request, c);

  t.clock.set('2026-04-02T08:00:00.000Z');
  const [a, b, d, e] = [await oneLaptop(), await oneLaptop(), await oneLaptop(), await oneLaptop()];
  for (const tag of [a, b]) await walkTo(t, coordinator, tag, 'ready');
  await walkTo(t, coordinator, d, 'harvested');
  await walkTo(t, coordinator, e, 'recycled');
  const aFirst = await deliver(request, a);
  t.clock.set('2026-04-03T08:00:00.000Z');
  await deliver(request, b);
  t.clock.set('2026-04-10T08:00:00.000Z');
  await giveBack(cDelivery, c);
  t.clock.set('2026-04-20T08:00:00.000Z');
  await giveBack(aFirst, a);
  t.clock.set('2026-05-05T08:00:00.000Z');
  for (const step of [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
    { action: 'ready' },
  ]) {
    const res = await act(t, coordinator, a, step);
    expect(res.status, res.text).toBe(200);
  }
  await deliver(request, a);
  t.clock.set('2026-07-02T08:00:00.000Z');
  // Signed in today: a session opened in February would have expired.
  cookie = (await t.person('coordinator', 'FOL')).cookie;
  region = (await t.person('region')).cookie;
});
afterAll(() => t.close());

/** The device-list links of a dashboard, by what they filter on (`deliver`, `net`, `state:harvested`...). */
function deviceLinks(html: string): Map<string, string> {
  const links = new Map<string, string>();
  for (const m of html.matchAll(/href="(\/devices\?[^"]*)"/g)) {
    const href = m[1]!.replaceAll('&amp;', '&');
    const q = new URLSearchParams(href.split('?')[1]);
    if (q.get('type')) continue;
    links.set(q.get('event') ?? `state:${q.get('state')}`, href);
  }
  return links;
}

/** What a linked list says: its device count, its event count, and the sentence. */
async function listed(href: string, who = cookie) {
  const page = await t.page(href, who);
  expect(page.status, href).toBe(200);
  const m = /<p class="headline-value list-count" data-devices="(\d+)"(?: data-events="(-?\d+)")?>([^<]*)<\/p>/.exec(page.html);
  expect(m, href).not.toBeNull();
  const rows = (page.html.match(/<a class="tag" href="\/d\//g) ?? []).length;
  const net = /<p class="list-count-net">([^<]*)<\/p>/.exec(page.html)?.[1];
  return { devices: Number(m![1]), events: m![2] === undefined ? null : Number(m![2]), text: m![3]!, rows, net };
}

describe('the devices behind each figure', () => {
  it('the hub dashboard: each figure’s list has exactly its devices, and says events of devices where they differ', async () => {
    const api = await t.api('GET', '/api/v1/figures/hubs/FOL?period=2026-Q2', coordinator);
    const f = api.json.figures;
    // The hand values first: the dashboard's figures are the ones worked out above.
    expect({ received: f.in.devices, delivered: f.out.delivered, returned: f.out.returned, reused: f.out.reused, harvested: f.out.harvested, recycled: f.out.recycled }).toEqual({
      received: 4,
      delivered: 3,
      returned: 2,
      reused: 1,
      harvested: 1,
      recycled: 1,
    });
    const page = await t.page('/figures/hub/FOL?period=2026-Q2', cookie);
    const links = deviceLinks(page.html);
    expect([...links.keys()].filter((k) => !k.startsWith('state:')).sort()).toEqual(['deliver', 'harvest', 'install', 'net', 'receive', 'recycle', 'return']);

    const received = await listed(links.get('receive')!);
    expect(received).toMatchObject({ devices: 4, events: 4, text: '4 dispositivi', rows: 4 });
    const delivered = await listed(links.get('deliver')!);
    expect(delivered).toMatchObject({ devices: 2, events: f.out.delivered, text: '3 consegne di 2 dispositivi', rows: 2 });
    const returned = await listed(links.get('return')!);
    expect(returned).toMatchObject({ devices: 2, events: f.out.returned, text: '2 dispositivi', rows: 2 });
    const net = await listed(links.get('net')!);
    expect(net).toMatchObject({ devices: 3, events: f.out.reused, text: '3 dispositivi', rows: 3 });
    expect(net.net).toBe('Riuso netto 1: 2 dispositivi consegnati e non restituiti, meno 1 restituito da una consegna precedente.');
    expect(await listed(links.get('harvest')!)).toMatchObject({ devices: f.out.harvested, events: 1, text: '1 dispositivo', rows: 1 });
    expect(await listed(links.get('recycle')!)).toMatchObject({ devices: f.out.recycled, events: 1, text: '1 dispositivo', rows: 1 });

    // Stock per state: each state's list counts what the figure counts.
    const stock = f.stock.byState.filter((s: { n: number }) => s.n > 0);
    expect(stock.length).toBeGreaterThan(1);
    for (const s of stock) {
      const l = await listed(links.get(`state:${s.key}`)!);
      expect({ state: s.key, n: l.devices, rows: l.rows }).toEqual({ state: s.key, n: s.n, rows: s.n });
    }

    // In English, with English plurals: a coordinator who chose English.
    const english = (await t.person('coordinator', 'FOL')).cookie;
    expect((await t.form('/lang', english, { locale: 'en', back: '/devices' })).status).toBe(303);
    const en = await listed(links.get('deliver')!, english);
    expect(en.text).toBe('3 deliveries of 2 devices');
    expect((await listed(links.get('net')!, english)).net).toBe('Net reuse 1: 2 devices delivered and not returned, less 1 returned from an earlier delivery.');
  });

  it('the region dashboard links the same lists, across hubs, for the Region', async () => {
    const page = await t.page('/figures/region?period=2026-Q2', region);
    expect(page.status).toBe(200);
    const links = deviceLinks(page.html);
    expect(await listed(links.get('deliver')!, region)).toMatchObject({ devices: 2, events: 3, text: '3 consegne di 2 dispositivi' });
    expect(await listed(links.get('net')!, region)).toMatchObject({ devices: 3, events: 1 });
    expect(await listed(links.get('receive')!, region)).toMatchObject({ devices: 4, events: 4 });
  });

  it('an event the list does not know is refused in the user’s language', async () => {
    const bad = await t.page('/devices?event=steal&from=2026-04-01&to=2026-06-30', cookie);
    expect(bad.status).toBe(422);
  });
});
