import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { walkTo } from './support/walk';

/** The text of a PDF, through pdftotext. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'rigenera-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Net reuse, on hand-worked histories: each figure below is worked out by hand and checked on the hub
 * and region figures, the open-data CSV and JSON, the recipients file and the quarterly report, to
 * the gram and the count. A medium laptop of unknown weight counts 1.83 kg and 265.32 kg of embodied
 * CO2e, so 132.66 kg avoided at displacement 0.5 (79.6 at 0.3, 185.72 at 0.7) (restart_2021).
 */
type Ctx = { t: TestContext; tokens: Record<string, string>; region: string };

async function context(): Promise<Ctx> {
  const t = await createTestContext();
  return { t, tokens: { FOL: await t.token('coordinator', 'FOL'), PER: await t.token('coordinator', 'PER') }, region: await t.token('region') };
}

const SCHOOLS: Record<string, { name: string; code: string; municipality: string }> = {
  FOL: { name: 'IC Foligno 1', code: 'PGIC81200X', municipality: 'Foligno' },
  PER: { name: 'IC Perugia 2', code: 'PGIC80300N', municipality: 'Perugia' },
};

/** An approved request of the hub's school for a few laptops. */
async function schoolRequest(c: Ctx, hub: string) {
  const s = SCHOOLS[hub]!;
  const p = await c.t.api('POST', '/api/v1/partners', c.tokens[hub]!, { hub, kind: 'school', ...s });
  expect(p.status, p.text).toBe(201);
  const r = await c.t.api('POST', '/api/v1/requests', c.tokens[hub]!, { partner: p.json.id, items: [{ type: 'laptop', quantity: 5 }], purpose: 'Laboratorio', beneficiaries: { count: 20 } });
  expect(r.status, r.text).toBe(201);
  expect((await c.t.api('POST', `/api/v1/requests/${r.json.id}/decision`, c.tokens[hub]!, { decision: 'approve' })).status).toBe(200);
  return r.json.id as number;
}

async function at(c: Ctx, iso: string) {
  c.t.clock.set(iso);
}

async function deliver(c: Ctx, hub: string, requestId: number, tag: string): Promise<number> {
  expect((await c.t.api('POST', `/api/v1/requests/${requestId}/reservations`, c.tokens[hub]!, { tags: [tag] })).status).toBeLessThan(300);
  const d = await c.t.api('POST', `/api/v1/requests/${requestId}/deliveries`, c.tokens[hub]!, { tags: [tag], title: 'donation' });
  expect(d.status, d.text).toBe(201);
  return d.json.id;
}

async function giveBack(c: Ctx, hub: string, deliveryId: number, tag: string) {
  const r = await c.t.api('POST', `/api/v1/deliveries/${deliveryId}/returns`, c.tokens[hub]!, { tag, reason: 'cerniera rotta' });
  expect(r.status, r.text).toBe(200);
}

/** Ready again after a return: diagnosed, erased, installed. */
async function refurbishAgain(c: Ctx, hub: string, tag: string) {
  for (const step of [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
    { action: 'ready' },
  ]) {
    const r = await act(c.t, c.tokens[hub]!, tag, step);
    expect(r.status, r.text).toBe(200);
  }
}

type Expect = { received: number; delivered: number; returned: number; reused: number; wasteKg: number; co2eKg: number; recycled?: number; recycledKg?: number };

async function hubFigures(c: Ctx, hub: string | null, quarter: string) {
  const r = await c.t.api('GET', hub ? `/api/v1/figures/hubs/${hub}?period=${quarter}` : `/api/v1/figures?period=${quarter}`, c.region);
  expect(r.status, r.text).toBe(200);
  // A hub's answer is its figures; the region's has the hubs compared and the months beside them.
  return hub ? r.json.figures : r.json;
}

