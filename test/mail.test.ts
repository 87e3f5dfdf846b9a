/**
 * E-mail that really goes out: a real SMTP server on loopback receives what the worker sends. Each
 * message arrives once, to the right person, in their language, with working links; nothing goes to
 * someone whose role may not see it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendDue, smtpTransport, type MailTransport } from '../src/mail/worker';
import { scanDueNotices } from '../src/mail/due';
import { setUserLocale } from '../src/users/repository';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';
import { startSmtp } from './support/smtp';
import { dumpAllTables } from './support/tables';
import { walkTo } from './support/walk';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestContext;
let transport: MailTransport;
let coordIt: Person;
let coordEn: Person;
let volunteer: Person;
let coordPer: Person;
let region: Person;
let coordToken: string;

const send = () => sendDue(t.ctx, transport);
const applyFields = { hub: 'FOL', kind: 'other', municipality: 'Foligno', privacy: 'true' };

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestContext({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Rigenera Foligno <rigenera@test.invalid>' } });
  transport = smtpTransport(smtp.url);
  coordIt = await t.person('coordinator', 'FOL', 'Chiara Coordinatrice');
  coordEn = await t.person('coordinator', 'FOL', 'Colin Coordinator');
  await setUserLocale(t.db, coordEn.id, 'en');
  volunteer = await t.person('volunteer', 'FOL', 'Vera Volontaria');
  coordPer = await t.person('coordinator', 'PER', 'Paolo Perugia');
  region = await t.person('region', undefined, 'Regione Umbria');
  coordToken = await t.token('coordinator', 'FOL');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(async () => {
  await send();
  smtp.clear();
});

/** A minute as a datetime-local field writes it, in the programme's time zone. */
const localMinute = (d: Date) => d.toLocaleString('sv-SE', { timeZone: 'Europe/Rome' }).slice(0, 16).replace(' ', 'T');

async function partnerWithPerson(name: string, locale: 'it' | 'en') {
  const r = await approvedRequest(t, coordToken, 'FOL', { partnerName: name, items: [{ type: 'laptop', quantity: 3 }] });
  const p = await t.person('partner', undefined, `Referente ${name}`, { partnerId: r.partner.id });
  await setUserLocale(t.db, p.id, locale);
  return { request: r.id, partner: r.partner, person: p };
}

describe('a partner’s application', () => {
  it('the applicant hears in the language they applied in, the hub’s coordinators are told, nobody else', async () => {
    const applied = await t.form('/partners/apply', `rg_csrf=${t.csrf}; rg_lang=en`, {
      ...applyFields,
      name: 'Circolo Inglese',
      'contact.name': 'Jane Applicant',
      'contact.email': 'jane@example.org',
    });
    expect(applied.status).toBe(201);
    expect(await send()).toEqual({ sent: 3, failed: 0 });

    const jane = smtp.to('jane@example.org');
    expect(jane).toHaveLength(1);
    expect(jane[0]!.subject).toBe('Application received: Circolo Inglese');
    expect(jane[0]!.text).toContain('Hello Jane Applicant,');
    expect(jane[0]!.from).toBe('"Rigenera Foligno" <rigenera@test.invalid>');
    expect(jane[0]!.language).toBe('en');

    const it_ = smtp.to(coordIt.email);
    expect(it_.map((m) => m.subject)).toEqual(['Nuova domanda di adesione: Circolo Inglese']);
    expect(it_[0]!.text).toMatch(/Circolo Inglese \(Foligno\) chiede di ricevere dispositivi/);
    const { id } = await t.db.selectFrom('partners').select('id').where('name', '=', 'Circolo Inglese').executeTakeFirstOrThrow();
    expect(it_[0]!.text).toContain(`http://rigenera.test/partners/${id}`);
    expect(smtp.to(coordEn.email).map((m) => m.subject)).toEqual(['New application: Circolo Inglese']);
    // A volunteer does not manage partners; another hub and the region have nothing to do with it.
    for (const p of [volunteer, coordPer, region]) expect(smtp.to(p.email)).toEqual([]);
    expect(await send()).toEqual({ sent: 0, failed: 0 });
  });

  it('approval e-mails the one-time link, which works; showing it again ends the e-mailed one', async () => {
    await t.form('/partners/apply', null, { ...applyFields, name: 'Circolo Approvato', 'contact.name': 'Anna Rossi', 'contact.email': 'anna@example.org' });
    const { id } = await t.db.selectFrom('partners').select('id').where('name', '=', 'Circolo Approvato').executeTakeFirstOrThrow();
    const approved = await t.form(`/partners/${id}/decision`, coordIt.cookie, { decision: 'approve' });
    expect(approved.status).toBe(200);
    const shown = /http:\/\/rigenera\.test(\/welcome\/[A-Za-z0-9_-]+)/.exec(approved.html)![1]!;
    await send();
    const anna = smtp.to('anna@example.org');
    expect(anna.map((m) => m.subject)).toEqual(['Domanda ricevuta: Circolo Approvato', 'Domanda approvata: Circolo Approvato']);
    const mailed = /http:\/\/rigenera\.test(\/welcome\/[A-Za-z0-9_-]+)/.exec(anna[1]!.text)![1]!;
    expect(mailed).toBe(shown);
    expect((await t.page(mailed)).status).toBe(200);
    // Sent: the body with the link is not kept at rest.
    const row = await t.db.selectFrom('outbox').select(['status', 'body']).where('recipient_email', '=', 'anna@example.org').where('kind', '=', 'partner.approved').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', body: null });

    // The coordinator reloads the partner's page later: the link can be shown again, as a new one.
    const later = await t.page(`/partners/${id}`, coordIt.cookie);
    expect(later.html).toContain('Mostra di nuovo il link di accesso');
    const user = await t.db.selectFrom('users').select('id').where('email', '=', 'anna@example.org').executeTakeFirstOrThrow();
    const again = await t.form(`/partners/${id}/users/${user.id}/link`, coordIt.cookie, {});
    expect(again.status).toBe(200);
    const fresh = /http:\/\/rigenera\.test(\/welcome\/[A-Za-z0-9_-]+)/.exec(again.html)![1]!;
    expect(fresh).not.toBe(mailed);
    expect((await t.page(mailed)).status).toBe(404);
    expect((await t.page(fresh)).status).toBe(200);
    // Another hub's coordinator cannot make one.
    expect((await t.form(`/partners/${id}/users/${user.id}/link`, coordPer.cookie, {})).status).toBe(404);
  });

  it('a refusal tells the applicant why', async () => {
    await t.form('/partners/apply', null, { ...applyFields, name: 'Circolo Rifiutato', 'contact.name': 'Bruno', 'contact.email': 'bruno@example.org' });
    const { id } = await t.db.selectFrom('partners').select('id').where('name', '=', 'Circolo Rifiutato').executeTakeFirstOrThrow();
    await t.api('POST', `/api/v1/partners/${id}/decision`, coordToken, { decision: 'refuse', note: 'Fuori dal nostro territorio' });
    await send();
    const bruno = smtp.to('bruno@example.org');
    expect(bruno.map((m) => m.subject)).toEqual(['Domanda ricevuta: Circolo Rifiutato', 'Domanda non accolta: Circolo Rifiutato']);
    expect(bruno[1]!.text).toContain('Motivo: Fuori dal nostro territorio');
  });
});

