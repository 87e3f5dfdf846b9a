import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_MAX_AGE_MS } from '../src/figures/dashboard-cache';
import { act, createTestContext, donate, type TestContext } from './support/context';

/**
 * Dashboards are rendered once and served again (see src/figures/dashboard-cache.ts): a change to a
 * quarter's totals shows at once, a change to the stock alone within a minute, and each language
 * and period has its own page.
 */
let t: TestContext;
let token: string;
let cookie: string;

beforeAll(async () => {
  t = await createTestContext();
  token = await t.token('coordinator', 'FOL');
  cookie = (await t.person('region')).cookie;
});
afterAll(() => t.close());

/** The dashboard's own part of the page (the layout around it carries per-request tokens). */
async function dashboard(path: string, lang?: string) {
  if (lang) expect((await t.form('/lang', cookie, { locale: lang, back: '/' })).status).toBe(303);
  const res = await t.app.request(path, { headers: { cookie } });
  expect(res.status).toBe(200);
  const html = await res.text();
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'));
}

describe('the dashboards', () => {
  it('show a change to the totals at once, the stock within a minute', async () => {
    await donate(t, token, 'FOL', [{ type: 'laptop', hasStorage: true }]);
    const first = await dashboard('/figures/region');
    expect(first).toMatch(/FOL|Foligno/);

    // Another donation moves this quarter's totals: the next page shows it.
    const tag = (await donate(t, token, 'FOL', [{ type: 'laptop', hasStorage: true }])).devices[0]!.tag;
    const second = await dashboard('/figures/region');
    expect(second).not.toBe(first);

    // A diagnosis moves only the stock: the same page for a minute, then the new stock.
    const r = await act(t, token, tag!, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    expect(r.status, r.text).toBeLessThan(300);
    expect(await dashboard('/figures/region')).toBe(second);
    t.clock.advance(DASHBOARD_MAX_AGE_MS + 1000);
    cookie = (await t.person('region')).cookie;
    expect(await dashboard('/figures/region')).not.toBe(second);
  });

  it('keeps one page per language, period and hub', async () => {
    const it = await dashboard('/figures/region?period=2026-Q1', 'it');
    const en = await dashboard('/figures/region?period=2026-Q1', 'en');
    expect(it).not.toBe(en);
    expect(await dashboard('/figures/region?period=2025-Q4', 'it')).not.toBe(it);
    const hub = await dashboard('/figures/hub/FOL?period=2026-Q1', 'it');
    expect(hub).not.toBe(it);
    expect(await dashboard('/figures/hub/PER?period=2026-Q1', 'it')).not.toBe(hub);
  });
});