function checkFigures(f: any, e: Expect) {
  expect({
    received: f.in.devices,
    delivered: f.out.delivered,
    returned: f.out.returned,
    reused: f.out.reused,
    wasteKg: f.impact.wasteKg,
    co2eKg: f.impact.co2eKg,
    ...(e.recycled !== undefined ? { recycled: f.out.recycled, recycledKg: f.out.recycledKg } : {}),
  }).toEqual(e);
}

/** The open-data row of a hub's laptops, from the CSV and from the JSON (they must agree). */
async function openDataRow(c: Ctx, hub: string, quarter: string) {
  const csv = await c.t.page(`/opendata/figures/${quarter}.csv`);
  expect(csv.status).toBe(200);
  const [head, ...lines] = csv.html.trim().split('\r\n');
  const cols = head!.split(',');
  const line = lines.find((l) => l.includes(`,${hub},`) && l.includes(',laptop,'))!;
  const fromCsv = Object.fromEntries(line.split(',').map((v, i) => [cols[i], v]));
  const json = await c.t.api('GET', `/opendata/figures/${quarter}.json`, null);
  const fromJson = json.json.rows.find((r: any) => r.hub_code === hub && r.device_class === 'laptop');
  for (const k of cols) expect(String(fromJson[k]), k).toBe(fromCsv[k]);
  return fromJson;
}

function checkRow(row: any, e: Expect) {
  expect({
    received: row.received_count,
    delivered: row.delivered_count,
    returned: row.returned_count,
    reused: row.reused_count,
    wasteKg: row.waste_prevented_kg,
    co2eKg: row.co2e_avoided_kg,
    ...(e.recycled !== undefined ? { recycled: row.recycled_count, recycledKg: row.recycled_kg } : {}),
  }).toEqual(e);
}

/** The recipients file's rows of a hub, from the JSON, checked against the CSV. */
async function recipients(c: Ctx, quarter: string) {
  const json = await c.t.api('GET', `/opendata/recipients/${quarter}.json`, null);
  expect(json.status).toBe(200);
  const csv = await c.t.page(`/opendata/recipients/${quarter}.csv`);
  for (const r of json.json.rows)
    expect(csv.html).toContain(`${r.hub_code},${r.recipient_kind},${r.recipient_code},${r.recipient_name},${r.recipient_municipality},${r.device_class},${r.delivered_count},${r.held_at_end_count}`);
  return json.json.rows.map((r: any) => ({ hub: r.hub_code, name: r.recipient_name, cls: r.device_class, delivered: r.delivered_count, held: r.held_at_end_count }));
}

async function submitReport(c: Ctx, hub: string, quarter: string) {
  const r = await c.t.api('POST', '/api/v1/reports', c.tokens[hub]!, { hub, quarter });
  expect(r.status, r.text).toBe(201);
  const got = await c.t.api('GET', `/api/v1/reports/${r.json.id}`, c.region);
  expect(got.status).toBe(200);
  return got.json;
}

