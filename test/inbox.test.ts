/**
 * The staff inbox: the same notices as the e-mails, in the reader's language, with the unread count
 * in the navigation; an entry opens only for the person it was written for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserLocale } from '../src/users/repository';
import { createTestContext, type Person, type TestContext } from './support/context';
import { approvedRequest } from './support/partners';

let t: TestContext;
let coordIt: Person;
let coordEn: Person;
let coordToken: string;

beforeAll(async () => {
  t = await createTestContext();
  coordIt = await t.person('coordinator', 'FOL', 'Chiara');
  coordEn = await t.person('coordinator', 'FOL', 'Colin');
  await setUserLocale(t.db, coordEn.id, 'en');
  coordToken = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

const badge = (html: string) => /<a href="\/inbox"[^>]*>[^<]*<span class="badge unread"[^>]*><span aria-hidden="true">(\d+)<\/span><span class="sr-only">([^<]*)<\/span>/.exec(html);

describe('the inbox', () => {
  it('shows each notice in the reader’s language, counts the unread in the navigation, and opens where it points', async () => {
    expect(badge((await t.page('/devices', coordIt.cookie)).html)).toBeNull();
    const applied = await t.form('/partners/apply', null, {
      hub: 'FOL',
      kind: 'other',
      name: 'Scuola <b>Uno</b>',
      municipality: 'Foligno',
      'contact.name': 'Anna',
      'contact.email': 'anna@example.org',
      privacy: 'true',
    });
    expect(applied.status).toBe(201);
    expect(
      (await t.form('/partners/apply', null, { hub: 'FOL', kind: 'other', name: 'Scuola Due', municipality: 'Spello', 'contact.name': 'Bea', 'contact.email': 'bea@example.org', privacy: 'true' }))
        .status,
    ).toBe(201);

    const home = await t.page('/devices', coordIt.cookie);
    expect(badge(home.html)?.slice(1)).toEqual(['2', '2 messaggi da leggere']);
    expect(badge((await t.page('/devices', coordEn.cookie)).html)?.slice(1)).toEqual(['2', '2 unread messages']);

    const it_ = await t.page('/inbox', coordIt.cookie);
    expect(it_.html).toContain('Nuova domanda di adesione: Scuola Due');
    expect(it_.html).toContain('Scuola Due (Spello) chiede di ricevere dispositivi dall’hub DigiPASS Foligno.');
    // What an applicant typed is shown as text, never as markup.
    expect(it_.html).toContain('Scuola &lt;b&gt;Uno&lt;/b&gt;');
    expect(it_.html).not.toContain('<b>Uno</b>');
    expect(it_.html).toContain('L’invio di e-mail non è configurato');
    const en = await t.page('/inbox', coordEn.cookie);
    expect(en.html).toContain('New application: Scuola Due');

    const entry = /href="\/inbox\/(\d+)"><strong>Nuova domanda di adesione: Scuola Due/.exec(it_.html)![1]!;
    // Someone else's entry is not there for them.
    expect((await t.page(`/inbox/${entry}`, coordEn.cookie)).status).toBe(404);
    const open = await t.page(`/inbox/${entry}`, coordIt.cookie);
    expect(open.status).toBe(303);
    const { id } = await t.db.selectFrom('partners').select('id').where('name', '=', 'Scuola Due').executeTakeFirstOrThrow();
    expect(open.headers.get('location')).toBe(`/partners/${id}`);
    expect(badge((await t.page('/devices', coordIt.cookie)).html)?.slice(1)).toEqual(['1', '1 messaggio da leggere']);
    expect(badge((await t.page('/devices', coordEn.cookie)).html)?.[1]).toBe('2');

    const all = await t.form('/inbox/read', coordIt.cookie, {});
    expect(all.status).toBe(303);
    expect(badge((await t.page('/devices', coordIt.cookie)).html)).toBeNull();
    expect((await t.page('/inbox', coordIt.cookie)).html).not.toContain('<strong>');
  });

  it('the person who acted is not told of their own act', async () => {
    const r = await approvedRequest(t, coordToken, 'FOL', { partnerName: 'Scuola Tre', items: [{ type: 'laptop', quantity: 1 }] });
    await t.form('/inbox/read', coordIt.cookie, {});
    await t.form('/inbox/read', coordEn.cookie, {});
    const cancelled = await t.form(`/requests/${r.id}/decision`, coordIt.cookie, { decision: 'cancel' });
    expect(cancelled.status).toBeLessThan(400);
    expect((await t.page('/inbox', coordEn.cookie)).html).toContain(`Request no. ${r.id}: Cancelled`);
    expect((await t.page('/inbox', coordIt.cookie)).html).not.toContain(`Richiesta n. ${r.id}: Annullata`);
  });

  it('is for staff: a partner’s person is refused, and a visitor is asked to log in', async () => {
    const r = await approvedRequest(t, coordToken, 'FOL', { partnerName: 'Scuola Quattro', items: [{ type: 'laptop', quantity: 1 }] });
    const partner = await t.person('partner', undefined, 'Referente', { partnerId: r.partner.id });
    expect((await t.page('/inbox', partner.cookie)).status).toBe(403);
    expect(badge((await t.page('/portal', partner.cookie)).html)).toBeNull();
    expect((await t.page('/portal', partner.cookie)).html).not.toContain('href="/inbox"');
    const anonymous = await t.page('/inbox');
    expect([302, 303, 401]).toContain(anonymous.status);
  });
});
