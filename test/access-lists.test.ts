import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type Person, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';
import { walkTo } from './support/walk';

/**
 * The access matrix of list contents: who sees which rows of each list (access-matrix.test.ts is the
 * matrix of statuses). Two hubs, Foligno (A) and Perugia (B), each with its own devices, donation,
 * asset, stock-take, partner (Alfa of A, Beta of B) with a request and a delivery, and a transfer
 * leaving it (A→B, B→Terni). Each cell lists EXACTLY the rows the list holds, by name; `refused` is a 403.
 */
const ROWS = {
  devices: ['a1', 'aDelivered', 'aMoving', 'b1', 'bDelivered', 'bMoving'],
  assets: ['assetA', 'assetB'],
  donations: ['donationA', 'donationB'],
  partners: ['alfa', 'beta'],
  requests: ['alfa', 'beta'],
  deliveries: ['alfa', 'beta'],
  transfers: ['aToB', 'bToTer'],
  stocktakes: ['stocktakeA', 'stocktakeB'],
} as const;
type List = keyof typeof ROWS | 'devicesOfB';
type Viewer = 'admin' | 'region' | 'coordinatorA' | 'coordinatorB' | 'volunteerA' | 'partnerAlfa' | 'partnerBeta';
type Cell = readonly string[] | 'refused';

// A device on its way is listed by the hub it is going to: Perugia lists Foligno's, Terni Perugia's.
const A_DEVICES = ['a1', 'aDelivered'];
const B_DEVICES = ['aMoving', 'b1', 'bDelivered'];
const TABLE: Record<Viewer, Record<List, Cell>> = {
  admin: {
    devices: ROWS.devices,
    devicesOfB: B_DEVICES,
    assets: ROWS.assets,
    donations: ROWS.donations,
    partners: ROWS.partners,
    requests: ROWS.requests,
    deliveries: ROWS.deliveries,
    transfers: ROWS.transfers,
    stocktakes: ROWS.stocktakes,
  },
  region: {
    devices: ROWS.devices,
    devicesOfB: B_DEVICES,
    assets: ROWS.assets,
    donations: ROWS.donations,
    partners: ROWS.partners,
    requests: ROWS.requests,
    deliveries: ROWS.deliveries,
    transfers: ROWS.transfers,
    stocktakes: ROWS.stocktakes,
  },
  coordinatorA: {
    devices: A_DEVICES,
    devicesOfB: B_DEVICES,
    assets: ['assetA'],
    donations: ['donationA'],
    partners: ['alfa'],
    requests: ['alfa'],
    deliveries: ['alfa'],
    transfers: ['aToB'],
    stocktakes: ['stocktakeA'],
  },
  // A transfer belongs to both hubs: the one it leaves and the one it reaches.
  coordinatorB: {
    devices: B_DEVICES,
    devicesOfB: B_DEVICES,
    assets: ['assetB'],
    donations: ['donationB'],
    partners: ['beta'],
    requests: ['beta'],
    deliveries: ['beta'],
    transfers: ['aToB', 'bToTer'],
    stocktakes: ['stocktakeB'],
  },
  // A volunteer's lists are the hub's own; reading devices crosses hubs when another hub is asked for.
  volunteerA: {
    devices: A_DEVICES,
    devicesOfB: B_DEVICES,
    assets: ['assetA'],
    donations: ['donationA'],
    partners: 'refused',
    requests: 'refused',
    deliveries: 'refused',
    transfers: ['aToB'],
    stocktakes: ['stocktakeA'],
  },
  // A partner reads its own requests and deliveries in the portal, and nothing of the hubs' stock.
  partnerAlfa: {
    devices: 'refused',
    devicesOfB: 'refused',
    assets: 'refused',
    donations: 'refused',
    partners: 'refused',
    requests: ['alfa'],
    deliveries: ['alfa'],
    transfers: 'refused',
    stocktakes: 'refused',
  },
  partnerBeta: {
    devices: 'refused',
    devicesOfB: 'refused',
    assets: 'refused',
    donations: 'refused',
    partners: 'refused',
    requests: ['beta'],
    deliveries: ['beta'],
    transfers: 'refused',
    stocktakes: 'refused',
  },
};

