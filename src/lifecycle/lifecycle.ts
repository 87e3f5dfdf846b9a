/**
 * The device lifecycle, in one place: states, actions, which action is allowed from which state,
 * the guards (above all the erasure guard), and how each event changes the device.
 *
 * Everything here is pure. The devices service loads the facts, asks `decide`, and writes
 * the event and the projected device in one transaction; `project` replays a log to check it.
 *
 *   received ─> diagnosed ─> wiped ─> installed ─> ready ─> reserved ─> delivered ─> returned
 *   (harvested and recycled are final; a device with no storage skips wiped; returned is diagnosed again)
 */
import type { MessageKey } from '../i18n/catalogue';

export const DEVICE_STATES = [
  'received',
  'diagnosed',
  'wiped',
  'installed',
  'ready',
  'reserved',
  'delivered',
  'returned',
  'harvested',
  'recycled',
] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const FINAL_STATES: readonly DeviceState[] = ['harvested', 'recycled'];

export const DIAGNOSIS_OUTCOMES = ['refurbish', 'parts', 'recycle'] as const;
export type DiagnosisOutcome = (typeof DIAGNOSIS_OUTCOMES)[number];

/** What happened to one disk (or to the device's storage as a whole, when disks are not known). */
export const ERASURE_OUTCOMES = ['erased', 'unverified', 'failed', 'aborted', 'destroyed', 'removed'] as const;
export type ErasureOutcome = (typeof ERASURE_OUTCOMES)[number];
/** Only these leave no readable data behind. An unverified, failed or aborted erasure never counts. */
export const SAFE_ERASURE_OUTCOMES: readonly ErasureOutcome[] = ['erased', 'destroyed', 'removed'];

export const DEVICE_ACTIONS = [
  'diagnose',
  'erase',
  'install',
  'ready',
  'reserve',
  'unreserve',
  'deliver',
  'return',
  'harvest',
  'recycle',
  'transfer',
] as const;
export type DeviceAction = (typeof DEVICE_ACTIONS)[number];

/** The first event of every device, written at intake; not an action anyone applies later. */
export const INTAKE_EVENT = 'receive';
export const INITIAL_STATE: DeviceState = 'received';

/** The fields each action carries, already validated (see devices/schema.ts). */
export type ActionFields = {
  diagnose: { outcome: DiagnosisOutcome; hasStorage: boolean; note?: string };
  erase: { method: string; verified: boolean; tool?: string; note?: string };
  install: { os: string; note?: string };
  ready: { note?: string };
  reserve: { recipient: string; note?: string };
  unreserve: { note?: string };
  deliver: { recipient: string; document: string; note?: string };
  return: { reason?: string; note?: string };
  harvest: { note?: string };
  recycle: { kg: number; note?: string };
  transfer: { toHubId: number; note?: string };
};

/** The part of a device the lifecycle reasons about. */
export type LifecycleDevice = {
  state: DeviceState;
  hubId: number;
  hasStorage: boolean | null;
  outcome: DiagnosisOutcome | null;
  cycle: number;
  os: string | null;
  recipient: string | null;
  deliveryDocument: string | null;
};

export type ErasureEvidence = { outcome: ErasureOutcome; cycle: number; diskSerial: string | null };

export type GuardFacts = {
  /** Erasure, destruction and removal records of the device, oldest first. */
  erasures: readonly ErasureEvidence[];
  /** Serials of the disks a hardware report found; each must be accounted for. */
  knownDiskSerials?: readonly string[];
};

export type Refusal = { key: MessageKey; params?: Record<string, string | number> };

const WORKSHOP: readonly DeviceState[] = ['received', 'diagnosed', 'wiped', 'installed', 'ready', 'returned'];

type Guard = (device: LifecycleDevice, facts: GuardFacts) => Refusal | null;

