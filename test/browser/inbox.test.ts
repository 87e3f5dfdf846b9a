import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';

/**
 * The inbox on a phone: the unread count in the menu, the list, and an entry tapped open; WCAG 2.1 AA
 * (no serious or critical axe-core violation) and nothing loaded from outside.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let h: BrowserHarness;
let cookie: string;

beforeAll(async () => {
  h = await startBrowserHarness();
  cookie = (await h.t.person('coordinator', 'FOL', 'Chiara Coordinatrice')).cookie;
  for (const [name, town] of [
    ['Scuola Primaria Mameli', 'Foligno'],
    ['Associazione Anziani Attivi', 'Spello'],
  ]) {
    const r = await h.t.form('/partners/apply', null, {
      hub: 'FOL',
      kind: 'other',
      name: name!,
      municipality: town!,
      'contact.name': 'Referente',
      'contact.email': `${town}@example.org`,
      privacy: 'true',
    });
    if (r.status !== 201) throw new Error(`apply: ${r.status}`);
  }
});
afterAll(() => h.close());

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

describe('the inbox on a phone', () => {
  it('shows the unread count in the menu, lists the notices, and opens one where it points', async () => {
    const { page, context } = await h.newPage({ cookie });
    await page.goto(`${h.baseUrl}/devices`);
    const menu = page.locator('nav a[href="/inbox"]');
    await expect(menu.innerText()).resolves.toMatch(/Messaggi\s*2/);
    await menu.click();
    await page.waitForURL(`${h.baseUrl}/inbox`);
    await expect(page.locator('ul.inbox li').count()).resolves.toBe(2);
    await expect(page.locator('h1').innerText()).resolves.toBe('Messaggi');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/rigenera-inbox-phone.png', fullPage: true });

    await page.locator('ul.inbox a', { hasText: 'Scuola Primaria Mameli' }).click();
    await page.waitForURL(/\/partners\/\d+$/);
    await expect(page.locator('h1').innerText()).resolves.toContain('Scuola Primaria Mameli');
    await expect(page.locator('nav a[href="/inbox"]').innerText()).resolves.toMatch(/Messaggi\s*1/);
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    await context.close();
  });
});
