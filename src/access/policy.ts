/**
 * Access rules, in one place. Every route and service asks `can` (or `require`) before it reads
 * or changes anything; nothing else decides who may do what.
 */
import type { AssetAction } from '../equipment/lifecycle';
import type { DeviceAction } from '../lifecycle/lifecycle';
import { HUB_ROLES, type Role } from './roles';

/** Who is acting: a logged-in person or an API token. */
export type Actor = {
  kind: 'user' | 'token';
  id: number;
  role: Role;
  hubId: number | null;
  partnerId: number | null;
  name: string;
};

export type Capability =
  | 'device.read'
  | `device.${DeviceAction}`
  | 'donation.create'
  | 'donor.read'
  | 'volunteer.manage'
  | 'user.manage'
  | 'token.manage'
  | 'hub.read'
  // A hub's identity (address, contacts, hours, person responsible); the programme's legal identity
  | 'hub.manage'
  | 'programme.manage'
  // Refurbishment records
  | 'hardware.report'
  | 'hardware.review'
  // Confirming or refusing a volunteer's erasure record, accepting a log that does not fit the device
  | 'erasure.review'
  | 'part.fit'
  // A coordinator's corrections at the bench: undoing a final action, correcting a diagnosis (with a reason)
  | 'device.correct'
  | 'checklist.manage'
  | 'image.manage'
  | 'shipment.manage'
  // Partners and redistribution
  | 'partner.read'
  | 'partner.manage'
  | 'partner.contacts'
  | 'request.read'
  | 'request.create'
  | 'request.cancel'
  | 'request.decide'
  | 'delivery.read'
  | 'delivery.confirm'
  | 'device.report'
  | 'transfer.read'
  | 'portal.use'
  // Labels and scanning
  | 'label.blanks'
  | 'stocktake.run'
  | 'stocktake.resolve'
  // The hub's own equipment (never donations): the register, its lifecycle, loans and maintenance
  | 'asset.read'
  | `asset.${AssetAction}`
  | 'asset.register'
  | 'asset.maintain'
  | 'loan.borrower'
  | 'equipment.export'
  | 'equipment.configure'
  // Circular-economy figures: a hub's dashboard, the region's, quarterly reports
  | 'figures.read'
  | 'figures.region'
  | 'report.read'
  | 'report.submit'
  // Administrators only: the audit log of their own acts, and erasing a person's data
  | 'audit.read'
  | 'person.erase'
  // Whether e-mail is getting out: messages waiting, and those the server refused
  | 'outbox.read';

const WORKSHOP_ACTIONS: Capability[] = ['device.diagnose', 'device.erase', 'device.install', 'device.ready', 'device.harvest', 'device.recycle', 'device.transfer', 'device.arrive'];
const COORDINATION_ACTIONS: Capability[] = ['device.reserve', 'device.unreserve', 'device.deliver', 'device.return'];
/** The bench: hardware reports and fitting harvested parts (erasure records go with `device.erase`). */
const BENCH: Capability[] = ['hardware.report', 'part.fit'];
/** What coordinators keep for the bench: checklists, the image catalogue, reports to review, RAEE shipments. */
const BENCH_COORDINATION: Capability[] = ['hardware.review', 'erasure.review', 'checklist.manage', 'image.manage', 'shipment.manage', 'device.correct'];
/** Lending, returning and looking after the hub's equipment: the desk's everyday work. */
const EQUIPMENT_DESK: Capability[] = ['asset.read', 'asset.lend', 'asset.return', 'asset.repair', 'asset.repaired', 'asset.found', 'asset.maintain', 'loan.borrower'];
/** Decisions about publicly funded equipment: registering it, declaring it lost, retiring it, the funder's register. */
const EQUIPMENT_COORDINATION: Capability[] = ['asset.register', 'asset.lose', 'asset.retire', 'equipment.export'];
/** The region reads every hub's figures and reports, compares hubs, and sees who has submitted. */
const FIGURES_REGION: Capability[] = ['figures.read', 'figures.region', 'report.read'];
/** Hub staff who work with partners: their organisations, contacts, requests, deliveries and transfers. */
const PARTNER_STAFF: Capability[] = ['partner.read', 'partner.manage', 'partner.contacts', 'request.read', 'request.create', 'request.cancel', 'request.decide', 'delivery.read', 'transfer.read'];