const mustBeRefurbished: Guard = (d) =>
  d.outcome === 'refurbish' ? null : { key: 'lifecycle.guard.notForRefurbish', params: { outcome: d.outcome ?? '-' } };

const mustHaveStorage: Guard = (d) => (d.hasStorage === false ? { key: 'lifecycle.guard.noStorage' } : null);

const mustBeErased: Guard = (d, facts) => {
  const status = erasureStatus(d, facts);
  if (status.satisfied) return null;
  return status.missingDisks.length > 0
    ? { key: 'lifecycle.guard.disksNotErased', params: { disks: status.missingDisks.join(', ') } }
    : { key: 'lifecycle.guard.notErased' };
};

type Rule = { from: readonly DeviceState[]; guards: readonly Guard[] };

/** Which action is allowed from which state, and what must hold for it. */
export const RULES: Record<DeviceAction, Rule> = {
  diagnose: { from: ['received', 'returned'], guards: [] },
  erase: { from: ['diagnosed', 'wiped'], guards: [mustBeRefurbished, mustHaveStorage] },
  install: { from: ['diagnosed', 'wiped'], guards: [mustBeRefurbished, mustBeErased] },
  ready: { from: ['diagnosed', 'installed'], guards: [mustBeRefurbished, mustBeErased] },
  reserve: { from: ['ready'], guards: [mustBeErased] },
  unreserve: { from: ['reserved'], guards: [] },
  deliver: { from: ['reserved'], guards: [mustBeErased] },
  return: { from: ['delivered'], guards: [] },
  harvest: { from: WORKSHOP, guards: [] },
  recycle: { from: WORKSHOP, guards: [] },
  transfer: { from: WORKSHOP, guards: [] },
};

/**
 * The erasure guard. A device that holds storage is erased when, in its current cycle (since its
 * latest intake or return), the latest record of every disk is an erasure, a destruction or a removal.
 * Disks known from a hardware report must each be covered; otherwise any safe record of the device does.
 */
export function erasureStatus(
  device: Pick<LifecycleDevice, 'hasStorage' | 'cycle'>,
  facts: GuardFacts,
): { satisfied: boolean; missingDisks: string[] } {
  if (device.hasStorage === false) return { satisfied: true, missingDisks: [] };
  const latestByDisk = new Map<string, ErasureOutcome>();
  for (const e of facts.erasures) {
    if (e.cycle === device.cycle) latestByDisk.set(e.diskSerial ?? '', e.outcome);
  }
  const safe = (o: ErasureOutcome | undefined) => o !== undefined && SAFE_ERASURE_OUTCOMES.includes(o);
  const known = facts.knownDiskSerials ?? [];
  if (known.length > 0) {
    const missingDisks = known.filter((serial) => !safe(latestByDisk.get(serial)));
    return { satisfied: missingDisks.length === 0, missingDisks };
  }
  const outcomes = [...latestByDisk.values()];
  return { satisfied: outcomes.length > 0 && outcomes.every(safe), missingDisks: [] };
}

export type Decision = { ok: true; to: DeviceState } | { ok: false; kind: 'state' | 'guard'; refusal: Refusal };

/** May this action be applied to this device now? If so, to which state does it lead? */
export function decide<A extends DeviceAction>(
  device: LifecycleDevice,
  action: A,
  fields: ActionFields[A] | undefined,
  facts: GuardFacts,
): Decision {
  const rule = RULES[action];
  if (!rule.from.includes(device.state)) {
    return { ok: false, kind: 'state', refusal: { key: 'lifecycle.notAllowed', params: { action, state: device.state } } };
  }
  for (const guard of rule.guards) {
    const refusal = guard(device, facts);
    if (refusal) return { ok: false, kind: 'guard', refusal };
  }
  return { ok: true, to: fields ? nextState(device, action, fields) : defaultTarget(device, action) };
}

