/**
 * Which rows of a list an actor sees, and the small questions pages and services ask about an actor.
 * Decided here from the role table, never by comparing roles elsewhere.
 */
import { can, creatableRoles, type Actor, type Capability } from './policy';
import { HUB_ROLES, type Role } from './roles';

/** The rows of a list an actor may see: every hub's, one hub's, one partner organisation's, or none. */
export type ListScope = { kind: 'all' } | { kind: 'hub'; hubId: number } | { kind: 'partner'; partnerId: number } | { kind: 'none' };

/** How far each role's lists reach when it holds the list's capability. */
const LIST_REACH: Record<Role, 'all' | 'hub' | 'partner'> = {
  admin: 'all',
  region: 'all',
  coordinator: 'hub',
  volunteer: 'hub',
  partner: 'partner',
};

export const ALL: ListScope = { kind: 'all' };
export const NONE: ListScope = { kind: 'none' };

/** The list scope for a capability: none without it, else as far as the role reaches. */
export function listScope(actor: Actor | null, capability: Capability): ListScope {
  if (!actor || !can(actor, capability)) return NONE;
  switch (LIST_REACH[actor.role]) {
    case 'all':
      return ALL;
    case 'hub':
      return actor.hubId === null ? NONE : { kind: 'hub', hubId: actor.hubId };
    case 'partner':
      return actor.partnerId === null ? NONE : { kind: 'partner', partnerId: actor.partnerId };
  }
}

/** One hub's rows: what a list is narrowed to when someone picks a hub. */
export function oneHub(hubId: number): ListScope {
  return { kind: 'hub', hubId };
}

/** One partner organisation's rows: what the hub sees on that partner's page. */
export function onePartner(partnerId: number): ListScope {
  return { kind: 'partner', partnerId };
}

/** The hub a scope is narrowed to, for lists that count per hub rather than filter rows (`undefined`: every hub). */
export function scopeHubId(scope: ListScope): number | undefined {
  if (scope.kind === 'all') return undefined;
  return scope.kind === 'hub' ? scope.hubId : -1;
}

/** Whether this actor's list for a capability spans every hub: they pick a hub themselves (admins, the region). */
export function spansAllHubs(actor: Actor | null, capability: Capability): boolean {
  return listScope(actor, capability).kind === 'all';
}

/** Someone acting for a partner organisation (a person or a token): the portal is theirs, the hub's pages are not. */
export function actsForPartner(who: { role: Role } | null): boolean {
  return !!who && LIST_REACH[who.role] === 'partner';
}

/** The hub's and the programme's people (and tokens): everyone who does not act for a partner. */
export function isStaff(who: { role: Role } | null): boolean {
  return !!who && !actsForPartner(who);
}

/** A role whose accounts and tokens belong to one hub. */
export function belongsToHub(role: string): boolean {
  return (HUB_ROLES as readonly string[]).includes(role);
}

/** Those whose home page is the bench queue: volunteers, who work at it without running the hub. */
export function worksAtBench(actor: Actor): boolean {
  return actor.role === 'volunteer';
}

/** Whether this actor manages people of a role: administrators everyone, coordinators the roles they may create. */
export function managesRole(actor: Actor, role: Role): boolean {
  return can(actor, 'user.manage') || creatableRoles(actor).includes(role);
}
