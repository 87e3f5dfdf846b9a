import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpFigures } from '../src/figures/repository';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { dumpAllTables } from './support/tables';
import { walkTo } from './support/walk';

/**
 * An administrator erases a donor, a partner's contact, a volunteer and a borrower. Their personal
 * data is gone from every table; every count, figure and document number is what it was.
 */
let t: TestContext;
let admin: Person;
let adminToken: string;
let coordinatorToken: string;
let volunteer: Person;

const DONOR = { kind: 'citizen', name: 'Maria Rossi', taxCode: 'RSSMRA80A41D653X', email: 'maria.rossi@example.invalid', phone: '+39 333 7654321' };
const CONTACT = { name: 'Luca Bianchi', role: 'Animatore digitale', email: 'luca.bianchi@scuola.invalid', phone: '075 1234567' };
const BORROWER = 'Paolo Neri Prestito';
const SECRETS = [DONOR.name, DONOR.taxCode, DONOR.email, '333 7654321', CONTACT.name, CONTACT.email, '075 1234567', 'Giulia Verdi', 'giulia.verdi@hub.invalid', BORROWER];

let donationId: number;
let deliveryId: number;
let deliveryNumber: string;
let partnerId: number;
let contactId: number;
let loanId: number;
let openLoanId: number;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.person('admin');
  adminToken = await t.token('admin');
  coordinatorToken = await t.token('coordinator', 'FOL');
  volunteer = await t.person('volunteer', 'FOL', 'Giulia Verdi');
  await t.db.updateTable('users').set({ email: 'giulia.verdi@hub.invalid' }).where('id', '=', volunteer.id).execute();

  // A citizen's donation; one of its laptops goes through the workshop (the volunteer diagnoses it) to a school.
  const donation = await donate(t, coordinatorToken, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240', quantity: 3 }], DONOR);
  donationId = donation.id;
  const tag = donation.devices[0]!.tag;
  const diagnosed = await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'diagnose', outcome: 'refurbish', hasStorage: 'true' });
  expect(diagnosed.status).toBe(303);
  await walkTo(t, coordinatorToken, tag, 'ready');
  const partner = await t.api('POST', '/api/v1/partners', coordinatorToken, { hub: 'FOL', kind: 'other', name: 'Scuola di Foligno', municipality: 'Foligno', contacts: [CONTACT] });
  expect(partner.status, partner.text).toBe(201);
  partnerId = partner.json.id;
  contactId = (await t.db.selectFrom('partner_contacts').select('id').where('partner_id', '=', partnerId).executeTakeFirstOrThrow()).id;
  const request = await t.api('POST', '/api/v1/requests', coordinatorToken, { partner: partnerId, items: [{ type: 'laptop', quantity: 2 }], purpose: 'Laboratorio', beneficiaries: { count: 20 } });
  await t.api('POST', `/api/v1/requests/${request.json.id}/decision`, coordinatorToken, { decision: 'approve' });
  expect((await act(t, coordinatorToken, tag, { action: 'reserve', request: request.json.id })).status).toBe(200);
  const delivery = await t.api('POST', `/api/v1/requests/${request.json.id}/deliveries`, coordinatorToken, { tags: [tag], title: 'loan', loanUntil: '2027-06-30' });
  expect(delivery.status, delivery.text).toBe(201);
  deliveryId = delivery.json.id;
  deliveryNumber = delivery.json.label;

  // A laptop lent for the day and brought back; another still out.
  const asset = (await t.api('POST', '/api/v1/assets', coordinatorToken, { hub: 'FOL', category: 'laptop' })).json.tag;
  loanId = (await t.api('POST', `/api/v1/assets/${asset}/actions`, coordinatorToken, { action: 'lend', borrowerKind: 'visitor', borrowerName: BORROWER, due: '2026-03-10T19:00' })).json.loan.id;
  await t.api('POST', `/api/v1/assets/${asset}/actions`, coordinatorToken, { action: 'return' });
  const other = (await t.api('POST', '/api/v1/assets', coordinatorToken, { hub: 'FOL', category: 'laptop' })).json.tag;
  openLoanId = (await t.api('POST', `/api/v1/assets/${other}/actions`, coordinatorToken, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Anna Aperto', due: '2026-03-10T19:00' })).json.loan
    .id;
});
afterAll(() => t.close());

