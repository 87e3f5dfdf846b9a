import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { donate } from '../support/context';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h.close());

describe('the device page on a 360 px phone', () => {
  it('fits the screen, puts the next step first, and applies it with one tap', async () => {
    const admin = await h.t.token('admin');
    const { devices } = await donate(h.t, admin, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240 con un nome di modello molto lungo', serial: 'CN0123456789ABCDEF' }]);
    const tag = devices[0]!.tag;
    const volunteer = await h.t.person('volunteer', 'FOL', 'Giulia');
    const { page, context } = await h.newPage({ cookie: volunteer.cookie });
    await page.goto(`${h.baseUrl}/d/${tag}`);
    expect(await page.locator('h1').innerText()).toBe(tag);
    // Nothing wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The primary next step is open and its button sits within the first two screens.
    const button = page.getByRole('button', { name: 'Conferma: Diagnosi' });
    await expect(button.isVisible()).resolves.toBe(true);
    const box = (await button.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.y).toBeLessThan(740 * 2);
    await page.getByLabel('Solo ricambi').check();
    await button.click();
    await page.waitForURL(`**/d/${tag}?done=diagnose#next-steps`);
    expect(await page.getByRole('status').innerText()).toContain('Fatto: Diagnosi.');
    expect(await page.locator('.badge').first().innerText()).toBe('Diagnosticato');
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    await context.close();
  });

  it('adds device rows on the donation form without leaving the page', async () => {
    const coordinator = await h.t.person('coordinator', 'FOL');
    const { page, context } = await h.newPage({ cookie: coordinator.cookie });
    await page.goto(`${h.baseUrl}/donations/new`);
    await page.getByLabel('Nome del donatore').fill('Studio Bianchi');
    await page.getByLabel('Modello').first().fill('ThinkPad T440');
    await page.getByRole('button', { name: 'Aggiungi un dispositivo' }).click();
    const types = page.locator('select[name$=".type"]');
    expect(await types.count()).toBe(2);
    await types.nth(1).selectOption('monitor');
    await page.locator('input[name="devices.1.quantity"]').fill('2');
    await page.getByRole('button', { name: 'Registra e assegna i codici' }).click();
    await page.waitForURL(/\/donations\/\d+\?created=1/);
    expect(await page.getByRole('status').innerText()).toContain('3 dispositivi');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
