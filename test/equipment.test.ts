import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoEquipment } from '../src/equipment/demo';
import { parseCsv } from '../src/shared/csv';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { decodeAll, rasterisePdf } from './support/labels';

const pdftotext = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

let t: TestContext;
let admin: string;
let coordinator: string;
let volunteer: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.token('admin');
  coordinator = await t.token('coordinator', 'FOL', 'Banco FOL');
  volunteer = await t.token('volunteer', 'FOL', 'Volontario FOL');
});
afterAll(() => t.close());

async function register(bearer: string, body: Record<string, unknown>) {
  const r = await t.api('POST', '/api/v1/assets', bearer, body);
  if (r.status !== 201) throw new Error(`asset: ${r.status} ${r.text}`);
  return r.json.tag as string;
}

async function assetAct(bearer: string, tag: string, body: Record<string, unknown>) {
  return t.api('POST', `/api/v1/assets/${tag}/actions`, bearer, body);
}

const fundingId = async (name: string) => (await t.db.selectFrom('funding_sources').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

describe('registering the hub’s own equipment', () => {
  it('takes its tag from the same counter as donated devices, and prints on the same labels', async () => {
    const before = (await donate(t, coordinator, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
    const tag = await register(coordinator, {
      category: 'laptop',
      make: 'Lenovo',
      model: 'ThinkPad E14',
      serial: 'PF-3K9ZQ1',
      location: 'Armadio portatili',
      purchasedOn: '2023-05-04',
      cost: '689,90',
      fundingSource: 'POR FESR 2014-2020 Az. 2.2.1',
      supplier: 'Umbria Informatica Srl',
      invoiceRef: 'FT 118/2023',
      warrantyEnd: '2026-05-04',
      features: ['free_os'],
    });
    const after = (await donate(t, coordinator, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
    const n = (tg: string) => Number(tg.split('-')[1]);
    expect(n(tag)).toBe(n(before) + 1);
    expect(n(after)).toBe(n(tag) + 1);

    const got = await t.api('GET', `/api/v1/assets/${tag}`, coordinator);
    expect(got.json).toMatchObject({
      tag,
      hub: 'FOL',
      category: 'laptop',
      state: 'in_service',
      costEur: 689.9,
      fundingSource: 'POR FESR 2014-2020 Az. 2.2.1',
      features: ['free_os'],
      nextActions: ['lend', 'repair', 'lose', 'retire'],
    });
    expect(got.json.events).toHaveLength(1);

    const pdf = await t.app.request(`/api/v1/labels?tags=${tag}&format=ql-62x29`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(pdf.status).toBe(200);
    const decoded = decodeAll(rasterisePdf(Buffer.from(await pdf.arrayBuffer()), 300))[0]!;
    expect(decoded.find((d) => d.type === 'QR-Code')!.text).toBe(`${t.config.publicBaseUrl}/d/${tag}`);
    expect(decoded.find((d) => d.type === 'CODE-128')!.text).toBe(tag);
  });

  it('refuses what does not fit, saying what, in the caller’s language, and writes nothing', async () => {
    const before = await t.count('assets');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /Categoria: campo obbligatorio/],
      [{ category: 'spaceship' }, /Categoria/],
      [{ category: 'laptop', purchasedOn: '2023-02-30' }, /Data di acquisto: scrivi la data come AAAA-MM-GG/],
      [{ category: 'laptop', cost: 'tanti' }, /Costo/],
      [{ category: 'laptop', features: ['jetpack'] }, /Caratteristiche/],
      [{ category: 'laptop', fundingSource: 'Fondi neri' }, /La fonte di finanziamento «Fondi neri» non esiste/],
      [{ category: 'laptop', purchasedOn: '2027-01-01' }, /La data di acquisto non può essere nel futuro/],
      [{ category: 'laptop', purchasedOn: '2024-01-01', warrantyEnd: '2023-01-01' }, /La garanzia non può finire prima dell’acquisto/],
    ];
    for (const [body, message] of cases) {
      const r = await t.api('POST', '/api/v1/assets', coordinator, body);
      expect(r.status, r.text).toBe(422);
      expect(r.json.error).toMatch(message);
    }
    const en = await t.api('POST', '/api/v1/assets', coordinator, { category: 'laptop', fundingSource: 'Slush fund' }, { 'accept-language': 'en' });
    expect(en.json.error).toBe('There is no funding source “Slush fund”: choose one from the list.');
    expect(await t.count('assets')).toBe(before);
  });

  it('a repeated idempotency key registers once and answers the first result', async () => {
    const body = { category: 'tablet', make: 'Samsung', idempotencyKey: 'asset-reg-0001' };
    const a = await t.api('POST', '/api/v1/assets', coordinator, body);
    const b = await t.api('POST', '/api/v1/assets', coordinator, body);
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.json.tag).toBe(a.json.tag);
    const other = await t.api('POST', '/api/v1/assets', coordinator, { ...body, make: 'Apple' });
    expect(other.status).toBe(422);
  });
});

describe('lending and returning', () => {
  it('a loan round trip: lend with a due time, overdue on the hub’s page, a receipt, returned with one action', async () => {
    const tag = await register(coordinator, { category: 'laptop', make: 'Dell', model: 'Latitude 5420', features: ['free_os'] });
    const coordinatorPerson = await t.person('coordinator', 'FOL', 'Chiara');
    const lent = await assetAct(volunteer, tag, {
      action: 'lend',
      borrowerKind: 'coworker',
      borrowerName: 'Marco B.',
      borrowerDocument: 'id_card',
      due: '2026-03-10T19:00',
      idempotencyKey: 'lend-0000001',
    });
    expect(lent.status, lent.text).toBe(200);
    expect(lent.json).toMatchObject({ tag, state: 'on_loan', version: 2, loan: { dueAt: '2026-03-10T18:00:00.000Z' } });
    // The event log never holds the borrower's name (it lives, erasable, on the loan).
    expect(JSON.stringify(lent.json.event)).not.toContain('Marco');

    const got = await t.api('GET', `/api/v1/assets/${tag}`, volunteer);
    expect(got.json.loan).toMatchObject({ borrower: { kind: 'coworker', name: 'Marco B.', document: 'id_card' }, dueAt: '2026-03-10T18:00:00.000Z', returnedAt: null });
    // Declaring it lost is the coordinator's decision, not the volunteer's at the desk.
    expect(got.json.nextActions).toEqual(['return']);
    expect((await t.api('GET', `/api/v1/assets/${tag}`, coordinator)).json.nextActions).toEqual(['return', 'lose']);

    // Before the due time it is out, not overdue; after it, it is listed and the hub's page shows it.
    let loans = await t.api('GET', '/api/v1/loans?overdue=true', coordinator);
    expect(loans.json.open.map((l: { tag: string }) => l.tag)).not.toContain(tag);
    t.clock.set('2026-03-10T18:30:00.000Z');
    loans = await t.api('GET', '/api/v1/loans?overdue=true', coordinator);
    expect(loans.json.open).toContainEqual(expect.objectContaining({ tag, overdue: true }));
    const home = await t.page('/', coordinatorPerson.cookie);
    const overdueBlock = home.html.slice(home.html.indexOf('id="home-overdue"'));
    expect(overdueBlock.slice(0, overdueBlock.indexOf('</ul>'))).toContain(tag);
    expect(overdueBlock).toContain('Marco B.');

    // The receipt: the conditions of use, the due time; the PDF carries no name (signed by hand).
    const loanId = lent.json.loan.id as number;
    const receipt = await t.page(`/equipment/loans/${loanId}`, coordinatorPerson.cookie);
    expect(receipt.html).toContain('Condizioni d’uso');
    expect(receipt.html).toContain('10/03/2026, 19:00');
    const pdf = await t.app.request(`/equipment/loans/${loanId}/receipt.pdf`, { headers: { cookie: coordinatorPerson.cookie } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = pdftotext(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain(`Ricevuta di prestito n. ${loanId}`);
    expect(text).toContain(tag);
    expect(text).toContain('Non installare programmi');
    expect(text).not.toContain('Marco');

    const back = await assetAct(volunteer, tag, { action: 'return' });
    expect(back.status, back.text).toBe(200);
    expect(back.json).toMatchObject({ state: 'in_service', version: 3, event: { from: 'on_loan', to: 'in_service', data: { loan: loanId } } });
    const after = await t.api('GET', `/api/v1/assets/${tag}`, volunteer);
    expect(after.json.loan).toBeNull();
    expect(after.json.loans[0]).toMatchObject({ id: loanId, returnedAt: '2026-03-10T18:30:00.000Z' });
    expect(after.json.events.map((e: { action: string }) => e.action)).toEqual(['register', 'lend', 'return']);
    loans = await t.api('GET', '/api/v1/loans?overdue=true', coordinator);
    expect(loans.json.open.map((l: { tag: string }) => l.tag)).not.toContain(tag);
    t.clock.set('2026-03-10T09:00:00.000Z');
  });

  it('refuses a due time in the past, a second loan of a laptop already out, and returning one that is not', async () => {
    const tag = await register(coordinator, { category: 'laptop' });
    const past = await assetAct(volunteer, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'A.', due: '2026-03-10T08:00' });
    expect(past.status).toBe(409);
    expect(past.json.error).toBe('La scadenza del prestito deve essere nel futuro.');
    const notOut = await assetAct(volunteer, tag, { action: 'return' });
    expect(notOut.status).toBe(409);
    expect(notOut.json.error).toBe('«Rientro dal prestito» non è possibile quando il bene è «In servizio».');
    expect((await assetAct(volunteer, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'A.', due: '2026-03-11' })).status).toBe(200);
    const twice = await assetAct(volunteer, tag, { action: 'lend', borrowerKind: 'trainer', borrowerName: 'B.', due: '2026-03-11' });
    expect(twice.status).toBe(409);
    expect(twice.json.error).toBe('«Presta» non è possibile quando il bene è «In prestito».');
    expect(await t.db.selectFrom('asset_loans').select('id').where('borrower_name', '=', 'B.').execute()).toEqual([]);
  });

  it('two people lending the same laptop at once: one wins, the other is told; a double scan is applied once', async () => {
    const tag = await register(coordinator, { category: 'laptop' });
    const other = await t.token('volunteer', 'FOL', 'Luca');
    const lend = (by: string, name: string, key?: string) =>
      assetAct(by, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: name, due: '2026-03-10T19:00', ...(key ? { idempotencyKey: key } : {}) });
    const results = await Promise.all([lend(volunteer, 'Uno'), lend(other, 'Due'), lend(volunteer, 'Tre'), lend(other, 'Quattro')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.json.error).toMatch(/In prestito|Nel frattempo/);
    expect(await t.db.selectFrom('asset_loans').innerJoin('assets', 'assets.id', 'asset_loans.asset_id').select('asset_loans.id').where('assets.tag', '=', tag).execute()).toHaveLength(1);

    const back = await Promise.all([1, 2, 3].map(() => assetAct(volunteer, tag, { action: 'return', idempotencyKey: `scan-${tag}-r` })));
    expect(back.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(back.map((r) => r.json.event.id)).size).toBe(1);
    expect(back.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    const events = (await t.api('GET', `/api/v1/assets/${tag}`, volunteer)).json.events;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['register', 'lend', 'return']);

    const stale = await assetAct(volunteer, tag, { action: 'repair', reason: 'Tasto rotto', expectedVersion: 2 });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatch(/^Nel frattempo Volontario FOL ha registrato «Rientro dal prestito» su .+, che ora è «In servizio»/);
  });

  it('lend and return from the asset’s page: lending is never the primary step and asks to confirm the asset leaves; a notice, and the borrower only for the hub', async () => {
    const tag = await register(coordinator, { category: 'tablet' });
    const v = await t.person('volunteer', 'FOL');
    const page = await t.page(`/equipment/assets/${tag}`, v.cookie);
    // Lending is offered, folded, with what follows and a box to tick; nothing is the big open step.
    const lendCard = /<details class="([^"]*)"[^>]*id="action-lend"[^>]*>/.exec(page.html)?.[0] ?? '';
    expect(lendCard).not.toBe('');
    expect(lendCard).not.toContain('primary');
    expect(lendCard).not.toContain('open=""');
    expect(page.html).not.toContain('class="action primary"');
    expect(page.html).toContain('il bene esce dall’hub');
    expect(page.html).toContain('id="confirm-lend"');
    // Without the tick, nothing is lent and the person is told why.
    const unconfirmed = await t.form(`/equipment/assets/${tag}/actions`, v.cookie, {
      action: 'lend',
      borrowerKind: 'trainer',
      borrowerName: 'Giulia F.',
      due: '2026-03-12T13:00',
      idempotencyKey: 'form-lend-0',
    });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.html).toContain('con questa azione il bene esce dalle mani dell’hub');
    expect((await t.api('GET', `/api/v1/assets/${tag}`, coordinator)).json.state).toBe('in_service');
    const r = await t.form(`/equipment/assets/${tag}/actions`, v.cookie, {
      action: 'lend',
      borrowerKind: 'trainer',
      borrowerName: 'Giulia F.',
      due: '2026-03-12T13:00',
      confirm: 'yes',
      idempotencyKey: 'form-lend-1',
    });
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/equipment/assets/${tag}?done=lend`);
    const shown = await t.page(r.location!, v.cookie);
    expect(shown.html).toContain('Fatto: Presta.');
    expect(shown.html).toContain('Giulia F.');
    // On loan, taking it back is the step forward: first, open and big.
    expect(/<details class="action primary"[^>]*id="action-return"/.test(shown.html)).toBe(true);
    const again = await t.form(`/equipment/assets/${tag}/actions`, v.cookie, {
      action: 'lend',
      borrowerKind: 'trainer',
      borrowerName: 'Giulia F.',
      due: '2026-03-12T13:00',
      confirm: 'yes',
      idempotencyKey: 'form-lend-1',
    });
    expect(again.location).toContain('replayed=1');
    const bad = await t.form(`/equipment/assets/${tag}/actions`, v.cookie, { action: 'return', expectedVersion: 1 });
    expect(bad.status).toBe(409);
    expect(bad.html).toContain('Nel frattempo');

    const region = await t.person('region');
    const seen = await t.page(`/equipment/assets/${tag}`, region.cookie);
    expect(seen.status).toBe(200);
    expect(seen.html).not.toContain('Giulia');
    const otherHub = await t.person('volunteer', 'PER');
    const elsewhere = await t.page(`/equipment/assets/${tag}`, otherHub.cookie);
    expect(elsewhere.html).not.toContain('Giulia');
    expect(elsewhere.html).toContain('puoi vederlo ma non prestarlo');
    expect((await t.api('GET', `/api/v1/assets/${tag}`, await t.token('region'))).json.loan.borrower.name).toBeNull();
  });

  it('a borrower’s name is erased 90 days after the return, or at once on request', async () => {
    const tag = await register(coordinator, { category: 'laptop' });
    const lent = await assetAct(volunteer, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Sara T.', due: '2026-03-10T19:00' });
    await assetAct(volunteer, tag, { action: 'return' });
    const loanId = lent.json.loan.id as number;
    const name = async () => (await t.db.selectFrom('asset_loans').select('borrower_name').where('id', '=', loanId).executeTakeFirstOrThrow()).borrower_name;
    t.clock.set('2026-05-01T09:00:00.000Z');
    await assetAct(volunteer, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Ugo', due: '2026-05-01T19:00' });
    expect(await name()).toBe('Sara T.');
    t.clock.set('2026-06-10T09:00:00.000Z');
    await assetAct(volunteer, tag, { action: 'return' });
    expect(await name()).toBeNull();

    // Ugo's loan, just returned, can be erased at once by the coordinator; a volunteer cannot.
    const ugo = (await t.db.selectFrom('asset_loans').select('id').where('borrower_name', '=', 'Ugo').executeTakeFirstOrThrow()).id;
    const vol = await t.person('volunteer', 'FOL');
    expect((await t.form(`/equipment/loans/${ugo}/erase`, vol.cookie, { confirm: 'erase' })).status).toBe(403);
    const coord = await t.person('coordinator', 'FOL');
    expect((await t.form(`/equipment/loans/${ugo}/erase`, coord.cookie, { confirm: 'erase' })).status).toBe(303);
    expect(await t.db.selectFrom('asset_loans').select('borrower_name').where('id', '=', ugo).executeTakeFirstOrThrow()).toEqual({ borrower_name: null });
    t.clock.set('2026-03-10T09:00:00.000Z');
  });
});

describe('access', () => {
  it('a volunteer of another hub cannot lend this hub’s laptop, and is told whose it is', async () => {
    const tag = await register(coordinator, { category: 'laptop', make: 'HP' });
    const perVolunteer = await t.token('volunteer', 'PER');
    const before = await t.count('asset_events');
    const r = await assetAct(perVolunteer, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'X', due: '2026-03-10T19:00' });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe(`${tag} è dell’hub DigiPASS Foligno: puoi vederlo ma non prestarlo né modificarlo.`);
    const en = await assetAct(perVolunteer, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'X', due: '2026-03-10T19:00' });
    expect(en.status).toBe(403);
    expect(await t.count('asset_events')).toBe(before);
    expect(await t.count('asset_loans')).toBe((await t.db.selectFrom('asset_loans').select('id').execute()).length);
    // Reading it is allowed: a volunteer may scan a label from elsewhere.
    expect((await t.api('GET', `/api/v1/assets/${tag}`, perVolunteer)).status).toBe(200);
  });

  it('who may do what with the hub’s equipment', async () => {
    const tag = await register(coordinator, { category: 'laptop' });
    const who: Record<string, string | null> = {
      anonymous: null,
      partner: await t.token('partner'),
      region: await t.token('region'),
      volunteer,
      coordinator,
      otherCoordinator: await t.token('coordinator', 'PER'),
      admin,
    };
    const expected: Record<string, { register: number; lend: number; lose: number; read: number }> = {
      anonymous: { register: 401, lend: 401, lose: 401, read: 401 },
      partner: { register: 403, lend: 403, lose: 403, read: 403 },
      region: { register: 403, lend: 403, lose: 403, read: 200 },
      volunteer: { register: 201, lend: 200, lose: 403, read: 200 },
      coordinator: { register: 201, lend: 200, lose: 200, read: 200 },
      otherCoordinator: { register: 403, lend: 403, lose: 403, read: 200 },
      admin: { register: 201, lend: 200, lose: 200, read: 200 },
    };
    // Volunteers lend and look after equipment; registering it, declaring it lost or retiring it is the coordinator's.
    expected.volunteer!.register = 403;
    for (const [name, bearer] of Object.entries(who)) {
      const reg = await t.api('POST', '/api/v1/assets', bearer, { hub: 'FOL', category: 'laptop' });
      expect(reg.status, `${name} register`).toBe(expected[name]!.register);
      expect((await t.api('GET', `/api/v1/assets/${tag}`, bearer)).status, `${name} read`).toBe(expected[name]!.read);
      const lent = await assetAct(bearer!, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'X', due: '2026-03-10T19:00' });
      expect(lent.status, `${name} lend ${lent.text}`).toBe(expected[name]!.lend);
      if (lent.status === 200) await assetAct(admin, tag, { action: 'return' });
      const lost = await assetAct(bearer!, tag, { action: 'lose', note: 'Non si trova' });
      expect(lost.status, `${name} lose`).toBe(expected[name]!.lose);
      if (lost.status === 200) await assetAct(admin, tag, { action: 'found' });
    }
  });
});

describe('assets never mix with donations', () => {
  it('stay out of stock counts, device lists and donation counts until retired into the workshop', async () => {
    const c = await createTestContext();
    try {
      const tok = await c.token('coordinator', 'TER', 'Banco TER');
      const figures = async () => ({
        stock: Number(
          (
            await c.db
              .selectFrom('stock_counts')
              .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), eb.lit(0)).as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        devices: (await c.api('GET', '/api/v1/devices?hub=TER', tok)).json.items.length,
        donations: await c.count('donations'),
        donors: await c.count('donors'),
        received: (await c.page('/', (await c.person('coordinator', 'TER')).cookie)).html.match(/<strong>(\d+)<\/strong>Ricevuto/)?.[1],
      });
      const none = { stock: 0, devices: 0, donations: 0, donors: 0, received: '0' };
      const laptop = (await c.api('POST', '/api/v1/assets', tok, { category: 'laptop', make: 'Acer', model: 'TravelMate', serial: 'NXVLH' })).json.tag as string;
      const desk = (await c.api('POST', '/api/v1/assets', tok, { category: 'furniture', make: 'Ikea' })).json.tag as string;
      const aio = (await c.api('POST', '/api/v1/assets', tok, { category: 'workstation' })).json.tag as string;
      await c.api('POST', `/api/v1/assets/${laptop}/actions`, tok, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'V.', due: '2026-03-10T19:00' });
      await c.api('POST', `/api/v1/assets/${laptop}/actions`, tok, { action: 'return' });
      await c.api('POST', `/api/v1/assets/${aio}/actions`, tok, { action: 'repair', reason: 'Alimentatore' });
      await c.api('POST', `/api/v1/assets/${aio}/actions`, tok, { action: 'repaired', cost: 35 });
      expect(await figures()).toEqual(none);
      // An asset's tag is not a device's: the devices' API does not know it.
      expect((await c.api('GET', `/api/v1/devices/${laptop}`, tok)).status).toBe(404);
      expect((await act(c, tok, laptop, { action: 'diagnose', outcome: 'refurbish', hasStorage: true })).status).toBe(404);

      // Retired without handing it over: still nothing in the figures.
      expect((await c.api('POST', `/api/v1/assets/${desk}/actions`, tok, { action: 'retire', reason: 'Rotta' })).status).toBe(200);
      const refused = await c.api('POST', `/api/v1/assets/${desk}/actions`, tok, { action: 'found' });
      expect(refused.status).toBe(409);
      expect(await figures()).toEqual(none);

      // Retired into the workshop: a donation from the hub itself, a device with the same tag, received.
      const retired = await c.api('POST', `/api/v1/assets/${laptop}/actions`, tok, { action: 'retire', reason: 'Batteria esausta', toWorkshop: true });
      expect(retired.status, retired.text).toBe(200);
      expect(retired.json).toMatchObject({ state: 'retired', device: { tag: laptop } });
      expect(await figures()).toEqual({ stock: 1, devices: 1, donations: 1, donors: 1, received: '1' });
      const device = await c.api('GET', `/api/v1/devices/${laptop}`, tok);
      expect(device.json).toMatchObject({ tag: laptop, state: 'received', type: 'laptop', brand: 'Acer', model: 'TravelMate', serial: 'NXVLH' });
      expect(device.json.events[0]).toMatchObject({ action: 'receive', data: { asset: laptop } });
      const donor = await c.db.selectFrom('donors').selectAll().executeTakeFirstOrThrow();
      expect(donor).toMatchObject({ kind: 'public_body', name: 'DigiPASS Terni' });
      // The device page links the asset's history; the label now opens the device.
      const staff = await c.person('volunteer', 'TER');
      const page = await c.page(`/d/${laptop}`, staff.cookie);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`href="/equipment/assets/${laptop}"`);
      const assetPage = await c.page(`/equipment/assets/${laptop}`, staff.cookie);
      expect(assetPage.html).toContain('Passato al laboratorio come dispositivo');
      expect((await act(c, tok, laptop, { action: 'diagnose', outcome: 'refurbish', hasStorage: true })).status).toBe(200);

      // A second retirement: the same donor record stands for the hub.
      expect((await c.api('POST', `/api/v1/assets/${aio}/actions`, tok, { action: 'retire', reason: 'Vecchia', toWorkshop: true })).status).toBe(200);
      expect(await c.count('donors')).toBe(1);
      expect(await c.count('donations')).toBe(2);
      // Furniture never goes to the workshop; a lost asset cannot be handed over.
      const chair = (await c.api('POST', '/api/v1/assets', tok, { category: 'furniture' })).json.tag as string;
      const no = await c.api('POST', `/api/v1/assets/${chair}/actions`, tok, { action: 'retire', reason: 'x', toWorkshop: true });
      expect(no.status).toBe(409);
      expect(no.json.error).toBe('Un bene di categoria «Arredo» non passa al laboratorio Rigenera: dismettilo e basta.');
      expect(await c.count('donations')).toBe(2);
    } finally {
      await c.close();
    }
  });
});

describe('the minimum kit', () => {
  it('counts a hub seeded with a known set of assets against the kit, for the hub and for the region', async () => {
    const c = await createTestContext();
    try {
      const tok = await c.token('coordinator', 'ORV', 'Banco ORV');
      const add = async (n: number, body: Record<string, unknown>) => {
        const tags: string[] = [];
        for (let i = 0; i < n; i++) tags.push((await c.api('POST', '/api/v1/assets', tok, body)).json.tag);
        return tags;
      };
      const ws = await add(15, { category: 'workstation' });
      await c.api('POST', `/api/v1/assets/${ws[0]}/actions`, tok, { action: 'repair', reason: 'Disco' });
      const laptops = await add(5, { category: 'laptop', features: ['free_os'] });
      await add(2, { category: 'laptop' }); // Windows: they do not count
      await c.api('POST', `/api/v1/assets/${laptops[0]}/actions`, tok, { action: 'lend', borrowerKind: 'trainer', borrowerName: 'F.', due: '2026-03-10T19:00' });
      await c.api('POST', `/api/v1/assets/${laptops[1]}/actions`, tok, { action: 'lose', note: 'Sparito' });
      await add(1, { category: 'interactive_display' }); // no room audio
      await add(1, { category: 'videoconference', features: ['h323_sip'] });
      await add(1, { category: 'printer', features: ['multifunction'] });
      const [ap] = await add(1, { category: 'network', features: ['wifi'] });
      await c.api('POST', `/api/v1/assets/${ap}/actions`, tok, { action: 'retire', reason: 'Guasto' });

      const kit = await c.api('GET', '/api/v1/kit', tok);
      expect(kit.json.hubs).toHaveLength(1);
      const rows = kit.json.hubs[0].items.map((i: Record<string, unknown>) => [i.category, i.working, i.need, i.underRepair, i.lost, i.status]);
      expect(rows).toEqual([
        ['workstation', 14, 15, 1, 0, 'short'],
        ['laptop', 4, 5, 0, 1, 'short'],
        ['interactive_display', 0, 1, 0, 0, 'none'],
        ['videoconference', 1, 1, 0, 0, 'ok'],
        ['mirroring', 0, 1, 0, 0, 'none'],
        ['printer', 1, 1, 0, 0, 'ok'],
        ['network', 0, 1, 0, 0, 'none'],
      ]);
      expect(kit.json.hubs[0]).toMatchObject({ hub: 'ORV', complete: false });

      // The hub's page shows the same table, the short items standing out.
      const coord = await c.person('coordinator', 'ORV');
      const home = await c.page('/', coord.cookie);
      expect(home.html).toContain('Dotazione minima incompleta: 5 voci da completare.');
      expect(home.html).toMatch(
        /class="kit-short" data-kit-item="\d+"><th scope="row">Postazioni di lavoro nell’area polifunzionale<\/th><td data-label="Funzionanti"><strong>14 su 15<\/strong><span class="kit-note"> · ne manca 1 · 1 in riparazione/,
      );
      expect(home.html).toMatch(/class="kit-ok" data-kit-item="\d+"><th scope="row">Sistema di videoconferenza H.323\/SIP/);

      // The region sees every hub.
      const region = await c.token('region');
      const all = await c.api('GET', '/api/v1/kit', region);
      expect(all.json.hubs).toHaveLength(12);
      expect(all.json.hubs.find((h: { hub: string }) => h.hub === 'ORV').items[0]).toMatchObject({ working: 14 });
      expect(all.json.hubs.find((h: { hub: string }) => h.hub === 'FOL').items[0]).toMatchObject({ working: 0, missing: 15, status: 'none' });
      const regionPerson = await c.person('region');
      const matrix = await c.page('/equipment/kit', regionPerson.cookie);
      expect(matrix.html).toContain('0 hub su 12 hanno la dotazione minima completa.');
      expect(matrix.html).toContain('data-hub="ORV"');

      // The kit is data: the administrator edits it, and the table follows.
      const adminPerson = await c.person('admin');
      const item = await c.db.selectFrom('kit_items').selectAll().where('category', '=', 'workstation').executeTakeFirstOrThrow();
      const saved = await c.form(`/equipment/settings/kit/${item.id}`, adminPerson.cookie, {
        op: 'save',
        labelIt: item.label_it,
        labelEn: item.label_en,
        category: 'workstation',
        feature: '',
        minCount: 12,
        position: 1,
      });
      expect(saved.status).toBe(303);
      const added = await c.form('/equipment/settings/kit', adminPerson.cookie, { labelIt: 'Tablet', labelEn: 'Tablets', category: 'tablet', minCount: 2 });
      expect(added.status).toBe(303);
      const after = (await c.api('GET', '/api/v1/kit', tok)).json.hubs[0].items;
      expect(after[0]).toMatchObject({ working: 14, need: 12, missing: 0, status: 'ok' });
      expect(after.at(-1)).toMatchObject({ label: 'Tablet', category: 'tablet', need: 2, working: 0 });
      expect((await c.form('/equipment/settings/kit', coord.cookie, { labelIt: 'X', labelEn: 'X', category: 'tablet', minCount: 2 })).status).toBe(403);
    } finally {
      await c.close();
    }
  });
});

describe('maintenance, warranties and checks on the hub’s page', () => {
  it('records a repair with its cost, a check that moves the next one on, and shows what is due', async () => {
    const c = await createTestContext();
    try {
      const tok = await c.token('coordinator', 'SPO', 'Banco SPO');
      const printer = (await c.api('POST', '/api/v1/assets', tok, { category: 'printer', make: 'Brother', warrantyEnd: '2026-04-30', nextCheckOn: '2026-03-01' })).json.tag;
      const projector = (await c.api('POST', '/api/v1/assets', tok, { category: 'interactive_display', warrantyEnd: '2027-12-31', nextCheckOn: '2026-09-01' })).json.tag;
      const coord = await c.person('coordinator', 'SPO');
      let home = await c.page('/', coord.cookie);
      const attention = () => home.html.slice(home.html.indexOf('id="home-attention"'), home.html.indexOf('</ul>', home.html.indexOf('id="home-attention"')));
      expect(attention()).toContain(`${printer}</a> Stampante · Brother · controllo previsto entro il 01/03/2026`);
      expect(attention()).toContain('garanzia fino al 30/04/2026');
      expect(attention()).not.toContain(projector);

      await c.api('POST', `/api/v1/assets/${printer}/actions`, tok, { action: 'repair', reason: 'Fusore', repairer: 'Assistenza Brother' });
      const fixed = await c.api('POST', `/api/v1/assets/${printer}/actions`, tok, { action: 'repaired', cost: '120,50', by: 'Assistenza Brother' });
      expect(fixed.status).toBe(200);
      const check = await c.api('POST', `/api/v1/assets/${printer}/maintenance`, tok, { kind: 'check', on: '2026-03-09', by: 'Paolo' });
      expect(check.status).toBe(201);
      expect(check.json.nextCheckOn).toBe('2027-03-09');
      const update = await c.api('POST', `/api/v1/assets/${printer}/maintenance`, tok, { kind: 'software_update', on: '2026-03-10', note: 'Firmware 1.4' });
      expect(update.status).toBe(201);
      const future = await c.api('POST', `/api/v1/assets/${printer}/maintenance`, tok, { kind: 'check', on: '2026-04-01' });
      expect(future.status).toBe(422);
      const got = (await c.api('GET', `/api/v1/assets/${printer}`, tok)).json;
      expect(got.maintenance).toEqual(
        [
          { kind: 'software_update', on: '2026-03-10', by: null, costEur: null, note: 'Firmware 1.4' },
          { kind: 'check', on: '2026-03-09', by: 'Paolo', costEur: null, note: null },
          { kind: 'repair', on: '2026-03-10', by: 'Assistenza Brother', costEur: 120.5, note: null },
        ].sort((a, b) => (a.on === b.on ? 0 : a.on < b.on ? 1 : -1)),
      );
      expect(got.nextCheckOn).toBe('2027-03-09');
      home = await c.page('/', coord.cookie);
      expect(attention()).not.toContain('controllo previsto');
      expect(attention()).toContain('garanzia fino al 30/04/2026');
    } finally {
      await c.close();
    }
  });
});

describe('the stock-take covers the hub’s equipment', () => {
  it('finds assets in service, misses those not scanned, flags one recorded as on loan or at another hub', async () => {
    const c = await createTestContext();
    try {
      const tok = await c.token('coordinator', 'GUB', 'Banco GUB');
      const [here, missing, out] = await Promise.all([1, 2, 3].map(async () => (await c.api('POST', '/api/v1/assets', tok, { category: 'laptop' })).json.tag as string));
      const elsewhere = (await c.api('POST', '/api/v1/assets', await c.token('coordinator', 'FOL'), { category: 'tablet' })).json.tag as string;
      await c.api('POST', `/api/v1/assets/${out}/actions`, tok, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Z.', due: '2026-03-10T19:00' });
      const device = (await donate(c, tok, 'GUB', [{ type: 'monitor' }])).devices[0]!.tag;
      const st = (await c.api('POST', '/api/v1/stocktakes', tok, {})).json.id;
      const scan = (code: string) => c.api('POST', `/api/v1/stocktakes/${st}/scans`, tok, { code });
      expect((await scan(here!)).json).toMatchObject({ kind: 'asset', status: 'found' });
      expect((await scan(out!)).json).toMatchObject({ kind: 'asset', status: 'unexpected', reason: 'notOnSite', asset: { state: 'on_loan' } });
      expect((await scan(elsewhere)).json).toMatchObject({ kind: 'asset', status: 'unexpected', reason: 'otherHub' });
      const last = await scan(device);
      // Expected: the two laptops in service and the monitor; the laptop on loan is not expected on the shelves.
      expect(last.json.counts).toEqual({ found: 2, missing: 1, unexpected: 2, expected: 3 });
      const report = (await c.api('GET', `/api/v1/stocktakes/${st}`, tok)).json;
      expect(report.found.map((f: { tag: string }) => f.tag).sort()).toEqual([here, device].sort());
      expect(report.missing).toEqual([{ tag: missing, state: 'in_service', type: 'laptop' }]);
      const coord = await c.person('coordinator', 'GUB');
      const page = await c.page(`/stocktakes/${st}`, coord.cookie);
      expect(page.html).toContain('risulta «In prestito»');
      expect(page.html).toContain(`${missing}</a> Portatile · In servizio`);
      // Assets do not move between hubs: nothing offers to transfer the other hub's tablet here.
      expect(page.html).not.toContain('Trasferisci a questo hub');
      expect(page.html).not.toContain('Chiedi all’hub');
    } finally {
      await c.close();
    }
  });
});

describe('scanning and the label’s URL', () => {
  it('a scanned asset label opens the asset page for staff; anyone else sees a minimal passport, never a borrower', async () => {
    const tag = await register(coordinator, { category: 'laptop', make: 'Lenovo', model: 'T14', serial: 'SECRET-SN-42' });
    await assetAct(volunteer, tag, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Nadia K.', due: '2026-03-11' });
    expect((await t.api('GET', `/api/v1/scan/resolve?code=${encodeURIComponent(`${t.config.publicBaseUrl}/d/${tag}`)}`, volunteer)).json).toMatchObject({
      kind: 'asset',
      tag,
      state: 'on_loan',
      hub: 'FOL',
    });
    const staff: Person = await t.person('volunteer', 'FOL');
    const r = await t.page(`/d/${tag}`, staff.cookie);
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe(`/equipment/assets/${tag}`);
    const anyone = await t.page(`/d/${tag}`);
    expect(anyone.status).toBe(200);
    expect(anyone.html).toContain('Portatile · Lenovo · T14');
    expect(anyone.html).toContain('DigiPASS Foligno');
    for (const secret of ['Nadia', 'SECRET-SN-42', 'In prestito', 'visitor', 'Visitatore']) expect(anyone.html).not.toContain(secret);
    // A device's label still opens the device.
    const dtag = (await donate(t, coordinator, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
    expect((await t.page(`/d/${dtag}`, staff.cookie)).status).toBe(200);
  });
});

describe('the funder’s register', () => {
  it('exports the assets bought with one funding source as CSV (AgID conventions) and PDF', async () => {
    const c = await createTestContext();
    try {
      const fol = await c.token('coordinator', 'FOL', 'Banco FOL');
      const per = await c.token('coordinator', 'PER', 'Banco PER');
      const fesr = 'POR FESR 2014-2020 Az. 2.2.1';
      const a = (
        await c.api('POST', '/api/v1/assets', fol, {
          category: 'laptop',
          make: 'Dell',
          model: 'Latitude, 3540',
          serial: 'DL-1',
          location: 'Aula 1',
          purchasedOn: '2022-11-03',
          cost: 712.4,
          fundingSource: fesr,
        })
      ).json.tag;
      const b = (await c.api('POST', '/api/v1/assets', fol, { category: 'printer', serial: 'BR-9', purchasedOn: '2022-10-01', cost: '1499', fundingSource: fesr })).json.tag;
      await c.api('POST', '/api/v1/assets', fol, { category: 'tablet', fundingSource: 'PNRR 1.7.2', cost: 300 });
      const p = (await c.api('POST', '/api/v1/assets', per, { category: 'workstation', purchasedOn: '2023-01-15', cost: 950, fundingSource: fesr })).json.tag;
      await c.api('POST', `/api/v1/assets/${b}/actions`, fol, { action: 'repair', reason: 'Carta inceppata' });
      const id = (await c.db.selectFrom('funding_sources').select('id').where('name', '=', fesr).executeTakeFirstOrThrow()).id;

      const csv = await c.api('GET', `/api/v1/assets/register?funding=${id}`, fol);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = parseCsv(csv.text).filter((r) => r.length > 1);
      expect(header).toEqual([
        'codice_bene',
        'hub',
        'categoria',
        'marca',
        'modello',
        'numero_di_serie',
        'collocazione',
        'data_acquisto',
        'costo_eur',
        'fonte_di_finanziamento',
        'fornitore',
        'riferimento_fattura',
        'fine_garanzia',
        'stato',
      ]);
      // Only this hub's, only this funding source's, oldest purchase first.
      expect(rows).toEqual([
        [b, 'FOL', 'printer', '', '', 'BR-9', '', '2022-10-01', '1499.00', fesr, '', '', '', 'under_repair'],
        [a, 'FOL', 'laptop', 'Dell', 'Latitude, 3540', 'DL-1', 'Aula 1', '2022-11-03', '712.40', fesr, '', '', '', 'in_service'],
      ]);

      const region = await c.token('region');
      const all = parseCsv((await c.api('GET', `/api/v1/assets/register?funding=${id}`, region)).text).filter((r) => r.length > 1);
      expect(all.slice(1).map((r) => r[0])).toEqual([b, a, p]);
      expect((await c.api('GET', `/api/v1/assets/register?funding=${id}&hub=FOL`, per)).status).toBe(403);
      expect((await c.api('GET', `/api/v1/assets/register?funding=${id}`, await c.token('volunteer', 'FOL'))).status).toBe(403);
      expect((await c.api('GET', '/api/v1/assets/register?funding=999', region)).status).toBe(404);

      const pdf = await c.app.request(`/api/v1/assets/register?funding=${id}&hub=FOL&format=pdf`, { headers: { authorization: `Bearer ${region}` } });
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const text = pdftotext(Buffer.from(await pdf.arrayBuffer()));
      expect(text).toContain(`Registro dei beni · ${fesr}`);
      expect(text).toContain('Totale: 2 beni, 2211,40 €');
      expect(text).toMatch(/1499,00 +In/);
      expect(text).toContain('DL-1');
      expect(text).toMatch(/In\s+riparazione/);
      expect(text).not.toContain(p);
    } finally {
      await c.close();
    }
  });
});

describe('funding sources are the administrator’s list', () => {
  it('adds one, refuses a duplicate, and a retired one cannot be chosen for a new asset', async () => {
    const adminPerson = await t.person('admin');
    expect((await t.form('/equipment/settings/funding', adminPerson.cookie, { name: 'Regione Umbria 2026' })).status).toBe(303);
    const dup = await t.form('/equipment/settings/funding', adminPerson.cookie, { name: 'Regione Umbria 2026' });
    expect(dup.status).toBe(409);
    expect(dup.html).toContain('c’è già');
    const id = await fundingId('Regione Umbria 2026');
    expect((await t.form(`/equipment/settings/funding/${id}`, adminPerson.cookie, { name: 'Regione Umbria 2026', active: 'false' })).status).toBe(303);
    const r = await t.api('POST', '/api/v1/assets', coordinator, { category: 'laptop', fundingSource: id });
    expect(r.status).toBe(422);
    expect(r.json.error).toBe('La fonte di finanziamento «Regione Umbria 2026» non è più selezionabile.');
    const coord = await t.person('coordinator', 'FOL');
    expect((await t.page('/equipment/settings', coord.cookie)).status).toBe(403);
  });
});

describe('listing and editing the register', () => {
  it('lists by hub, category and state (retired ones only when asked), and keeps what an edit changed', async () => {
    const c = await createTestContext();
    try {
      const nar = await c.token('coordinator', 'NAR', 'Banco NAR');
      const tags: string[] = [];
      for (const category of ['laptop', 'laptop', 'printer', 'furniture']) tags.push((await c.api('POST', '/api/v1/assets', nar, { category })).json.tag);
      await c.api('POST', '/api/v1/assets', await c.token('coordinator', 'FOL'), { category: 'laptop' });
      await c.api('POST', `/api/v1/assets/${tags[1]}/actions`, nar, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Q.', due: '2026-03-10T19:00' });
      await c.api('POST', `/api/v1/assets/${tags[3]}/actions`, nar, { action: 'retire', reason: 'Rotta' });
      const list = async (bearer: string, q: string) => (await c.api('GET', `/api/v1/assets${q}`, bearer)).json.items.map((i: { tag: string }) => i.tag);
      expect(await list(nar, '')).toEqual([tags[2], tags[1], tags[0]]);
      expect(await list(nar, '?category=laptop')).toEqual([tags[1], tags[0]]);
      expect(await list(nar, '?state=on_loan')).toEqual([tags[1]]);
      expect(await list(nar, '?state=retired')).toEqual([tags[3]]);
      const region = await c.token('region');
      expect(await list(region, '?category=laptop')).toHaveLength(3);
      expect(await list(region, '?hub=NAR&category=laptop')).toEqual([tags[1], tags[0]]);
      const bad = await c.api('GET', '/api/v1/assets?state=borrowed', nar);
      expect(bad.status).toBe(422);
      expect(bad.json.error).toMatch(/Stato/);
      expect((await c.api('GET', '/api/v1/assets?hub=XYZ', nar)).status).toBe(404);

      const coord = await c.person('coordinator', 'NAR');
      const form = await c.page(`/equipment/assets/${tags[0]}/edit`, coord.cookie);
      expect(form.html).toContain('value="laptop" selected');
      const saved = await c.form(`/equipment/assets/${tags[0]}/edit`, coord.cookie, { category: 'laptop', location: 'Aula 3', features: 'free_os', expectedVersion: 1 });
      expect(saved.location).toBe(`/equipment/assets/${tags[0]}?done=edited`);
      const got = (await c.api('GET', `/api/v1/assets/${tags[0]}`, nar)).json;
      expect(got).toMatchObject({ location: 'Aula 3', features: ['free_os'], version: 2 });
      expect(got.events.at(-1)).toMatchObject({ action: 'edit', data: { changed: ['location', 'features'] } });
      const stale = await c.form(`/equipment/assets/${tags[0]}/edit`, coord.cookie, { category: 'laptop', location: 'Aula 4', expectedVersion: 1 });
      expect(stale.status).toBe(409);
      expect(stale.html).toContain('Nel frattempo');
      const volunteer = await c.person('volunteer', 'NAR');
      expect((await c.page(`/equipment/assets/${tags[0]}/edit`, volunteer.cookie)).status).toBe(403);
      expect((await c.page(`/equipment/assets/${tags[3]}/edit`, coord.cookie)).status).toBe(403);
    } finally {
      await c.close();
    }
  });
});

describe('the pages', () => {
  it('each page answers the people it is for, in Italian and in English', async () => {
    const tag = await register(coordinator, { category: 'printer', make: 'Brother', fundingSource: 'PNRR 1.7.2', warrantyEnd: '2026-04-01' });
    const loan = await assetAct(coordinator, tag, { action: 'lend', borrowerKind: 'association', borrowerName: 'Pro Loco', due: '2026-03-12' });
    const coord = await t.person('coordinator', 'FOL');
    const adminPerson = await t.person('admin');
    const region = await t.person('region');
    const pages: [string, Person, string][] = [
      ['/equipment', coord, tag],
      ['/equipment?category=printer&state=on_loan', coord, tag],
      ['/equipment/new', coord, 'Registra il bene'],
      [`/equipment/assets/${tag}`, coord, 'Pro Loco'],
      ['/equipment/loans', coord, 'Pro Loco'],
      [`/equipment/loans/${loan.json.loan.id}`, coord, 'Condizioni d’uso'],
      ['/equipment/kit', coord, 'Dotazione minima'],
      ['/equipment/register', coord, 'Scarica CSV'],
      ['/equipment/register', region, 'Scarica PDF'],
      ['/equipment/settings', adminPerson, 'POR FESR 2014-2020 Az. 2.2.1'],
      ['/equipment/loans', region, tag],
    ];
    for (const [path, who, text] of pages) {
      const r = await t.page(path, who.cookie);
      expect(r.status, path).toBe(200);
      expect(r.html, path).toContain(text);
    }
    // The region sees the loan, never the borrower.
    expect((await t.page('/equipment/loans', region.cookie)).html).not.toContain('Pro Loco');
    await t.db.updateTable('users').set({ locale: 'en' }).where('id', '=', coord.id).execute();
    const en = await t.page(`/equipment/assets/${tag}`, coord.cookie);
    expect(en.html).toContain('Back from loan');
    expect(en.html).toContain('Association · Pro Loco · by 12/03/2026, 23:59');
    const passport = await t.page(`/d/${tag}`, null, { cookie: 'rg_lang=en' });
    expect(passport.html).toContain('This asset is part of the equipment of the DigiPASS Foligno hub');
    // The register page's form downloads the CSV with the person's session.
    const csv = await t.page(`/api/v1/assets/register?funding=${await fundingId('PNRR 1.7.2')}&hub=FOL&format=csv`, coord.cookie);
    expect(csv.status).toBe(200);
    expect(csv.html).toContain(tag);
    expect((await t.page('/equipment/new', (await t.person('volunteer', 'FOL')).cookie)).status).toBe(403);
    expect((await t.page('/equipment', null)).status).toBe(303);
  });
});

describe('the demo', () => {
  it('seed:demo gives the hub most of the minimum kit, a loan overdue and a check due', async () => {
    const c = await createTestContext();
    try {
      const coordinatorPerson = await c.person('coordinator', 'MAR', 'Demo');
      await seedDemoEquipment(c.ctx, coordinatorPerson.actor, 'MAR');
      const tok = await c.token('coordinator', 'MAR');
      const kit = (await c.api('GET', '/api/v1/kit', tok)).json.hubs[0].items.map((i: { category: string; working: number; status: string }) => [i.category, i.working, i.status]);
      expect(kit).toEqual([
        ['workstation', 13, 'short'],
        ['laptop', 5, 'ok'],
        ['interactive_display', 1, 'ok'],
        ['videoconference', 1, 'ok'],
        ['mirroring', 0, 'none'],
        ['printer', 1, 'ok'],
        ['network', 1, 'ok'],
      ]);
      expect((await c.api('GET', '/api/v1/loans?overdue=true', tok)).json.open).toHaveLength(1);
      const home = await c.page('/', coordinatorPerson.cookie);
      expect(home.html).toContain('controllo previsto entro il');
      expect(await c.count('donations')).toBe(0);
    } finally {
      await c.close();
    }
  });
});
