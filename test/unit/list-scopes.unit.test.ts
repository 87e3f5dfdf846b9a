import { describe, expect, it } from 'vitest';
import type { Actor, Capability } from '../../src/access/policy';
import type { Role } from '../../src/access/roles';
import { actsForPartner, belongsToHub, isStaff, listScope, managesRole, spansAllHubs, type ListScope } from '../../src/access/scopes';

const actor = (role: Role, hubId: number | null = null, partnerId: number | null = null): Actor => ({ kind: 'user', id: 1, role, hubId, partnerId, name: role });

const ALL: ListScope = { kind: 'all' };
const NONE: ListScope = { kind: 'none' };
const HUB_7: ListScope = { kind: 'hub', hubId: 7 };
const PARTNER_3: ListScope = { kind: 'partner', partnerId: 3 };

/** The list-scope table: each role's reach for a few capabilities; without the capability, nothing. */
const TABLE: [string, Actor, Capability, ListScope][] = [
  ['admin, devices', actor('admin'), 'device.read', ALL],
  ['region, devices', actor('region'), 'device.read', ALL],
  ['region, requests', actor('region'), 'request.read', ALL],
  ['region, new requests (not its capability)', actor('region'), 'request.create', NONE],
  ['coordinator, devices', actor('coordinator', 7), 'device.read', HUB_7],
  ['coordinator, deliveries', actor('coordinator', 7), 'delivery.read', HUB_7],
  ['volunteer, devices', actor('volunteer', 7), 'device.read', HUB_7],
  ['volunteer, requests (not its capability)', actor('volunteer', 7), 'request.read', NONE],
  ['coordinator with no hub', actor('coordinator', null), 'device.read', NONE],
  ['partner, requests', actor('partner', null, 3), 'request.read', PARTNER_3],
  ['partner, deliveries', actor('partner', null, 3), 'delivery.read', PARTNER_3],
  ['partner, devices (not its capability)', actor('partner', null, 3), 'device.read', NONE],
  ['partner account with no organisation', actor('partner', null, null), 'request.read', NONE],
];

describe('listScope', () => {
  for (const [name, who, capability, scope] of TABLE) {
    it(`${name} → ${scope.kind}`, () => expect(listScope(who, capability)).toEqual(scope));
  }
  it('no one logged in sees nothing', () => expect(listScope(null, 'device.read')).toEqual(NONE));
});

describe('the predicates pages and services ask instead of comparing roles', () => {
  it('only administrators and the region pick a hub, and only for what they may do', () => {
    expect(spansAllHubs(actor('admin'), 'donation.create')).toBe(true);
    expect(spansAllHubs(actor('region'), 'donation.create')).toBe(false);
    expect(spansAllHubs(actor('region'), 'delivery.read')).toBe(true);
    expect(spansAllHubs(actor('coordinator', 7), 'delivery.read')).toBe(false);
  });
  it('partners are not staff; a role belongs to a hub as the role table says', () => {
    expect([actsForPartner(actor('partner', null, 3)), isStaff(actor('partner', null, 3))]).toEqual([true, false]);
    expect([actsForPartner(actor('volunteer', 7)), isStaff(actor('volunteer', 7)), isStaff(null)]).toEqual([false, true, false]);
    expect(['admin', 'region', 'coordinator', 'volunteer', 'partner', 'nobody'].map(belongsToHub)).toEqual([false, false, true, true, false, false]);
  });
  it('administrators manage everyone; coordinators only volunteers', () => {
    expect((['admin', 'coordinator', 'volunteer'] as const).map((r) => managesRole(actor('admin'), r))).toEqual([true, true, true]);
    expect((['admin', 'coordinator', 'volunteer'] as const).map((r) => managesRole(actor('coordinator', 7), r))).toEqual([false, false, true]);
  });
});
