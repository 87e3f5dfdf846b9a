import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImport, kick, saveMapping, startImport } from '../../src/imports/service';
import { act, donate } from '../support/context';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';
import { approvedRequest } from '../support/partners';
import { walkTo } from '../support/walk';

/**
 * WCAG 2.1 AA with axe-core (from npm) in Chromium, on the pages people use most, on a phone and on a
 * desktop: no serious or critical violation. Then the keyboard: a visible focus, a skip link first,
 * and a login and an intake done without a pointer.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 900 };

let h: BrowserHarness;
const people: Record<string, string> = {};
let tag: string;
let deliveryId: number;
let importChecked: number;
let importDone: number;

beforeAll(async () => {
  h = await startBrowserHarness();
  const admin = await h.t.token('admin');
  people.coordinator = (await h.t.person('coordinator', 'FOL', 'Chiara Coordinatrice')).cookie;
  people.region = (await h.t.person('region')).cookie;
  people.admin = (await h.t.person('admin')).cookie;
  const r = await approvedRequest(h.t, admin, 'FOL', { partnerName: 'Scuola Media Piermarini', items: [{ type: 'laptop', quantity: 3 }] });
  people.partner = (await h.t.person('partner', undefined, 'Maestra Lina', { partnerId: r.partner.id })).cookie;
  const tags = (
    await donate(h.t, admin, 'FOL', [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T440', serial: 'A11Y-1', weightKg: 2.1 }, { type: 'laptop' }, { type: 'monitor', quantity: 2 }])
  ).devices.map((d) => d.tag);
  tag = tags[0]!;
  await walkTo(h.t, admin, tags[1]!, 'ready');
  await act(h.t, admin, tags[1]!, { action: 'reserve', request: r.id });
  deliveryId = (await h.t.api('POST', `/api/v1/requests/${r.id}/deliveries`, admin, { tags: [tags[1]], title: 'loan' })).json.id;
  await walkTo(h.t, admin, tags[2]!, 'diagnosed');
  // Two spreadsheet imports: one checked with a problem row, one finished with a skipped row.
  const coordinator = await h.t.db.selectFrom('users').select(['id', 'hub_id']).where('name', '=', 'Chiara Coordinatrice').executeTakeFirstOrThrow();
  const actor = { kind: 'user' as const, id: coordinator.id, role: 'coordinator' as const, hubId: coordinator.hub_id, partnerId: null, name: 'Chiara' };
  const file = new TextEncoder().encode('Categoria,Marca,Seriale,Asset Tag\r\nLaptops,Dell,IMP-1,A-1\r\nServers,HP,IMP-2,A-2\r\n');
  for (const which of ['checked', 'done'] as const) {
    const id = await createImport(h.t.ctx, actor, { fileName: `${which}.csv`, bytes: file });
    await saveMapping(h.t.ctx, actor, id, { columns: ['type', 'brand', 'serial', 'note'], donorKind: 'company', donorName: 'Dell Italia' }, 'it');
    if (which === 'done') {
      await startImport(h.t.ctx, actor, id, { locale: 'it' });
      await kick(h.t.ctx, id, actor, { locale: 'it' });
      importDone = id;
    } else importChecked = id;
  }
});
afterAll(() => h.close());

type Violation = { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] };

async function axe(page: Page): Promise<Violation[]> {
  // Evaluated through the debugging protocol: the page's own CSP (script-src 'self') stays as it is.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: Violation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
}

const PAGES: { name: string; path: () => string; as: string | null }[] = [
  { name: 'login', path: () => '/login', as: null },
  { name: 'public passport', path: () => `/d/${tag}`, as: null },
  { name: 'public hub page', path: () => '/hubs/FOL', as: null },
  { name: 'API reference', path: () => '/api-reference', as: null },
  { name: 'home', path: () => '/', as: 'coordinator' },
  { name: 'device page', path: () => `/d/${tag}`, as: 'coordinator' },
  { name: 'scan page', path: () => '/scan', as: 'coordinator' },
  { name: 'device list', path: () => '/devices', as: 'coordinator' },
  { name: 'intake form', path: () => '/donations/new', as: 'coordinator' },
  { name: 'donations', path: () => '/donations', as: 'coordinator' },
  { name: 'spreadsheet import', path: () => '/imports', as: 'coordinator' },
  { name: 'import columns and dry run', path: () => `/imports/${importChecked}`, as: 'coordinator' },
  { name: 'import summary', path: () => `/imports/${importDone}`, as: 'coordinator' },
  { name: 'requests', path: () => '/requests', as: 'coordinator' },
  { name: 'labels', path: () => `/labels?tags=${tag}`, as: 'coordinator' },
  { name: 'hub dashboard', path: () => '/figures/hub/FOL', as: 'coordinator' },
  { name: 'region dashboard', path: () => '/figures/region', as: 'region' },
  { name: 'API tokens', path: () => '/tokens', as: 'admin' },
  { name: 'partner portal', path: () => '/portal', as: 'partner' },
  { name: 'partner delivery', path: () => `/portal/deliveries/${deliveryId}`, as: 'partner' },
];

describe('WCAG 2.1 AA with axe-core', () => {
  it('finds what it should: an unlabelled field and pale text fail the check', async () => {
    const { page, context } = await h.newPage();
    await page.goto(`${h.baseUrl}/login`);
    await page.evaluate(() => {
      const main = document.querySelector('main')!;
      main.insertAdjacentHTML('beforeend', '<input type="text" name="x">');
      // Set through the CSSOM: the page's CSP refuses inline style attributes.
      const pale = document.createElement('p');
      pale.textContent = 'pallido';
      pale.style.color = '#bbb';
      main.append(pale);
    });
    expect((await axe(page)).map((v) => v.id).sort()).toEqual(['color-contrast', 'label']);
    await context.close();
  });

  for (const viewport of [undefined, DESKTOP]) {
    it(`has no serious or critical violation on the main pages (${viewport ? 'desktop' : '360 px phone'})`, async () => {
      const found: Record<string, Violation[]> = {};
      for (const p of PAGES) {
        const { page, context } = await h.newPage({ cookie: p.as ? people[p.as] : undefined, viewport });
        const res = await page.goto(h.baseUrl + p.path());
        expect(res!.status(), p.name).toBe(200);
        const violations = await axe(page);
        if (violations.length) found[p.name] = violations;
        await context.close();
      }
      expect(found).toEqual({});
      expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    });
  }
});

describe('from the keyboard', () => {
  it('starts with a skip link, shows where the focus is, and logs in without a pointer', async () => {
    const person = await h.t.person('coordinator', 'FOL', 'Tastiera');
    const { page, context } = await h.newPage({ viewport: DESKTOP });
    await page.goto(`${h.baseUrl}/hubs/FOL`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    // The focused element is outlined: the ring is visible, not just the browser's default.
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.skip').boundingBox()).not.toBeNull();
    await page.keyboard.press('Enter');
    // The browser reports the in-page navigation a moment after the key press: ask until it has.
    await expect.poll(() => page.url()).toMatch(/#main$/);

    // The login form puts the keyboard in its first field.
    await page.goto(`${h.baseUrl}/login`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await page.keyboard.type(person.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(person.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.baseUrl}/`);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Dispositivi' }).isVisible()).toBe(true);
    await context.close();
  });

  it('registers a donation with the keyboard alone', async () => {
    const { page, context } = await h.newPage({ cookie: people.coordinator, viewport: DESKTOP });
    await page.goto(`${h.baseUrl}/donations/new`);
    const labelled = await page.evaluate(
      () =>
        [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')].filter((el) => {
          const id = el.getAttribute('id');
          return !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (id && document.querySelector(`label[for="${id}"]`)) || el.closest('label'));
        }).length,
    );
    expect(labelled).toBe(0);
    await page.locator('main select, main input:not([type=hidden])').first().focus();
    // Walk the form with Tab, typing into the fields that need it.
    for (let i = 0; i < 40; i++) {
      const field = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el ? { name: el.name, tag: el.tagName, type: el.type } : null;
      });
      if (field?.name === 'donor.name') await page.keyboard.type('Tastiera Srl');
      if (field?.name === 'devices.0.brand') await page.keyboard.type('Fujitsu');
      if (field?.tag === 'BUTTON' && field.type === 'submit' && (await page.evaluate(() => (document.activeElement as HTMLElement).textContent?.includes('Registra')))) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/donations\/\d+\?created=1/);
    expect(await page.getByText('Donazione registrata').first().isVisible()).toBe(true);
    await context.close();
  });
});