describe('requests and deliveries', () => {
  it('a request’s change reaches its partner’s people in their language, and no other partner', async () => {
    const mine = await partnerWithPerson('Scuola Mia', 'en');
    const other = await partnerWithPerson('Scuola Altra', 'it');
    await send();
    smtp.clear();
    const cancelled = await t.api('POST', `/api/v1/requests/${mine.request}/decision`, coordToken, { decision: 'cancel' });
    expect(cancelled.status).toBe(200);
    await send();
    const got = smtp.to(mine.person.email);
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe(`Request no. ${mine.request}: Cancelled`);
    expect(got[0]!.text).toContain(`http://rigenera.test/portal/requests/${mine.request}`);
    expect(smtp.to(other.person.email)).toEqual([]);
    // The hub's coordinators hear too (the token acted, not one of them); the volunteer does not read requests.
    expect(smtp.to(coordIt.email).map((m) => m.subject)).toEqual([`Richiesta n. ${mine.request}: Annullata`]);
    expect(smtp.to(volunteer.email)).toEqual([]);
  });

  it('a delivery sends its documents to the partner, and one reminder when receipt is not confirmed', async () => {
    const mine = await partnerWithPerson('Scuola Consegna', 'it');
    const tag = (await donate(t, coordToken, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
    await walkTo(t, coordToken, tag, 'ready');
    await t.api('POST', `/api/v1/requests/${mine.request}/reservations`, coordToken, { tags: [tag] });
    const delivery = await t.api('POST', `/api/v1/requests/${mine.request}/deliveries`, coordToken, { tags: [tag], title: 'loan', loanUntil: '2027-06-30' });
    expect(delivery.status).toBe(201);
    await send();
    const got = smtp.to(mine.person.email).filter((m) => m.subject.startsWith('Consegna'));
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe(`Consegna ${delivery.json.label}`);
    expect(got[0]!.text).toContain('1 dispositivo con il documento');
    expect(got[0]!.text).toContain(`http://rigenera.test/deliveries/${delivery.json.id}/ddt.pdf`);
    expect(got[0]!.text).toContain(`http://rigenera.test/deliveries/${delivery.json.id}/comodato.pdf`);
    // The partner's person can open the document the message links to.
    const ddt = await t.app.request(`/deliveries/${delivery.json.id}/ddt.pdf`, { headers: { cookie: mine.person.cookie } });
    expect(ddt.status).toBe(200);

    smtp.clear();
    await scanDueNotices(t.ctx);
    await send();
    expect(smtp.to(mine.person.email)).toEqual([]);
    t.clock.advance(8 * 86_400_000);
    await scanDueNotices(t.ctx);
    await scanDueNotices(t.ctx);
    await send();
    const reminders = smtp.to(mine.person.email);
    expect(reminders.map((m) => m.subject)).toEqual([`Promemoria: conferma il ricevimento della consegna ${delivery.json.label}`]);
  });

  it('a fault reported by the partner reaches the hub’s coordinators, not its volunteers or the region', async () => {
    const mine = await partnerWithPerson('Scuola Guasto', 'it');
    const tag = (await donate(t, coordToken, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
    await walkTo(t, coordToken, tag, 'ready');
    await t.api('POST', `/api/v1/requests/${mine.request}/reservations`, coordToken, { tags: [tag] });
    const delivery = await t.api('POST', `/api/v1/requests/${mine.request}/deliveries`, coordToken, { tags: [tag], title: 'donation' });
    await send();
    smtp.clear();
    const partnerToken = await t.token('partner', undefined, 'guasto', { partnerId: mine.partner.id });
    const r = await t.api('POST', `/api/v1/deliveries/${delivery.json.id}/reports`, partnerToken, { tag, kind: 'fault', description: 'Lo schermo non si accende' });
    expect(r.status).toBe(201);
    await send();
    expect(smtp.to(coordIt.email).map((m) => m.subject)).toEqual([`Guasto segnalato: ${tag}`]);
    expect(smtp.to(coordEn.email).map((m) => m.subject)).toEqual([`Fault reported: ${tag}`]);
    for (const p of [volunteer, region, coordPer, mine.person]) expect(smtp.to(p.email)).toEqual([]);
  });
});

describe('the hub’s own notices', () => {
  it('an incoming transfer is told to the receiving hub, with the plural its language asks for', async () => {
    const tags = (await donate(t, coordToken, 'FOL', [{ type: 'laptop' }, { type: 'laptop' }])).devices.map((d) => d.tag);
    for (const tag of tags) await act(t, coordToken, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: false });
    const r = await t.api('POST', '/api/v1/transfers', coordToken, { toHub: 'PER', tags });
    expect(r.status).toBe(201);
    await send();
    const got = smtp.to(coordPer.email);
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('ha spedito 2 dispositivi all’hub');
    for (const p of [coordIt, coordEn, region]) expect(smtp.to(p.email)).toEqual([]);
  });

  it('an overdue loan names its borrower only to those who may see borrowers, once', async () => {
    const asset = await t.api('POST', '/api/v1/assets', coordToken, { hub: 'FOL', category: 'laptop' });
    const lent = await t.api('POST', `/api/v1/assets/${asset.json.tag}/actions`, coordToken, {
      action: 'lend',
      borrowerKind: 'visitor',
      borrowerName: 'Mario Prestito',
      due: localMinute(new Date(t.clock.now().getTime() + 86_400_000)),
    });
    expect(lent.status).toBe(200);
    t.clock.advance(2 * 86_400_000);
    await scanDueNotices(t.ctx);
    await scanDueNotices(t.ctx);
    await send();
    const overdue = smtp.received.filter((m) => m.text.includes('Mario Prestito'));
    expect(overdue.map((m) => m.to[0]).sort()).toEqual([coordIt.email, coordEn.email, volunteer.email].sort());
    expect(smtp.to(region.email).filter((m) => m.text.includes('Mario'))).toEqual([]);
    const kept = await t.db.selectFrom('notices').select('params').where('user_id', '=', volunteer.id).where('kind', '=', 'loan.overdue').execute();
    expect(kept.map((n) => JSON.parse(n.params).borrower)).toEqual(['Mario Prestito']);

    // Back, and the borrower erased at their request: the notices about the loan go with the name.
    await t.api('POST', `/api/v1/assets/${asset.json.tag}/actions`, coordToken, { action: 'return' });
    const admin = await t.person('admin', undefined, 'Amministratrice');
    const erased = await t.form('/admin/privacy/erase', admin.cookie, { kind: 'borrower', id: lent.json.loan.id });
    expect(erased.status).toBe(303);
    expect(JSON.stringify(await dumpAllTables(t.db))).not.toContain('Mario Prestito');
  });

  it('a quarter over without its report is told to the hub’s coordinators and the region, once', async () => {
    await scanDueNotices(t.ctx);
    await send();
    smtp.clear();
    t.clock.set('2026-07-02T09:00:00.000Z');
    await scanDueNotices(t.ctx);
    await scanDueNotices(t.ctx);
    await send();
    const fol = smtp.received.filter((m) => m.subject === 'Rapporto trimestrale 2026-Q2 da inviare: DigiPASS Foligno' || m.subject === 'Quarterly report 2026-Q2 to submit: DigiPASS Foligno');
    expect(fol.map((m) => m.to[0]).sort()).toEqual([coordIt.email, coordEn.email, region.email].sort());
    expect(smtp.to(volunteer.email)).toEqual([]);
  });
});