/** Who confirmed Alfa's delivery: a partner's person, a name the region never reads. */
const ALFA_PERSON = 'Zelinda Ricevente';

let t: TestContext;
let people: Record<Viewer, Person>;
/** Each list's fixture rows: the id (or tag) a list shows, by row name. */
const ids: Record<keyof typeof ROWS, Record<string, string>> = { devices: {}, assets: {}, donations: {}, partners: {}, requests: {}, deliveries: {}, transfers: {}, stocktakes: {} };
let alfaDelivery: number;

beforeAll(async () => {
  t = await createTestContext();
  const tokens = { A: await t.token('coordinator', 'FOL'), B: await t.token('coordinator', 'PER') };
  for (const [side, hub] of [
    ['a', 'FOL'],
    ['b', 'PER'],
  ] as const) {
    const token = side === 'a' ? tokens.A : tokens.B;
    const donation = await donate(t, token, hub, [{ type: 'laptop' }, { type: 'laptop' }, { type: 'laptop' }]);
    const [one, delivered, moving] = donation.devices.map((d) => d.tag) as [string, string, string];
    Object.assign(ids.devices, { [`${side}1`]: one, [`${side}Delivered`]: delivered, [`${side}Moving`]: moving });
    ids.donations[`donation${side.toUpperCase()}`] = String(donation.id);

    const asset = await t.api('POST', '/api/v1/assets', token, { hub, category: 'laptop' });
    expect(asset.status, asset.text).toBe(201);
    ids.assets[`asset${side.toUpperCase()}`] = asset.json.tag;

    const partner = side === 'a' ? 'alfa' : 'beta';
    const request = await approvedRequest(t, token, hub, { partnerName: side === 'a' ? 'Scuola Alfa' : 'Scuola Beta', items: [{ type: 'laptop', quantity: 2 }] });
    ids.partners[partner] = String(request.partner.id);
    ids.requests[partner] = String(request.id);
    await walkTo(t, token, delivered, 'ready');
    expect((await t.api('POST', `/api/v1/requests/${request.id}/reservations`, token, { tags: [delivered] })).status).toBeLessThan(300);
    const delivery = await t.api('POST', `/api/v1/requests/${request.id}/deliveries`, token, { tags: [delivered], title: 'donation' });
    expect(delivery.status, delivery.text).toBe(201);
    ids.deliveries[partner] = String(delivery.json.id);

    const transfer = await t.api('POST', '/api/v1/transfers', token, { toHub: side === 'a' ? 'PER' : 'TER', tags: [moving] });
    expect(transfer.status, transfer.text).toBe(201);
    ids.transfers[side === 'a' ? 'aToB' : 'bToTer'] = String(transfer.json.id);

    const stocktake = await t.api('POST', '/api/v1/stocktakes', token, { hub });
    expect(stocktake.status, stocktake.text).toBe(201);
    ids.stocktakes[`stocktake${side.toUpperCase()}`] = String(stocktake.json.id);
  }
  alfaDelivery = Number(ids.deliveries.alfa);
  people = {
    admin: await t.person('admin'),
    region: await t.person('region'),
    coordinatorA: await t.person('coordinator', 'FOL'),
    coordinatorB: await t.person('coordinator', 'PER'),
    volunteerA: await t.person('volunteer', 'FOL'),
    partnerAlfa: await t.person('partner', undefined, ALFA_PERSON, { partnerId: Number(ids.partners.alfa) }),
    partnerBeta: await t.person('partner', undefined, 'Persona di Beta', { partnerId: Number(ids.partners.beta) }),
  };
  expect((await t.form(`/portal/deliveries/${alfaDelivery}/receipt`, people.partnerAlfa.cookie, { all: 'true' })).status).toBe(303);
});
afterAll(() => t.close());

/** The ids a page links to under a path ("/requests/12"), each once. */
function linked(html: string, base: string): Set<string> {
  const out = new Set<string>();
  const re = new RegExp(`href="${base}/(\\d+)["?#]`, 'g');
  for (const m of html.matchAll(re)) out.add(m[1]!);
  return out;
}

