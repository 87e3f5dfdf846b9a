import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildFigures } from '../src/figures/rebuild';
import { dumpFigures } from '../src/figures/repository';
import { reclassify } from '../src/figures/live';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { walkTo } from './support/walk';

/**
 * Circular-economy figures from a small known history, compared with values worked out by hand;
 * period boundaries in Rome time; frozen quarterly reports; the running totals against a full
 * recount; and nothing personal in any public output.
 */
const DONOR = 'Ermenegilda Quarantotti';
const SERIAL = 'SNPLANTED7Q4X';
const CONTACT = 'Bortolazzi Piantato';
const CONTACT_EMAIL = 'bortolazzi.piantato@example.org';
const HIDDEN_PARTNER = 'Gruppo Riservato Zanfrognini';

let t: TestContext;
let token: string;
let laptop: string;

async function newRequest(partnerBody: Record<string, unknown>, beneficiaries: number) {
  const p = await t.api('POST', '/api/v1/partners', token, partnerBody);
  if (p.status !== 201) throw new Error(p.text);
  const r = await t.api('POST', '/api/v1/requests', token, {
    partner: p.json.id,
    items: [
      { type: 'laptop', quantity: 5 },
      { type: 'other', quantity: 5 },
    ],
    purpose: 'Laboratorio',
    beneficiaries: { count: beneficiaries },
  });
  if (r.status !== 201) throw new Error(r.text);
  await t.api('POST', `/api/v1/requests/${r.json.id}/decision`, token, { decision: 'approve' });
  return r.json.id as number;
}

async function deliver(requestId: number, tags: string[]) {
  const res = await t.api('POST', `/api/v1/requests/${requestId}/reservations`, token, { tags });
  if (res.status !== 200 && res.status !== 201) throw new Error(res.text);
  const d = await t.api('POST', `/api/v1/requests/${requestId}/deliveries`, token, { tags, title: 'donation' });
  if (d.status !== 201) throw new Error(d.text);
  return d.json;
}

// Sessions end after hours without activity and the tests move the clock by days: a fresh login each time.
const regionCookie = async () => (await t.person('region')).cookie;
const coordinatorCookie = async () => (await t.person('coordinator', 'FOL')).cookie;

const figures = async (path: string, bearer = token) => {
  const r = await t.api('GET', path, bearer);
  expect(r.status, r.text).toBe(200);
  return r.json.figures;
};