/** The actions that may be applied now, and those the state allows but a guard holds back (with why). */
export function nextActions(device: LifecycleDevice, facts: GuardFacts) {
  const allowed: DeviceAction[] = [];
  const blocked: { action: DeviceAction; refusal: Refusal }[] = [];
  for (const action of DEVICE_ACTIONS) {
    const d = decide(device, action, undefined, facts);
    if (d.ok) allowed.push(action);
    else if (d.kind === 'guard' && !isPointless(device, action)) blocked.push({ action, refusal: d.refusal });
  }
  return { allowed, blocked };
}

/** Guard refusals worth showing: "not erased" is useful news, "parts-only device cannot be installed" is noise. */
function isPointless(device: LifecycleDevice, action: DeviceAction): boolean {
  if (device.outcome !== 'refurbish' && ['erase', 'install', 'ready'].includes(action)) return true;
  return action === 'erase' && device.hasStorage === false;
}

function defaultTarget(device: LifecycleDevice, action: DeviceAction): DeviceState {
  const targets: Record<DeviceAction, DeviceState> = {
    diagnose: 'diagnosed',
    erase: 'wiped',
    install: 'installed',
    ready: 'ready',
    reserve: 'reserved',
    unreserve: 'ready',
    deliver: 'delivered',
    return: 'returned',
    harvest: 'harvested',
    recycle: 'recycled',
    transfer: device.state,
  };
  return targets[action];
}

function nextState<A extends DeviceAction>(device: LifecycleDevice, action: A, fields: ActionFields[A]): DeviceState {
  // An unverified erasure is recorded as evidence but does not move the device on.
  if (action === 'erase' && !(fields as ActionFields['erase']).verified) return device.state;
  return defaultTarget(device, action);
}

/** How an event changes the device: the projection that the device row always equals. */
export function project<A extends DeviceAction>(
  device: LifecycleDevice,
  action: A,
  fields: ActionFields[A],
  to: DeviceState,
): LifecycleDevice {
  const next: LifecycleDevice = { ...device, state: to };
  switch (action) {
    case 'diagnose': {
      const f = fields as ActionFields['diagnose'];
      return { ...next, outcome: f.outcome, hasStorage: f.hasStorage };
    }
    case 'install':
      return { ...next, os: (fields as ActionFields['install']).os };
    case 'reserve':
      return { ...next, recipient: (fields as ActionFields['reserve']).recipient };
    case 'unreserve':
      return { ...next, recipient: null };
    case 'deliver': {
      const f = fields as ActionFields['deliver'];
      return { ...next, recipient: f.recipient, deliveryDocument: f.document };
    }
    case 'return':
      // A new cycle: earlier erasures no longer count, and the device must be diagnosed again.
      return { ...next, cycle: device.cycle + 1, outcome: null, os: null, recipient: null, deliveryDocument: null };
    case 'transfer':
      return { ...next, hubId: (fields as ActionFields['transfer']).toHubId };
    default:
      return next;
  }
}

/** The device as it stands right after intake. */
export function initialDevice(hubId: number, hasStorage: boolean | null): LifecycleDevice {
  return { state: INITIAL_STATE, hubId, hasStorage, outcome: null, cycle: 1, os: null, recipient: null, deliveryDocument: null };
}

export function isFinal(state: DeviceState): boolean {
  return FINAL_STATES.includes(state);
}

/** States in which a device is physically on its hub's shelves: what a stock-take expects to find there. */
export const ON_SITE_STATES: readonly DeviceState[] = ['received', 'diagnosed', 'wiped', 'installed', 'ready', 'reserved', 'returned'];

/**
 * Undoing an action (a scan applied by mistake) where the lifecycle has a way back: the action that
 * takes it back. Every other action cannot be undone: the log is append-only, and diagnosis, erasure,
 * installation, readiness or a transfer are facts to be followed by the next proper step, not erased.
 */
export const UNDONE_BY: Partial<Record<DeviceAction, DeviceAction>> = { reserve: 'unreserve', unreserve: 'reserve' };