/** What a viewer's list holds, as fixture row names (rows that are not the fixture's are kept as they are). */
async function listOf(viewer: Viewer, list: List): Promise<string[] | 'refused'> {
  const cookie = people[viewer].cookie;
  const partner = viewer.startsWith('partner');
  let shown: string[];
  if (list === 'devices' || list === 'devicesOfB' || list === 'assets') {
    const path = list === 'assets' ? '/api/v1/assets' : list === 'devicesOfB' ? '/api/v1/devices?hub=PER' : '/api/v1/devices';
    const r = await t.page(path, cookie);
    if (r.status === 403) return 'refused';
    expect(r.status, r.html).toBe(200);
    shown = (JSON.parse(r.html) as { items: { tag: string }[] }).items.map((i) => i.tag);
  } else {
    const [path, base] = partner && (list === 'requests' || list === 'deliveries') ? ['/portal', `/portal/${list}`] : [`/${list}`, `/${list}`];
    const r = await t.page(path, cookie);
    if (r.status === 403) return 'refused';
    expect(r.status).toBe(200);
    shown = [...linked(r.html, base)];
  }
  const rows = ids[list === 'devicesOfB' ? 'devices' : list];
  const nameOf = new Map(Object.entries(rows).map(([name, id]) => [id, name]));
  return shown.map((id) => nameOf.get(id) ?? `unknown ${id}`).sort();
}

describe('list contents by role (the list-scope table)', () => {
  for (const viewer of Object.keys(TABLE) as Viewer[]) {
    for (const list of Object.keys(TABLE[viewer]) as List[]) {
      const expected = TABLE[viewer][list];
      it(`${viewer}: ${list} → ${expected === 'refused' ? 'refused' : `[${expected.join(', ')}]`}`, async () => {
        const got = await listOf(viewer, list);
        expect(got).toEqual(expected === 'refused' ? 'refused' : [...expected].sort());
      });
    }
  }
});

describe("the region's views hold every hub's rows and no partner's person", () => {
  it("the region's delivery and request pages never name who confirmed; Foligno's coordinator sees the name", async () => {
    for (const path of ['/deliveries', '/requests', `/deliveries/${alfaDelivery}`, `/requests/${ids.requests.alfa}`]) {
      const r = await t.page(path, people.region.cookie);
      expect(r.status, path).toBe(200);
      expect(r.html, path).not.toContain('Zelinda');
    }
    const own = await t.page(`/deliveries/${alfaDelivery}`, people.coordinatorA.cookie);
    expect(own.html).toContain(ALFA_PERSON);
  });
});

describe('the people list: who appears, and on whom the viewer may act', () => {
  /** [people listed, people with enable/disable and link buttons], as viewer names. */
  const PEOPLE: Record<Viewer, [Viewer[], Viewer[]] | 'refused'> = {
    admin: [
      ['admin', 'region', 'coordinatorA', 'coordinatorB', 'volunteerA', 'partnerAlfa', 'partnerBeta'],
      ['region', 'coordinatorA', 'coordinatorB', 'volunteerA', 'partnerAlfa', 'partnerBeta'],
    ],
    region: 'refused',
    coordinatorA: [['coordinatorA', 'volunteerA'], ['volunteerA']],
    coordinatorB: [['coordinatorB'], []],
    volunteerA: 'refused',
    partnerAlfa: 'refused',
    partnerBeta: 'refused',
  };
  for (const viewer of Object.keys(PEOPLE) as Viewer[]) {
    it(`${viewer}: /users`, async () => {
      const r = await t.page('/users', people[viewer].cookie);
      if (PEOPLE[viewer] === 'refused') return expect(r.status).toBe(403);
      expect(r.status).toBe(200);
      const all = Object.keys(people) as Viewer[];
      const listed = all.filter((who) => r.html.includes(people[who].email));
      const managed = all.filter((who) => r.html.includes(`/users/${people[who].id}/disable"`) || r.html.includes(`/users/${people[who].id}/enable"`));
      expect([listed, managed]).toEqual(PEOPLE[viewer]);
    });
  }
});
