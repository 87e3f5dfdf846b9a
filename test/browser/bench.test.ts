import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, donate } from '../support/context';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';
import { DELL, NWIPE_LOG, SAMPLES, sample, sampleJson } from '../support/samples';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h.close());

describe('the bench on a 360 px phone', () => {
  it('shows the specs, takes the nwipe log as a file, and shows each disk erased', async () => {
    const token = await h.t.token('coordinator', 'FOL');
    const { devices } = await donate(h.t, token, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240' }]);
    const tag = devices[0]!.tag;
    await h.t.api('POST', `/api/v1/devices/${tag}/hardware-reports`, token, { lshw: sampleJson(DELL.lshw), dmidecode: sample(DELL.dmidecode) });
    await act(h.t, token, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    const volunteer = await h.t.person('volunteer', 'FOL', 'Giulia');
    const { page, context } = await h.newPage({ cookie: volunteer.cookie });
    await page.goto(`${h.baseUrl}/d/${tag}`);
    expect(await page.locator('#specs').innerText()).toBe('Caratteristiche');
    expect(await page.getByText('Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz').isVisible()).toBe(true);
    // Erasing is the next step: its log upload is already open, first under the device's state.
    expect(await page.locator('#erasure-log').getAttribute('open')).not.toBeNull();
    await page.getByLabel('File di log').setInputFiles(join(SAMPLES, NWIPE_LOG));
    await page.getByRole('button', { name: 'Carica il log' }).click();
    await page.waitForURL(`**/d/${tag}/erasure-logs`);
    // The log's disks are not the report's: the answer says so, disk by disk, and which disks still need erasing.
    const answer = await page.locator('main').innerText();
    expect(answer).toContain('Il log non vale come prova per questo dispositivo');
    expect(answer).toContain('Il disco WD-WXC1A14S2591 (WDC WD3200LPVX-6) non è tra i dischi di questo dispositivo.');
    expect(await page.locator('#erasure').locator('..').innerText()).toContain('Da cancellare: TW0XXM305508539G1361, S33HNX0J203755R.');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 8)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${(e.textContent ?? '').slice(0, 60)}`),
    );
    expect(overflow, wide.join('\n')).toBeLessThanOrEqual(0);
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    await context.close();
  });
});
