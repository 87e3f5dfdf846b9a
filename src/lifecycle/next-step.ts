/**
 * The next step, in one place: from the device's state, its diagnosis and what the person may do,
 * which action is offered first, which others are there, and which are final or destructive and
 * must be confirmed. The device page, the scan page and the workshop panels ask this; none of them
 * keeps its own list of states.
 */
import type { MessageKey } from '../i18n/catalogue';
import { decide, decideKeeping, erasureStatus, nextActions, type DeviceAction, type DeviceState, type GuardFacts, type LifecycleDevice, type Refusal } from './lifecycle';

/** The way forward through the bench, in order. */
export const FORWARD_STEPS: readonly DeviceAction[] = ['diagnose', 'erase', 'install', 'ready'];

/** States in which a device waits for a step at the bench (diagnose, erase, install, ready). */
export const BENCH_STATES: readonly DeviceState[] = ['received', 'returned', 'diagnosed', 'wiped', 'installed'];

/** Actions that end the device's life here: never offered first, always confirmed, undone only by a coordinator. */
export const FINAL_ACTIONS: readonly DeviceAction[] = ['harvest', 'recycle'];

export type NextStep = {
  /** The step forward, when there is one the person may take now. */
  primary: DeviceAction | null;
  /** A ready device waits for a partner's request: nothing to do at the bench. */
  waitingForRequest: boolean;
  /** Allowed, neither forward nor destructive. */
  others: DeviceAction[];
  /** Allowed, but final or destructive: each asks for a confirmation that names what cannot be undone. */
  destructive: { action: DeviceAction; warning: MessageKey }[];
  /** What the state allows but a guard holds back, with why. */
  blocked: { action: DeviceAction; refusal: Refusal }[];
};

/** The forward step from a state, for a device diagnosed as it is; null where none is. */
export function forwardStep(device: LifecycleDevice, facts: GuardFacts): DeviceAction | null {
  switch (device.state) {
    case 'received':
    case 'returned':
      return 'diagnose';
    case 'diagnosed':
      if (device.outcome !== 'refurbish') return null;
      return erasureStatus(device, facts).satisfied ? 'install' : 'erase';
    case 'wiped':
      return 'install';
    case 'installed':
      return 'ready';
    case 'reserved':
      return 'deliver';
    case 'in_transit':
      return 'arrive';
    default:
      return null;
  }
}

/**
 * Why an action, if applied now, destroys something or cannot be taken back by the person applying it:
 * harvesting and recycling end the device; erasing a device already erased wipes the system that may be on it.
 */
export function destructiveWarning(device: LifecycleDevice, action: DeviceAction, facts: GuardFacts): MessageKey | null {
  if (action === 'harvest') return 'nextStep.warn.harvest';
  if (action === 'recycle') return 'nextStep.warn.recycle';
  if (action === 'erase' && (device.state === 'wiped' || erasureStatus(device, facts).satisfied)) return 'nextStep.warn.eraseAgain';
  return null;
}

/** `permitted`: whether the person may apply the action to this device (the access rules answer). */
export function nextStep(device: LifecycleDevice, facts: GuardFacts, permitted: (a: DeviceAction) => boolean): NextStep {
  const next = nextActions(device, facts);
  const allowed = next.allowed.filter(permitted);
  const forward = forwardStep(device, facts);
  const destructive: NextStep['destructive'] = [];
  const others: DeviceAction[] = [];
  let primary: DeviceAction | null = null;
  for (const action of allowed) {
    const warning = destructiveWarning(device, action, facts);
    if (warning) destructive.push({ action, warning });
    else if (action === forward) primary = action;
    else others.push(action);
  }
  return {
    primary,
    waitingForRequest: device.state === 'ready',
    others,
    destructive,
    blocked: next.blocked.filter((b) => permitted(b.action)),
  };
}

/** Whether applying this action now needs the person's explicit confirmation. */
export function needsConfirmation(device: LifecycleDevice, action: DeviceAction, facts: GuardFacts): boolean {
  return destructiveWarning(device, action, facts) !== null;
}

/** Parts go into a device being refurbished; a disk only before its system is installed (lifecycle.ts#KEEPING_RULES). */
export function mayFitPart(device: Pick<LifecycleDevice, 'state' | 'outcome'>, kind: 'disk' | 'other'): boolean {
  return decideKeeping(device as LifecycleDevice, 'fitPart', { kind }).ok;
}

/**
 * Whether erasure records may be added now, of some kind at least: destroying or removing disks is
 * allowed whatever the diagnosis decided, so a destruction is what is asked about (the bench's erasure panel).
 */
export function mayRecordErasure(device: LifecycleDevice, facts: GuardFacts): boolean {
  return decide(device, 'erase', { method: 'destroy', verified: true, disks: [{ serial: null, outcome: 'destroyed' }] }, facts).ok;
}
