/**
 * The device lifecycle, in one place: states, actions, which action is allowed from which state,
 * the guards (above all the erasure guard), and how each event changes the device.
 *
 * Everything here is pure. The devices service loads the facts, asks `decide`, and writes
 * the event and the projected device in one transaction; `project` replays a log to check it.
 *
 *   received ─> diagnosed ─> wiped ─> installed ─> ready ─> reserved ─> delivered ─> returned
 *   (harvested and recycled are final; a device with no storage skips wiped; returned is diagnosed again)
 *
 * A transfer puts a workshop device in transit to another hub: it leaves the sender's stock at once,
 * shows as incoming at the receiver, and `arrive` puts it back in the state it left in.
 */
import type { MessageKey } from '../i18n/catalogue';

export const DEVICE_STATES = ['received', 'diagnosed', 'wiped', 'installed', 'ready', 'reserved', 'delivered', 'returned', 'harvested', 'recycled', 'in_transit'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const FINAL_STATES: readonly DeviceState[] = ['harvested', 'recycled'];

export const DIAGNOSIS_OUTCOMES = ['refurbish', 'parts', 'recycle'] as const;
export type DiagnosisOutcome = (typeof DIAGNOSIS_OUTCOMES)[number];

/** What happened to one disk (or to the device's storage as a whole, when disks are not known). */
export const ERASURE_OUTCOMES = ['erased', 'unverified', 'failed', 'aborted', 'unfinished', 'verifyOnly', 'destroyed', 'removed'] as const;
export type ErasureOutcome = (typeof ERASURE_OUTCOMES)[number];
/** Only these leave no readable data behind. An unverified, failed, aborted or unfinished erasure never counts. */
export const SAFE_ERASURE_OUTCOMES: readonly ErasureOutcome[] = ['erased', 'destroyed', 'removed'];

export const DEVICE_ACTIONS = ['diagnose', 'erase', 'install', 'ready', 'reserve', 'unreserve', 'deliver', 'return', 'harvest', 'recycle', 'transfer', 'arrive'] as const;
export type DeviceAction = (typeof DEVICE_ACTIONS)[number];

/** The first event of every device, written at intake; not an action anyone applies later. */
export const INTAKE_EVENT = 'receive';
export const INITIAL_STATE: DeviceState = 'received';

/** The fields each action carries, already validated (see devices/schema.ts). */
export type ActionFields = {
  /** The checklist (item → pass, fail or not present) and the reason for the outcome go with the diagnosis. */
  diagnose: { outcome: DiagnosisOutcome; hasStorage: boolean; note?: string; reason?: string; checklist?: ChecklistResult[] };
  /**
   * One erasure event: a wipe (nwipe log or manual record), a destruction or a removal. With `disks`,
   * one record per disk, each with its own outcome; without, one record for the device's storage.
   */
  erase: {
    method: string;
    verified: boolean;
    tool?: string;
    note?: string;
    /** NIST SP 800-88 Rev. 1 category of the method. */
    category?: 'clear' | 'purge' | 'destroy';
    verification?: string;
    source?: 'manual' | 'nwipe' | 'destruction' | 'removal';
    disks?: DiskErasure[];
    /**
     * Whether these records count now: a person's record waits for a coordinator (`pending`), a log
     * that does not fit the device is kept for nothing (`unfit`). Absent means it counts.
     */
    standing?: ErasureStanding;
    /** A coordinator's confirmation or refusal, an acceptance of a log, or a withdrawal: an event without new records. */
    review?: { kind: 'confirm' | 'refuse' | 'accept' | 'withdraw'; reason?: string; records: number[] };
  };
  /** The image from the hub's catalogue, when the system came from one. */
  install: { os: string; imageId?: number; note?: string };
  ready: { note?: string };
  /** A reservation always names the partner request (and, for the record, the partner's name). */
  reserve: { requestId: number; recipient: string; note?: string };
  unreserve: { note?: string };
  /** A delivery always names the recipient and its delivery document. */
  deliver: { deliveryId: number; recipient: string; document: string; note?: string };
  return: { reason?: string; note?: string };
  /** The parts kept for reuse, by kind, each with a count. */
  harvest: { note?: string; parts?: { kind: string; count: number; description?: string }[] };
  recycle: { kg: number; note?: string };
  /** The transfer document the device travels with, when there is one. */
  transfer: { toHubId: number; transferId?: number; note?: string };
  arrive: { note?: string };
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
  /** The partner request a reserved or delivered device is for. */
  requestId: number | null;
  deliveryId: number | null;
  /** While in transit: the transfer, the hub it left and the state it will arrive in. */
  transferId: number | null;
  transitFromHubId: number | null;
  transitState: DeviceState | null;
};

export type ErasureEvidence = { outcome: ErasureOutcome; cycle: number; diskSerial: string | null };

/** Only records that count are evidence: pending, refused, withdrawn or unfit ones are kept and ignored. */
export const ERASURE_STANDINGS = ['counts', 'pending', 'refused', 'withdrawn', 'unfit'] as const;
export type ErasureStanding = (typeof ERASURE_STANDINGS)[number];

export type ChecklistResult = { item: string; label?: string; result: 'pass' | 'fail' | 'absent' };

/** One disk's record in an erase event. Only `serial` and `outcome` matter to the guard; the rest is evidence. */
export type DiskErasure = {
  serial: string | null;
  outcome: ErasureOutcome;
  model?: string | null;
  sizeBytes?: number | null;
  kind?: string | null;
  method?: string | null;
  verification?: string | null;
  rounds?: number | null;
  status?: string | null;
  devicePath?: string | null;
  durationSeconds?: number | null;
  throughputMBs?: number | null;
  /** Who destroyed or removed it, when and how (a person outside Rigenera, e.g. a shredding company). */
  performedBy?: string | null;
  performedAt?: string | null;
  startedAt?: string | null;
  /** The operator a tool's log names. */
  operator?: string | null;
  /** The operator ended the run after the tool's table said Erased. */
  interrupted?: boolean;
  keptAsPart?: boolean;
};

/** The guard's view of the records an erase event writes. */
export function erasureEvidenceOf(fields: ActionFields['erase'], cycle: number): ErasureEvidence[] {
  if (fields.review || (fields.standing && fields.standing !== 'counts')) return [];
  if (fields.disks?.length) return fields.disks.map((d) => ({ outcome: d.outcome, cycle, diskSerial: d.serial }));
  return [{ outcome: fields.verified ? 'erased' : 'unverified', cycle, diskSerial: null }];
}

export type GuardFacts = {
  /** Erasure, destruction and removal records of the device, oldest first. */
  erasures: readonly ErasureEvidence[];
  /** Serials of the disks a hardware report found; each must be accounted for. */
  knownDiskSerials?: readonly string[];
};

export type Refusal = { key: MessageKey; params?: Record<string, string | number> };

const WORKSHOP: readonly DeviceState[] = ['received', 'diagnosed', 'wiped', 'installed', 'ready', 'returned'];

type Guard = (device: LifecycleDevice, facts: GuardFacts, fields?: unknown) => Refusal | null;

const mustBeRefurbished: Guard = (d) => (d.outcome === 'refurbish' ? null : { key: 'lifecycle.guard.notForRefurbish', params: { outcome: d.outcome ?? '-' } });

const mustHaveStorage: Guard = (d) => (d.hasStorage === false ? { key: 'lifecycle.guard.noStorage' } : null);

/** Wiping is refurbishment work; destroying or removing disks is allowed whatever the diagnosis decided. */
const mustBeRefurbishedToWipe: Guard = (d, facts, fields) => {
  const erase = fields as ActionFields['erase'] | undefined;
  const disks = erase?.disks;
  // Reviewing records (confirming, refusing, withdrawing) is allowed whatever the diagnosis decided.
  if (erase?.review) return null;
  if (disks?.length && disks.every((x) => x.outcome === 'destroyed' || x.outcome === 'removed')) return null;
  return mustBeRefurbished(d, facts);
};

const mustBeErased: Guard = (d, facts) => {
  const status = erasureStatus(d, facts);
  if (status.satisfied) return null;
  return status.missingDisks.length > 0 ? { key: 'lifecycle.guard.disksNotErased', params: { disks: status.missingDisks.join(', ') } } : { key: 'lifecycle.guard.notErased' };
};

/** A device leaving for RAEE recycling takes no readable data with it: its disks are erased, destroyed or removed first. */
const mustLeaveNoData: Guard = (d, facts) => {
  const status = erasureStatus(d, facts);
  if (status.satisfied) return null;
  return { key: 'lifecycle.guard.recycleWithData', params: { disks: status.missingDisks.join(', ') || '—' } };
};

type Rule = { from: readonly DeviceState[]; guards: readonly Guard[] };

/** Which action is allowed from which state, and what must hold for it. */
export const RULES: Record<DeviceAction, Rule> = {
  diagnose: { from: ['received', 'returned'], guards: [] },
  erase: { from: ['diagnosed', 'wiped'], guards: [mustBeRefurbishedToWipe, mustHaveStorage] },
  install: { from: ['diagnosed', 'wiped'], guards: [mustBeRefurbished, mustBeErased] },
  ready: { from: ['diagnosed', 'installed'], guards: [mustBeRefurbished, mustBeErased] },
  reserve: { from: ['ready'], guards: [mustBeErased] },
  unreserve: { from: ['reserved'], guards: [] },
  deliver: { from: ['reserved'], guards: [mustBeErased] },
  return: { from: ['delivered'], guards: [] },
  harvest: { from: WORKSHOP, guards: [] },
  recycle: { from: WORKSHOP, guards: [mustLeaveNoData] },
  transfer: { from: WORKSHOP, guards: [] },
  arrive: { from: ['in_transit'], guards: [] },
};

/** Actions that leave an event in the device's history without moving its state (the event keeps the name). */
export const KEEPING_ACTIONS = ['fitPart'] as const;
export type KeepingAction = (typeof KEEPING_ACTIONS)[number];
export type KeepingFields = {
  /** A part from the hub's stock goes into the device: a disk is a disk the erasure guard must then see erased. */
  fitPart: { kind: 'disk' | 'other' };
};

/** A disk goes in only before the system is installed, since it must be erased there. */
const diskBeforeInstall: Guard = (d, _facts, fields) =>
  (fields as KeepingFields['fitPart']).kind === 'disk' && d.state === 'installed' ? { key: 'workshop.part.diskNotNow', params: { state: d.state } } : null;

type KeepingRule = Rule & { refusal: (device: LifecycleDevice, fields: KeepingFields[KeepingAction]) => Refusal };

/** Parts go into a device being refurbished, from diagnosis until it is installed. */
export const KEEPING_RULES: Record<KeepingAction, KeepingRule> = {
  fitPart: {
    from: ['diagnosed', 'wiped', 'installed'],
    guards: [mustBeRefurbished, diskBeforeInstall],
    refusal: (d, f) => ({ key: f.kind === 'disk' ? 'workshop.part.diskNotNow' : 'workshop.part.notNow', params: { state: d.state } }),
  },
};

/** May this state-keeping action be recorded on the device now? Its one refusal says why not. */
export function decideKeeping<A extends KeepingAction>(device: LifecycleDevice, action: A, fields: KeepingFields[A], facts: GuardFacts = { erasures: [] }): Decision {
  const rule = KEEPING_RULES[action];
  const refused = !rule.from.includes(device.state) || rule.guards.some((guard) => guard(device, facts, fields) !== null);
  return refused ? { ok: false, kind: 'state', refusal: rule.refusal(device, fields) } : { ok: true, to: device.state };
}

/**
 * The erasure guard. A device that holds storage is erased when, in its current cycle (since its
 * latest intake or return), the latest record of every disk is an erasure, a destruction or a removal.
 * Disks known from a hardware report must each be covered; otherwise any safe record of the device does.
 */
export function erasureStatus(device: Pick<LifecycleDevice, 'hasStorage' | 'cycle'>, facts: GuardFacts): { satisfied: boolean; missingDisks: string[] } {
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

/**
 * May this action be applied to this device now? If so, to which state does it lead? Guards read the
 * fields given; an action whose fields are worked out afterwards (from the input, in the same
 * transaction) is judged on its state, its device and the facts, and `targetState` then says where
 * those fields lead. No guard reads a field that only that later resolution fills in.
 */
export function decide<A extends DeviceAction>(device: LifecycleDevice, action: A, fields: ActionFields[A] | undefined, facts: GuardFacts): Decision {
  const rule = RULES[action];
  if (!rule.from.includes(device.state)) {
    return { ok: false, kind: 'state', refusal: { key: 'lifecycle.notAllowed', params: { action, state: device.state } } };
  }
  for (const guard of rule.guards) {
    const refusal = guard(device, facts, fields);
    if (refusal) return { ok: false, kind: 'guard', refusal };
  }
  return { ok: true, to: fields ? nextState(device, action, fields, facts) : defaultTarget(device, action) };
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
    transfer: 'in_transit',
    arrive: device.transitState ?? 'received',
  };
  return targets[action];
}

/** Where an allowed action with these fields leads (what `decide` answers when given them). */
export function targetState<A extends DeviceAction>(device: LifecycleDevice, action: A, fields: ActionFields[A], facts: GuardFacts): DeviceState {
  return nextState(device, action, fields, facts);
}

function nextState<A extends DeviceAction>(device: LifecycleDevice, action: A, fields: ActionFields[A], facts: GuardFacts): DeviceState {
  if (action === 'erase') {
    // The device is wiped only when, with this event's records, every disk is accounted for. An
    // unverified, failed, aborted or unfinished record is kept as evidence but does not move it on,
    // and a wiped device whose latest records no longer satisfy the guard goes back to diagnosed.
    const after = { ...facts, erasures: [...facts.erasures, ...erasureEvidenceOf(fields as ActionFields['erase'], device.cycle)] };
    if (device.outcome === 'refurbish' && erasureStatus(device, after).satisfied) return 'wiped';
    return device.state === 'wiped' ? 'diagnosed' : device.state;
  }
  return defaultTarget(device, action);
}

/** How an event changes the device: the projection that the device row always equals. */
export function project<A extends DeviceAction>(device: LifecycleDevice, action: A, fields: ActionFields[A], to: DeviceState): LifecycleDevice {
  const next: LifecycleDevice = { ...device, state: to };
  switch (action) {
    case 'diagnose': {
      const f = fields as ActionFields['diagnose'];
      return { ...next, outcome: f.outcome, hasStorage: f.hasStorage };
    }
    case 'install':
      return { ...next, os: (fields as ActionFields['install']).os };
    case 'reserve': {
      const f = fields as ActionFields['reserve'];
      return { ...next, recipient: f.recipient, requestId: f.requestId };
    }
    case 'unreserve':
      return { ...next, recipient: null, requestId: null };
    case 'deliver': {
      const f = fields as ActionFields['deliver'];
      return { ...next, recipient: f.recipient, deliveryDocument: f.document, deliveryId: f.deliveryId };
    }
    case 'return':
      // A new cycle: earlier erasures no longer count, and the device must be diagnosed again.
      return { ...next, cycle: device.cycle + 1, outcome: null, os: null, recipient: null, deliveryDocument: null, requestId: null, deliveryId: null };
    case 'transfer': {
      // The receiving hub holds it from now on (only it can take delivery); the sender is remembered.
      const f = fields as ActionFields['transfer'];
      return { ...next, hubId: f.toHubId, transferId: f.transferId ?? null, transitFromHubId: device.hubId, transitState: device.state };
    }
    case 'arrive':
      return { ...next, transferId: null, transitFromHubId: null, transitState: null };
    default:
      return next;
  }
}

/** The device as it stands right after intake. */
export function initialDevice(hubId: number, hasStorage: boolean | null): LifecycleDevice {
  return {
    state: INITIAL_STATE,
    hubId,
    hasStorage,
    outcome: null,
    cycle: 1,
    os: null,
    recipient: null,
    deliveryDocument: null,
    requestId: null,
    deliveryId: null,
    transferId: null,
    transitFromHubId: null,
    transitState: null,
  };
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
