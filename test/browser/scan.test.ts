import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { donate } from '../support/context';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';
import { decodeAll, rasterisePdf } from '../support/labels';
import { walkTo } from '../support/walk';

let h: BrowserHarness;
let admin: string;
beforeAll(async () => {
  h = await startBrowserHarness();
  admin = await h.t.token('admin');
});
afterAll(() => h.close());

/** What a USB keyboard-wedge scanner does: types the code fast into the focused field, then Enter. */
async function wedge(page: Page, code: string) {
  await page.keyboard.type(code, { delay: 2 });
  await page.keyboard.press('Enter');
}

async function startBatch(page: Page, action: string, fill: (page: Page) => Promise<void> = async () => {}) {
  await page.goto(`${h.baseUrl}/scan`);
  await page.getByLabel('Applica la stessa azione a ogni dispositivo (in serie)').check();
  await page.getByLabel('Azione', { exact: true }).selectOption(action);
  await fill(page);
  await page.getByRole('button', { name: 'Inizia la serie' }).click();
  await page.locator('#batch-running').waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('scan-code');
}

/** Result lines, oldest first, once none is still waiting for the server. */
async function settledLines(page: Page, count: number) {
  await page.waitForFunction((n) => {
    const items = document.querySelectorAll('#scan-results li');
    return items.length === n && !document.querySelector('#scan-results li.pending');
  }, count);
  const lines = await page
    .locator('#scan-results li')
    .evaluateAll((items) => items.map((li) => ({ result: li.getAttribute('data-result'), tag: li.querySelector('.tag')!.textContent, text: li.textContent ?? '' })));
  return lines.reverse();
}

describe('scanning on a 360 px phone', () => {
  it('opens a device page from the URL its printed QR code holds: the next step for staff, the passport for anyone', async () => {
    const { devices } = await donate(h.t, admin, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240' }]);
    const tag = devices[0]!.tag;
    const pdf = Buffer.from(await (await h.t.app.request(`/api/v1/labels?tags=${tag}&format=ql-62x29`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer());
    const qr = decodeAll(rasterisePdf(pdf, 300))[0]!.find((d) => d.type === 'QR-Code')!;
    expect(qr.text).toBe(`${h.baseUrl}/d/${tag}`);

    const volunteer = await h.t.person('volunteer', 'FOL');
    const staff = await h.newPage({ cookie: volunteer.cookie });
    await staff.page.goto(qr.text);
    expect(await staff.page.locator('h1').innerText()).toBe(tag);
    const next = staff.page.getByRole('button', { name: 'Conferma: Diagnosi' });
    expect(await next.isVisible()).toBe(true);
    expect((await next.boundingBox())!.width).toBeGreaterThan(300);
    await staff.context.close();

    const anyone = await h.newPage();
    await anyone.page.goto(qr.text);
    expect(await anyone.page.locator('h1').innerText()).toBe('Portatile · Dell · Latitude E7240');
    expect(await anyone.page.getByRole('button', { name: /Conferma/ }).count()).toBe(0);
    await anyone.context.close();
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
  });

  it('applies a batch of wedge scans, each listed with ✓ or ✗ and why, a typo refused and a double scan applied once', async () => {
    const t = h.t;
    const fol = (await donate(t, admin, 'FOL', [{ type: 'laptop', quantity: 5 }])).devices.map((d) => d.tag) as [string, string, string, string, string];
    const [a, b, c, received, notErased] = fol;
    const per = (await donate(t, admin, 'PER', [{ type: 'laptop' }])).devices[0]!.tag;
    for (const tag of [a, b, c, per]) await walkTo(t, admin, tag, 'wiped');
    await walkTo(t, admin, notErased, 'diagnosed');
    const typo = c.slice(0, 4) + (c[4] === '1' ? '2' : '1') + c.slice(5);

    const volunteer = await t.person('volunteer', 'FOL', 'Giulia');
    const { page, context } = await h.newPage({ cookie: volunteer.cookie });
    await startBatch(page, 'install', async (p) => {
      await p.getByLabel('Sistema operativo installato').fill('Linux Mint 22 Xfce');
    });
    // The batch says what it records in words: the field and its answer, never a raw value.
    expect(await page.locator('#batch-summary').innerText()).toContain('Installazione sistema · Sistema operativo installato: Linux Mint 22 Xfce');

    const codes = [a, `${h.baseUrl}/d/${b}`, typo, a, received, per, notErased, c.toLowerCase().replace(/-/g, '')];
    for (const code of codes) await wedge(page, code);
    const lines = await settledLines(page, codes.length);

    expect(lines.map((l) => [l.result, l.tag])).toEqual([
      ['ok', a],
      ['ok', b],
      ['fail', typo],
      ['ok', a],
      ['fail', received],
      ['fail', per],
      ['fail', notErased],
      ['ok', c],
    ]);
    expect(lines[0]!.text).toContain('Sistema installato');
    expect(lines[2]!.text).toContain('sembra digitato male');
    expect(lines[3]!.text).toContain('già registrato (doppia scansione): non ripetuto');
    expect(lines[4]!.text).toContain('«Installazione sistema» non è possibile quando il dispositivo è nello stato «Ricevuto»');
    expect(lines[5]!.text).toContain('è dell’hub DigiPASS Perugino');
    expect(lines[6]!.text).toMatch(/non ha una cancellazione riuscita|non risultano cancellati/);
    // The counters count devices: the double scan of the first one counts once.
    expect(await page.locator('#scan-counts').innerText()).toContain('3 dispositivi fatti · 4 rifiutati');

    // The double scan was applied once; the refused ones not at all.
    const events = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.events.map((e: { action: string }) => e.action);
    expect((await events(a)).filter((x: string) => x === 'install')).toHaveLength(1);
    for (const tag of [a, b, c]) expect((await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.state).toBe('installed');
    for (const tag of [received, per, notErased]) expect(await events(tag)).not.toContain('install');
    // Whoever scanned can take each install back for a while: one undo per device done (not for the replayed double scan).
    expect(await page.locator('#scan-results button').count()).toBe(3);
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    await context.close();
  });

  it('keeps up with 200 scans in a row, with a list that stays short', async () => {
    const t = h.t;
    const tags = (await donate(t, admin, 'FOL', [{ type: 'laptop', quantity: 200 }])).devices.map((d) => d.tag);
    const volunteer = await t.person('volunteer', 'FOL');
    const { page, context } = await h.newPage({ cookie: volunteer.cookie });
    await startBatch(page, 'diagnose');
    for (const tag of tags) await wedge(page, tag);
    await page.waitForFunction(() => /200 dispositivi fatti · 0 rifiutati/.test(document.getElementById('scan-counts')!.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await page.locator('#scan-results li').count()).toBe(30);
    expect(await page.locator('#scan-earlier').innerText()).toBe('e altri 170 più in alto nella serie');
    expect(await page.locator('#scan-results li .tag').first().innerText()).toBe(tags.at(-1));
    const states = await t.db.selectFrom('devices').select('state').where('tag', 'in', tags).execute();
    expect(states.every((s) => s.state === 'diagnosed')).toBe(true);
    await context.close();
  });
});
