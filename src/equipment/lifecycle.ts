/**
 * The lifecycle of the hub's own equipment (assets), in one place: states, actions, which action is
 * allowed from which state, the guards, and how each event changes the asset.
 *
 * It is a separate, smaller lifecycle from the donated devices' one (src/lifecycle/lifecycle.ts): an
 * asset is never diagnosed, erased or delivered, and never counts as a donation, until it is retired
 * into the trashware flow; from then on it is a device like any other and this lifecycle is done.
 *
 *   in_service ──lend──> on_loan ──return──> in_service
 *   in_service ──repair──> under_repair ──repaired──> in_service
 *   in_service | on_loan | under_repair ──lose──> lost ──found──> in_service
 *   in_service | under_repair | lost ──retire──> retired (final; optionally handed to the workshop as a donation)
 *
 * Everything here is pure. The equipment service loads the asset, asks `decide`, and writes the event
 * and the projected asset in one transaction, guarded by the asset's version.
 */
import type { MessageKey } from '../i18n/catalogue';

export const ASSET_STATES = ['in_service', 'on_loan', 'under_repair', 'lost', 'retired'] as const;
export type AssetState = (typeof ASSET_STATES)[number];

export const ASSET_ACTIONS = ['lend', 'return', 'repair', 'repaired', 'lose', 'found', 'retire'] as const;
export type AssetAction = (typeof ASSET_ACTIONS)[number];

/** The first event of every asset, written when it is registered; not an action anyone applies later. */
export const REGISTER_EVENT = 'register';
export const INITIAL_ASSET_STATE: AssetState = 'in_service';

export const ASSET_CATEGORIES = ['workstation', 'laptop', 'tablet', 'interactive_display', 'videoconference', 'mirroring', 'printer', 'network', 'furniture', 'other'] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];

/**
 * What an asset declares about itself, for the minimum kit ("laptops with a free operating system",
 * "an interactive whiteboard with room audio"). The kit's items are data; this vocabulary is code.
 */
export const ASSET_FEATURES = ['free_os', 'room_audio', 'h323_sip', 'multifunction', 'wifi'] as const;
export type AssetFeature = (typeof ASSET_FEATURES)[number];

/** Who borrows: the kinds of people a hub lends to. */
export const BORROWER_KINDS = ['visitor', 'coworker', 'trainer', 'association'] as const;
export type BorrowerKind = (typeof BORROWER_KINDS)[number];

/** The document the hub looked at (its type only: a number is never recorded). */
export const BORROWER_DOCUMENTS = ['id_card', 'driving_licence', 'passport', 'hub_card', 'known_to_staff'] as const;
export type BorrowerDocument = (typeof BORROWER_DOCUMENTS)[number];

/** The longest loan the desk grants; anything longer is a comodato agreement, not a loan for the day. */
export const MAX_LOAN_DAYS = 366;

/** The category of device an asset becomes when it is retired into the trashware flow; furniture never does. */
export const DEVICE_TYPE_OF: Record<AssetCategory, string | null> = {
  workstation: 'desktop',
  laptop: 'laptop',
  tablet: 'tablet',
  interactive_display: 'monitor',
  videoconference: 'peripheral',
  mirroring: 'peripheral',
  printer: 'printer',
  network: 'peripheral',
  furniture: null,
  other: 'other',
};

/** The fields each action carries, already validated (see equipment/schema.ts). */
export type AssetActionFields = {
  lend: { borrowerKind: BorrowerKind; borrowerName: string; borrowerDocument?: BorrowerDocument; dueAt: string; note?: string };
  return: { note?: string };
  repair: { reason: string; repairer?: string; note?: string };
  repaired: { costCents?: number; by?: string; note?: string };
  lose: { note: string };
  found: { location?: string; note?: string };
  retire: { reason: string; toWorkshop: boolean; note?: string };
};

/** The part of an asset the lifecycle reasons about. */
export type LifecycleAsset = {
  state: AssetState;
  hubId: number;
  category: AssetCategory;
  /** The open loan, while on loan. */
  loanId: number | null;
};

/** What the guards need besides the asset: the time now, to judge a due time. */
export type AssetFacts = { now: string };

export type AssetRefusal = { key: MessageKey; params?: Record<string, string | number> };

type Guard = (asset: LifecycleAsset, facts: AssetFacts, fields: unknown) => AssetRefusal | null;

/** A loan ends in the future, and within a year. */
const dueInReach: Guard = (_a, facts, fields) => {
  const due = (fields as AssetActionFields['lend'] | undefined)?.dueAt;
  if (due === undefined) return null;
  const dueMs = Date.parse(due);
  const nowMs = Date.parse(facts.now);
  if (!(dueMs > nowMs)) return { key: 'equipment.guard.dueInPast' };
  if (dueMs - nowMs > MAX_LOAN_DAYS * 24 * 3600 * 1000) return { key: 'equipment.guard.dueTooFar', params: { days: MAX_LOAN_DAYS } };
  return null;
};

