import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Person, type TestContext } from './support/context';
import { partnerOf } from './support/partners';

let t: TestContext;
let admin: Person;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.person('admin', undefined, 'Anna Admin');
});
afterAll(() => t.close());

const tokenOn = (html: string) => /id="new-token">\s*(rg_[A-Za-z0-9_-]+)\s*</.exec(html)?.[1];

describe('API tokens in the app', () => {
  it('an administrator creates a named, scoped token, sees it once, sees when it was last used, and revokes it', async () => {
    const created = await t.form('/tokens', admin.cookie, { label: 'Chiavetta probe banco 1', role: 'volunteer', hub: 'FOL', partner: '' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const token = tokenOn(created.html)!;
    expect(token).toMatch(/^rg_/);
    expect(created.html).toContain('Copialo ora: non sarà più mostrato');

    // Listed with its scope, never used, and never shown again.
    let list = await t.page('/tokens', admin.cookie);
    expect(list.html).toContain('Chiavetta probe banco 1');
    expect(list.html).toContain('Volontario · FOL');
    expect(list.html).toContain('Mai usato');
    expect(list.html).not.toContain(token);

    // It works with its scope: a FOL volunteer's.
    t.clock.advance(60_000);
    expect((await t.api('GET', '/api/v1/devices', token)).status).toBe(200);
    expect((await t.api('POST', '/api/v1/donations', token, { donor: { kind: 'company', name: 'X' }, devices: [{ type: 'laptop' }] })).status).toBe(403);
    list = await t.page('/tokens', admin.cookie);
    expect(list.html).not.toContain('Mai usato');
    expect(list.html).toContain('<td data-label="Ultimo uso">10/03/2026, 10:01</td>');

    const id = (await t.db.selectFrom('api_tokens').select('id').where('label', '=', 'Chiavetta probe banco 1').executeTakeFirstOrThrow()).id;
    // A post that does not say "revoke" (a replayed or forged empty form) revokes nothing.
    expect((await t.form(`/tokens/${id}/revoke`, admin.cookie, {})).status).toBe(422);
    expect((await t.api('GET', '/api/v1/devices', token)).status).toBe(200);
    const revoked = await t.form(`/tokens/${id}/revoke`, admin.cookie, { confirm: '1' });
    expect(revoked.status).toBe(200);
    expect(revoked.html).toContain('Token «Chiavetta probe banco 1» revocato');
    expect((await t.api('GET', '/api/v1/devices', token)).status).toBe(401);
    expect((await t.form(`/tokens/${id}/revoke`, admin.cookie, { confirm: '1' })).status).toBe(409);

    const audit = await t.db.selectFrom('audit_log').select(['action', 'target', 'actor_user_id', 'data']).where('target', '=', `token:${id}`).orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
      ['token.create', admin.id],
      // Its first use, from an address it had not been used from before.
      ['token.newAddress', null],
      ['token.revoke', admin.id],
    ]);
    expect(audit.map((a) => a.data).join()).not.toContain(token);
  });

  it('scopes a partner’s token to its organisation', async () => {
    const coordinatorToken = await t.token('coordinator', 'FOL');
    const partner = await partnerOf(t, coordinatorToken, 'FOL', 'Scuola dei token');
    const missing = await t.form('/tokens', admin.cookie, { label: 'Portale scuola', role: 'partner', hub: '', partner: '' });
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('Un token di partner deve indicare l’organizzazione.');
    const created = await t.form('/tokens', admin.cookie, { label: 'Portale scuola', role: 'partner', hub: '', partner: String(partner.id) });
    expect(created.status).toBe(201);
    const row = await t.db.selectFrom('api_tokens').select(['role', 'partner_id', 'hub_id']).where('label', '=', 'Portale scuola').executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'partner', partner_id: partner.id, hub_id: null });
    // A coordinator's or volunteer's token needs its hub.
    const noHub = await t.form('/tokens', admin.cookie, { label: 'Senza hub', role: 'coordinator', hub: '', partner: '' });
    expect(noHub.status).toBe(422);
  });

  it('is for administrators only, in person', async () => {
    const coordinator = await t.person('coordinator', 'FOL');
    expect((await t.page('/tokens', coordinator.cookie)).status).toBe(403);
    expect((await t.form('/tokens', coordinator.cookie, { label: 'x', role: 'admin' })).status).toBe(403);
    const before = await t.count('api_tokens');
    await t.form('/tokens', coordinator.cookie, { label: 'Scalata', role: 'admin' });
    expect(await t.count('api_tokens')).toBe(before);
    expect((await t.page('/tokens')).status).toBe(303);
  });
});

describe('tokens follow the person who handed them out, and their addresses are on the record', () => {
  it('disabling an administrator revokes the tokens they created: a disabled administrator’s token stops working', async () => {
    const other = await t.person('admin', undefined, 'Bruno Admin');
    const created = await t.form('/tokens', other.cookie, { label: 'Integrazione di Bruno', role: 'admin', hub: '', partner: '' });
    const token = tokenOn(created.html)!;
    expect((await t.api('GET', '/api/v1/devices', token)).status).toBe(200);
    expect((await t.form(`/users/${other.id}/disable`, admin.cookie, {})).status).toBe(200);
    expect((await t.api('GET', '/api/v1/devices', token)).status).toBe(401);
    // Enabling the person again does not bring the token back.
    await t.form(`/users/${other.id}/enable`, admin.cookie, {});
    expect((await t.api('GET', '/api/v1/devices', token)).status).toBe(401);
    const disable = await t.db.selectFrom('audit_log').select('data').where('action', '=', 'user.disable').where('target', '=', `user:${other.id}`).executeTakeFirstOrThrow();
    expect(JSON.parse(disable.data!)).toEqual({ revokedTokens: 1 });
  });

  it('a token used from a new address goes to the audit log, once per change of address', async () => {
    const token = await t.token('coordinator', 'FOL', 'Banco 3');
    const from = async (peer: string) =>
      (await t.app.request('/api/v1/devices', { headers: { authorization: `Bearer ${token}` } }, { incoming: { socket: { remoteAddress: peer, remotePort: 1, remoteFamily: 'IPv4' } } } as never))
        .status;
    expect(await from('192.0.2.10')).toBe(200);
    expect(await from('192.0.2.10')).toBe(200);
    expect(await from('198.51.100.77')).toBe(200);
    const id = (await t.db.selectFrom('api_tokens').select('id').where('label', '=', 'Banco 3').executeTakeFirstOrThrow()).id;
    const rows = await t.db.selectFrom('audit_log').select(['action', 'data']).where('target', '=', `token:${id}`).where('action', '=', 'token.newAddress').orderBy('id').execute();
    expect(rows.map((r) => JSON.parse(r.data!))).toEqual([
      { ip: '192.0.2.10', previous: null },
      { ip: '198.51.100.77', previous: '192.0.2.10' },
    ]);
  });
});