beforeAll(async () => {
  t = await createTestContext();
  token = await t.token('coordinator', 'FOL');
  // 23:30 in Rome on 31 March 2026 (summer time, UTC+2): still March, still the first quarter.
  t.clock.set('2026-03-31T21:30:00.000Z');
  const d = await donate(
    t,
    token,
    'FOL',
    [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T440', serial: SERIAL }, { type: 'desktop', weightKg: 8.2 }, { type: 'monitor' }, { type: 'other', weightKg: 2 }],
    { kind: 'citizen', name: DONOR, email: 'ermenegilda@example.org' },
  );
  const [lap, desktop, monitor] = d.devices.map((x) => x.tag);
  laptop = lap!;
  await walkTo(t, token, laptop, 'ready');
  expect((await act(t, token, desktop!, { action: 'diagnose', outcome: 'parts', hasStorage: true })).status).toBe(200);
  expect(
    (
      await act(t, token, desktop!, {
        action: 'harvest',
        parts: [
          { kind: 'ram', count: 2 },
          { kind: 'disk', count: 1 },
        ],
      })
    ).status,
  ).toBe(200);
  expect((await act(t, token, monitor!, { action: 'diagnose', outcome: 'recycle', hasStorage: false })).status).toBe(200);
  expect((await act(t, token, monitor!, { action: 'recycle', kg: 4.5 })).status).toBe(200);
  // 00:30 in Rome on 1 April: the delivery belongs to April and to the second quarter.
  t.clock.set('2026-03-31T22:30:00.000Z');
  const school = await newRequest(
    { kind: 'school', name: 'IC Foligno 1', code: 'PGIC81200X', municipality: 'Foligno', contacts: [{ name: CONTACT, email: CONTACT_EMAIL, phone: '+39 0742 000000' }] },
    30,
  );
  await deliver(school, [laptop]);
});
afterAll(() => t.close());

describe('figures of a small known history', () => {
  it('counts the first quarter: what came in, what was harvested and recycled, the work done', async () => {
    const f = await figures('/api/v1/figures/hubs/FOL?period=2026-Q1');
    expect(f.period).toMatchObject({ kind: 'quarter', from: '2026-01-01', to: '2026-03-31' });
    expect(f.in).toMatchObject({ devices: 4, weighedDevices: 2, weighedKg: 10.2, donations: 1, donors: 1 });
    expect(f.in.byType).toEqual(
      expect.arrayContaining([
        { key: 'desktop', n: 1, kg: 8.2 },
        { key: 'other', n: 1, kg: 2 },
        { key: 'laptop', n: 1, kg: 0 },
        { key: 'monitor', n: 1, kg: 0 },
      ]),
    );
    expect(f.in.byDonorKind).toEqual([{ key: 'citizen', n: 4, kg: 10.2 }]);
    expect(f.out).toMatchObject({ reused: 0, harvested: 1, recycled: 1, recycledKg: 4.5, returned: 0 });
    expect(f.out.parts).toEqual([
      { key: 'ram', n: 2 },
      { key: 'disk', n: 1 },
    ]);
    expect(f.work).toEqual({ disksErased: 1, disksDestroyed: 0, installs: [{ key: 'Linux Mint 22 Xfce', n: 1 }] });
    expect(f.impact).toMatchObject({ wasteKg: 0, co2eKg: 0, factorSet: 'restart_2021', displacement: 0.5 });
    expect(f.people).toEqual({ organisations: 0, beneficiaries: 0 });
  });

  it('counts the delivery at 00:30 on 1 April in April: 1.83 kg and 132.66 kg CO2e for a medium laptop', async () => {
    const april = await figures('/api/v1/figures/hubs/FOL?period=2026-04');
    expect(april.in.devices).toBe(0);
    expect(april.out).toMatchObject({ reused: 1, reusedByRecipientKind: [{ key: 'school', n: 1 }], reusedByClass: [{ key: 'laptop', n: 1 }] });
    expect(april.impact).toMatchObject({ wasteKg: 1.83, co2eKg: 132.66, co2eLowKg: 79.6, co2eHighKg: 185.72, band: [0.3, 0.7] });
    expect(april.impact.byClass).toEqual([{ cls: 'laptop', devices: 1, wasteKg: 1.83, co2eKg: 132.66, missingFactor: false }]);
    expect(april.people).toEqual({ organisations: 1, beneficiaries: 30 });
    // Received on 31 March, delivered on 1 April (Rome days): one day.
    expect(april.stock.leadMedian).toEqual({ from: 1, to: 1 });
    const march = await figures('/api/v1/figures/hubs/FOL?period=2026-03');
    expect(march.in.devices).toBe(4);
    expect(march.out.reused).toBe(0);
    // A displacement of 0.7 is applied at read time.
    const high = await figures('/api/v1/figures/hubs/FOL?period=2026-04&displacement=0.7');
    expect(high.impact).toMatchObject({ co2eKg: 185.72, displacement: 0.7 });
  });

  it('reads custom periods and the region, and the stock now', async () => {
    const custom = await figures('/api/v1/figures/hubs/FOL?from=2026-03-31&to=2026-04-01');
    expect(custom).toMatchObject({ in: { devices: 4, donors: 1 }, out: { reused: 1 }, people: { organisations: 1, beneficiaries: 30 } });
    const lastDay = await figures('/api/v1/figures/hubs/FOL?from=2026-03-31&to=2026-03-31');
    expect(lastDay.out.reused).toBe(0);
    const region = await t.api('GET', '/api/v1/figures?period=2026', await t.token('region'));
    expect(region.status).toBe(200);
    expect(region.json.figures).toMatchObject({ in: { devices: 4 }, out: { reused: 1 }, impact: { wasteKg: 1.83, co2eKg: 132.66 } });
    expect(region.json.hubs.find((h: { code: string }) => h.code === 'FOL')).toMatchObject({ in: 4, out: 1 });
    const stock = region.json.figures.stock;
    expect(stock.inStock).toBe(1);
    expect(stock.byState.filter((s: { n: number }) => s.n > 0)).toEqual([
      { key: 'received', n: 1 },
      { key: 'delivered', n: 1 },
      { key: 'harvested', n: 1 },
      { key: 'recycled', n: 1 },
    ]);
    expect(stock.age[0]).toEqual({ key: '0-3', n: 1 });
  });

  it('refuses bad periods with a clear 422 and keeps other hubs’ figures to their people', async () => {
    const bad = await t.api('GET', '/api/v1/figures/hubs/FOL?period=2026-13', token);
    expect(bad.status).toBe(422);
    const order = await t.api('GET', '/api/v1/figures/hubs/FOL?from=2026-05-01&to=2026-04-01', token);
    expect(order.status).toBe(422);
    const half = await t.api('GET', '/api/v1/figures/hubs/FOL?from=2026-05-01', token);
    expect(half.status).toBe(422);
    const other = await t.api('GET', '/api/v1/figures/hubs/PER?period=2026-Q1', token);
    expect(other.status).toBe(403);
    const volunteer = await t.api('GET', '/api/v1/figures/hubs/FOL?period=2026-Q1', await t.token('volunteer', 'FOL'));
    expect(volunteer.status).toBe(403);
    expect((await t.api('GET', '/api/v1/figures?period=2026-Q1', token)).status).toBe(403);
  });

  it('shows the dashboards with their charts and links to the devices behind each figure', async () => {
    const region = await t.page('/figures/region?period=2026-Q2', await regionCookie());
    expect(region.status).toBe(200);
    expect(region.html).toContain('<svg');
    expect(region.html).toContain('DigiPASS Foligno');
    const hub = await t.page('/figures/hub/FOL?period=2026-Q2', await coordinatorCookie());
    expect(hub.status).toBe(200);
    const link = /href="(\/devices\?hub=FOL&amp;event=deliver&amp;from=2026-04-01&amp;to=2026-06-30)"/.exec(hub.html);
    expect(link).not.toBeNull();
    const list = await t.page(link![1]!.replace(/&amp;/g, '&'), await coordinatorCookie());
    expect(list.status).toBe(200);
    expect(list.html).toContain(laptop);
    const march = await t.page('/devices?hub=FOL&event=deliver&from=2026-01-01&to=2026-03-31', await coordinatorCookie());
    expect(march.html).not.toContain(laptop);
    expect((await t.page('/figures', await coordinatorCookie())).headers.get('location')).toMatch(/^\/figures\/hub\/\d+/);
  });
});

describe('quarterly reports', () => {
  it('freezes a submitted report; a later correction is a new version', async () => {
    const early = await t.api('POST', '/api/v1/reports', token, { hub: 'FOL', quarter: '2026-Q2' });
    expect(early.status).toBe(409);
    const v1 = await t.api('POST', '/api/v1/reports', token, { hub: 'FOL', quarter: '2026-Q1', note: 'Primo invio' });
    expect(v1.status, v1.text).toBe(201);
    expect(v1.json).toMatchObject({ version: 1, factorSet: 'restart_2021', displacement: 0.5 });
    const frozen = (await t.api('GET', `/api/v1/reports/${v1.json.id}`, token)).json;
    expect(frozen.figures.in.devices).toBe(4);
    expect((await t.api('POST', '/api/v1/reports', token, { hub: 'FOL', quarter: '2026-Q1' })).status).toBe(409);

    // A donation registered late, dated in March, changes the quarter's figures…
    t.clock.set('2026-04-02T08:00:00.000Z');
    await donate(t, token, 'FOL', [{ type: 'tablet' }], { kind: 'company', name: 'Ritardataria Srl' });
    const late = await t.api('POST', '/api/v1/donations', token, { hub: 'FOL', donor: { kind: 'school', name: 'Scuola Tardiva' }, receivedAt: '2026-03-15', devices: [{ type: 'printer' }] });
    expect(late.status).toBe(201);
    // …but never the submitted report.
    const again = (await t.api('GET', `/api/v1/reports/${v1.json.id}`, token)).json;
    expect(again.figures).toEqual(frozen.figures);
    const page = await t.page('/reports/FOL/2026-Q1', await coordinatorCookie());
    expect(page.html).toContain('I numeri del trimestre sono cambiati');
    const v2 = await t.form('/reports/FOL/2026-Q1', await coordinatorCookie(), { note: 'Correzione' });
    expect(v2.status).toBe(303);
    const list = (await t.api('GET', '/api/v1/reports', await t.token('region'))).json;
    const fol = list.hubs.find((h: { hub: string }) => h.hub === 'FOL');
    expect(fol.quarters.find((q: { quarter: string }) => q.quarter === '2026-Q1')).toMatchObject({ submitted: true, version: 2 });
    expect(list.hubs.find((h: { hub: string }) => h.hub === 'PER').quarters[0]).toMatchObject({ submitted: false });
    const second = (await t.api('GET', `/api/v1/reports/${fol.quarters[0].id}`, token)).json;
    expect(second.figures.in.devices).toBe(5);
    expect((await t.api('GET', `/api/v1/reports/${v1.json.id}`, token)).json.figures).toEqual(frozen.figures);
    const pdf = await t.page(`/reports/v/${v1.json.id}.pdf`, await regionCookie());
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.html.startsWith('%PDF')).toBe(true);
    // Another hub's coordinator sees neither the report nor its PDF.
    const other = await t.person('coordinator', 'PER');
    expect((await t.page(`/reports/v/${v1.json.id}.pdf`, other.cookie)).status).toBe(404);
    expect((await t.page('/reports', await regionCookie())).html).toContain('✓ v2');
  });
});

