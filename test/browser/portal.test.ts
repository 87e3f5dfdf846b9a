import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { act, donate } from '../support/context';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';
import { approvedRequest } from '../support/partners';
import { walkTo } from '../support/walk';

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
});
afterAll(() => h.close());

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the partner portal on a 360 px phone', () => {
  it('a school asks for devices, confirms a delivery and reports a fault, without leaving the screen', async () => {
    const admin = await h.t.token('admin');
    const r = await approvedRequest(h.t, admin, 'FOL', { partnerName: 'Istituto Comprensivo Foligno 3 “Gentile da Foligno”', items: [{ type: 'laptop', quantity: 1 }] });
    const { devices } = await donate(h.t, admin, 'FOL', [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T440 con un nome di modello molto lungo', serial: 'PF0ABCDEFGHIJKLMNOP' }]);
    const tag = devices[0]!.tag;
    await walkTo(h.t, admin, tag, 'ready');
    await act(h.t, admin, tag, { action: 'reserve', request: r.id });
    const delivery = await h.t.api('POST', `/api/v1/requests/${r.id}/deliveries`, admin, { tags: [tag], title: 'loan' });
    expect(delivery.status).toBe(201);
    const school = await h.t.person('partner', undefined, 'Maria Animatrice', { partnerId: r.partner.id });

    const { page, context } = await h.newPage({ cookie: school.cookie });
    await page.goto(`${h.baseUrl}/`);
    await page.waitForURL('**/portal');
    expect(await page.locator('h1').innerText()).toContain('Gentile da Foligno');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await page.getByText('Consegne di cui confermare l’arrivo: 1').isVisible()).toBe(true);

    // A new request, typed on the phone.
    await page.getByRole('link', { name: 'Chiedi dei dispositivi' }).click();
    await page.waitForURL('**/portal/requests/new');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.locator('select[name="items.0.type"]').selectOption('tablet');
    await page.locator('input[name="items.0.quantity"]').fill('4');
    await page.getByLabel('A cosa servono').fill('Tablet per la lettura in biblioteca');
    await page.getByLabel('Quante persone ne useranno').fill('40');
    const send = page.getByRole('button', { name: 'Invia la richiesta' });
    expect((await send.boundingBox())!.width).toBeGreaterThan(300);
    await send.click();
    await page.waitForURL(/\/portal\/requests\/\d+\?done=created/);
    expect(await page.getByRole('status').innerText()).toContain('Richiesta inviata');
    expect(await page.locator('.badge').first().innerText()).toBe('Inviata');
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    // The delivery: confirm it arrived with one tap.
    await page.goto(`${h.baseUrl}/portal`);
    await page
      .getByRole('link', { name: /Consegna FOL \d+\/2026/ })
      .first()
      .click();
    await page.waitForURL(/\/portal\/deliveries\/\d+$/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await page.getByRole('link', { name: 'Contratto di comodato (PDF)' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Confermo: sono arrivati tutti (1)' }).click();
    await page.waitForURL(/\?done=received/);
    expect(await page.getByRole('status').innerText()).toContain('ricevuta confermata');
    expect(await page.getByText(/confermato da Maria Animatrice/).isVisible()).toBe(true);

    // ...and report a fault.
    await page.getByLabel('Descrivi il problema').fill('La batteria non si carica');
    await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
    await page.waitForURL(/\?done=reported/);
    expect(await page.getByText('La batteria non si carica').isVisible()).toBe(true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
    await context.close();
  });

  it('the invitation’s QR code on the coordinator’s screen opens the one-time link', async () => {
    const coordinator = await h.t.person('coordinator', 'FOL');
    const admin = await h.t.token('admin');
    const p = await h.t.api('POST', '/api/v1/partners', admin, { hub: 'FOL', kind: 'other', name: 'Ludoteca comunale', municipality: 'Foligno' });
    const { page, context } = await h.newPage({ cookie: coordinator.cookie });
    await page.goto(`${h.baseUrl}/partners/${p.json.id}`);
    // The invitation form is open when nobody has an account yet.
    await page.locator('#invite-name').fill('Sara Educatrice');
    await page.locator('#invite-email').fill('sara@example.org');
    await page.getByRole('button', { name: 'Crea il link di invito' }).click();
    const qr = page.locator('.qr');
    await qr.waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const link = (await page.locator('#invite-link').innerText()).trim();
    expect(link).toMatch(new RegExp(`^${h.baseUrl}/welcome/`));
    const file = join(mkdtempSync(join(tmpdir(), 'qr-')), 'invite.png');
    writeFileSync(file, await qr.screenshot());
    const decoded = execFileSync('zbarimg', ['--raw', '-q', file]).toString('utf8').trim();
    expect(decoded).toBe(link);
    await context.close();
  });
});
