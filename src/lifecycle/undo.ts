/**
 * Undo and correction, with the log still append-only: a compensating event takes a step back or
 * corrects a diagnosis; nothing already written is changed. Pure: the workshop's undo service loads
 * the facts and writes the event; the integrity check replays compensations with `projectEvent`.
 */
import type { MessageKey } from '../i18n/catalogue';
import { DEVICE_ACTIONS, project, type DeviceAction, type DeviceState, type DiagnosisOutcome, type LifecycleDevice } from './lifecycle';
import { FINAL_ACTIONS } from './next-step';

/** Whoever applied a workshop step may take it back for this long. */
export const UNDO_WINDOW_MS = 15 * 60 * 1000;

/** Workshop steps their own author may undo within the window. */
export const UNDOABLE_BY_AUTHOR: readonly DeviceAction[] = ['diagnose', 'erase', 'install', 'ready'];

/** Events that compensate earlier ones: not lifecycle actions, but they move the projection. */
export const COMPENSATIONS = ['undo', 'correct'] as const;
export type Compensation = (typeof COMPENSATIONS)[number];

/** What an undo event records: the event it takes back and the fields that event had changed, as they were before. */
export type UndoData = { undoes: number; action: DeviceAction; restore: { outcome: DiagnosisOutcome | null; os: string | null }; reason?: string };
/** What a correction records: the diagnosis as it should have been, what it was, and why. */
export type CorrectData = { outcome: DiagnosisOutcome; hasStorage: boolean; was: { outcome: DiagnosisOutcome | null; hasStorage: boolean | null }; reason: string };

export type UndoQuestion = {
  action: string;
  /** Whether the person asking applied the event. */
  mine: boolean;
  ageMs: number;
  /** Whether the event is still the device's latest. */
  latest: boolean;
  /** Whether the person may undo final actions and correct diagnoses (a coordinator of the hub). */
  coordinator: boolean;
  reason?: string;
};

/** Who may undo which event: the author of a workshop step for a while, a coordinator a final action with a reason. */
export function mayUndo(q: UndoQuestion): { ok: true } | { ok: false; key: MessageKey } {
  if (!q.latest) return { ok: false, key: 'undo.stale' };
  const action = q.action as DeviceAction;
  if (FINAL_ACTIONS.includes(action)) {
    if (!q.coordinator) return { ok: false, key: 'undo.finalCoordinatorOnly' };
    if (!q.reason?.trim()) return { ok: false, key: 'undo.reasonRequired' };
    return { ok: true };
  }
  if (!UNDOABLE_BY_AUTHOR.includes(action)) return { ok: false, key: 'undo.notUndoable' };
  if (!q.mine) return { ok: false, key: 'undo.notYours' };
  if (q.ageMs > UNDO_WINDOW_MS) return { ok: false, key: 'undo.tooLate' };
  return { ok: true };
}

/** States in which a diagnosis stands and can be corrected. */
export const CORRECTABLE_STATES: readonly DeviceState[] = ['diagnosed', 'wiped', 'installed', 'ready'];

/**
 * Where a corrected diagnosis leaves the device: where it was, unless the new answer no longer allows
 * it to be there (not for refurbishment, or storage that no erasure has covered): then back to diagnosed.
 */
export function correctionTarget(device: LifecycleDevice, fix: { outcome: DiagnosisOutcome; hasStorage: boolean }, erasedNow: boolean): DeviceState {
  if (device.state === 'diagnosed') return 'diagnosed';
  if (fix.outcome !== 'refurbish') return 'diagnosed';
  if (fix.hasStorage && !erasedNow) return 'diagnosed';
  return device.state;
}

/** Replays one event of the log, lifecycle action or compensation alike; anything else (a part fitted) leaves the device as it is. */
export function projectEvent(device: LifecycleDevice, action: string, data: unknown, to: DeviceState): LifecycleDevice {
  if (action === 'undo') {
    const d = data as UndoData;
    return { ...device, state: to, outcome: d.restore.outcome, os: d.restore.os };
  }
  if (action === 'correct') {
    const d = data as CorrectData;
    return { ...device, state: to, outcome: d.outcome, hasStorage: d.hasStorage };
  }
  if (!(DEVICE_ACTIONS as readonly string[]).includes(action)) return device;
  return project(device, action as DeviceAction, data as never, to);
}
