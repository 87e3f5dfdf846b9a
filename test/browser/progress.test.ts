import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { donate } from '../support/context';
import { outsideLoopback, startBrowserHarness, type BrowserHarness } from '../support/browser';

/** Long work shows its progress in the page: an import's bar follows the run; exports and label sheets show theirs while they arrive. */
let h: BrowserHarness;
let cookie: string;
beforeAll(async () => {
  h = await startBrowserHarness();
  cookie = (await h.t.person('coordinator', 'FOL')).cookie;
});
afterAll(() => h.close());

it('imports a spreadsheet from the page: columns, dry run, a progress bar, then the summary', async () => {
  const rows = ['Categoria,Produttore,Modello,Numero di serie', ...Array.from({ length: 3000 }, (_, i) => `Notebook,Acer,TravelMate ${i % 7},BRW-${i}`), 'Server,HP,ProLiant,BRW-X'];
  const { page, context } = await h.newPage({ cookie });
  await page.goto(`${h.baseUrl}/imports`);
  await page.getByLabel(/File \(CSV o XLSX/).setInputFiles({ name: 'portatili.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\r\n')) });
  await page.getByRole('button', { name: 'Carica e guarda le colonne' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  expect(await page.getByLabel('Cosa significa la colonna «Categoria»').inputValue()).toBe('type');
  await page.getByLabel('Tipo di donatore').selectOption('company');
  await page.getByLabel('Nome', { exact: true }).fill('Acer Italia Srl');
  await page.getByRole('button', { name: 'Controlla tutte le righe (non registra nulla)' }).click();
  await page.getByText('Righe pronte: 3.000. Dispositivi che saranno registrati, ciascuno con il suo codice: 3.000.').waitFor();
  expect(await page.getByText('tipo non riconosciuto «Server»').isVisible()).toBe(true);
  let polled = 0;
  page.on('request', (r) => {
    if (/\/api\/v1\/imports\/\d+$/.test(r.url())) polled++;
  });
  await page.getByRole('button', { name: 'Importa 3.000 righe' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  expect(await page.getByLabel('Avanzamento dell’importazione').count()).toBe(1);
  // Still running when the page opens: the bar follows the run's JSON endpoint.
  expect(await page.locator('[data-progress-url]').count()).toBe(1);
  // The page follows the run by itself (nobody navigates from here on) and shows the summary when it is over.
  await page.getByText('Importazione completata. Dispositivi registrati: 3.000. Righe saltate: 1.').waitFor({ timeout: 60_000 });
  expect(polled).toBeGreaterThan(0);
  expect(await page.locator('progress').getAttribute('value')).toBe('100');
  expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
  await context.close();
});

it('shows an export’s rows arriving, and a label sheet being prepared, then saves the file', async () => {
  await donate(h.t, await h.t.token('coordinator', 'FOL'), 'FOL', [{ type: 'monitor', quantity: 40 }]);
  const { page, context } = await h.newPage({ cookie });
  await page.goto(`${h.baseUrl}/devices?type=monitor`);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^dispositivi-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(
    readFileSync((await file.path())!, 'utf8')
      .trim()
      .split('\r\n'),
  ).toHaveLength(41);
  await page.getByText('Righe ricevute: 40. File pronto').waitFor();

  const donation = (await h.t.db.selectFrom('donations').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  await page.goto(`${h.baseUrl}/labels?donation=${donation}`);
  const pdf = page.waitForEvent('download');
  await page.getByRole('link', { name: /PDF/ }).first().click();
  expect(await page.locator('#label-progress').isVisible()).toBe(true);
  const saved = await pdf;
  expect(
    readFileSync((await saved.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  await page.getByText('File pronto').waitFor();
  expect(outsideLoopback(h.requested, h.baseUrl)).toEqual([]);
  await context.close();
});
