import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTag } from '../../src/tags/tag';
import { fakeCameraArgs, labelsVideo } from '../support/camera';
import { donate } from '../support/context';
import { PHONE, outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';

/**
 * The camera in front of three labels in turn (Chromium's fake capture device playing a video of
 * them): what a volunteer sees on a 360 × 740 phone after each scan, in a batch and in a stock-take.
 */
let h: BrowserHarness;
let dir: string;
// The first three devices registered at FOL in this fresh database: the labels the camera shows.
const TAGS = [1, 2, 3].map((n) => formatTag('FOL', n));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scan-camera-'));
  const video = join(dir, 'labels.y4m');
  h = await startBrowserHarness({ chromiumArgs: fakeCameraArgs(video) });
  labelsVideo(
    video,
    TAGS.map((t) => `${h.baseUrl}/d/${t}`),
  );
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits for the result of a scan of `tag`, then returns what is on screen: the line above the camera and the counters. */
async function afterScanOf(page: Page, tag: string) {
  await page.waitForFunction((t) => [...document.querySelectorAll('#scan-results li')].some((li) => li.getAttribute('data-tag') === t && !li.classList.contains('pending')), tag, { timeout: 30_000 });
  const last = page.locator('#scan-last');
  const box = await last.boundingBox();
  return { last: await last.innerText(), inViewport: !!box && box.y >= 0 && box.y + box.height <= PHONE.height, counts: await page.locator('#scan-counts').innerText() };
}

describe('scanning with the camera on a phone', () => {
  it('a batch diagnosis: after each scan the result is above the camera, in words, and the counters count devices', async () => {
    const admin = await h.t.token('admin');
    const { devices } = await donate(h.t, admin, 'FOL', [
      { type: 'laptop', hasStorage: true },
      { type: 'monitor', hasStorage: false },
      { type: 'laptop', hasStorage: true },
    ]);
    expect(devices.map((d) => d.tag)).toEqual(TAGS);
    const volunteer = await h.t.person('volunteer', 'FOL', 'Giulia');
    const { page, context } = await h.newPage({ cookie: volunteer.cookie });
    await context.grantPermissions(['camera'], { origin: h.baseUrl });
    await page.goto(`${h.baseUrl}/scan`);
    await page.getByLabel('Applica la stessa azione a ogni dispositivo (in serie)').check();
    await page.getByLabel('Azione', { exact: true }).selectOption('diagnose');
    // The storage answer is each device's own unless chosen for all.
    expect(await page.getByLabel('Come registrato per ogni dispositivo').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Inizia la serie' }).click();
    expect(await page.locator('#batch-summary').innerText()).toContain('Esito della diagnosi: Da ricondizionare');
    await page.getByRole('button', { name: 'Usa la fotocamera' }).click();
    // The aiming frame is drawn over the camera image.
    await page.locator('#camera-video:not([hidden]) + .aim').waitFor({ timeout: 30_000 });

    for (const [i, tag] of TAGS.entries()) {
      const seen = await afterScanOf(page, tag);
      expect(seen.inViewport, `after scanning ${tag}`).toBe(true);
      expect(seen.last).toContain(tag);
      expect(seen.last).toContain('Diagnosticato');
      expect(seen.counts).toContain(i === 0 ? '1 dispositivo fatto' : `${i + 1} dispositivi fatti`);
    }
    await page.getByRole('button', { name: 'Spegni la fotocamera' }).click();
    const read = async (tag: string) => (await h.t.api('GET', `/api/v1/devices/${tag}`, admin)).json;
    expect((await read(TAGS[0]!)).hasStorage).toBe(true);
    expect((await read(TAGS[1]!)).hasStorage).toBe(false);
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    await context.close();
  });

  it('a stock-take: the lists follow each scan, the hub’s equipment has its own section, and a reload keeps the scan log', async () => {
    const admin = await h.t.token('admin');
    const coordinatorToken = await h.t.token('coordinator', 'FOL');
    const missingTag = (await donate(h.t, admin, 'FOL', [{ type: 'desktop' }])).devices[0]!.tag;
    const asset = (await h.t.api('POST', '/api/v1/assets', coordinatorToken, { hub: 'FOL', category: 'printer' })).json.tag as string;
    const st = await h.t.api('POST', '/api/v1/stocktakes', coordinatorToken, { hub: 'FOL' });
    expect(st.status).toBe(201);
    const coordinator = await h.t.person('coordinator', 'FOL', 'Anna');
    const { page, context } = await h.newPage({ cookie: coordinator.cookie });
    await context.grantPermissions(['camera'], { origin: h.baseUrl });
    await page.goto(`${h.baseUrl}/stocktakes/${st.json.id}`);
    // The printer is the hub's equipment, listed apart from the workshop's devices.
    expect(await page.locator(`#missing-asset li[data-tag="${asset}"]`).count()).toBe(1);
    expect(await page.locator(`#missing-device li[data-tag="${asset}"]`).count()).toBe(0);
    expect(await page.locator(`#missing-device li[data-tag="${TAGS[0]}"]`).count()).toBe(1);

    await page.getByRole('button', { name: 'Usa la fotocamera' }).click();
    for (const [i, tag] of TAGS.entries()) {
      const seen = await afterScanOf(page, tag);
      expect(seen.inViewport, `after scanning ${tag}`).toBe(true);
      expect(seen.last).toContain(tag);
      expect(seen.last).toContain('trovato');
      // Found at once, no longer missing: no reload needed.
      expect(await page.locator(`#found-device li[data-tag="${tag}"]`).count()).toBe(1);
      expect(await page.locator(`#missing-device li[data-tag="${tag}"]`).count()).toBe(0);
      expect(await page.locator('[data-count="found-device"]').innerText()).toBe(String(i + 1));
    }
    await page.getByRole('button', { name: 'Spegni la fotocamera' }).click();
    expect(await page.locator(`#missing-device li[data-tag="${missingTag}"]`).count()).toBe(1);

    await page.reload();
    const logged = await page.locator('#scan-results li').evaluateAll((items) => items.map((li) => li.getAttribute('data-tag')));
    for (const tag of TAGS) expect(logged).toContain(tag);
    expect(await page.locator('[data-count="found-device"]').innerText()).toBe('3');
    expect(await page.locator('[data-count="missing-asset"]').innerText()).toBe('1');
    await context.close();
  });
});
