import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCameraArgs, labelsVideo } from '../support/camera';
import { donate } from '../support/context';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';

let h: BrowserHarness;
let dir: string;
let tag: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'camera-'));
  const video = join(dir, 'label.y4m');
  h = await startBrowserHarness({ chromiumArgs: fakeCameraArgs(video) });
  // Chromium opens the video when the page asks for the camera; by then it shows the label of the
  // first device registered at FOL in this fresh database, whose URL holds the app's own address.
  tag = 'FOL-00001-N';
  labelsVideo(video, [`${h.baseUrl}/d/${tag}`]);
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the camera on the scan page', () => {
  it('decodes a QR code from the camera with the bundled decoder and opens the device', async () => {
    const admin = await h.t.token('admin');
    const { devices } = await donate(h.t, admin, 'FOL', [{ type: 'laptop' }]);
    expect(devices[0]!.tag).toBe(tag);
    const volunteer = await h.t.person('volunteer', 'FOL');
    const { page, context } = await h.newPage({ cookie: volunteer.cookie });
    await context.grantPermissions(['camera'], { origin: h.baseUrl });
    await page.goto(`${h.baseUrl}/scan`);
    await page.getByRole('button', { name: 'Usa la fotocamera' }).click();
    await page.waitForURL(`**/d/${tag}`, { timeout: 30_000 });
    expect(await page.locator('h1').innerText()).toBe(tag);
    // The decoder came from this app (Chromium on Linux has no BarcodeDetector): script and WebAssembly.
    expect(h.requested.some((u) => u.startsWith(`${h.baseUrl}/assets/zxing_reader.wasm`))).toBe(true);
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    await context.close();
  });
});