const pdftotext = (pdf: ArrayBuffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(pdf) }).toString('utf8');

async function whatMustNotChange() {
  const figures = await t.api('GET', '/api/v1/figures?period=2026', adminToken);
  const hub = await t.api('GET', '/api/v1/figures/hubs/FOL?period=2026', adminToken);
  const delivery = await t.api('GET', `/api/v1/deliveries/${deliveryId}`, adminToken);
  const ddt = await t.app.request(`/deliveries/${deliveryId}/ddt.pdf`, { headers: { cookie: admin.cookie } });
  const counts: Record<string, number> = {};
  for (const table of ['donations', 'donors', 'devices', 'device_events', 'deliveries', 'delivery_devices', 'partner_contacts', 'users', 'asset_loans', 'document_counters'])
    counts[table] = await t.count(table);
  return {
    figures: figures.json,
    hub: hub.json,
    totals: await dumpFigures(t.db),
    counts,
    delivery: { number: delivery.json.number, devices: delivery.json.devices.map((d: { tag: string }) => d.tag) },
    ddt: { status: ddt.status, number: pdftotext(await ddt.arrayBuffer()).includes(deliveryNumber) },
  };
}

describe('erasing a person', () => {
  it('removes their personal data everywhere and leaves every count, figure and document number as it was', async () => {
    const before = await whatMustNotChange();
    expect(before.ddt).toEqual({ status: 200, number: true });
    const dumpBefore = JSON.stringify(await dumpAllTables(t.db));
    for (const s of SECRETS) expect(dumpBefore, s).toContain(s);
    const donationPage = await t.page(`/donations/${donationId}`, admin.cookie);
    expect(donationPage.html).toContain(DONOR.name);

    // The administrator finds each person on the privacy page and erases them there.
    const search = await t.page(`/admin/privacy?q=${encodeURIComponent('Rossi')}`, admin.cookie);
    expect(search.status).toBe(200);
    expect(search.html).toContain(DONOR.name);
    const donorId = (await t.db.selectFrom('donors').select('id').where('name', '=', DONOR.name).executeTakeFirstOrThrow()).id;
    for (const [kind, id] of [
      ['donor', donorId],
      ['contact', contactId],
      ['user', volunteer.id],
      ['borrower', loanId],
    ] as const) {
      const r = await t.form('/admin/privacy/erase', admin.cookie, { kind, id });
      expect(r.status, `${kind}: ${r.html.slice(0, 300)}`).toBe(303);
      expect(r.location).toBe('/admin/privacy?done=erased');
    }

    const after = await whatMustNotChange();
    expect(after).toEqual(before);
    const dumpAfter = JSON.stringify(await dumpAllTables(t.db));
    for (const s of SECRETS) expect(dumpAfter, s).not.toContain(s);

    // The pages that showed them still work, numbered as before.
    const page = await t.page(`/donations/${donationId}`, admin.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Persona cancellata su richiesta');
    const deliveryPage = await t.page(`/deliveries/${deliveryId}`, admin.cookie);
    expect(deliveryPage.status).toBe(200);
    expect(deliveryPage.html).toContain(deliveryNumber);
    for (const s of SECRETS) {
      expect(page.html).not.toContain(s);
      expect(deliveryPage.html).not.toContain(s);
    }
    // The erased volunteer's session is over and the account cannot sign in.
    expect((await t.page('/devices', volunteer.cookie)).status).toBe(303);
    const login = await t.form('/login', null, { email: 'giulia.verdi@hub.invalid', password: volunteer.password });
    expect(login.status).toBe(401);

    // The audit log says what was erased, by whom, and names no one.
    const audit = await t.page('/admin/audit', admin.cookie);
    expect(audit.status).toBe(200);
    for (const label of ['Dati di un donatore cancellati', 'Dati di un referente cancellati', 'Account cancellato', 'Nome di chi ha avuto un prestito cancellato']) expect(audit.html).toContain(label);
    expect(audit.html).toContain(`donor:${donorId}`);
    for (const s of SECRETS) expect(audit.html).not.toContain(s);
    const log = await t.api('GET', '/api/v1/audit?action=person.erase.donor', adminToken);
    expect(log.json.items).toHaveLength(1);
    expect(log.json.items[0]).toMatchObject({ action: 'person.erase.donor', target: `donor:${donorId}`, by: { id: admin.id } });
  });

  it('refuses what cannot be erased, with a clear reason, and changes nothing', async () => {
    const before = await t.count('audit_log');
    const again = await t.form('/admin/privacy/erase', admin.cookie, { kind: 'contact', id: contactId });
    expect(again.status).toBe(404);
    expect(again.html).toContain('Questa persona non c’è o è già stata cancellata.');
    const self = await t.form('/admin/privacy/erase', admin.cookie, { kind: 'user', id: admin.id });
    expect(self.status).toBe(409);
    expect(self.html).toContain('Non puoi cancellare il tuo stesso account.');
    // Through the API with the administrator's own session (the scan page's way: CSRF header).
    const open = await t.api('POST', '/api/v1/privacy/erasures', null, { kind: 'borrower', id: openLoanId }, { cookie: admin.cookie, 'x-csrf-token': t.csrf });
    expect(open.status).toBe(409);
    expect(open.json.error).toBe('Il prestito è ancora aperto: il nome si può cancellare quando il portatile è rientrato.');
    expect((await t.db.selectFrom('asset_loans').select('borrower_name').where('id', '=', openLoanId).executeTakeFirstOrThrow()).borrower_name).toBe('Anna Aperto');
    expect(await t.count('audit_log')).toBe(before);
  });

  it('is for administrators in person: not tokens, not coordinators, not the region', async () => {
    const coordinator = await t.person('coordinator', 'FOL');
    const region = await t.person('region');
    const target = (await t.person('volunteer', 'PER')).id;
    for (const cookie of [coordinator.cookie, region.cookie]) {
      expect((await t.page('/admin/privacy', cookie)).status).toBe(403);
      expect((await t.page('/admin/audit', cookie)).status).toBe(403);
      expect((await t.form('/admin/privacy/erase', cookie, { kind: 'user', id: target })).status).toBe(403);
    }
    expect((await t.page('/admin/audit', null)).status).toBe(303);
    const byToken = await t.api('POST', '/api/v1/privacy/erasures', adminToken, { kind: 'user', id: target });
    expect(byToken.status).toBe(403);
    expect((await t.api('GET', '/api/v1/audit', coordinatorToken)).status).toBe(403);
    expect((await t.db.selectFrom('users').select('erased_at').where('id', '=', target).executeTakeFirstOrThrow()).erased_at).toBeNull();
  });

  it('every administrative act on people and tokens is in the audit log, newest first, with who did it', async () => {
    const before = await t.count('audit_log');
    const added = await t.form('/users', admin.cookie, { name: 'Nuovo Coordinatore', email: 'nuovo@hub.invalid', role: 'coordinator', hub: 'PER' });
    expect(added.status).toBe(201);
    const id = (await t.db.selectFrom('users').select('id').where('email', '=', 'nuovo@hub.invalid').executeTakeFirstOrThrow()).id;
    await t.form(`/users/${id}/disable`, admin.cookie, {});
    await t.form(`/users/${id}/enable`, admin.cookie, {});
    await t.form(`/users/${id}/link`, admin.cookie, {});
    const token = await t.form('/tokens', admin.cookie, { label: 'Stampante banco 2', role: 'volunteer', hub: 'FOL' });
    expect(token.status).toBe(201);
    const tokenId = (await t.db.selectFrom('api_tokens').select('id').where('label', '=', 'Stampante banco 2').executeTakeFirstOrThrow()).id;
    const revoked = await t.form(`/tokens/${tokenId}/revoke`, admin.cookie, { confirm: 1 });
    expect(revoked.status).toBe(200);
    const log = await t.api('GET', '/api/v1/audit', adminToken);
    const actions = log.json.items.slice(0, (await t.count('audit_log')) - before).map((e: { action: string }) => e.action);
    expect(actions).toEqual(['token.revoke', 'token.create', 'user.relink', 'user.enable', 'user.disable', 'user.create']);
    expect(log.json.items[0].by).toEqual({ id: admin.id, name: 'admin 1' });
  });
});

describe('nothing readable is left behind', () => {
  it('erasing a donor and a volunteer leaves no trace in certificates, the login throttle or the database file', async () => {
    const c = await createTestContext();
    try {
      const admin = await c.person('admin');
      const token = await c.token('coordinator', 'FOL');
      const volunteer = await c.person('volunteer', 'FOL', 'Zeno Residuo');
      await c.db.updateTable('users').set({ email: 'zeno.residuo@hub.invalid' }).where('id', '=', volunteer.id).execute();
      const traces = ['Zeno Residuo', 'zeno.residuo@hub.invalid', 'Ottavia Traccia', 'ottavia.traccia@example.invalid'];
      // A mistyped password keeps the address in the throttle; a donation certificate names the donor.
      expect((await c.form('/login', null, { email: 'zeno.residuo@hub.invalid', password: 'sbagliata-sbagliata' })).status).toBe(401);
      const donation = await donate(c, token, 'FOL', [{ type: 'monitor' }], { kind: 'citizen', name: 'Ottavia Traccia', email: 'ottavia.traccia@example.invalid' });
      const cert = await c.app.request(`/api/v1/donations/${donation.id}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${token}` } });
      expect(cert.status).toBe(200);
      const code = cert.headers.get('x-verification-code')!;
      expect(JSON.stringify(await dumpAllTables(c.db))).toContain('Ottavia Traccia');

      const donorId = (await c.db.selectFrom('donors').select('id').where('name', '=', 'Ottavia Traccia').executeTakeFirstOrThrow()).id;
      expect((await c.form('/admin/privacy/erase', admin.cookie, { kind: 'donor', id: donorId })).status).toBe(303);
      expect((await c.form('/admin/privacy/erase', admin.cookie, { kind: 'user', id: volunteer.id })).status).toBe(303);

      const dump = JSON.stringify(await dumpAllTables(c.db));
      for (const s of traces) expect(dump, s).not.toContain(s);
      expect(await c.db.selectFrom('login_throttle').select('key').where('key', 'like', 'email:%').execute()).toEqual([]);
      // The certificate is still there under its code, and says the donor was erased on request.
      const again = await c.app.request(`/api/v1/donations/${donation.id}/erasure-certificate.pdf`, { headers: { authorization: `Bearer ${token}` } });
      expect(again.headers.get('x-verification-code')).toBe(code);
      expect((await c.api('GET', `/api/v1/certificates/${code}`, null)).status).toBe(200);

      if (c.kind === 'sqlite') {
        // What `strings` would find in the database file and its write-ahead log.
        const file = c.config.databaseUrl;
        const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]).toString('latin1');
        for (const s of traces) expect(bytes.includes(s), s).toBe(false);
      } else {
        // The same in PostgreSQL's files for the tables that held them (the test cluster is on this machine).
        await sql`CHECKPOINT`.execute(c.db);
        const dir = (await sql<{ d: string }>`SELECT current_setting('data_directory') AS d`.execute(c.db)).rows[0]!.d;
        for (const table of ['users', 'donors', 'certificates', 'login_throttle']) {
          const rel = (await sql<{ p: string }>`SELECT pg_relation_filepath(${table}::regclass) AS p`.execute(c.db)).rows[0]!.p;
          const bytes = readFileSync(join(dir, rel)).toString('latin1');
          for (const s of traces) expect(bytes.includes(s), `${table}: ${s}`).toBe(false);
        }
      }
    } finally {
      await c.close();
    }
  });
});
