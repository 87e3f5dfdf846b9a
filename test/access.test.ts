import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_ACTIONS, type DeviceAction, type DeviceState } from '../src/lifecycle/lifecycle';
import { act, createTestContext, donate, type TestContext } from './support/context';
import { openRequestFor } from './support/partners';
import { STEPS, walkTo } from './support/walk';

let t: TestContext;
let admin: string;

type Who = 'anonymous' | 'partner' | 'region' | 'volunteer' | 'coordinator' | 'otherVolunteer' | 'otherCoordinator' | 'admin';
const WHO: Who[] = ['anonymous', 'partner', 'region', 'volunteer', 'coordinator', 'otherVolunteer', 'otherCoordinator', 'admin'];
const tokens: Partial<Record<Who, string | null>> = {};

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.token('admin');
  tokens.anonymous = null;
  tokens.partner = await t.token('partner');
  tokens.region = await t.token('region');
  tokens.volunteer = await t.token('volunteer', 'FOL');
  tokens.coordinator = await t.token('coordinator', 'FOL');
  tokens.otherVolunteer = await t.token('volunteer', 'PER');
  tokens.otherCoordinator = await t.token('coordinator', 'PER');
  tokens.admin = admin;
  INPUT.reserve = { request: await openRequestFor(t, admin, 'FOL') };
});
afterAll(() => t.close());

/** The state from which each action is tried, so only access decides. */
const FROM: Record<DeviceAction, DeviceState> = {
  diagnose: 'received',
  erase: 'diagnosed',
  install: 'wiped',
  ready: 'installed',
  reserve: 'ready',
  unreserve: 'reserved',
  deliver: 'reserved',
  return: 'delivered',
  harvest: 'received',
  recycle: 'wiped',
  transfer: 'received',
  arrive: 'in_transit',
};
const INPUT: Record<DeviceAction, Record<string, unknown>> = {
  diagnose: { outcome: 'refurbish', hasStorage: true },
  erase: { method: 'Fill With Zeros', verified: true },
  install: { os: 'Debian 12' },
  ready: {},
  reserve: {},
  unreserve: {},
  deliver: { title: 'donation' },
  return: {},
  harvest: {},
  recycle: { kg: 2 },
  transfer: { toHub: 'TER' },
  arrive: {},
};

// 200 allowed; 403 refused (role, or another hub's device); 401 not logged in.
const WORKSHOP = { anonymous: 401, partner: 403, region: 403, volunteer: 200, coordinator: 200, otherVolunteer: 403, otherCoordinator: 403, admin: 200 };
const COORDINATION = { ...WORKSHOP, volunteer: 403 };
const EXPECTED: Record<DeviceAction, Record<Who, number>> = {
  diagnose: WORKSHOP,
  erase: WORKSHOP,
  install: WORKSHOP,
  ready: WORKSHOP,
  harvest: WORKSHOP,
  recycle: WORKSHOP,
  transfer: WORKSHOP,
  reserve: COORDINATION,
  unreserve: COORDINATION,
  deliver: COORDINATION,
  return: COORDINATION,
  // In transit from Foligno to Perugia, the device is the receiving hub's to take in.
  arrive: { ...WORKSHOP, volunteer: 403, coordinator: 403, otherVolunteer: 200, otherCoordinator: 200 },
};

describe('who may act on a device of the Foligno hub', () => {
  for (const action of DEVICE_ACTIONS) {
    it(action, async () => {
      const { devices } = await donate(
        t,
        admin,
        'FOL',
        WHO.map(() => ({ type: 'laptop' })),
      );
      for (const [i, who] of WHO.entries()) {
        const tag = devices[i]!.tag;
        await walkTo(t, admin, tag, FROM[action]);
        const r = await act(t, tokens[who]!, tag, { action, ...INPUT[action] });
        expect(r.status, `${who} ${action}: ${r.text}`).toBe(EXPECTED[action][who]);
        const events = (await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.events.length;
        expect(events, `${who} ${action}`).toBe(STEPS[FROM[action]].length + 1 + (r.status === 200 ? 1 : 0));
        const homeRole = who === 'otherVolunteer' ? 'volunteer' : 'coordinator';
        if (who.startsWith('other') && r.status === 403) {
          // Refused by hub where the same role may act at home; by role otherwise.
          expect(r.json.error).toMatch(EXPECTED[action][homeRole] === 200 ? /è dell’hub DigiPASS Foligno: puoi vederlo ma non modificarlo/ : /Il tuo ruolo non consente/);
        }
        if (who === 'anonymous') expect(r.json.error).toMatch(/accedere/);
      }
    });
  }

  it('reading: staff of every hub and the region read; partners and anonymous callers do not', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    const expected: Record<Who, number> = { anonymous: 401, partner: 403, region: 200, volunteer: 200, coordinator: 200, otherVolunteer: 200, otherCoordinator: 200, admin: 200 };
    for (const who of WHO) {
      expect((await t.api('GET', `/api/v1/devices/${devices[0]!.tag}`, tokens[who]!)).status, who).toBe(expected[who]);
      const list = await t.api('GET', '/api/v1/devices', tokens[who]!);
      expect(list.status, who).toBe(expected[who]);
    }
  });

  it('registering a donation for Foligno', async () => {
    const expected: Record<Who, number> = { anonymous: 401, partner: 403, region: 403, volunteer: 403, coordinator: 201, otherVolunteer: 403, otherCoordinator: 403, admin: 201 };
    for (const who of WHO) {
      const before = await t.count('donations');
      const r = await t.api('POST', '/api/v1/donations', tokens[who]!, { hub: 'FOL', donor: { kind: 'company', name: 'X' }, devices: [{ type: 'laptop' }] });
      expect(r.status, who).toBe(expected[who]);
      expect(await t.count('donations')).toBe(before + (r.status === 201 ? 1 : 0));
    }
    const other = await t.api('POST', '/api/v1/donations', tokens.otherCoordinator!, { hub: 'FOL', donor: { kind: 'company', name: 'X' }, devices: [{ type: 'laptop' }] });
    expect(other.json.error).toBe('Puoi registrare donazioni solo per il tuo hub, non per DigiPASS Foligno.');
  });

  it('a bad or revoked token is refused with 401', async () => {
    expect((await t.api('GET', '/api/v1/devices', 'rg_not-a-token')).status).toBe(401);
    await t.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('label', '=', 'region token').execute();
    const r = await t.api('GET', '/api/v1/devices', tokens.region!);
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('Token API non valido o revocato.');
  });
});

