import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrMatrix } from '../../src/labels/symbols';
import { donate } from '../support/context';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';

/**
 * A camera pointed at a label, for Chromium's fake capture device: a .y4m video whose frames show the
 * QR code of `text`, drawn from the symbol's module matrix (black modules, white quiet zone).
 */
function qrVideo(file: string, text: string) {
  const W = 640;
  const H = 480;
  const m = qrMatrix(text);
  const scale = Math.floor(360 / (m.size + 8));
  const side = (m.size + 8) * scale;
  const x0 = Math.floor((W - side) / 2);
  const y0 = Math.floor((H - side) / 2);
  const y = new Uint8Array(W * H).fill(200);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const mr = Math.floor(r / scale) - 4;
      const mc = Math.floor(c / scale) - 4;
      const dark = mr >= 0 && mc >= 0 && mr < m.size && mc < m.size && m.dark(mr, mc);
      y[(y0 + r) * W + x0 + c] = dark ? 16 : 235;
    }
  }
  const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 10 }, () => frame)]));
}

let h: BrowserHarness;
let dir: string;
let tag: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'camera-'));
  const video = join(dir, 'label.y4m');
  h = await startBrowserHarness({
    chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  // Chromium opens the video when the page asks for the camera; by then it shows the label of the
  // first device registered at FOL in this fresh database, whose URL holds the app's own address.
  tag = 'FOL-00001-N';
  qrVideo(video, `${h.baseUrl}/d/${tag}`);
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
