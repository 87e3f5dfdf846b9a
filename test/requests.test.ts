import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';
import { walkTo } from './support/walk';

let t: TestContext;
let coordA: string;
let coordB: string;

beforeAll(async () => {
  t = await createTestContext();
  coordA = await t.token('coordinator', 'FOL', 'Coordinatrice A');
  coordB = await t.token('coordinator', 'FOL', 'Coordinatore B');
});
afterAll(() => t.close());

async function readyLaptops(n: number, hub = 'FOL', bearer = coordA) {
  const { devices } = await donate(
    t,
    bearer,
    hub,
    Array.from({ length: n }, () => ({ type: 'laptop' })),
  );
  for (const d of devices) await walkTo(t, bearer, d.tag, 'ready');
  return devices.map((d) => d.tag);
}

const laptops = (quantity: number) => ({ items: [{ type: 'laptop', quantity }] });

describe('two coordinators at once', () => {
  it('reserving the same device for two requests: one wins, the other is told, the device names the winner', async () => {
    const [r1, r2] = [await approvedRequest(t, coordA, 'FOL', laptops(10)), await approvedRequest(t, coordA, 'FOL', laptops(10))];
    const tags = await readyLaptops(5);
    for (const tag of tags) {
      const [x, y] = await Promise.all([
        t.api('POST', `/api/v1/requests/${r1.id}/reservations`, coordA, { tags: [tag] }),
        t.api('POST', `/api/v1/requests/${r2.id}/reservations`, coordB, { tags: [tag] }),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
      const loser = x.status === 409 ? x : y;
      expect(loser.json.error).toMatch(/Prenota|Prenotato|modificato/);
      const winner = x.status === 200 ? r1.id : r2.id;
      const device = (await t.api('GET', `/api/v1/devices/${tag}`, coordA)).json;
      expect(device.state).toBe('reserved');
      expect(device.events.filter((e: { action: string }) => e.action === 'reserve')).toEqual([expect.objectContaining({ data: expect.objectContaining({ requestId: winner }) })]);
    }
  });

  it('two reservations racing for a request’s last place: only one gets it', async () => {
    const r = await approvedRequest(t, coordA, 'FOL', laptops(1));
    const [one, two] = await readyLaptops(2);
    const answers = await Promise.all([
      t.api('POST', `/api/v1/requests/${r.id}/reservations`, coordA, { tags: [one] }),
      t.api('POST', `/api/v1/requests/${r.id}/reservations`, coordB, { tags: [two] }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.json.error).toMatch(/ha già tutti i 1 dispositivi/);
    const reserved = await t.db.selectFrom('devices').select('tag').where('request_id', '=', r.id).where('state', '=', 'reserved').execute();
    expect(reserved).toHaveLength(1);
  });

  it('deliveries at the same moment get consecutive numbers of their hub and year; another hub counts on its own', async () => {
    const requests = [await approvedRequest(t, coordA, 'FOL', laptops(5)), await approvedRequest(t, coordA, 'FOL', laptops(5)), await approvedRequest(t, coordA, 'FOL', laptops(5))];
    const tags = await readyLaptops(3);
    for (const [i, r] of requests.entries()) expect((await act(t, coordA, tags[i]!, { action: 'reserve', request: r.id })).status).toBe(200);
    const before =
      (
        await t.db
          .selectFrom('deliveries')
          .select((eb) => eb.fn.max('number').as('n'))
          .where('hub_id', '=', await t.hubId('FOL'))
          .executeTakeFirst()
      )?.n ?? 0;
    const answers = await Promise.all(requests.map((r, i) => t.api('POST', `/api/v1/requests/${r.id}/deliveries`, i % 2 ? coordB : coordA, { tags: [tags[i]], title: 'donation' })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const numbers = answers.map((a) => a.json.number).sort((x, y) => x - y);
    expect(numbers).toEqual([Number(before) + 1, Number(before) + 2, Number(before) + 3]);

    const per = await t.token('coordinator', 'PER');
    const rp = await approvedRequest(t, per, 'PER', laptops(1));
    const [tag] = await readyLaptops(1, 'PER', per);
    await act(t, per, tag!, { action: 'reserve', request: rp.id });
    const p = await t.api('POST', `/api/v1/requests/${rp.id}/deliveries`, per, { tags: [tag], title: 'donation' });
    expect(p.json).toMatchObject({ number: 1, label: 'PER 1/2026' });
  });

  it('a delivery at half past midnight on New Year’s Day, Rome time, starts the new year’s numbering', async () => {
    const r = await approvedRequest(t, coordA, 'FOL', laptops(1));
    const [tag] = await readyLaptops(1);
    await act(t, coordA, tag!, { action: 'reserve', request: r.id });
    t.clock.set('2026-12-31T23:30:00.000Z');
    const d = await t.api('POST', `/api/v1/requests/${r.id}/deliveries`, coordA, { tags: [tag], title: 'donation' });
    expect(d.json).toMatchObject({ number: 1, year: 2027, label: 'FOL 1/2027', deliveredOn: '2027-01-01' });
    t.clock.set('2026-03-10T09:00:00.000Z');
  });
});

describe('what a delivery refuses', () => {
  it('a device whose erasure no longer stands cannot be delivered; nothing is written and no number is used', async () => {
    const r = await approvedRequest(t, coordA, 'FOL', laptops(2));
    const [good, bad] = await readyLaptops(2);
    await t.api('POST', `/api/v1/requests/${r.id}/reservations`, coordA, { tags: [good, bad] });
    // A later, failed erasure of the same storage: the latest record decides, and it does not count.
    const device = await t.db.selectFrom('devices').select(['id', 'cycle']).where('tag', '=', bad!).executeTakeFirstOrThrow();
    await t.db
      .insertInto('erasures')
      .values({
        device_id: device.id,
        cycle: device.cycle,
        event_id: null,
        source: 'manual',
        outcome: 'failed',
        method: 'Fill With Zeros',
        tool: 'nwipe',
        nist_category: null,
        verified: 0,
        disk_serial: null,
        disk_model: null,
        disk_size_bytes: null,
        performed_by_user_id: null,
        at: new Date().toISOString(),
        details: null,
      })
      .execute();
    const counters = async () =>
      t.db
        .selectFrom('document_counters')
        .selectAll()
        .where('kind', '=', 'delivery')
        .where('hub_id', '=', await t.hubId('FOL'))
        .where('year', '=', 2026)
        .executeTakeFirst();
    const [deliveries, counter] = [await t.count('deliveries'), await counters()];
    const refused = await t.api('POST', `/api/v1/requests/${r.id}/deliveries`, coordA, { tags: [good, bad], title: 'donation' });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toBe(`${bad}: Il dispositivo contiene memorie e non ha una cancellazione riuscita e verificata da quando è entrato (o rientrato): prima cancella i dati.`);
    expect(await t.count('deliveries')).toBe(deliveries);
    expect(await counters()).toEqual(counter);
    expect((await t.api('GET', `/api/v1/devices/${good}`, coordA)).json.state).toBe('reserved');
    const ok = await t.api('POST', `/api/v1/requests/${r.id}/deliveries`, coordA, { tags: [good], title: 'donation' });
    expect(ok.json.number).toBe(counter?.next_number ?? 1);
    expect(ok.json.requestState).toBe('partially_fulfilled');
  });

  it('only devices reserved for that request, and a loan that ends after it starts', async () => {
    const r = await approvedRequest(t, coordA, 'FOL', laptops(2));
    const other = await approvedRequest(t, coordA, 'FOL', laptops(2));
    const [mine, theirs, free] = await readyLaptops(3);
    await act(t, coordA, mine!, { action: 'reserve', request: r.id });
    await act(t, coordA, theirs!, { action: 'reserve', request: other.id });
    for (const tag of [theirs, free]) {
      const x = await t.api('POST', `/api/v1/requests/${r.id}/deliveries`, coordA, { tags: [mine, tag], title: 'donation' });
      expect(x.status).toBe(409);
      expect(x.json.error).toBe(`${tag} non è prenotato per la richiesta n. ${r.id}: prima prenotalo.`);
    }
    const early = await t.api('POST', `/api/v1/requests/${r.id}/deliveries`, coordA, { tags: [mine], title: 'loan', loanUntil: '2026-03-01' });
    expect(early.status).toBe(422);
    const loan = await t.api('POST', `/api/v1/requests/${r.id}/deliveries`, coordA, { tags: [mine], title: 'loan' });
    expect(loan.json.loanUntil).toBe('2027-03-10');
  });

  it('a device not requested, or for a request not approved yet, is not reserved', async () => {
    const { devices } = await donate(t, coordA, 'FOL', [{ type: 'monitor' }]);
    await act(t, coordA, devices[0]!.tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: false });
    await act(t, coordA, devices[0]!.tag, { action: 'ready' });
    const r = await approvedRequest(t, coordA, 'FOL', laptops(2));
    const wrongType = await act(t, coordA, devices[0]!.tag, { action: 'reserve', request: r.id });
    expect(wrongType.status).toBe(409);
    expect(wrongType.json.error).toBe(`${devices[0]!.tag} è di tipo «Monitor», che la richiesta n. ${r.id} non chiede.`);
    const pending = await t.api('POST', '/api/v1/requests', coordA, { partner: r.partner.id, ...laptops(1), purpose: 'x', beneficiaries: { count: 1 } });
    const [tag] = await readyLaptops(1);
    const notYet = await act(t, coordA, tag!, { action: 'reserve', request: pending.json.id });
    expect(notYet.status).toBe(409);
    expect(notYet.json.error).toBe(`La richiesta n. ${pending.json.id} è «Inviata»: non si possono prenotare né consegnare dispositivi.`);
    // Another hub's request looks like none.
    const per = await approvedRequest(t, await t.token('admin'), 'PER', laptops(1));
    const elsewhere = await act(t, coordA, tag!, { action: 'reserve', request: per.id });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.json.error).toBe(`Richiesta n. ${per.id} non trovata.`);
  });
});

describe('a request’s states', () => {
  it('a partner cancels its request: reserved devices go back to stock, the change is in the history', async () => {
    const r = await approvedRequest(t, coordA, 'FOL', laptops(2));
    const partner = await t.token('partner', undefined, 'scuola', { partnerId: r.partner.id });
    const tags = await readyLaptops(2);
    await t.api('POST', `/api/v1/requests/${r.id}/reservations`, coordA, { tags });
    expect((await t.api('POST', `/api/v1/requests/${r.id}/decision`, partner, { decision: 'approve' })).status).toBe(403);
    const cancel = await t.api('POST', `/api/v1/requests/${r.id}/decision`, partner, { decision: 'cancel', note: 'Abbiamo ricevuto un finanziamento' });
    expect(cancel.status).toBe(200);
    expect(cancel.json.state).toBe('cancelled');
    expect(cancel.json.events.at(-1)).toMatchObject({ action: 'cancel', from: 'approved', to: 'cancelled', note: 'Abbiamo ricevuto un finanziamento' });
    for (const tag of tags) expect((await t.api('GET', `/api/v1/devices/${tag}`, coordA)).json).toMatchObject({ state: 'ready', recipient: null });
    const again = await t.api('POST', `/api/v1/requests/${r.id}/decision`, coordA, { decision: 'cancel' });
    expect(again.status).toBe(409);
    expect(again.json.error).toBe(`La richiesta n. ${r.id} è «Annullata»: questa modifica non è possibile.`);
  });

  it('refusing needs a reason the partner reads; a refused request takes no devices', async () => {
    const p = (await approvedRequest(t, coordA, 'FOL', laptops(1))).partner;
    const r = await t.api('POST', '/api/v1/requests', coordA, { partner: p.id, ...laptops(3), purpose: 'Aula informatica', beneficiaries: { count: 25 } });
    expect((await t.api('POST', `/api/v1/requests/${r.json.id}/decision`, coordA, { decision: 'refuse' })).status).toBe(422);
    const refused = await t.api('POST', `/api/v1/requests/${r.json.id}/decision`, coordA, { decision: 'refuse', note: 'Per le aule c’è il bando regionale' });
    expect(refused.json.state).toBe('refused');
    const partner = await t.token('partner', undefined, 'p', { partnerId: p.id });
    expect((await t.api('GET', `/api/v1/requests/${r.json.id}`, partner)).json.events.at(-1)).toMatchObject({ action: 'refuse', note: 'Per le aule c’è il bando regionale', by: 'DigiPASS Foligno' });
  });

  it('a coordinator records a request taken by phone, for one of the hub’s active partners only', async () => {
    const coordinator = await t.person('coordinator', 'FOL');
    const p = (await approvedRequest(t, coordA, 'FOL', { partnerName: 'Centro anziani Sant’Eraclio', ...laptops(1) })).partner;
    const form = await t.page('/requests/new', coordinator.cookie);
    expect(form.html).toContain(`<option value="${p.id}">Centro anziani Sant’Eraclio</option>`);
    const fields = {
      partner: p.id,
      'items.0.type': 'all_in_one',
      'items.0.quantity': '2',
      purpose: 'Corso di alfabetizzazione digitale',
      'beneficiaries.count': '12',
      idempotencyKey: 'phone-request-0001',
    };
    const r = await t.form('/requests', coordinator.cookie, fields);
    expect(r.status).toBe(303);
    const id = Number(/\/requests\/(\d+)/.exec(r.location!)![1]);
    expect((await t.api('GET', `/api/v1/requests/${id}`, coordA)).json).toMatchObject({ state: 'submitted', partner: { id: p.id }, items: [{ type: 'all_in_one', quantity: 2 }] });
    const per = await approvedRequest(t, await t.token('admin'), 'PER', laptops(1));
    const elsewhere = await t.form('/requests', coordinator.cookie, { ...fields, partner: per.partner.id, idempotencyKey: 'phone-request-0002' });
    expect(elsewhere.status).toBe(404);
  });

  it('a resubmitted request form makes one request', async () => {
    const p = (await approvedRequest(t, coordA, 'FOL', laptops(1))).partner;
    const partner = await t.token('partner', undefined, 'p2', { partnerId: p.id });
    const body = { ...laptops(2), purpose: 'Doposcuola', beneficiaries: { count: 2 }, idempotencyKey: 'form-key-12345678' };
    const before = await t.count('partner_requests');
    const [x, y] = [await t.api('POST', '/api/v1/requests', partner, body), await t.api('POST', '/api/v1/requests', partner, body)];
    expect([x.status, y.status]).toEqual([201, 200]);
    expect(y.headers.get('idempotent-replayed')).toBe('true');
    expect(x.json.id).toBe(y.json.id);
    expect(await t.count('partner_requests')).toBe(before + 1);
  });

  it('a request form sent three times at once (a retry racing the first) makes one request, and every answer names it', async () => {
    const p = (await approvedRequest(t, coordA, 'FOL', laptops(1))).partner;
    const partner = await t.token('partner', undefined, 'p3', { partnerId: p.id });
    const body = { ...laptops(1), purpose: 'Corso serale', beneficiaries: { count: 1 }, idempotencyKey: 'form-key-race-0001' };
    const before = await t.count('partner_requests');
    const answers = await Promise.all([1, 2, 3].map(() => t.api('POST', '/api/v1/requests', partner, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    expect(await t.count('partner_requests')).toBe(before + 1);
  });
});

describe('from the device page', () => {
  it('a ready device is reserved for one of the hub’s open requests, and delivered with its own document', async () => {
    const coordinator = await t.person('coordinator', 'FOL');
    const r = await approvedRequest(t, coordA, 'FOL', { partnerName: 'Oratorio San Giacomo', items: [{ type: 'laptop', quantity: 1 }] });
    const [tag] = await readyLaptops(1);
    const page = await t.page(`/d/${tag}`, coordinator.cookie);
    expect(page.html).toContain(`<option value="${r.id}">#${r.id} · Oratorio San Giacomo</option>`);
    const reserve = await t.form(`/d/${tag}/actions`, coordinator.cookie, { action: 'reserve', request: r.id });
    expect(reserve.status).toBe(303);
    const deliver = await t.form(`/d/${tag}/actions`, coordinator.cookie, { action: 'deliver', title: 'donation' });
    expect(deliver.status).toBe(303);
    const device = (await t.api('GET', `/api/v1/devices/${tag}`, coordA)).json;
    expect(device).toMatchObject({ state: 'delivered', recipient: 'Oratorio San Giacomo' });
    expect(device.deliveryDocument).toMatch(/^DDT FOL \d+\/2026$/);
    const after = await t.page(`/d/${tag}`, coordinator.cookie);
    expect(after.html).toMatch(/<a href="\/deliveries\/\d+">DDT FOL \d+\/2026<\/a>/);
    expect((await t.api('GET', `/api/v1/requests/${r.id}`, coordA)).json.state).toBe('fulfilled');
  });
});