describe('open data', () => {
  it('publishes quarterly CSV and JSON per hub and class, the factors, the recipients and DCAT-AP_IT, without any personal data', async () => {
    // An organisation that did not agree to be named receives a device too.
    const hidden = await newRequest({ kind: 'other', name: HIDDEN_PARTNER, municipality: 'Foligno' }, 12);
    const [other] = (await donate(t, token, 'FOL', [{ type: 'other' }])).devices.map((d) => d.tag);
    await walkTo(t, token, other!, 'ready');
    await deliver(hidden, [other!]);

    const csv = await t.page('/opendata/figures/2026-Q2.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = csv.html.trim().split('\r\n');
    expect(lines[0]).toBe(
      'period_start,period_end,hub_code,hub_name,istat_code,device_class,received_count,delivered_count,returned_count,reused_count,harvested_count,recycled_count,recycled_kg,waste_prevented_kg,co2e_avoided_kg,co2e_avoided_low_kg,co2e_avoided_high_kg,factor_set,displacement',
    );
    expect(lines).toContain('2026-04-01,2026-06-30,FOL,DigiPASS Foligno,054018,laptop,0,1,0,1,0,0,0,1.83,132.66,79.6,185.72,restart_2021,0.5');
    expect(lines.length - 1).toBe(12 * 14);
    // The file is kept until the quarter's totals move: a new intake shows at once.
    const tablets = (text: string) =>
      text
        .split('\r\n')
        .find((l) => l.includes(',FOL,') && l.includes(',tablet,'))!
        .split(',')[6];
    const before = Number(tablets(csv.html));
    await donate(t, token, 'FOL', [{ type: 'tablet' }]);
    expect(Number(tablets((await t.page('/opendata/figures/2026-Q2.csv')).html))).toBe(before + 1);
    const json = await t.api('GET', '/opendata/figures/2026-Q1.json', null);
    expect(json.json.rows.find((r: { hub_code: string; device_class: string }) => r.hub_code === 'FOL' && r.device_class === 'monitor_19_20')).toMatchObject({
      received_count: 1,
      recycled_count: 1,
      recycled_kg: 4.5,
    });

    const recipients = await t.page('/opendata/recipients/2026-Q2.csv');
    expect(recipients.html).toContain('FOL,school,PGIC81200X,IC Foligno 1,Foligno,laptop,1,1');
    expect(recipients.html).toContain(',other,,Altri destinatari (non indicati),,misc_powered_per_kg,1,1');

    const factors = await t.page('/opendata/impact-factors.csv');
    expect(factors.html).toContain('restart_2021,laptop,Laptop medium,1.83,265.32,0.5,');
    expect(factors.html).toContain('CC BY-SA 4.0');
    const catalog = await t.api('GET', '/opendata/catalog.jsonld', null);
    expect(catalog.headers.get('content-type')).toContain('application/ld+json');
    const ds = catalog.json['dcat:dataset'][0];
    expect(ds['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(ds['dct:accrualPeriodicity']['@id']).toMatch(/QUARTERLY$/);
    expect(ds['dct:temporal']['dcat:startDate']['@value']).toBe('2026-01-01');
    expect(ds['dcat:distribution'].some((d: { '@id': string }) => d['@id'].endsWith('/opendata/figures/2026-Q1.csv'))).toBe(true);
    expect(catalog.json['dcat:dataset'][2]['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by-sa/4.0/');

    const hubPage = await t.page('/hubs/FOL');
    expect(hubPage.status).toBe(200);
    expect(hubPage.html).toContain('DigiPASS Foligno');

    const outputs = [
      csv.html,
      json.text,
      recipients.html,
      (await t.page('/opendata/recipients/2026-Q2.json')).html,
      (await t.page('/opendata/figures/2026-Q1.csv')).html,
      (await t.page('/opendata/figures/2026-Q2.json')).html,
      factors.html,
      catalog.text,
      hubPage.html,
      (await t.page('/opendata')).html,
      (await t.page('/hubs/FOL?lang=en')).html,
    ];
    for (const out of outputs) {
      for (const secret of [DONOR, 'Quarantotti', SERIAL, CONTACT, CONTACT_EMAIL, 'ermenegilda', HIDDEN_PARTNER, 'Ritardataria']) expect(out).not.toContain(secret);
    }
    // Bad file names are a 4xx, not a crash.
    expect((await t.page('/opendata/figures/2026-Q5.csv')).status).toBe(422);
    expect((await t.page('/opendata/figures/latest.xml')).status).toBe(422);
    expect((await t.page('/hubs/XX1')).status).toBe(422);
    expect((await t.page('/hubs/ZZZ')).status).toBe(404);
  });
});

describe('running totals', () => {
  it('equal a full recount, for a random history with transfers, returns, shipments and a new screen size', async () => {
    let seed = t.kind === 'sqlite' ? 7 : 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const perToken = await t.token('coordinator', 'PER');
    const states = ['received', 'diagnosed', 'wiped', 'installed', 'ready', 'reserved', 'delivered', 'returned', 'harvested', 'recycled', 'in_transit'] as const;
    const types = ['laptop', 'desktop', 'monitor', 'tablet', 'other'];
    for (let round = 0; round < 4; round++) {
      t.clock.advance(Math.floor(rnd() * 40) * 86_400_000 + Math.floor(rnd() * 86_400_000));
      for (const [hub, bearer] of [
        ['FOL', token],
        ['PER', perToken],
      ] as const) {
        const devices = Array.from({ length: 4 }, () => ({ type: types[Math.floor(rnd() * types.length)], ...(rnd() < 0.5 ? { weightKg: Math.round(rnd() * 900) / 100 + 0.5 } : {}) }));
        const d = await donate(t, bearer, hub, devices, { kind: rnd() < 0.5 ? 'company' : 'citizen', name: `Donatore ${round}`, taxCode: rnd() < 0.5 ? 'RSSMRA80A01D653X' : undefined });
        for (const dev of d.devices) {
          const target = states[Math.floor(rnd() * states.length)]!;
          await walkTo(t, bearer, dev.tag, target);
          t.clock.advance(Math.floor(rnd() * 3 * 3_600_000));
        }
      }
    }
    // Devices in transit arrive; a shipment leaves with every recycled device of FOL.
    const transit = await t.db.selectFrom('devices').innerJoin('hubs', 'hubs.id', 'devices.hub_id').select(['devices.tag', 'hubs.code']).where('state', '=', 'in_transit').execute();
    for (const d of transit) await act(t, d.code === 'FOL' ? token : perToken, d.tag, { action: 'arrive' });
    const recycled = await t.db.selectFrom('devices').innerJoin('hubs', 'hubs.id', 'devices.hub_id').select('devices.tag').where('state', '=', 'recycled').where('hubs.code', '=', 'FOL').execute();
    if (recycled.length) {
      const s = await t.api('POST', '/api/v1/raee-shipments', token, { hub: 'FOL', document: 'FIR-0001', date: '2026-06-01', tags: recycled.map((r) => r.tag) });
      expect(s.status, s.text).toBe(201);
    }
    // A screen size learnt later moves the laptop's figures to the small class.
    const lap = await t.db.selectFrom('devices').select(['id']).where('tag', '=', laptop).executeTakeFirstOrThrow();
    await t.db.transaction().execute(async (trx) => {
      await reclassify(trx, lap.id, 13.3);
      await trx.insertInto('device_specs').values({ device_id: lap.id, screen_inches: 13.3, specs: '{}', updated_at: new Date().toISOString() }).execute();
    });
    const small = await figures('/api/v1/figures/hubs/FOL?period=2026-04');
    expect(small.out.reusedByClass).toContainEqual({ key: 'laptop_small', n: 1 });
    expect(small.out.reusedByClass.find((c: { key: string }) => c.key === 'laptop')).toBeUndefined();
    expect(small.impact.byClass.find((c: { cls: string }) => c.cls === 'laptop_small')).toMatchObject({ devices: 1, wasteKg: 1.39, co2eKg: 110.58 });

    const live = await dumpFigures(t.db);
    expect(live.counts.length).toBeGreaterThan(100);
    const result = await rebuildFigures(t.db);
    expect(result.devices).toBe(await t.count('devices'));
    const recount = await dumpFigures(t.db);
    expect(recount.counts).toEqual(live.counts);
    expect(recount.members).toEqual(live.members);
    expect(recount.stock).toEqual(live.stock);
  });
});