describe('the device page of another hub', () => {
  it('is readable, offers no action, and a forged form gets a clear refusal', async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop' }]);
    const tag = devices[0]!.tag;
    const volunteerPer = await t.person('volunteer', 'PER');
    const page = await t.page(`/d/${tag}`, volunteerPer.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Questo dispositivo è dell’hub DigiPASS Foligno: puoi consultarlo ma non modificarlo.');
    expect(page.html).not.toContain(`action="/d/${tag}/actions"`);
    const forged = await t.form(`/d/${tag}/actions`, volunteerPer.cookie, { action: 'harvest' });
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('è dell’hub DigiPASS Foligno: puoi vederlo ma non modificarlo');
    expect((await t.api('GET', `/api/v1/devices/${tag}`, admin)).json.state).toBe('received');
  });
});

describe('managing people', () => {
  it('a coordinator adds a volunteer to their own hub, who then sets a password through the welcome link', async () => {
    const coordinator = await t.person('coordinator', 'FOL');
    const r = await t.form('/users', coordinator.cookie, { name: 'Giulia Neri', email: 'giulia@example.org', role: 'volunteer' });
    expect(r.status).toBe(201);
    const link = /http:\/\/rigenera\.test(\/welcome\/[A-Za-z0-9_-]+)/.exec(r.html)![1]!;
    const user = await t.db.selectFrom('users').selectAll().where('email', '=', 'giulia@example.org').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'volunteer', hub_id: await t.hubId('FOL'), password_hash: null });
    expect((await t.page(link)).status).toBe(200);
    const set = await t.form(link, null, { password: 'una frase lunga', confirm: 'una frase lunga' });
    expect(set.status).toBe(303);
    expect(set.headers.get('set-cookie')).toMatch(/rg_session=/);
    expect((await t.page(link)).status).toBe(404);
    const login = await t.form('/login', null, { email: 'giulia@example.org', password: 'una frase lunga' });
    expect(login.status).toBe(303);
  });

  it('a coordinator may not create coordinators, nor touch another hub’s volunteers', async () => {
    const coordinator = await t.person('coordinator', 'FOL');
    const elsewhere = await t.person('volunteer', 'PER');
    const promote = await t.form('/users', coordinator.cookie, { name: 'X', email: 'x@example.org', role: 'coordinator' });
    expect(promote.status).toBe(403);
    expect(await t.db.selectFrom('users').select('id').where('email', '=', 'x@example.org').executeTakeFirst()).toBeUndefined();
    const disable = await t.form(`/users/${elsewhere.id}/disable`, coordinator.cookie, {});
    expect(disable.status).toBe(404);
    expect((await t.db.selectFrom('users').select('disabled_at').where('id', '=', elsewhere.id).executeTakeFirstOrThrow()).disabled_at).toBeNull();
    const list = await t.page('/users', coordinator.cookie);
    expect(list.html).not.toContain(elsewhere.email);
  });

  it('disabling a volunteer ends their sessions at once; enabling brings login back', async () => {
    const coordinator = await t.person('coordinator', 'FOL');
    const volunteer = await t.person('volunteer', 'FOL');
    expect((await t.page('/devices', volunteer.cookie)).status).toBe(200);
    const off = await t.form(`/users/${volunteer.id}/disable`, coordinator.cookie, {});
    expect(off.status).toBe(200);
    expect(off.html).toContain('è stato disattivato');
    const after = await t.page('/devices', volunteer.cookie);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/login?next=%2Fdevices');
    expect((await t.form('/login', null, { email: volunteer.email, password: volunteer.password })).status).toBe(401);
    await t.form(`/users/${volunteer.id}/enable`, coordinator.cookie, {});
    expect((await t.form('/login', null, { email: volunteer.email, password: volunteer.password })).status).toBe(303);
  });

  it('volunteers and the region cannot manage people', async () => {
    for (const role of ['volunteer', 'region'] as const) {
      const p = await t.person(role, role === 'volunteer' ? 'FOL' : undefined);
      expect((await t.page('/users', p.cookie)).status, role).toBe(403);
      expect((await t.form('/users', p.cookie, { name: 'Y', email: `y-${role}@example.org` })).status, role).toBe(403);
    }
  });
});
