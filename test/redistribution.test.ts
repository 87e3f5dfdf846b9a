import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { walkTo } from './support/walk';

/**
 * A school through the whole loop, as its people and the hub's see it: it applies on the public
 * page, the coordinator approves it and hands over the access link, it asks for devices, the
 * coordinator allocates and delivers them with a DDT and a comodato agreement, the school confirms
 * receipt and reports a fault, and the device comes back to be diagnosed and erased again.
 */
let t: TestContext;
let coordinator: Person;
let coordToken: string;

const pdftotext = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.person('coordinator', 'FOL', 'Carla Coordinatrice');
  coordToken = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

async function pdf(path: string, cookie: string) {
  const res = await t.app.request(path, { headers: { cookie } });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  // No-break spaces keep values on one line; compare them as spaces.
  return pdftotext(Buffer.from(await res.arrayBuffer())).replace(/\u00a0/g, ' ');
}

/** A laptop walked to ready, received on a given day, with the specs a hardware report would give. */
async function readyLaptop(receivedAt: string, ramGb: number, serial: string) {
  const { devices } = await donate(t, coordToken, 'FOL', [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T440', serial }]);
  const tag = devices[0]!.tag;
  await t.db
    .updateTable('devices')
    .set({ received_at: `${receivedAt}T10:00:00.000Z` })
    .where('tag', '=', tag)
    .execute();
  await walkTo(t, coordToken, tag, 'ready');
  const device = await t.db.selectFrom('devices').select('id').where('tag', '=', tag).executeTakeFirstOrThrow();
  await t.db
    .insertInto('device_specs')
    .values({
      device_id: device.id,
      report_id: null,
      manufacturer: 'LENOVO',
      model: 'ThinkPad T440',
      serial,
      chassis: 'notebook',
      cpu_model: 'Intel Core i5-4300U',
      cpu_cores: 2,
      cpu_threads: 4,
      cpu_64bit: 1,
      ram_mb: ramGb * 1024,
      storage_gb: 256,
      has_ssd: 1,
      disk_count: 1,
      screen_inches: 14,
      battery_health_pct: 80,
      specs: '{}',
      updated_at: new Date().toISOString(),
    })
    .execute();
  return tag;
}

describe('a school through the whole loop', () => {
  let partnerId: number;
  let school: { cookie: string; name: string };
  let requestId: number;
  let oldest: string, newer: string, tooSmall: string, monitor: string;
  let deliveryId: number;

  it('applies on the public page with its codice meccanografico; a malformed one is refused', async () => {
    const page = await t.page('/partners/apply');
    expect(page.status).toBe(200);
    expect(page.html).toContain('DigiPASS Foligno');
    const application = {
      hub: 'FOL',
      kind: 'school',
      name: 'Istituto Comprensivo Foligno 1',
      address: 'Via dei Monasteri 11',
      municipality: 'Foligno',
      province: 'PG',
      openDataConsent: 'true',
      'contact.name': 'Maria Animatrice',
      'contact.role': 'Animatrice digitale',
      'contact.email': 'maria.animatrice@icfoligno1.example',
      privacy: 'true',
    };
    const before = await t.count('partners');
    const bad = await t.form('/partners/apply', null, { ...application, code: 'XXIC81200X' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('le prime due lettere del codice meccanografico devono essere la sigla di una provincia italiana');
    expect(await t.count('partners')).toBe(before);

    const r = await t.form('/partners/apply', null, { ...application, code: 'pgic 81200x' });
    expect(r.status).toBe(201);
    expect(r.html).toContain('la candidatura è arrivata all’hub');
    const row = await t.db.selectFrom('partners').selectAll().where('code', '=', 'PGIC81200X').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'applied', kind: 'school', open_data_consent: 1, hub_id: await t.hubId('FOL') });
    partnerId = row.id;
    // The same school applying again is told it is already known.
    const again = await t.form('/partners/apply', null, { ...application, code: 'PGIC81200X' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('il codice PGIC81200X è già registrata o in attesa');
  });

  it('the coordinator approves it and hands over a one-time link, shown as a QR code too', async () => {
    const list = await t.page('/partners', coordinator.cookie);
    expect(list.html).toContain('Candidature da valutare (1)');
    const detail = await t.page(`/partners/${partnerId}`, coordinator.cookie);
    expect(detail.html).toContain('maria.animatrice@icfoligno1.example');
    const r = await t.form(`/partners/${partnerId}/decision`, coordinator.cookie, { decision: 'approve' });
    expect(r.status).toBe(200);
    expect(r.html).toContain('Candidatura approvata');
    expect(r.html).toMatch(/<svg[^>]*viewBox/);
    const link = /http:\/\/rigenera\.test(\/welcome\/[A-Za-z0-9_-]+)/.exec(r.html)![1]!;
    const user = await t.db.selectFrom('users').selectAll().where('email', '=', 'maria.animatrice@icfoligno1.example').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'partner', partner_id: partnerId, hub_id: null, password_hash: null });

    const set = await t.form(link, null, { password: 'una frase lunga e sicura', confirm: 'una frase lunga e sicura' });
    expect(set.status).toBe(303);
    const session = /rg_session=([^;]+)/.exec(set.headers.get('set-cookie')!)![1]!;
    school = { cookie: `rg_session=${session}; rg_csrf=${t.csrf}`, name: 'Maria Animatrice' };
    // Their home is the portal.
    const home = await t.page('/', school.cookie);
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/portal');
    const portal = await t.page('/portal', school.cookie);
    expect(portal.status).toBe(200);
    expect(portal.html).toContain('Istituto Comprensivo Foligno 1');
    expect(portal.html).toContain('Hub di riferimento: DigiPASS Foligno');
  });

  it('asks for two laptops with at least 4 GB of RAM and a monitor, and follows the request', async () => {
    const r = await t.form('/portal/requests', school.cookie, {
      'items.0.type': 'laptop',
      'items.0.quantity': '2',
      'items.1.type': 'monitor',
      'items.1.quantity': '1',
      'items.2.type': '',
      'items.2.quantity': '',
      purpose: 'Portatili per gli studenti della 3B senza un computer a casa',
      'beneficiaries.count': '2',
      'beneficiaries.description': 'studenti della classe 3B',
      'minSpecs.ramGb': '4',
      idempotencyKey: 'request-form-0001',
    });
    expect(r.status).toBe(303);
    requestId = Number(/\/portal\/requests\/(\d+)/.exec(r.location!)![1]);
    const page = await t.page(`/portal/requests/${requestId}`, school.cookie);
    expect(page.html).toContain('Inviata');
    expect(page.html).toContain('Richiesta inviata');
    expect(page.html).toContain('4 GB RAM');
    const json = (await t.api('GET', `/api/v1/requests/${requestId}`, coordToken)).json;
    expect(json).toMatchObject({
      state: 'submitted',
      partner: { id: partnerId, name: 'Istituto Comprensivo Foligno 1', kind: 'school' },
      beneficiaries: { count: 2, description: 'studenti della classe 3B' },
      minSpecs: { ramGb: 4, screenInches: null, ssd: false },
      items: [
        { type: 'laptop', quantity: 2, reserved: 0, delivered: 0 },
        { type: 'monitor', quantity: 1, reserved: 0, delivered: 0 },
      ],
    });
  });

  it('the coordinator approves it and sees which ready devices fit: type and specs first, oldest stock first', async () => {
    expect((await t.form(`/requests/${requestId}/decision`, coordinator.cookie, { decision: 'approve' })).status).toBe(303);
    tooSmall = await readyLaptop('2026-01-02', 2, 'SN-SMALL');
    newer = await readyLaptop('2026-02-01', 8, 'SN-NEWER');
    oldest = await readyLaptop('2026-01-10', 4, 'SN-OLDEST');
    await readyLaptop('2026-02-20', 16, 'SN-NEWEST');
    const m = await donate(t, coordToken, 'FOL', [{ type: 'monitor', brand: 'Dell', model: 'P2214H', serial: 'SN-MONITOR' }]);
    monitor = m.devices[0]!.tag;
    await act(t, coordToken, monitor, { action: 'diagnose', outcome: 'refurbish', hasStorage: false });
    await act(t, coordToken, monitor, { action: 'ready' });

    const json = (await t.api('GET', `/api/v1/requests/${requestId}`, coordToken)).json;
    expect(json.state).toBe('approved');
    expect(json.suggestions).toEqual([
      { type: 'laptop', needed: 2, tags: [oldest, newer], specsUnknown: [] },
      // A monitor has no hardware report: with a RAM minimum, its specs are not known.
      { type: 'monitor', needed: 1, tags: [], specsUnknown: [monitor] },
    ]);
    const page = await t.page(`/requests/${requestId}`, coordinator.cookie);
    expect(page.html).toContain(oldest);
    expect(page.html).not.toContain(tooSmall);
  });

  it('reserving is one action: a device below the minimum specs spoils the whole set', async () => {
    const refused = await t.api('POST', `/api/v1/requests/${requestId}/reservations`, coordToken, { tags: [oldest, tooSmall] });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toBe(`${tooSmall} ha meno RAM dei 4 GB richiesti.`);
    expect((await t.api('GET', `/api/v1/devices/${oldest}`, coordToken)).json.state).toBe('ready');

    const r = await t.api('POST', `/api/v1/requests/${requestId}/reservations`, coordToken, { tags: [oldest, newer, monitor] });
    expect(r.status, r.text).toBe(200);
    for (const tag of [oldest, newer, monitor]) {
      const d = (await t.api('GET', `/api/v1/devices/${tag}`, coordToken)).json;
      expect(d.state).toBe('reserved');
      expect(d.events.at(-1)).toMatchObject({ action: 'reserve', data: { requestId, recipient: 'Istituto Comprensivo Foligno 1' } });
    }
    const more = await t.api('POST', `/api/v1/requests/${requestId}/reservations`, coordToken, { tags: [await readyLaptop('2026-02-21', 8, 'SN-EXTRA')] });
    expect(more.status).toBe(409);
    expect(more.json.error).toMatch(/ha già tutti i 2 dispositivi di tipo «Portatile» che chiedeva/);
  });

  it('delivers them on loan: a number per hub and year, both documents, devices delivered, request fulfilled', async () => {
    const r = await t.api('POST', `/api/v1/requests/${requestId}/deliveries`, coordToken, { tags: [oldest, newer, monitor], title: 'loan', loanUntil: '2027-06-30' });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      number: 1,
      year: 2026,
      label: 'FOL 1/2026',
      requestState: 'fulfilled',
      title: 'loan',
      loanUntil: '2027-06-30',
      documents: { ddt: `http://rigenera.test/deliveries/${r.json.id}/ddt.pdf`, comodato: `http://rigenera.test/deliveries/${r.json.id}/comodato.pdf` },
    });
    deliveryId = r.json.id;
    const d = (await t.api('GET', `/api/v1/devices/${newer}`, coordToken)).json;
    expect(d).toMatchObject({ state: 'delivered', recipient: 'Istituto Comprensivo Foligno 1', deliveryDocument: 'DDT FOL 1/2026' });

    // The school reads its own documents.
    const ddt = await pdf(`/deliveries/${deliveryId}/ddt.pdf`, school.cookie);
    for (const text of [
      'Documento di consegna n. FOL 1/2026',
      'DigiPASS Foligno',
      'Istituto Comprensivo Foligno 1',
      'Codice meccanografico PGIC81200X',
      'Via dei Monasteri 11, Foligno (PG)',
      'Comodato d’uso gratuito',
      oldest,
      'SN-NEWER',
      'SN-MONITOR',
      '8 GB RAM',
      // Long values wrap inside their cell: the first line is enough to find them.
      'Linux Mint',
      'Fill With Zeros',
      'nessuna',
      'cancellati in modo sicuro',
      'Per il destinatario',
    ]) {
      expect(ddt.replace(/\s+/g, ' '), text).toContain(text);
    }
    expect(ddt).toMatch(/Numero di colli\s+3/);
    const comodato = await pdf(`/deliveries/${deliveryId}/comodato.pdf`, coordinator.cookie);
    for (const text of [
      'Contratto di comodato d’uso gratuito',
      'Comodante',
      'Comodatario',
      'Istituto Comprensivo Foligno 1',
      'Art. 2 · Durata',
      '30/06/2027',
      'Art. 3 · Uso consentito',
      'Portatili per gli studenti della 3B',
      'Art. 4 · Custodia',
      'Art. 5 · Perdita e danni',
      'Art. 6 · Restituzione alla scadenza',
      'Art. 7 · Dati sui dispositivi',
      'non contengono dati dei precedenti proprietari',
      monitor,
      'SN-OLDEST',
    ]) {
      expect(comodato.replace(/\s+/g, ' '), text).toContain(text);
    }
    // Nothing personal in either document.
    for (const text of ['Maria', 'Carla', 'maria.animatrice']) {
      expect(ddt, text).not.toContain(text);
      expect(comodato, text).not.toContain(text);
    }
  });

  it('the school confirms receipt device by device, then all at once; the delivery shows who and when', async () => {
    const one = await t.form(`/portal/deliveries/${deliveryId}/receipt`, school.cookie, { 'tags.0': oldest });
    expect(one.status).toBe(303);
    let json = (await t.api('GET', `/api/v1/deliveries/${deliveryId}`, coordToken)).json;
    expect(json.devices.filter((d: { receivedAt: string | null }) => d.receivedAt)).toEqual([expect.objectContaining({ tag: oldest, receivedBy: school.name })]);
    expect(json.receiptCompletedAt).toBeNull();
    t.clock.advance(3600_000);
    expect((await t.form(`/portal/deliveries/${deliveryId}/receipt`, school.cookie, { all: 'true' })).status).toBe(303);
    json = (await t.api('GET', `/api/v1/deliveries/${deliveryId}`, coordToken)).json;
    expect(json.receiptCompletedAt).toBe(t.clock.now().toISOString());
    const first = json.devices.find((d: { tag: string }) => d.tag === oldest);
    expect(first.receivedAt < json.receiptCompletedAt).toBe(true);
    const page = await t.page(`/deliveries/${deliveryId}`, coordinator.cookie);
    expect(page.html).toContain('confermato da Maria Animatrice');
  });

  it('the school reports a fault; the device comes back returned and must be diagnosed and erased again', async () => {
    const report = await t.form(`/portal/deliveries/${deliveryId}/reports`, school.cookie, { tag: newer, kind: 'fault', description: 'Lo schermo resta nero dopo l’accensione' });
    expect(report.status).toBe(303);
    const overview = await t.page('/requests', coordinator.cookie);
    expect(overview.html).toContain('Lo schermo resta nero');

    const back = await t.form(`/deliveries/${deliveryId}/returns`, coordinator.cookie, { tag: newer });
    expect(back.status).toBe(303);
    const d = (await t.api('GET', `/api/v1/devices/${newer}`, coordToken)).json;
    expect(d).toMatchObject({ state: 'returned', cycle: 2, recipient: null });
    expect(d.events.map((e: { action: string }) => e.action)).toEqual(['receive', 'diagnose', 'erase', 'install', 'ready', 'reserve', 'deliver', 'return']);
    expect(d.events.at(-2).data).toMatchObject({ document: 'DDT FOL 1/2026', recipient: 'Istituto Comprensivo Foligno 1' });
    expect(d.events.at(-1).data).toMatchObject({ reason: 'Lo schermo resta nero dopo l’accensione' });
    // A new cycle: the earlier erasure no longer counts.
    expect((await act(t, coordToken, newer, { action: 'diagnose', outcome: 'refurbish', hasStorage: true })).status).toBe(200);
    const install = await act(t, coordToken, newer, { action: 'install', os: 'Debian 12' });
    expect(install.status).toBe(409);
    expect(install.json.error).toMatch(/cancellazione riuscita e verificata/);

    const delivery = (await t.api('GET', `/api/v1/deliveries/${deliveryId}`, coordToken)).json;
    expect(delivery.reports).toEqual([expect.objectContaining({ tag: newer, kind: 'fault', state: 'closed', outcome: 'returned' })]);
    expect(delivery.devices.find((x: { tag: string }) => x.tag === newer).withPartner).toBe(false);
  });

  it('the school follows every change of its request, with the hub’s name and never its internal note', async () => {
    await t.form(`/requests/${requestId}/note`, coordinator.cookie, { internalNote: 'Nota riservata: scuola prioritaria' });
    const page = await t.page(`/portal/requests/${requestId}`, school.cookie);
    expect(page.html).toContain('Evasa');
    for (const text of ['Richiesta inviata', 'Richiesta approvata', 'Prenotati 3 dispositivi', 'Consegnati 3 dispositivi (documento FOL 1/2026)']) expect(page.html, text).toContain(text);
    expect(page.html).not.toContain('Nota riservata');
    expect(page.html).not.toContain('Carla');
    expect(page.html).toContain('Maria Animatrice');
    const json = (await t.api('GET', `/api/v1/requests/${requestId}`, await t.token('partner', undefined, 'school token', { partnerId }))).json;
    expect(json.internalNote).toBeUndefined();
    expect(json.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'approve', 'reserve', 'deliver']);
    expect(json.events[1].by).toBe('DigiPASS Foligno');
  });
});
