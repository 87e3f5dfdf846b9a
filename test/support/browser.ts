/**
 * Real Chromium (Debian's package) driven by playwright-core, against the real app listening on a
 * loopback port. Every request the page makes is recorded, so tests can prove nothing left loopback.
 */
import { existsSync } from 'node:fs';
import { serveInProcess } from './server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestContext, type TestContext } from './context';

const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));

export const PHONE = { width: 360, height: 740 };

export type BrowserHarness = {
  t: TestContext;
  baseUrl: string;
  browser: Browser;
  /** Every URL any page requested, for the "nothing outside loopback" check. */
  requested: string[];
  newPage(opts?: { cookie?: string; viewport?: { width: number; height: number } }): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
};

export async function startBrowserHarness(opts: { chromiumArgs?: string[] } = {}): Promise<BrowserHarness> {
  if (!CHROMIUM) throw new Error('Chromium not found: install the chromium package (bash .ci/run does).');
  // The app must know its own public URL (QR codes, links), so the port is chosen first.
  const port = await import('./postgres-server').then((m) => m.freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestContext({ env: { PUBLIC_BASE_URL: baseUrl }, realClock: true });
  const { server, url } = await serveInProcess(t.app.fetch, port);
  if (url !== baseUrl) throw new Error('port changed');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(opts.chromiumArgs ?? [])],
  });
  const requested: string[] = [];
  return {
    t,
    baseUrl,
    browser,
    requested,
    async newPage(o = {}) {
      const context = await browser.newContext({ viewport: o.viewport ?? PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'it-IT' });
      if (o.cookie) {
        const cookies = o.cookie.split(';').map((kv) => kv.trim().split('='));
        await context.addCookies(cookies.map(([name, value]) => ({ name: name!, value: value!, url: baseUrl })));
      }
      context.on('request', (r) => requested.push(r.url()));
      return { page: await context.newPage(), context };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/** Requests to anything but this app on loopback (data: and blob: URLs stay inside the page). */
export function outsideLoopback(requested: string[], baseUrl: string): string[] {
  return requested.filter((u) => !u.startsWith(baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:'));
}
