import type { TestContext } from './context';
import type { Who, World } from './world';

export type Input = { path?: string; query?: string; body?: Record<string, unknown> | FormData; text?: string };

/**
 * A valid input for each writing route (and the query a reading route needs), so access alone decides.
 * A request that would change a device (or erase a person, revoke a token) gets one of its own for
 * each role, so what one role did never decides another's answer.
 */
export async function validInput(t: TestContext, w: World, key: string, who: Who): Promise<Input> {
  const i = w.ids;
  const unique = `${who}-${Math.random().toString(36).slice(2, 8)}`;
  const fresh = (state?: Parameters<World['freshDevice']>[0]) => w.freshDevice(state);
  const reservedForAlfa = async () => {
    const tag = await fresh('ready');
    await t.api('POST', `/api/v1/requests/${i.request}/reservations`, w.token, { tags: [tag] });
    return tag;
  };
  switch (key) {
    case 'POST /login':
      // Anyone may sign in with an account's right credentials, whoever they were before.
      return { body: { email: w.people.volunteer.email, password: w.people.volunteer.password } };
    case 'POST /lang':
      return { body: { locale: 'it', back: '/' } };
    case 'POST /setup/:token':
      return { body: { name: 'Admin', email: `a-${unique}@example.invalid`, password: 'una password lunga', confirm: 'una password lunga' } };
    case 'POST /welcome/:token':
      return { body: { password: 'una password lunga', confirm: 'una password lunga' } };
    case 'POST /partners/apply':
      return { body: { hub: 'FOL', kind: 'other', name: `Ente ${unique}`, municipality: 'Foligno', 'contact.name': 'Referente', 'contact.email': `r-${unique}@example.invalid`, privacy: 'on' } };
    case 'POST /programme':
    case 'PUT /api/v1/programme':
      return { body: { name: 'DigiPASS Umbria', court: 'Perugia' } };
    case 'POST /hubs/:code/identity':
    case 'PUT /api/v1/hubs/:code/identity':
      return { body: { address: 'Via Garibaldi 12', phone: '0742 000000' } };
    case 'GET /deliveries/:id/returns/:tag{[A-Za-z0-9-]+\\.pdf}': {
      // A device lent to Alfa on a request of its own that came back to the hub, so that the receipt exists.
      const req = await t.api('POST', '/api/v1/requests', w.token, { partner: i.partner, items: [{ type: 'laptop', quantity: 1 }], purpose: 'Una postazione', beneficiaries: { count: 1 } });
      await t.api('POST', `/api/v1/requests/${req.json.id}/decision`, w.token, { decision: 'approve' });
      const tag = await fresh('ready');
      await t.api('POST', `/api/v1/requests/${req.json.id}/reservations`, w.token, { tags: [tag] });
      const d = await t.api('POST', `/api/v1/requests/${req.json.id}/deliveries`, w.token, { tags: [tag], title: 'loan' });
      if (d.status !== 201) throw new Error(`delivery: ${d.status} ${d.text}`);
      const back = await t.api('POST', `/api/v1/deliveries/${d.json.id}/returns`, w.token, { tag });
      if (back.status >= 300) throw new Error(`return: ${back.status} ${back.text}`);
      return { path: `/deliveries/${d.json.id}/returns/${tag}.pdf` };
    }
    case 'POST /equipment':
      return { body: { hub: 'FOL', category: 'laptop', make: 'Lenovo' } };
    case 'POST /equipment/assets/:tag/actions':
      return { body: { action: 'repair', reason: 'Tastiera', idempotencyKey: `k-${unique}-0000` } };
    case 'POST /equipment/assets/:tag/maintenance':
      return { body: { kind: 'check', on: '2026-03-09' } };
    case 'POST /equipment/assets/:tag/edit':
      return { body: { category: 'laptop', make: 'Lenovo', model: 'E14' } };
    case 'POST /equipment/loans/:id/erase': {
      const asset = (await t.api('POST', '/api/v1/assets', w.token, { hub: 'FOL', category: 'laptop' })).json.tag;
      const loan = (await t.api('POST', `/api/v1/assets/${asset}/actions`, w.token, { action: 'lend', borrowerKind: 'visitor', borrowerName: 'Ospite', due: '2026-03-10T19:00' })).json.loan.id;
      await t.api('POST', `/api/v1/assets/${asset}/actions`, w.token, { action: 'return' });
      return { path: `/equipment/loans/${loan}/erase`, body: { confirm: 'erase' } };
    }
    case 'POST /equipment/settings/funding':
      return { body: { name: `Fondo ${unique}` } };
    case 'POST /equipment/settings/funding/:id':
      return { body: { name: 'PNRR 1.7.2', active: 'on' } };
    case 'POST /equipment/settings/kit':
      return { body: { category: 'printer', minimum: '1' } };
    case 'POST /equipment/settings/kit/:id':
      return { body: { minimum: '2' } };
    case 'POST /d/:tag/actions':
      return { path: `/d/${await fresh()}/actions`, body: { action: 'diagnose', outcome: 'refurbish', hasStorage: 'true' } };
    case 'POST /api/v1/devices/:tag/actions':
      return { path: `/api/v1/devices/${await fresh()}/actions`, body: { action: 'diagnose', outcome: 'refurbish', hasStorage: true } };
    case 'POST /donations':
      return { body: { hub: 'FOL', 'donor.kind': 'company', 'donor.name': 'Ditta Matrice', 'devices.0.type': 'monitor' } };
    case 'POST /api/v1/donations':
      return { body: { hub: 'FOL', donor: { kind: 'company', name: 'Ditta Matrice' }, devices: [{ type: 'monitor' }] } };
    case 'POST /users':
      return { body: { name: 'Nuova Persona', email: `p-${unique}@example.invalid`, role: 'volunteer', hub: 'FOL' } };
    case 'POST /tokens':
      return { body: { label: `Token ${unique}`, role: 'volunteer', hub: 'FOL' } };
    case 'POST /tokens/:id/revoke': {
      const id = (
        await t.db
          .insertInto('api_tokens')
          .values({
            token_hash: unique,
            label: unique,
            role: 'volunteer',
            hub_id: await t.hubId('FOL'),
            partner_id: null,
            created_by: null,
            created_at: new Date().toISOString(),
            last_used_at: null,
            revoked_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      return { path: `/tokens/${id}/revoke`, body: { confirm: '1' } };
    }
    case 'POST /admin/privacy/erase':
    case 'POST /api/v1/privacy/erasures': {
      const d = await t.api('POST', '/api/v1/donations', w.token, { hub: 'FOL', donor: { kind: 'citizen', name: `Persona ${unique}` }, devices: [{ type: 'monitor' }] });
      const donor = (await t.db.selectFrom('donations').select('donor_id').where('id', '=', d.json.id).executeTakeFirstOrThrow()).donor_id;
      return { body: { kind: 'donor', id: key.startsWith('POST /api') ? donor : String(donor) } };
    }
    case 'POST /partners':
      return { body: { hub: 'FOL', kind: 'other', name: `Partner ${unique}`, municipality: 'Foligno' } };
    case 'POST /api/v1/partners':
      return { body: { hub: 'FOL', kind: 'other', name: `Partner ${unique}`, municipality: 'Foligno' } };
    case 'POST /partners/:id':
      return { body: { municipality: 'Foligno', address: 'Via Roma 1' } };
    case 'POST /partners/:id/decision':
    case 'POST /api/v1/partners/:id/decision':
      return { body: { decision: 'approve' } };
    case 'POST /partners/:id/invite':
    case 'POST /api/v1/partners/:id/invitations':
      return { body: { name: 'Docente', email: `d-${unique}@example.invalid` } };
    case 'POST /partners/:id/contacts':
      return { body: { 'contact.name': 'Altro Referente', 'contact.email': `c-${unique}@example.invalid` } };
    case 'POST /partners/:id/contacts/:contact/erase': {
      const c = await t.db
        .insertInto('partner_contacts')
        .values({ partner_id: i.partner, name: `Referente ${unique}`, role: null, email: null, phone: null, created_at: new Date().toISOString(), erased_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { path: `/partners/${i.partner}/contacts/${c.id}/erase` };
    }
    case 'POST /partners/:id/users/:user/link': {
      const u = await t.db
        .insertInto('users')
        .values({
          email: `invited-${unique}@example.invalid`,
          name: 'Invitata',
          password_hash: null,
          role: 'partner',
          hub_id: null,
          partner_id: i.partner,
          locale: 'it',
          created_at: new Date().toISOString(),
          created_by: null,
          disabled_at: null,
          erased_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { path: `/partners/${i.partner}/users/${u.id}/link` };
    }
    case 'POST /requests':
      return { body: { partner: String(i.partner), 'items.0.type': 'laptop', 'items.0.quantity': '2', purpose: 'Laboratorio', 'beneficiaries.count': '10' } };
    case 'POST /api/v1/requests':
      return { body: { partner: i.partner, items: [{ type: 'laptop', quantity: 2 }], purpose: 'Laboratorio', beneficiaries: { count: 10 } } };
    case 'POST /requests/:id/decision':
    case 'POST /api/v1/requests/:id/decision':
      return { body: { decision: 'approve', note: 'Va bene' } };
    case 'POST /requests/:id/reservations':
      return { body: { 'pick0.0': await fresh('ready') } };
    case 'POST /api/v1/requests/:id/reservations':
      return { body: { tags: [await fresh('ready')] } };
    case 'POST /requests/:id/unreserve':
      return { body: { tags: await reservedForAlfa() } };
    case 'POST /requests/:id/deliveries':
      return { body: { 'tags.0': await reservedForAlfa(), title: 'donation' } };
    case 'POST /api/v1/requests/:id/deliveries':
      return { body: { tags: [await reservedForAlfa()], title: 'donation' } };
    case 'POST /requests/:id/note':
      return { body: { internalNote: 'Nota interna' } };
    case 'POST /deliveries/:id/returns':
    case 'POST /api/v1/deliveries/:id/returns':
      return { body: { tag: i.deliveredTag, reason: 'Fine del comodato' } };
    case 'POST /api/v1/deliveries/:id/receipt':
      return { body: { all: true } };
    case 'POST /api/v1/deliveries/:id/reports':
    case 'POST /portal/deliveries/:id/reports':
      return { body: { tag: i.deliveredTag, kind: 'fault', description: 'Non parte' } };
    case 'POST /transfers':
      return { body: { toHub: 'PER', tags: await fresh() } };
    case 'POST /api/v1/transfers':
      return { body: { toHub: 'PER', tags: [await fresh()] } };
    case 'POST /portal/requests':
      return { body: { 'items.0.type': 'laptop', 'items.0.quantity': '1', purpose: 'Laboratorio', 'beneficiaries.count': '5' } };
    case 'POST /portal/requests/:id/cancel':
      return { body: { note: '' } };
    case 'POST /portal/deliveries/:id/receipt':
      return { body: { all: 'true' } };
    case 'GET /labels/preview':
    case 'GET /api/v1/labels':
      return { query: `tags=${i.tag}&format=a4-3x7` };
    case 'POST /labels/blanks':
      return { body: { hub: 'FOL', count: '3' } };
    case 'POST /stocktakes':
      return { body: { hub: 'FOL', note: 'Scaffale' } };
    case 'POST /stocktakes/:id/close':
      return { body: { confirm: 'close' } };
    case 'POST /stocktakes/:id/act':
      return { body: { tag: i.tag, action: 'arrive' } };
    case 'GET /api/v1/scan/resolve':
      return { query: `code=${i.tag}` };
    case 'POST /api/v1/scan/undo': {
      // A reservation this role's own person just made (where they may), taken back.
      const tag = await fresh('ready');
      const cookie = await w.cookieOf(who);
      if (cookie)
        await t.app.request(`/api/v1/devices/${tag}/actions`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': t.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'reserve', request: i.request }),
        });
      return { body: { tag, seq: 6 } };
    }
    case 'POST /api/v1/stocktakes':
      return { body: { hub: 'FOL' } };
    case 'POST /api/v1/stocktakes/:id/scans':
      return { body: { code: i.tag } };
    case 'POST /d/:tag/hardware-reports/:id/review':
    case 'POST /api/v1/devices/:tag/hardware-reports/:id/review':
      return { body: { decision: 'accept' } };
    case 'POST /d/:tag/erasure-logs':
      return { path: `/d/${await fresh('diagnosed')}/erasure-logs`, body: upload('log', 'nwipe.log', 'not an nwipe log', 'text/plain') };
    case 'POST /api/v1/devices/:tag/erasure-logs':
      return { path: `/api/v1/devices/${await fresh('diagnosed')}/erasure-logs`, text: 'not an nwipe log' };
    case 'POST /d/:tag/erasures':
      return {
        path: `/d/${await fresh('diagnosed')}/erasures`,
        body: { kind: 'wipe', method: 'Fill With Zeros', tool: 'nwipe', category: 'clear', verification: 'ultima passata', verified: 'true', 'disks.0.serial': 'WD-MATRIX-1' },
      };
    case 'POST /api/v1/devices/:tag/erasures':
      return {
        path: `/api/v1/devices/${await fresh('diagnosed')}/erasures`,
        body: { kind: 'wipe', method: 'Fill With Zeros', tool: 'nwipe', category: 'clear', verification: 'ultima passata', verified: true, disks: [{ serial: 'WD-MATRIX-1' }] },
      };
    // A record of another device: the coordinator is let through to the answer that it is not this device's.
    case 'POST /d/:tag/erasure-reviews':
      return { path: `/d/${await fresh('diagnosed')}/erasure-reviews`, body: { kind: 'confirm', 'records.0': '1' } };
    case 'POST /api/v1/devices/:tag/erasure-reviews':
      return { path: `/api/v1/devices/${await fresh('diagnosed')}/erasure-reviews`, body: { kind: 'confirm', records: [1] } };
    case 'POST /workshop/checklists':
      return { query: 'hub=FOL', body: { type: 'laptop', lines: 'Si accende\nTastiera' } };
    case 'POST /workshop/images':
      return { body: { name: `Debian ${unique}`, version: '12' } };
    case 'POST /workshop/images/:id':
      return { body: { outdated: 'true' } };
    case 'POST /workshop/parts':
      return { query: 'hub=FOL', body: { tag: i.tag, part: '1' } };
    case 'POST /d/:tag/parts':
      return { body: { part: '1' } };
    case 'POST /d/:tag/hardware-reports':
      return { body: { text: JSON.stringify({ class: 'system', product: 'Latitude E7240', vendor: 'Dell Inc.', serial: 'CN-123' }) } };
    case 'POST /d/:tag/undo':
      return { body: { seq: '2', reason: 'sbagliato' } };
    case 'POST /d/:tag/correct':
      return { body: { outcome: 'refurbish', hasStorage: 'false', reason: 'nessun disco' } };
    case 'POST /api/v1/devices/:tag/parts':
      return { body: { part: 1, quantity: 1 } };
    case 'POST /workshop/recycling':
      return { query: 'hub=FOL', body: { document: 'FIR 1/2026', date: '2026-03-09', tags: i.tag } };
    case 'POST /api/v1/raee-shipments':
      return { body: { hub: 'FOL', document: 'FIR 2/2026', date: '2026-03-09', tags: [i.tag] } };
    case 'POST /api/v1/devices/:tag/hardware-reports':
      return { body: { lscpu: 'Architecture: x86_64\nModel name: Intel(R) Core(TM) i5-4300U CPU @ 1.90GHz\n' } };
    case 'PUT /api/v1/checklists/:type':
      return { query: 'hub=FOL', body: { items: ['Si accende', 'Tastiera'] } };
    case 'POST /api/v1/os-images':
      return { body: { name: `Debian ${unique}`, version: '12' } };
    case 'PATCH /api/v1/os-images/:id':
      return { body: { outdated: true } };
    case 'POST /api/v1/assets':
      return { body: { hub: 'FOL', category: 'laptop' } };
    case 'GET /api/v1/assets/register':
      return { query: 'funding=1&format=csv' };
    case 'POST /api/v1/assets/:tag/actions':
      return { body: { action: 'repair', reason: 'Tastiera' } };
    case 'POST /api/v1/assets/:tag/maintenance':
      return { body: { kind: 'check', on: '2026-03-09' } };
    case 'POST /reports/:hub/:quarter':
      return { body: { note: 'Trimestre' } };
    case 'POST /api/v1/reports':
      return { body: { hub: 'FOL', quarter: '2025-Q4' } };
    case 'POST /imports':
      return { body: upload('file', 'dispositivi.csv', 'tipo\nlaptop\n', 'text/csv') };
    case 'POST /imports/:id/mapping':
      return { body: { 'map.0': 'type' } };
    case 'POST /imports/:id/start':
      return { body: { confirm: '1' } };
    case 'GET /exports/:list':
      return { query: 'format=csv' };
    case 'GET /workshop/checklists':
    case 'GET /workshop/parts':
    case 'GET /workshop/recycling':
    case 'GET /api/v1/checklists/:type':
    case 'GET /api/v1/parts':
    case 'GET /api/v1/recycling':
      return { query: 'hub=FOL' };
    default:
      return {};
  }
}

function upload(field: string, name: string, content: string, type: string) {
  const fd = new FormData();
  fd.append(field, new Blob([content], { type }), name);
  return fd;
}
