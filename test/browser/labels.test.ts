import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { donate } from '../support/context';
import { startBrowserHarness, type BrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h.close());

describe('the labels page on a phone', () => {
  it('downloads what the form shows: a new format or start position is in the download link at once, without pressing Update', async () => {
    const admin = await h.t.token('admin');
    const { devices } = await donate(h.t, admin, 'FOL', [{ type: 'laptop', quantity: 2 }]);
    const coordinator = await h.t.person('coordinator', 'FOL');
    const { page, context } = await h.newPage({ cookie: coordinator.cookie });
    await page.goto(`${h.baseUrl}/labels?tags=${devices.map((d) => d.tag).join(',')}`);
    const download = page.locator('#label-download');
    expect(await download.getAttribute('href')).toContain('format=a4-3x7');
    await page.locator('#start').fill('20');
    expect(await download.getAttribute('href')).toContain('start=20');
    await page.locator('#format').selectOption('ql-62x29');
    await page.waitForURL(/format=ql-62x29/);
    expect(await page.locator('#label-download').getAttribute('href')).toContain('format=ql-62x29');
    const file = await page.evaluate(
      async (href) => {
        const r = await fetch(href!, { credentials: 'same-origin' });
        return r.headers.get('content-disposition');
      },
      await page.locator('#label-download').getAttribute('href'),
    );
    expect(file).toContain('ql-62x29');
    await context.close();
  });
});