describe('delivered, returned and delivered again in one quarter', () => {
  let c: Ctx;
  // One laptop, delivered to the school on 2 April, back on 20 April, delivered again on 5 May:
  // delivered 2, returned 1, reused 1 (not 2), 1.83 kg and 132.66 kg CO2e once.
  const Q2: Expect = { received: 1, delivered: 2, returned: 1, reused: 1, wasteKg: 1.83, co2eKg: 132.66 };
  beforeAll(async () => {
    c = await context();
    await at(c, '2026-04-02T08:00:00.000Z');
    const request = await schoolRequest(c, 'FOL');
    const [tag] = (await donate(c.t, c.tokens.FOL!, 'FOL', [{ type: 'laptop' }])).devices.map((d) => d.tag) as [string];
    await walkTo(c.t, c.tokens.FOL!, tag, 'ready');
    const first = await deliver(c, 'FOL', request, tag);
    await at(c, '2026-04-20T08:00:00.000Z');
    await giveBack(c, 'FOL', first, tag);
    await at(c, '2026-05-05T08:00:00.000Z');
    await refurbishAgain(c, 'FOL', tag);
    await deliver(c, 'FOL', request, tag);
    await at(c, '2026-07-02T08:00:00.000Z');
  });
  afterAll(() => c.t.close());

  it('counts the device once on the hub, the region, the CSV and JSON', async () => {
    const hub = await hubFigures(c, 'FOL', '2026-Q2');
    checkFigures(hub, Q2);
    expect(hub.out.takenBack).toEqual({ wasteKg: 1.83, co2eKg: 132.66 });
    expect(hub.out.reusedByRecipientKind).toEqual([{ key: 'school', n: 1 }]);
    const region = await hubFigures(c, null, '2026-Q2');
    checkFigures(region.figures, Q2);
    expect(region.hubs.find((h: any) => h.code === 'FOL').out).toBe(1);
    // By month: April delivered one and took it back (0), May delivered it again (1).
    expect(region.monthly.filter((m: any) => m.month === '2026-04' || m.month === '2026-05').map((m: any) => m.out)).toEqual([0, 1]);
    const row = await openDataRow(c, 'FOL', '2026-Q2');
    checkRow(row, Q2);
    expect([row.co2e_avoided_low_kg, row.co2e_avoided_high_kg]).toEqual([79.6, 185.72]);
  });

  it('the recipients file counts the device, not the two deliveries', async () => {
    expect(await recipients(c, '2026-Q2')).toEqual([{ hub: 'FOL', name: 'IC Foligno 1', cls: 'laptop', delivered: 1, held: 1 }]);
  });

  it('the quarterly report says the same, with the correction line', async () => {
    const r = await submitReport(c, 'FOL', '2026-Q2');
    checkFigures(r.figures, Q2);
    expect(r.figures.out.takenBack).toEqual({ wasteKg: 1.83, co2eKg: 132.66 });
    expect(r.figures.stock.inStock).toBe(0);
    const page = await c.t.page(`/figures/hub/FOL?period=2026-Q2`, (await c.t.person('coordinator', 'FOL')).cookie);
    expect(page.html).toMatch(/data-row="correction"[\s\S]*?-1[\s\S]*?-1,83[\s\S]*?-132,66/);
  });
});

describe('returned and recycled', () => {
  let c: Ctx;
  // A 2.4 kg laptop delivered and returned in April, then recycled at 2.4 kg: nothing reused, no waste
  // prevented (2.4 − 2.4), the correction takes back 2.4 kg and 132.66 kg CO2e.
  const Q2: Expect = { received: 1, delivered: 1, returned: 1, reused: 0, wasteKg: 0, co2eKg: 0, recycled: 1, recycledKg: 2.4 };
  beforeAll(async () => {
    c = await context();
    await at(c, '2026-04-02T08:00:00.000Z');
    const request = await schoolRequest(c, 'FOL');
    const [tag] = (await donate(c.t, c.tokens.FOL!, 'FOL', [{ type: 'laptop', weightKg: 2.4 }])).devices.map((d) => d.tag) as [string];
    await walkTo(c.t, c.tokens.FOL!, tag, 'ready');
    const d = await deliver(c, 'FOL', request, tag);
    await at(c, '2026-04-20T08:00:00.000Z');
    await giveBack(c, 'FOL', d, tag);
    expect((await act(c.t, c.tokens.FOL!, tag, { action: 'diagnose', outcome: 'recycle', hasStorage: false })).status).toBe(200);
    expect((await act(c.t, c.tokens.FOL!, tag, { action: 'recycle', kg: 2.4 })).status).toBe(200);
    await at(c, '2026-07-02T08:00:00.000Z');
  });
  afterAll(() => c.t.close());

  it('counts no reuse anywhere, and the recycling', async () => {
    const hub = await hubFigures(c, 'FOL', '2026-Q2');
    checkFigures(hub, Q2);
    expect(hub.out.takenBack).toEqual({ wasteKg: 2.4, co2eKg: 132.66 });
    checkFigures((await hubFigures(c, null, '2026-Q2')).figures, Q2);
    checkRow(await openDataRow(c, 'FOL', '2026-Q2'), Q2);
    expect(await recipients(c, '2026-Q2')).toEqual([{ hub: 'FOL', name: 'IC Foligno 1', cls: 'laptop', delivered: 1, held: 0 }]);
    const r = await submitReport(c, 'FOL', '2026-Q2');
    checkFigures(r.figures, Q2);
  });
});

