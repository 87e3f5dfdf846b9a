import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Person, type TestContext } from './support/context';
import { withoutId } from './support/partners';

let t: TestContext;
let coordinator: Person;
let coordToken: string;

beforeAll(async () => {
  t = await createTestContext();
  coordinator = await t.person('coordinator', 'FOL');
  coordToken = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

const school = (code: string) => ({ kind: 'school', name: `Scuola ${code}`, code, municipality: 'Foligno' });

describe('registering an organisation through the API', () => {
  it('checks the codice meccanografico of a school and the codice fiscale of an association, writing nothing when wrong', async () => {
    const before = await t.count('partners');
    const cases: [Record<string, unknown>, RegExp][] = [
      [school('PGIC8120X'), /codice meccanografico ha 10 caratteri/],
      [school('XXIC81200X'), /sigla di una provincia italiana/],
      [{ kind: 'school', name: 'Senza codice', municipality: 'Foligno' }, /per una scuola serve il codice meccanografico/],
      [{ kind: 'association', name: 'Ass. Esempio', code: '94012345670', municipality: 'Foligno' }, /il carattere di controllo non torna/],
      [{ kind: 'association', name: 'Ass. Esempio', municipality: 'Foligno' }, /per un’associazione serve il codice fiscale/],
      [{ kind: 'public_body', name: 'Comune', code: 'RSSMRA80A01H501A', municipality: 'Foligno' }, /il carattere di controllo non torna/],
    ];
    for (const [body, message] of cases) {
      const r = await t.api('POST', '/api/v1/partners', coordToken, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.error).toMatch(message);
    }
    const en = await t.api('POST', '/api/v1/partners', coordToken, school('XXIC81200X'), { 'accept-language': 'en' });
    expect(en.json.error).toMatch(/must be an Italian province/);
    expect(await t.count('partners')).toBe(before);

    const ok = await t.api('POST', '/api/v1/partners', coordToken, { kind: 'association', name: 'Ass. Esempio', code: '940 1234 5677', municipality: 'Foligno', openDataConsent: true });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json).toMatchObject({ hub: 'FOL', kind: 'association', code: '94012345677', status: 'active', openDataConsent: true });
    const body = await t.api('POST', '/api/v1/partners', coordToken, { kind: 'public_body', name: 'Comune di Perugia', code: '00163570542', municipality: 'Perugia' });
    expect(body.status).toBe(201);
    const dup = await t.api('POST', '/api/v1/partners', coordToken, { kind: 'association', name: 'Altra', code: '94012345677', municipality: 'Foligno' });
    expect(dup.status).toBe(409);
    expect(dup.json.error).toBe('Un’organizzazione con il codice 94012345677 è già registrata o in attesa: rivolgiti al tuo hub.');
  });

  it('a coordinator registers organisations only for their own hub; volunteers and partners not at all', async () => {
    const other = await t.api('POST', '/api/v1/partners', coordToken, { ...school('TRIS00700N'), hub: 'TER' });
    expect(other.status).toBe(403);
    expect(other.json.error).toMatch(/solo le organizzazioni del tuo hub/);
    expect((await t.api('POST', '/api/v1/partners', await t.token('volunteer', 'FOL'), school('TRIS00700N'))).status).toBe(403);
    expect((await t.api('POST', '/api/v1/partners', await t.token('region'), { ...school('TRIS00700N'), hub: 'TER' })).status).toBe(403);
    const admin = await t.api('POST', '/api/v1/partners', await t.token('admin'), { ...school('TRIS00700N'), hub: 'TER' });
    expect(admin.status).toBe(201);
    expect(admin.json.hub).toBe('TER');
  });
});

describe('who sees an organisation and its people', () => {
  it('the hub’s coordinators see contacts; the region sees the organisation only; another hub sees nothing', async () => {
    const r = await t.form('/partners', coordinator.cookie, {
      kind: 'school',
      name: 'Scuola Primaria Santa Caterina',
      code: 'PGEE01000R',
      municipality: 'Foligno',
      'contacts.0.name': 'Giovanni Referente',
      'contacts.0.email': 'giovanni.referente@example.org',
      'contacts.0.phone': '+39 0742 000000',
    });
    expect(r.status).toBe(303);
    const id = Number(/\/partners\/(\d+)/.exec(r.location!)![1]);
    const own = await t.page(`/partners/${id}`, coordinator.cookie);
    expect(own.html).toContain('giovanni.referente@example.org');

    const region = await t.person('region');
    const regional = await t.page(`/partners/${id}`, region.cookie);
    expect(regional.status).toBe(200);
    expect(regional.html).toContain('Scuola Primaria Santa Caterina');
    for (const secret of ['Giovanni', 'giovanni.referente', '0742']) expect(regional.html, secret).not.toContain(secret);

    const elsewhere = await t.person('coordinator', 'PER');
    const missing = await t.page('/partners/999999', elsewhere.cookie);
    const foreign = await t.page(`/partners/${id}`, elsewhere.cookie);
    expect(foreign.status).toBe(404);
    expect(withoutId(foreign.html, id)).toBe(withoutId(missing.html, 999999));
    expect((await t.page('/partners', elsewhere.cookie)).html).not.toContain('Santa Caterina');
    expect((await t.form(`/partners/${id}/invite`, elsewhere.cookie, { name: 'X', email: 'x@example.org' })).status).toBe(404);
    expect((await t.api('GET', `/api/v1/partners/${id}`, await t.token('coordinator', 'PER'))).status).toBe(404);

    // Erasing a contact leaves no trace of the person.
    const contact = await t.db.selectFrom('partner_contacts').select('id').where('partner_id', '=', id).executeTakeFirstOrThrow();
    expect((await t.form(`/partners/${id}/contacts/${contact.id}/erase`, coordinator.cookie, {})).status).toBe(303);
    const erased = await t.db.selectFrom('partner_contacts').selectAll().where('id', '=', contact.id).executeTakeFirstOrThrow();
    expect(erased).toMatchObject({ name: '—', email: null, phone: null });
    expect(erased.erased_at).not.toBeNull();
  });
});

describe('accounts for partners', () => {
  it('a coordinator invites a person: a one-time link, on screen as text and as a QR code', async () => {
    const p = await t.api('POST', '/api/v1/partners', coordToken, { kind: 'other', name: 'Biblioteca di quartiere', municipality: 'Foligno' });
    const r = await t.form(`/partners/${p.json.id}/invite`, coordinator.cookie, { name: 'Lucia Bibliotecaria', email: 'lucia@example.org' });
    expect(r.status).toBe(201);
    expect(r.html).toMatch(/<div class="qr" role="img" aria-label="Codice QR del link di invito"><svg/);
    const link = /http:\/\/rigenera\.test(\/welcome\/[A-Za-z0-9_-]+)/.exec(r.html)![1]!;
    expect((await t.page(link)).html).toContain('Lucia Bibliotecaria');
    const user = await t.db.selectFrom('users').selectAll().where('email', '=', 'lucia@example.org').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'partner', partner_id: p.json.id, hub_id: null });

    const again = await t.api('POST', `/api/v1/partners/${p.json.id}/invitations`, coordToken, { name: 'Lucia', email: 'lucia@example.org' });
    expect(again.status).toBe(409);
    const api = await t.api('POST', `/api/v1/partners/${p.json.id}/invitations`, coordToken, { name: 'Paolo', email: 'paolo@example.org' });
    expect(api.status).toBe(201);
    expect(api.json.welcomeLink).toMatch(/^http:\/\/rigenera\.test\/welcome\//);
  });

  it('an application is refused only with a reason, and a refused organisation gets no account', async () => {
    const apply = await t.form('/partners/apply', null, {
      hub: 'FOL',
      kind: 'association',
      name: 'Circolo Esempio',
      code: '06363391001',
      municipality: 'Foligno',
      'contact.name': 'Anna',
      'contact.email': 'anna@example.org',
      privacy: 'true',
    });
    expect(apply.status).toBe(201);
    const { id } = await t.db.selectFrom('partners').select('id').where('code', '=', '06363391001').executeTakeFirstOrThrow();
    const bare = await t.api('POST', `/api/v1/partners/${id}/decision`, coordToken, { decision: 'refuse' });
    expect(bare.status).toBe(422);
    const refused = await t.api('POST', `/api/v1/partners/${id}/decision`, coordToken, { decision: 'refuse', note: 'Fuori dal nostro territorio' });
    expect(refused.json).toMatchObject({ status: 'refused', welcomeLink: null });
    expect(await t.db.selectFrom('users').select('id').where('email', '=', 'anna@example.org').executeTakeFirst()).toBeUndefined();
    expect((await t.api('POST', `/api/v1/partners/${id}/decision`, coordToken, { decision: 'approve' })).status).toBe(409);
  });

  it('the public application refuses a form without the privacy acknowledgement, and keeps nothing from robots', async () => {
    const before = await t.count('partners');
    const base = { hub: 'FOL', kind: 'other', name: 'Gruppo', municipality: 'Foligno', 'contact.name': 'B', 'contact.email': 'b@example.org' };
    const noPrivacy = await t.form('/partners/apply', null, base);
    expect(noPrivacy.status).toBe(422);
    expect(noPrivacy.html).toContain('serve la presa visione dell’informativa');
    const robot = await t.form('/partners/apply', null, { ...base, privacy: 'true', website: 'http://spam.example' });
    expect(robot.status).toBe(201);
    expect(await t.count('partners')).toBe(before);
  });
});
