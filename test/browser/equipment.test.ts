import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';

let h: BrowserHarness;
let coordinator: string;
beforeAll(async () => {
  h = await startBrowserHarness();
  coordinator = await h.t.token('coordinator', 'FOL', 'Banco FOL');
});
afterAll(() => h.close());

/** What a USB keyboard-wedge scanner does: types the code fast into the focused field, then Enter. */
async function wedge(page: Page, code: string) {
  await page.keyboard.type(code, { delay: 2 });
  await page.keyboard.press('Enter');
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the hub’s equipment on a 360 px phone', () => {
  it('lends a laptop by scanning its label and takes it back with one scan', async () => {
    const t = h.t;
    const tag = (await t.api('POST', '/api/v1/assets', coordinator, { category: 'laptop', make: 'Lenovo', model: 'ThinkPad E14', features: ['free_os'], location: 'Armadio' })).json.tag as string;
    const volunteer = await t.person('volunteer', 'FOL', 'Giulia');
    const { page, context } = await h.newPage({ cookie: volunteer.cookie });

    // Scanning the label (as a wedge scanner types its URL) opens the asset. Lending is offered but never
    // the primary step: folded, it says the asset leaves the hub with the borrower, and asks for a tick.
    await page.goto(`${h.baseUrl}/scan`);
    await wedge(page, `${h.baseUrl}/d/${tag}`);
    await page.waitForURL(`${h.baseUrl}/equipment/assets/${tag}`);
    expect(await page.locator('h1').innerText()).toBe(tag);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const lendCard = page.locator('#action-lend');
    expect(await lendCard.getAttribute('class')).not.toContain('primary');
    expect(await lendCard.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator('details.primary').count()).toBe(0);
    await lendCard.locator('summary').click();
    expect(await page.locator('#warn-lend').innerText()).toContain('il bene esce dall’hub');
    await page.getByLabel('Coworker').check();
    await page.getByLabel('Nome').fill('Marco B.');
    await page.getByLabel('Documento visto').selectOption('id_card');
    // The due time is filled in for a loan for the day (19:00 at the hub, or tomorrow evening).
    expect(await page.getByLabel('Da restituire entro').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T19:00$/);
    const lend = page.getByRole('button', { name: 'Conferma: Presta' });
    expect((await lend.getAttribute('class')) ?? '').not.toContain('big');
    // Without the tick the browser does not send the form.
    await lend.click();
    expect(page.url()).toBe(`${h.baseUrl}/equipment/assets/${tag}`);
    await page.locator('#confirm-lend').check();
    await lend.click();
    await page.waitForURL(/done=lend/);
    // On loan, taking it back is the step forward, first and open.
    expect(await page.locator('details.primary').getAttribute('id')).toBe('action-return');
    expect(await page.getByRole('status').innerText()).toContain('Fatto: Presta.');
    expect(await page.locator('#current-loan-box').innerText()).toContain('Marco B.');
    expect(await page.locator('.badge').first().innerText()).toBe('In prestito');
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    // The receipt can be shown on the phone, with the conditions of use.
    await page.getByRole('link', { name: 'Ricevuta del prestito' }).click();
    expect(await page.locator('#conditions li').count()).toBe(6);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    // Back at the desk: a batch of returns, one scan each.
    await page.goto(`${h.baseUrl}/scan`);
    await page.getByLabel('Applica la stessa azione a ogni dispositivo (in serie)').check();
    await page.getByLabel('Azione', { exact: true }).selectOption('asset-return');
    await page.getByRole('button', { name: 'Inizia la serie' }).click();
    await page.locator('#batch-running').waitFor();
    await wedge(page, tag);
    await page.waitForFunction(() => !!document.querySelector('#scan-results li[data-result]'));
    const line = page.locator('#scan-results li').first();
    expect(await line.getAttribute('data-result')).toBe('ok');
    expect(await line.innerText()).toContain('In servizio');
    // The same label scanned again in the batch is applied once.
    await wedge(page, tag);
    await page.waitForFunction(() => document.querySelectorAll('#scan-results li[data-result]').length === 2);
    expect(await page.locator('#scan-results li').first().innerText()).toContain('già registrato');

    const asset = (await t.api('GET', `/api/v1/assets/${tag}`, coordinator)).json;
    expect(asset.state).toBe('in_service');
    expect(asset.events.map((e: { action: string }) => e.action)).toEqual(['register', 'lend', 'return']);
    expect(asset.loans[0]).toMatchObject({ borrower: { kind: 'coworker', name: 'Marco B.', document: 'id_card' } });
    expect(asset.loans[0].returnedAt).not.toBeNull();

    // The hub's page and the register fit the phone too.
    for (const path of ['/', '/equipment', '/equipment/kit', '/equipment/loans']) {
      await page.goto(`${h.baseUrl}${path}`);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
    }
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    await context.close();
  });

  it('lends three laptops to a trainer in one batch of scans, a tablet of another hub refused', async () => {
    const t = h.t;
    const tags: string[] = [];
    for (let i = 0; i < 3; i++) tags.push((await t.api('POST', '/api/v1/assets', coordinator, { category: 'laptop' })).json.tag);
    const other = (await t.api('POST', '/api/v1/assets', await t.token('coordinator', 'PER'), { category: 'tablet' })).json.tag as string;
    const volunteer = await t.person('volunteer', 'FOL');
    const { page, context } = await h.newPage({ cookie: volunteer.cookie });
    await page.goto(`${h.baseUrl}/scan`);
    await page.getByLabel('Applica la stessa azione a ogni dispositivo (in serie)').check();
    await page.getByLabel('Azione', { exact: true }).selectOption('asset-lend');
    await page.getByLabel('Formatore').check();
    await page.getByLabel('Nome').fill('Corso Excel, F. Neri');
    await page.getByRole('button', { name: 'Inizia la serie' }).click();
    await page.locator('#batch-running').waitFor();
    for (const tag of [...tags, other]) await wedge(page, tag);
    await page.waitForFunction(() => document.querySelectorAll('#scan-results li[data-result]').length === 4);
    const results = await page.locator('#scan-results li').evaluateAll((items) => items.map((li) => [li.getAttribute('data-result'), li.textContent ?? '']).reverse());
    expect(results.map((r) => r[0])).toEqual(['ok', 'ok', 'ok', 'fail']);
    expect(results[3]![1]).toContain('è dell’hub DigiPASS Perugino');
    for (const tag of tags) expect((await t.api('GET', `/api/v1/assets/${tag}`, coordinator)).json.loan.borrower).toMatchObject({ kind: 'trainer', name: 'Corso Excel, F. Neri' });
    await context.close();
  });
});
