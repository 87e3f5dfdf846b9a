import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateHistory } from '../../scripts/generate-history';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';

/** The dashboards and the public hub page on a 360 px phone: nothing wider than the screen, charts drawn, nothing fetched from outside. */
let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
  await generateHistory(h.t.db, { devices: 1200, years: 2, seed: 5 });
});
afterAll(() => h.close());

it('shows the region dashboard, a hub dashboard and the public hub page within a phone’s width', async () => {
  const region = await h.t.person('region');
  const { page } = await h.newPage({ cookie: region.cookie });
  for (const path of ['/figures/region?period=' + new Date().getUTCFullYear(), '/figures/hub/FOL', '/hubs/FOL']) {
    await page.goto(h.baseUrl + path);
    expect(await page.locator('h1').count()).toBe(1);
    if (process.env.FIGURES_SCREENSHOTS) await page.screenshot({ path: `${process.env.FIGURES_SCREENSHOTS}/${path.split('?')[0]!.replace(/\//g, '_')}.png`, fullPage: true });
    if (process.env.FIGURES_SCREENSHOTS) {
      for (const y of [0, 700, 1400])
        await page.screenshot({ path: `${process.env.FIGURES_SCREENSHOTS}/${path.split('?')[0]!.replace(/\//g, '_')}-${y}.png`, fullPage: true, clip: { x: 0, y, width: 360, height: 700 } });
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > 361)
        .slice(0, 3)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${(e.textContent ?? '').slice(0, 120)}`),
    );
    expect({ path, width, wide }).toEqual({ path, width: Math.min(width, 360), wide: [] });
    if (path.startsWith('/figures')) {
      expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(3);
      const box = await page.locator('figure.chart svg').first().boundingBox();
      expect(box!.width).toBeGreaterThan(250);
    }
  }
  expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
});