/** What each role may do. Hub roles may do it only in their own hub (see `can`). */
export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: [
    'device.read',
    ...WORKSHOP_ACTIONS,
    ...COORDINATION_ACTIONS,
    'donation.create',
    'donor.read',
    'volunteer.manage',
    'user.manage',
    'token.manage',
    'hub.read',
    'hub.manage',
    'programme.manage',
    ...PARTNER_STAFF,
    'label.blanks',
    'stocktake.run',
    'stocktake.resolve',
    ...BENCH,
    ...BENCH_COORDINATION,
    ...EQUIPMENT_DESK,
    ...EQUIPMENT_COORDINATION,
    // The funding sources and the minimum kit are the programme's, kept by its administrators.
    'equipment.configure',
    ...FIGURES_REGION,
    'report.submit',
    'audit.read',
    'person.erase',
    'outbox.read',
  ],
  // The region reads organisations, requests and deliveries, never contact people; every hub's
  // equipment and the funder's register, never a borrower.
  region: ['device.read', 'hub.read', 'partner.read', 'request.read', 'delivery.read', 'transfer.read', 'asset.read', 'equipment.export', ...FIGURES_REGION],
  coordinator: [
    'device.read',
    ...WORKSHOP_ACTIONS,
    ...COORDINATION_ACTIONS,
    'donation.create',
    'donor.read',
    'volunteer.manage',
    'hub.read',
    'hub.manage',
    ...PARTNER_STAFF,
    // Blank labels consume tag numbers for intake; a stock-take's result is acted on by whoever runs the hub.
    'label.blanks',
    'stocktake.run',
    'stocktake.resolve',
    ...BENCH,
    ...BENCH_COORDINATION,
    ...EQUIPMENT_DESK,
    ...EQUIPMENT_COORDINATION,
    // The hub's figures, and its quarterly report to the region.
    'figures.read',
    'report.read',
    'report.submit',
  ],
  volunteer: ['device.read', ...WORKSHOP_ACTIONS, 'hub.read', 'transfer.read', 'stocktake.run', ...BENCH, ...EQUIPMENT_DESK],
  // A partner acts only on its own organisation's records (see `check`): never donors, devices in stock or other partners.
  partner: ['portal.use', 'request.read', 'request.create', 'request.cancel', 'delivery.read', 'delivery.confirm', 'device.report'],
};

/** Reading a device is allowed across hubs (a volunteer may scan a label from elsewhere); changing it is not. */
const CROSS_HUB_READ: readonly Capability[] = ['device.read', 'hub.read', 'asset.read'];

/** The hub a record belongs to and, for partner records, the partner organisation. */
export type Scope = { hubId?: number | null; partnerId?: number | null };

export type AccessDecision = { ok: true } | { ok: false; reason: 'role' | 'hub' | 'partner' };

export function check(actor: Actor | null, capability: Capability, scope: Scope = {}): AccessDecision {
  if (!actor) return { ok: false, reason: 'role' };
  if (!ROLE_CAPABILITIES[actor.role].includes(capability)) return { ok: false, reason: 'role' };
  if (actor.role === 'partner') {
    // A partner account with no organisation can do nothing; with one, only that organisation's records.
    if (actor.partnerId === null) return { ok: false, reason: 'partner' };
    if (scope.partnerId !== undefined && scope.partnerId !== actor.partnerId) return { ok: false, reason: 'partner' };
  }
  if (HUB_ROLES.includes(actor.role) && scope.hubId != null && scope.hubId !== actor.hubId) {
    if (!CROSS_HUB_READ.includes(capability)) return { ok: false, reason: 'hub' };
  }
  return { ok: true };
}

export function can(actor: Actor | null, capability: Capability, scope: Scope = {}): boolean {
  return check(actor, capability, scope).ok;
}

/**
 * A partner's people by name (who sent a request, who confirmed a receipt): for that partner's own
 * people and the staff who hold its contacts, in its hub. Never the region: it reads organisations,
 * requests and deliveries, and sees the organisation where a partner's person acted.
 */
export function maySeePartnerPeople(actor: Actor | null, scope: { hubId: number | null; partnerId: number }): boolean {
  if (!actor) return false;
  if (actor.role === 'partner') return actor.partnerId === scope.partnerId;
  return check(actor, 'partner.contacts', { hubId: scope.hubId }).ok;
}

/** The hub a hub-scoped actor works in; admins and the region pick one explicitly. */
/**
 * The one place an actor acts with more than its own role: a partner who cancels its request frees
 * the devices reserved for it, which only hub staff may unreserve. The hub does it on the partner's
 * behalf, as that hub's coordinator; the event still names the partner's person.
 */
export function onBehalfOfHub(actor: Actor, hubId: number): Actor {
  return actor.role === 'partner' ? { ...actor, role: 'coordinator', hubId, partnerId: null } : actor;
}

export function homeHubId(actor: Actor): number | null {
  return HUB_ROLES.includes(actor.role) ? actor.hubId : null;
}

/** Which roles this actor may create: administrators any, coordinators only volunteers of their hub. */
export function creatableRoles(actor: Actor): readonly Role[] {
  if (actor.role === 'admin') return ['admin', 'region', 'coordinator', 'volunteer', 'partner'];
  if (actor.role === 'coordinator') return ['volunteer'];
  return [];
}
