import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { donate } from '../support/context';
import { startBrowserHarness, type BrowserHarness } from '../support/browser';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h.close());

describe('a shared hub PC after logout', () => {
  it('the back button shows no donor: the pages were never stored', async () => {
    const token = await h.t.token('coordinator', 'FOL');
    const { id } = await donate(h.t, token, 'FOL', [{ type: 'laptop' }], { kind: 'citizen', name: 'Gianna Riservata' });
    const coordinator = await h.t.person('coordinator', 'FOL');
    const { page } = await h.newPage({ cookie: coordinator.cookie });
    await page.goto(`${h.baseUrl}/donations/${id}`);
    expect(await page.content()).toContain('Gianna Riservata');
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL('**/login');
    await page.goBack();
    await page.waitForLoadState('load');
    expect(page.url()).toContain('/login');
    expect(await page.content()).not.toContain('Gianna Riservata');
  });
});