/** Only what is physically at the hub, and electronic, can be handed to the workshop. */
const retireIntoWorkshop: Guard = (a, _facts, fields) => {
  if (!(fields as AssetActionFields['retire'] | undefined)?.toWorkshop) return null;
  if (a.state === 'lost') return { key: 'equipment.guard.lostToWorkshop' };
  if (DEVICE_TYPE_OF[a.category] === null) return { key: 'equipment.guard.notElectronic', params: { assetCategory: a.category } };
  return null;
};

type Rule = { from: readonly AssetState[]; to: AssetState; guards: readonly Guard[] };

/** Which action is allowed from which state, where it leads, and what must hold for it. */
export const ASSET_RULES: Record<AssetAction, Rule> = {
  lend: { from: ['in_service'], to: 'on_loan', guards: [dueInReach] },
  return: { from: ['on_loan'], to: 'in_service', guards: [] },
  repair: { from: ['in_service'], to: 'under_repair', guards: [] },
  repaired: { from: ['under_repair'], to: 'in_service', guards: [] },
  lose: { from: ['in_service', 'on_loan', 'under_repair'], to: 'lost', guards: [] },
  found: { from: ['lost'], to: 'in_service', guards: [] },
  retire: { from: ['in_service', 'under_repair', 'lost'], to: 'retired', guards: [retireIntoWorkshop] },
};

export type AssetDecision = { ok: true; to: AssetState } | { ok: false; kind: 'state' | 'guard'; refusal: AssetRefusal };

/** May this action be applied to this asset now? If so, to which state does it lead? */
export function decideAsset<A extends AssetAction>(asset: LifecycleAsset, action: A, fields: AssetActionFields[A] | undefined, facts: AssetFacts): AssetDecision {
  const rule = ASSET_RULES[action];
  if (!rule.from.includes(asset.state)) {
    return { ok: false, kind: 'state', refusal: { key: 'equipment.notAllowed', params: { assetAction: action, state: asset.state } } };
  }
  for (const guard of rule.guards) {
    const refusal = guard(asset, facts, fields);
    if (refusal) return { ok: false, kind: 'guard', refusal };
  }
  return { ok: true, to: rule.to };
}

/** The actions the asset's state allows now (guards on fields are checked when the fields are known). */
export function nextAssetActions(asset: LifecycleAsset): AssetAction[] {
  return ASSET_ACTIONS.filter((a) => ASSET_RULES[a].from.includes(asset.state));
}

/** The step forward from a state, offered first on the asset's page: bringing the asset back into service. */
const FORWARD: Partial<Record<AssetState, AssetAction>> = { on_loan: 'return', under_repair: 'repaired', lost: 'found' };

/**
 * Actions that send the asset out of the hub's hands or end its life here: never offered first, and
 * applied from the page only once the person has ticked that they understand what follows.
 */
export const CONFIRMED_ASSET_ACTIONS: Partial<Record<AssetAction, MessageKey>> = {
  lend: 'equipment.warn.lend',
  retire: 'equipment.warn.retire',
};

export type AssetNextStep = {
  primary: AssetAction | null;
  others: AssetAction[];
  confirmed: { action: AssetAction; warning: MessageKey }[];
};

/** How the asset's page orders what the person may do (`allowed`, already filtered by access). */
export function assetNextStep(asset: LifecycleAsset, allowed: readonly AssetAction[]): AssetNextStep {
  const forward = FORWARD[asset.state];
  const step: AssetNextStep = { primary: null, others: [], confirmed: [] };
  for (const action of allowed) {
    const warning = CONFIRMED_ASSET_ACTIONS[action];
    if (warning) step.confirmed.push({ action, warning });
    else if (action === forward) step.primary = action;
    else step.others.push(action);
  }
  return step;
}

/**
 * How an event changes the asset: the projection the asset row always equals. `loanId` is the loan
 * a lend opens (the service creates it in the same transaction); return, loss and retirement close it.
 */
export function projectAsset(asset: LifecycleAsset, action: AssetAction, to: AssetState, opened?: { loanId: number }): LifecycleAsset {
  const next: LifecycleAsset = { ...asset, state: to };
  if (action === 'lend') return { ...next, loanId: opened?.loanId ?? null };
  if (to !== 'on_loan') return { ...next, loanId: null };
  return next;
}

export function isFinalAsset(state: AssetState): boolean {
  return state === 'retired';
}

/** Assets that work: they count towards the minimum kit (one on loan works, it is just out for the day). */
export const WORKING_STATES: readonly AssetState[] = ['in_service', 'on_loan'];

/** Assets a stock-take expects to find on the hub's shelves; one being repaired is found if scanned, missed by no one. */
export const ASSET_ON_SITE_STATES: readonly AssetState[] = ['in_service'];
export const ASSET_FOUND_STATES: readonly AssetState[] = ['in_service', 'under_repair'];

/** A check or a software update is recorded on an asset the hub has in hand. */
export const MAINTAINABLE_STATES: readonly AssetState[] = ['in_service', 'under_repair'];

export const MAINTENANCE_KINDS = ['check', 'software_update', 'repair'] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];