describe('transferred, then delivered by the other hub', () => {
  let c: Ctx;
  // Received at Foligno, sent to Perugia, delivered by Perugia: Foligno received it, Perugia reused it,
  // the region counts one of each.
  const FOL: Expect = { received: 1, delivered: 0, returned: 0, reused: 0, wasteKg: 0, co2eKg: 0 };
  const PER: Expect = { received: 0, delivered: 1, returned: 0, reused: 1, wasteKg: 1.83, co2eKg: 132.66 };
  const REGION: Expect = { received: 1, delivered: 1, returned: 0, reused: 1, wasteKg: 1.83, co2eKg: 132.66 };
  beforeAll(async () => {
    c = await context();
    await at(c, '2026-04-02T08:00:00.000Z');
    const request = await schoolRequest(c, 'PER');
    const [tag] = (await donate(c.t, c.tokens.FOL!, 'FOL', [{ type: 'laptop' }])).devices.map((d) => d.tag) as [string];
    await walkTo(c.t, c.tokens.FOL!, tag, 'ready');
    expect((await act(c.t, c.tokens.FOL!, tag, { action: 'transfer', toHub: 'PER' })).status).toBe(200);
    await at(c, '2026-04-03T08:00:00.000Z');
    expect((await act(c.t, c.tokens.PER!, tag, { action: 'arrive' })).status).toBe(200);
    await deliver(c, 'PER', request, tag);
    await at(c, '2026-07-02T08:00:00.000Z');
  });
  afterAll(() => c.t.close());

  it('counts the intake at one hub and the reuse at the other, once each in the region', async () => {
    checkFigures(await hubFigures(c, 'FOL', '2026-Q2'), FOL);
    checkFigures(await hubFigures(c, 'PER', '2026-Q2'), PER);
    const region = await hubFigures(c, null, '2026-Q2');
    checkFigures(region.figures, REGION);
    expect(region.hubs.filter((h: any) => h.in || h.out).map((h: any) => [h.code, h.in, h.out])).toEqual([
      ['FOL', 1, 0],
      ['PER', 0, 1],
    ]);
    checkRow(await openDataRow(c, 'FOL', '2026-Q2'), FOL);
    checkRow(await openDataRow(c, 'PER', '2026-Q2'), PER);
    expect(await recipients(c, '2026-Q2')).toEqual([{ hub: 'PER', name: 'IC Perugia 2', cls: 'laptop', delivered: 1, held: 1 }]);
    checkFigures((await submitReport(c, 'FOL', '2026-Q2')).figures, FOL);
    checkFigures((await submitReport(c, 'PER', '2026-Q2')).figures, PER);
  });

  it('the Region’s consolidated report of the quarter sums the hubs’ submitted reports (CSV and PDF)', async () => {
    const region = (await c.t.person('region')).cookie;
    const csv = await c.t.page('/reports/region/2026-Q2.csv', region);
    expect(csv.status).toBe(200);
    const [head, ...lines] = csv.html.trim().split('\r\n');
    expect(head).toBe(
      'period_start,period_end,hub_code,hub_name,report_version,received_count,delivered_count,returned_count,reused_count,harvested_count,recycled_count,recycled_kg,waste_prevented_kg,co2e_avoided_kg,returned_after_quarter_count,in_stock_at_end_count',
    );
    expect(lines).toHaveLength(13);
    expect(lines.find((l) => l.includes(',FOL,'))).toBe('2026-04-01,2026-06-30,FOL,DigiPASS Foligno,1,1,0,0,0,0,0,0,0,0,0,0');
    expect(lines.find((l) => l.includes(',PER,'))).toBe('2026-04-01,2026-06-30,PER,DigiPASS Perugino,1,0,1,0,1,0,0,0,1.83,132.66,0,0');
    expect(lines.at(-1)).toBe('2026-04-01,2026-06-30,REGIONE,Regione Umbria,,1,1,0,1,0,0,0,1.83,132.66,0,0');
    const pdf = await c.t.app.request('/reports/region/2026-Q2.pdf', { headers: { cookie: region } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    if (process.env.RIGENERA_KEEP_PDF) writeFileSync(process.env.RIGENERA_KEEP_PDF, bytes);
    const text = pdfText(bytes);
    expect(text).toContain('Rapporto regionale 2026-Q2');
    expect(text).toMatch(/Riutilizzati netti\s+1/);
    expect(text).toContain('132,66');
    // Coordinators have their hub's reports; a quarter not over yet has no regional report.
    expect((await c.t.page('/reports/region/2026-Q2.csv', (await c.t.person('coordinator', 'FOL')).cookie)).status).toBe(403);
    expect((await c.t.page('/reports/region/2026-Q3.csv', region)).status).toBe(409);
  });
});

describe('a return reaching back into a frozen quarter', () => {
  let c: Ctx;
  let tag: string;
  let v1: any;
  // Two laptops in March: one delivered on 15 March, one left on the shelf and harvested on 1 April.
  // The first quarter is submitted on 2 April (stock at its end: 1). The laptop comes back on 10 April.
  const Q1: Expect = { received: 2, delivered: 1, returned: 0, reused: 1, wasteKg: 1.83, co2eKg: 132.66 };
  const Q2: Expect = { received: 0, delivered: 0, returned: 1, reused: -1, wasteKg: -1.83, co2eKg: -132.66 };
  beforeAll(async () => {
    c = await context();
    await at(c, '2026-03-10T08:00:00.000Z');
    const request = await schoolRequest(c, 'FOL');
    const tags = (await donate(c.t, c.tokens.FOL!, 'FOL', [{ type: 'laptop' }, { type: 'laptop' }])).devices.map((d) => d.tag) as [string, string];
    tag = tags[0];
    await walkTo(c.t, c.tokens.FOL!, tag, 'ready');
    await at(c, '2026-03-15T08:00:00.000Z');
    const d = await deliver(c, 'FOL', request, tag);
    await at(c, '2026-04-01T08:00:00.000Z');
    expect((await act(c.t, c.tokens.FOL!, tags[1], { action: 'diagnose', outcome: 'parts', hasStorage: false })).status).toBe(200);
    expect((await act(c.t, c.tokens.FOL!, tags[1], { action: 'harvest' })).status).toBe(200);
    await at(c, '2026-04-02T08:00:00.000Z');
    v1 = await submitReport(c, 'FOL', '2026-Q1');
    await at(c, '2026-04-10T08:00:00.000Z');
    await giveBack(c, 'FOL', d, tag);
  });
  afterAll(() => c.t.close());

  it('the first quarter keeps its reuse, and its report shows the stock at the quarter’s end', async () => {
    checkFigures(v1.figures, Q1);
    expect(v1.figures.stock.inStock).toBe(1);
    expect(v1.figures.stock.byState.find((s: any) => s.key === 'received').n).toBe(1);
    expect(v1.figures.laterReturns).toEqual({ devices: 0, tags: [] });
    checkFigures(await hubFigures(c, 'FOL', '2026-Q1'), Q1);
    checkRow(await openDataRow(c, 'FOL', '2026-Q1'), Q1);
    expect(await recipients(c, '2026-Q1')).toEqual([{ hub: 'FOL', name: 'IC Foligno 1', cls: 'laptop', delivered: 1, held: 1 }]);
  });

  it('the second quarter shows the correction: −1 device, −1.83 kg, −132.66 kg CO2e', async () => {
    checkFigures(await hubFigures(c, 'FOL', '2026-Q2'), Q2);
    checkFigures((await hubFigures(c, null, '2026-Q2')).figures, Q2);
    checkRow(await openDataRow(c, 'FOL', '2026-Q2'), Q2);
    // Nothing delivered in the quarter, nothing held at its end: no recipient row.
    expect(await recipients(c, '2026-Q2')).toEqual([]);
  });

  it('the frozen report never changes; the hub is told a corrected version can be issued, which says what changed', async () => {
    const again = await c.t.api('GET', `/api/v1/reports/${v1.id}`, c.region);
    expect(again.json.figures).toEqual(v1.figures);
    const coordinator = (await c.t.person('coordinator', 'FOL')).cookie;
    const page = await c.t.page('/reports/FOL/2026-Q1', coordinator);
    expect(page.html).toContain('data-reached-back="1"');
    expect(page.html).toContain('restituiti dopo l’invio della versione 1: 1');
    const v2 = await submitReport(c, 'FOL', '2026-Q1');
    expect(v2.version).toBe(2);
    checkFigures(v2.figures, Q1);
    expect(v2.figures.laterReturns.devices).toBe(1);
    expect(v2.supersedes).toMatchObject({ id: v1.id, version: 1, changes: [{ key: 'reports.laterReturns', before: 0, after: 1 }] });
    expect((await c.t.page('/reports/FOL/2026-Q1', coordinator)).html).not.toContain('data-reached-back');
    await at(c, '2026-07-02T08:00:00.000Z');
    const q2 = await submitReport(c, 'FOL', '2026-Q2');
    checkFigures(q2.figures, Q2);
    expect(q2.figures.out.takenBack).toEqual({ wasteKg: 1.83, co2eKg: 132.66 });
  });
});

describe('the disks behind the disk figures', () => {
  let c: Ctx;
  beforeAll(async () => {
    c = await context();
    await at(c, '2026-04-02T08:00:00.000Z');
    const [a, b] = (await donate(c.t, c.tokens.FOL!, 'FOL', [{ type: 'laptop' }, { type: 'desktop' }])).devices.map((d) => d.tag) as [string, string];
    // One disk wiped and verified; another removed and destroyed before recycling.
    await walkTo(c.t, c.tokens.FOL!, a, 'wiped');
    await walkTo(c.t, c.tokens.FOL!, b, 'recycled');
    await at(c, '2026-05-02T08:00:00.000Z');
  });
  afterAll(() => c.t.close());

  it('“disks destroyed” lists the destroyed disks, and “disks erased” the erased ones, as many as the figure says', async () => {
    const f = await hubFigures(c, 'FOL', '2026-Q2');
    expect(f.work).toMatchObject({ disksErased: 1, disksDestroyed: 1 });
    for (const cookie of [(await c.t.person('coordinator', 'FOL')).cookie, (await c.t.person('region')).cookie]) {
      const dash = await c.t.page('/figures/hub/FOL?period=2026-Q2', cookie);
      const link = /href="(\/figures\/disks\?outcome=destroyed[^"]*)"/.exec(dash.html)![1]!.replace(/&amp;/g, '&');
      const destroyed = await c.t.page(link, cookie);
      expect(destroyed.status).toBe(200);
      expect(destroyed.html).toContain('data-count="1"');
      expect(destroyed.html).toContain('WALK-HDD-1');
      const erased = await c.t.page(link.replace('destroyed', 'erased'), cookie);
      expect(erased.html).toContain('data-count="1"');
      expect(erased.html).not.toContain('WALK-HDD-1');
    }
    const region = await c.t.page('/figures/disks?outcome=destroyed&from=2026-04-01&to=2026-06-30', (await c.t.person('region')).cookie);
    expect(region.html).toContain('data-count="1"');
    // The region's drill-down is the region's; a coordinator reads their own hub's.
    expect((await c.t.page('/figures/disks?outcome=destroyed&from=2026-04-01&to=2026-06-30', (await c.t.person('coordinator', 'FOL')).cookie)).status).toBe(403);
    expect((await c.t.page('/figures/disks?outcome=lost&hub=FOL', (await c.t.person('coordinator', 'FOL')).cookie)).status).toBe(422);
  });
});
