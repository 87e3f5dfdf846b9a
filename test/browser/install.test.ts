import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { outsideLoopback, PHONE, startBrowserHarness, type BrowserHarness } from '../support/browser';

/** Rigenera on a phone's home screen: Chromium reads the manifest and finds nothing that stops installing it. */
let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h.close());

const pngSize = (b: Buffer) => ({ png: b.subarray(1, 4).toString('latin1'), width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

it('can be installed from Chromium, with its own icons in the person’s language', async () => {
  // A profile of its own: Chromium never offers to install from an incognito window, which is what a new context is.
  const profile = mkdtempSync(join(tmpdir(), 'rigenera-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p)),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale: 'it-IT',
  });
  context.on('request', (r) => h.requested.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${h.baseUrl}/login`);
  const cdp = await context.newCDPSession(page);
  const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[]; data: string };
  expect(manifest.url).toBe(`${h.baseUrl}/manifest.webmanifest`);
  expect(manifest.errors).toEqual([]);
  const data = JSON.parse(manifest.data);
  expect(data).toMatchObject({ name: 'Rigenera', display: 'standalone', start_url: '/', lang: 'it' });
  expect(data.description).toContain('dall’arrivo alla consegna');
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
  expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);

  for (const icon of data.icons as { src: string; sizes: string }[]) {
    const res = await page.request.get(new URL(icon.src, h.baseUrl).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
    const size = pngSize(await res.body());
    expect(`${size.png} ${size.width}x${size.height}`).toBe(`PNG ${icon.sizes}`);
  }
  expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(data.theme_color);
  expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});
