import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type Person, type TestContext } from './support/context';
import { walkTo } from './support/walk';

/**
 * The documents an Italian public office accepts: the programme's and the hubs' identity, edited by
 * the people who own it; the DDT, comodato and return receipt in full and in Italian; and every kind
 * of document drawn by the one engine, checked with poppler's own tools.
 */
let t: TestContext;
let admin: Person;
let coordinator: Person;
let coordToken: string;
let adminToken: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.person('admin', undefined, 'Amministratrice');
  coordinator = await t.person('coordinator', 'FOL', 'Carla Coordinatrice');
  coordToken = await t.token('coordinator', 'FOL');
  adminToken = await t.token('admin');
});
afterAll(() => t.close());

const text = (pdf: Buffer, page?: number) =>
  execFileSync('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), '-', '-'], { input: pdf })
    .toString('utf8')
    .replace(/\u00a0/g, ' ');
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

async function pdf(path: string, cookie: string): Promise<Buffer> {
  const res = await t.app.request(path, { headers: { cookie } });
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return Buffer.from(await res.arrayBuffer());
}

/** A school with what its documents need, an approved request, and laptops reserved for it (one with a 14″ screen). */
async function schoolWithReservedLaptops(name: string, code: string, extra: Record<string, unknown>, count: number, purpose = 'Portatili per la 3B… e la 3C') {
  const partner = await t.api('POST', '/api/v1/partners', coordToken, { hub: 'FOL', kind: 'school', name, code, address: 'Via dei Monasteri 11', municipality: 'Foligno', province: 'PG', ...extra });
  expect(partner.status, partner.text).toBe(201);
  const request = await t.api('POST', '/api/v1/requests', coordToken, { partner: partner.json.id, items: [{ type: 'laptop', quantity: count }], purpose, beneficiaries: { count: 25 } });
  expect(request.status, request.text).toBe(201);
  expect((await t.api('POST', `/api/v1/requests/${request.json.id}/decision`, coordToken, { decision: 'approve' })).status).toBe(200);
  const { devices } = await donate(
    t,
    coordToken,
    'FOL',
    Array.from({ length: count }, (_, i) => ({ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T440', serial: `SN-${code}-${i}` })),
  );
  const tags = devices.map((d) => d.tag);
  for (const tag of tags) await walkTo(t, coordToken, tag, 'ready');
  const first = await t.db.selectFrom('devices').select('id').where('tag', '=', tags[0]!).executeTakeFirstOrThrow();
  await t.db
    .insertInto('device_specs')
    .values({
      device_id: first.id,
      report_id: null,
      manufacturer: 'LENOVO',
      model: 'ThinkPad T440',
      serial: null,
      chassis: 'notebook',
      cpu_model: 'Intel Core i5-4300U',
      cpu_cores: 2,
      cpu_threads: 4,
      cpu_64bit: 1,
      ram_mb: 8192,
      storage_gb: 256,
      has_ssd: 1,
      disk_count: 1,
      screen_inches: 14,
      battery_health_pct: 80,
      specs: '{}',
      updated_at: new Date().toISOString(),
    })
    .execute();
  const reserved = await t.api('POST', `/api/v1/requests/${request.json.id}/reservations`, coordToken, { tags });
  expect(reserved.status, reserved.text).toBe(200);
  return { partnerId: partner.json.id as number, requestId: request.json.id as number, tags };
}

describe('a document made before anyone filled in the identity', () => {
  it('says what is missing and who can fill it in, instead of printing a dash', async () => {
    const { requestId, tags } = await schoolWithReservedLaptops('Istituto Comprensivo Spello', 'PGIC81500B', {}, 1);
    const r = await t.api('POST', `/api/v1/requests/${requestId}/deliveries`, coordToken, { tags, title: 'loan' });
    expect(r.status, r.text).toBe(201);
    const ddt = oneLine(text(await pdf(`/deliveries/${r.json.id}/ddt.pdf`, coordinator.cookie)));
    expect(ddt).toContain('Documento incompleto.');
    expect(ddt).toContain('Mancano: ente che gestisce il programma, codice fiscale o partita IVA dell’ente, indirizzo dell’ente (li inserisce un amministratore nella pagina Programma).');
    expect(ddt).toContain('Mancano: indirizzo dell’hub, responsabile dell’hub (li inserisce il coordinatore dell’hub nella pagina Dati dell’hub).');
    expect(ddt).toContain('codice fiscale dell’organizzazione destinataria');
    expect(ddt).toContain('[manca: indirizzo dell’hub]');
    expect(ddt).not.toContain('—');
    const comodato = oneLine(text(await pdf(`/deliveries/${r.json.id}/comodato.pdf`, coordinator.cookie)));
    expect(comodato).toContain('foro competente, titolare del trattamento dei dati, contatto per la privacy');
    expect(comodato).toContain('è competente in via esclusiva il foro di [manca: foro competente]');
  });
});

describe('the programme and hub identity', () => {
  it('only an administrator edits the programme; a wrong check digit is refused in the user’s language and nothing is written', async () => {
    const bad = await t.form('/programme', admin.cookie, { name: 'DigiPASS Umbria', taxCode: '94000120547' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('il codice fiscale non è valido: il carattere di controllo non torna');
    expect(await t.count('programme')).toBe(0);
    const en = await t.api('PUT', '/api/v1/programme', adminToken, { name: 'DigiPASS Umbria', pec: 'not an address' }, { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect(en.text).toContain('PEC');
    expect((await t.form('/programme', coordinator.cookie, { name: 'Presa' })).status).toBe(403);
    const long = await t.api('PUT', '/api/v1/programme', adminToken, { name: 'x'.repeat(121) });
    expect(long.status).toBe(422);
    expect((await t.api('PUT', '/api/v1/programme', coordToken, { name: 'Presa' })).status).toBe(403);

    const ok = await t.form('/programme', admin.cookie, {
      name: 'DigiPASS Umbria',
      bodyName: 'Comunità Montana dei Monti Martani',
      taxCode: ' 94000 120546 ',
      address: 'Piazza della Repubblica 1, 06034 Foligno (PG)',
      pec: 'digipass@pec.example.org',
      legalRepresentative: 'Anna Verdi',
      privacyController: 'Comunità Montana dei Monti Martani',
      privacyContact: 'dpo@example.org',
      court: 'Perugia',
    });
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('Dati del programma salvati.');
    const read = await t.api('GET', '/api/v1/programme', coordToken);
    expect(read.json).toMatchObject({ name: 'DigiPASS Umbria', taxCode: '94000120546', court: 'Perugia' });
  });

  it('a coordinator edits their own hub, never another; an administrator any', async () => {
    expect((await t.api('PUT', '/api/v1/hubs/PER/identity', coordToken, { address: 'Altrove 1' })).status).toBe(403);
    const bad = await t.form('/hubs/FOL/identity', coordinator.cookie, { phone: '<script>' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('scrivi il numero con cifre');
    const saved = await t.form('/hubs/FOL/identity', coordinator.cookie, {
      address: 'Via Garibaldi 12',
      email: 'digipass.foligno@example.org',
      phone: '+39 0742 000000',
      openingHours: 'lun–ven 9–13',
      responsible: 'Maria Rossi',
    });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Dati dell’hub salvati.');
    const per = await t.api('PUT', '/api/v1/hubs/PER/identity', adminToken, { address: 'Via Mazzini 3', email: 'digipass.perugia@example.org', phone: '075 000000', responsible: 'Luca Bianchi' });
    expect(per.status, per.text).toBe(200);
    expect(per.json).toMatchObject({ code: 'PER', address: 'Via Mazzini 3', responsible: 'Luca Bianchi', openingHours: null });
    // The public passport's "Serve aiuto?" box and the hub's public page show them.
    const { devices } = await donate(t, coordToken, 'FOL', [{ type: 'laptop' }]);
    const passport = await t.page(`/d/${devices[0]!.tag}`);
    expect(passport.html).toContain('digipass.foligno@example.org');
    expect(passport.html).toContain('lun–ven 9–13');
    expect((await t.page('/hubs/FOL')).html).toContain('lun–ven 9–13');
  });
});

describe('the delivery documents in full', () => {
  let deliveryId: number;
  let tags: string[];
  let partnerId: number;

  it('name both parties in full, the place and date of signature, and the declared values with their total, in Italian for an English reader', async () => {
    const school = await schoolWithReservedLaptops('Istituto Comprensivo Foligno 1', 'PGIC81200X', { taxCode: '91012340542', representative: 'Prof.ssa Elena Conti' }, 3);
    ({ tags, partnerId } = school);
    const values = { [tags[0]!]: 150, [tags[1]!.toLowerCase()]: '89,50' };
    const r = await t.api('POST', `/api/v1/requests/${school.requestId}/deliveries`, coordToken, { tags, title: 'loan', loanUntil: '2027-06-30', values });
    expect(r.status, r.text).toBe(201);
    deliveryId = r.json.id;
    // A coordinator who reads the app in English.
    const englishReader = await t.person('coordinator', 'FOL', 'Coordinatrice inglese');
    expect((await t.form('/lang', englishReader.cookie, { locale: 'en', back: '/' })).status).toBe(303);
    const english = englishReader.cookie;

    const ddt = oneLine(text(await pdf(`/deliveries/${deliveryId}/ddt.pdf`, english)));
    for (const s of [
      'Documento di consegna n.',
      'Comunità Montana dei Monti Martani (programma DigiPASS Umbria)',
      'C.F./P.IVA 94000120546 · PEC digipass@pec.example.org',
      'sede: Piazza della Repubblica 1, 06034 Foligno (PG)',
      'Hub DigiPASS Foligno: Via Garibaldi 12, Foligno (PG)',
      'responsabile dell’hub: Maria Rossi',
      'Codice meccanografico PGIC81200X',
      'C.F. 91012340542',
      'dirigente scolastico: Prof.ssa Elena Conti',
      'Valore',
      '(€)',
      '150,00',
      '89,50',
      'Totale',
      '239,50',
      'Luogo e data di sottoscrizione: Foligno, 10/03/2026',
      '14″',
    ]) {
      expect(ddt, s).toContain(s);
    }
    expect(ddt).not.toContain('Documento incompleto');
    expect(ddt).not.toContain('Delivery note');

    const comodato = oneLine(text(await pdf(`/deliveries/${deliveryId}/comodato.pdf`, english)));
    for (const s of [
      'Contratto di comodato d’uso gratuito',
      'in persona di Prof.ssa Elena Conti',
      'Art. 2 · Durata',
      '30/06/2027',
      'Art. 5 · Perdita e danni',
      'Art. 6 · Restituzione alla scadenza',
      'all’hub DigiPASS Foligno (Via Garibaldi 12, Foligno)',
      'Art. 8 · Foro competente',
      'è competente in via esclusiva il foro di Perugia',
      'Art. 9 · Informativa sul trattamento dei dati personali',
      'il titolare del trattamento è Comunità Montana dei Monti Martani, contattabile a dpo@example.org',
      'Luogo e data di sottoscrizione: Foligno, 10/03/2026',
    ]) {
      expect(comodato, s).toContain(s);
    }

    // The English reading copy is offered beside, and says what it is.
    const copy = oneLine(text(await pdf(`/deliveries/${deliveryId}/comodato.pdf?copy=en`, english)));
    expect(copy).toContain('English reading copy, with no legal value: the valid document is the Italian one.');
    expect(copy).toContain('Art. 5 · Loss and damage');
    const page = await t.page(`/deliveries/${deliveryId}`, english);
    expect(page.html).toContain(`/deliveries/${deliveryId}/comodato.pdf?copy=en`);
  });

  it('refuses a declared value for a device that is not delivered, and a value out of bounds, writing nothing', async () => {
    const school = await schoolWithReservedLaptops('Liceo Marconi', 'PGPS02000A', {}, 1);
    const before = await t.count('deliveries');
    const notHere = await t.api('POST', `/api/v1/requests/${school.requestId}/deliveries`, coordToken, { tags: school.tags, title: 'donation', values: { [tags[0]!]: 10 } });
    expect(notHere.status).toBe(422);
    const tooMuch = await t.api('POST', `/api/v1/requests/${school.requestId}/deliveries`, coordToken, { tags: school.tags, title: 'donation', values: { [school.tags[0]!]: 1e9 } });
    expect(tooMuch.status).toBe(422);
    // One value per delivered device at most: a body with thousands of keys is refused before any work.
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`FOL-${String(i).padStart(5, '0')}-X`, 1]));
    const flood = await t.api('POST', `/api/v1/requests/${school.requestId}/deliveries`, coordToken, { tags: school.tags, title: 'donation', values: many });
    expect(flood.status).toBe(422);
    expect(flood.text).toContain('troppi valori');
    expect(await t.count('deliveries')).toBe(before);

    // From the request page: the value typed beside the device reaches the delivery note.
    const r = await t.form(`/requests/${school.requestId}/deliveries`, coordinator.cookie, { tags: school.tags[0]!, title: 'donation', [`values.${school.tags[0]}`]: '12,50' });
    expect(r.status, r.html).toBe(303);
    const ddt = oneLine(text(await pdf(r.headers.get('location')!.replace(/\?.*$/, '') + '/ddt.pdf', coordinator.cookie)));
    expect(ddt).toMatch(/Totale 12,50/);
  });

  it('gives the partner a return receipt once a lent device came back, and only then', async () => {
    const path = `/deliveries/${deliveryId}/returns/${tags[2]}.pdf`;
    expect((await t.page(path, coordinator.cookie)).status).toBe(404);
    t.clock.advance(86400_000);
    // Sessions started after the clock moved on.
    coordinator = await t.person('coordinator', 'FOL', 'Carla Coordinatrice');
    const school = await t.person('partner', undefined, 'Referente scuola', { partnerId });
    const other = await t.person('partner', undefined, 'Altra scuola', {
      partnerId: (await t.api('POST', '/api/v1/partners', coordToken, { hub: 'FOL', kind: 'other', name: 'Altro ente', municipality: 'Foligno' })).json.id,
    });
    const back = await t.api('POST', `/api/v1/deliveries/${deliveryId}/returns`, coordToken, { tag: tags[2], reason: 'Fine dell’anno scolastico' });
    expect(back.status, back.text).toBe(200);
    const page = await t.page(`/portal/deliveries/${deliveryId}`, school.cookie);
    expect(page.html).toContain(`href="${path}"`);
    const receipt = oneLine(text(await pdf(path, school.cookie)));
    for (const s of [
      `Ricevuta di restituzione ${tags[2]}`,
      'Restituito il 11/03/2026',
      'Fine dell’anno scolastico',
      'Istituto Comprensivo Foligno 1',
      'Hub DigiPASS Foligno',
      `consegnato con il documento n.`,
    ]) {
      expect(receipt, s).toContain(s);
    }
    expect((await t.page(path, other.cookie)).status).toBe(404);
  });
});

/** The pages of a PDF as 8-bit greys: whether anything is drawn above the foot band of each page. */
function inkAboveFoot(file: Buffer): boolean[] {
  const dir = mkdtempSync(join(tmpdir(), 'rigenera-doc-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), file);
    execFileSync('pdftoppm', ['-r', '24', '-gray', join(dir, 'd.pdf'), join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort()
      .map((f) => {
        const pgm = readFileSync(join(dir, f));
        const [, w, h] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!.map(Number) as [number, number, number];
        const start = pgm.length - w * h;
        // Above the foot band (the last 30 mm of 297): some ink in the body of the page.
        const rows = Math.floor(h * (1 - 30 / 297));
        for (let i = 0; i < rows * w; i++) if (pgm[start + i]! < 128) return true;
        return false;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('every document kind, from the one engine', () => {
  it('has content on every page, "Pagina n di m" on each, only embedded fonts, and the glyph-heavy strings exactly', async () => {
    const docs: Record<string, { pdf: Buffer; strings: string[] }> = {};
    const cookie = coordinator.cookie;
    docs.ddt = { pdf: await pdf(`/deliveries/${1}/ddt.pdf`, cookie), strings: ['Portatili per la 3B… e la 3C', 'Comodato d’uso gratuito'] };
    docs.comodato = { pdf: await pdf(`/deliveries/${2}/comodato.pdf`, cookie), strings: ['(€)', '14″', 'orari: lun–ven 9–13'] };
    const returned = await t.db
      .selectFrom('delivery_devices')
      .innerJoin('devices', 'devices.id', 'delivery_devices.device_id')
      .select(['delivery_devices.delivery_id', 'delivery_devices.tag'])
      .where('devices.state', '=', 'returned')
      .executeTakeFirstOrThrow();
    docs.returnReceipt = { pdf: await pdf(`/deliveries/${returned.delivery_id}/returns/${returned.tag}.pdf`, cookie), strings: ['Fine dell’anno scolastico'] };

    const { devices } = await donate(t, coordToken, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240' }, { type: 'laptop' }]);
    const transfer = await t.api('POST', '/api/v1/transfers', coordToken, { toHub: 'PER', tags: [devices[0]!.tag], note: 'Per il corso 19–20 (schermi da 15,6″)' });
    expect(transfer.status, transfer.text).toBe(201);
    docs.transfer = { pdf: await pdf(`/transfers/${transfer.json.id}/document.pdf`, cookie), strings: ['DigiPASS Foligno → DigiPASS Perugino', 'Per il corso 19–20 (schermi da 15,6″)'] };

    await walkTo(t, coordToken, devices[1]!.tag, 'wiped');
    docs.certificate = { pdf: await pdf(`/d/${devices[1]!.tag}/erasure-certificate.pdf`, cookie), strings: ['digipass.foligno@example.org'] };

    const asset = await t.api('POST', '/api/v1/assets', coordToken, {
      category: 'laptop',
      make: 'Lenovo',
      model: 'ThinkPad E14',
      purchasedOn: '2025-01-10',
      cost: 1499,
      fundingSource: 'POR FESR 2014-2020 Az. 2.2.1',
    });
    expect(asset.status, asset.text).toBe(201);
    const lent = await t.api('POST', `/api/v1/assets/${asset.json.tag}/actions`, coordToken, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Visitatore', due: '2026-03-20T19:00' });
    expect(lent.status, lent.text).toBe(200);
    docs.loanReceipt = { pdf: await pdf(`/equipment/loans/${lent.json.loan.id}/receipt.pdf`, cookie), strings: ['Ricevuta di prestito n.', 'Il bene è dell’hub', 'orari: lun–ven 9–13'] };
    const funding = (await t.db.selectFrom('funding_sources').select('id').where('name', '=', 'POR FESR 2014-2020 Az. 2.2.1').executeTakeFirstOrThrow()).id;
    const register = await t.app.request(`/api/v1/assets/register?funding=${funding}&format=pdf`, { headers: { authorization: `Bearer ${coordToken}` } });
    expect(register.status).toBe(200);
    docs.register = { pdf: Buffer.from(await register.arrayBuffer()), strings: ['1499,00'] };

    const report = await t.api('POST', '/api/v1/reports', coordToken, { hub: 'FOL', quarter: '2025-Q4' });
    expect(report.status, report.text).toBe(201);
    docs.report = { pdf: await pdf(`/reports/v/${report.json.id}.pdf`, cookie), strings: ['2025-Q4'] };

    if (process.env.RIGENERA_KEEP_PDFS) for (const [kind, { pdf: file }] of Object.entries(docs)) writeFileSync(join(process.env.RIGENERA_KEEP_PDFS, `${kind}.pdf`), file);
    for (const [kind, { pdf: file, strings }] of Object.entries(docs)) {
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: file }).toString())![1]);
      // Every page has its number and something besides its foot.
      for (let p = 1; p <= pages; p++) {
        const lines = text(file, p)
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        expect(lines.at(-1), `${kind} page ${p}`).toMatch(new RegExp(`Pagina ${p} di ${pages}$`));
        expect(lines.length, `${kind} page ${p} has only its footer`).toBeGreaterThan(1);
      }
      const ink = inkAboveFoot(file);
      expect(ink.length, kind).toBe(pages);
      expect(ink.filter(Boolean).length, `${kind}: pages with content`).toBe(pages);
      // Only embedded fonts: every row of pdffonts says "yes" in its emb column.
      const fonts = execFileSync('pdffonts', ['-'], { input: file }).toString().split('\n').slice(2).filter(Boolean);
      expect(fonts.length, kind).toBeGreaterThan(0);
      for (const row of fonts) expect(row, `${kind}: ${row}`).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
      const all = oneLine(text(file));
      for (const s of strings) expect(all, `${kind}: ${s}`).toContain(s);
    }
  });
});
