import { describe, expect, it } from 'vitest';
import { check, type Actor } from '../../src/access/policy';
import { ROLES } from '../../src/access/roles';
import { DEVICE_STATES, DIAGNOSIS_OUTCOMES, initialDevice, type DeviceAction, type DeviceState, type GuardFacts, type LifecycleDevice } from '../../src/lifecycle/lifecycle';
import { FINAL_ACTIONS, FORWARD_STEPS, nextStep } from '../../src/lifecycle/next-step';
import { correctionTarget, mayUndo, projectEvent, UNDO_WINDOW_MS } from '../../src/lifecycle/undo';

const HUB = 1;
const actorOf = (role: (typeof ROLES)[number]): Actor => ({
  kind: 'user',
  id: 1,
  role,
  hubId: role === 'coordinator' || role === 'volunteer' ? HUB : null,
  partnerId: role === 'partner' ? 1 : null,
  name: role,
});
const permittedFor = (actor: Actor) => (a: DeviceAction) => check(actor, `device.${a}`, { hubId: HUB }).ok;

const device = (state: DeviceState, over: Partial<LifecycleDevice> = {}): LifecycleDevice => ({
  ...initialDevice(HUB, true),
  state,
  outcome: ['received', 'returned'].includes(state) ? null : 'refurbish',
  ...(state === 'in_transit' ? { transitState: 'ready', transitFromHubId: 2 } : {}),
  ...over,
});

const ERASED: GuardFacts = { erasures: [{ outcome: 'erased', cycle: 1, diskSerial: null }] };
const NONE: GuardFacts = { erasures: [] };

/** What a person at the bench expects first, written out by hand for a laptop with storage diagnosed for refurbishment. */
const EXPECTED_FORWARD: Record<DeviceState, { erased: DeviceAction | null; notErased: DeviceAction | null }> = {
  received: { erased: 'diagnose', notErased: 'diagnose' },
  returned: { erased: 'diagnose', notErased: 'diagnose' },
  diagnosed: { erased: 'install', notErased: 'erase' },
  wiped: { erased: 'install', notErased: null },
  installed: { erased: 'ready', notErased: null },
  ready: { erased: null, notErased: null },
  reserved: { erased: 'deliver', notErased: null },
  delivered: { erased: null, notErased: null },
  harvested: { erased: null, notErased: null },
  recycled: { erased: null, notErased: null },
  in_transit: { erased: 'arrive', notErased: 'arrive' },
};

describe('the next step: every state × diagnosis × storage × erasure × role', () => {
  const cases: [DeviceState, string, string, string, string][] = [];
  for (const state of DEVICE_STATES)
    for (const outcome of [...DIAGNOSIS_OUTCOMES, null])
      for (const hasStorage of [true, false, null]) for (const erased of [true, false]) for (const role of ROLES) cases.push([state, String(outcome), String(hasStorage), String(erased), role]);

  it(`walks ${cases.length} combinations: the primary action is never final or destructive, and is the forward step where there is one`, () => {
    let withPrimary = 0;
    for (const [state, outcomeRaw, storageRaw, erasedRaw, role] of cases) {
      const d = device(state, {
        outcome: outcomeRaw === 'null' ? null : (outcomeRaw as LifecycleDevice['outcome']),
        hasStorage: storageRaw === 'null' ? null : storageRaw === 'true',
      });
      const facts = erasedRaw === 'true' ? ERASED : NONE;
      const permitted = permittedFor(actorOf(role as (typeof ROLES)[number]));
      const step = nextStep(d, facts, permitted);
      const where = `${state}/${outcomeRaw}/storage ${storageRaw}/erased ${erasedRaw}/${role}`;
      if (step.primary) {
        withPrimary++;
        expect(FINAL_ACTIONS, where).not.toContain(step.primary);
        expect(
          step.destructive.map((x) => x.action),
          where,
        ).not.toContain(step.primary);
        expect(permitted(step.primary), where).toBe(true);
        // Forward through the bench, or (off the bench) the one step that moves the device on.
        expect([...FORWARD_STEPS, 'deliver', 'arrive'], where).toContain(step.primary);
      }
      // Harvest and recycle are always among the confirmed, final ones when offered at all.
      for (const a of FINAL_ACTIONS) expect([step.primary, ...step.others], where).not.toContain(a);
      if (state === 'ready') {
        expect(step.primary, where).toBeNull();
        expect(step.waitingForRequest, where).toBe(true);
      }
      // For the laptop the table describes, the primary is exactly the forward step, when the person may take it.
      if (outcomeRaw === 'refurbish' && storageRaw === 'true' && !['received', 'returned'].includes(state)) {
        const expected = EXPECTED_FORWARD[state][erasedRaw === 'true' ? 'erased' : 'notErased'];
        expect(step.primary, where).toBe(expected && permitted(expected) ? expected : null);
      }
      if (['received', 'returned'].includes(state)) expect(step.primary, where).toBe(permitted('diagnose') ? 'diagnose' : null);
    }
    expect(withPrimary).toBeGreaterThan(100);
  });

  it('the cases from the bench: a ready laptop is not harvested by one tap, a wiped one goes on to install, erasing again is confirmed', () => {
    const volunteer = permittedFor(actorOf('volunteer'));
    const ready = nextStep(device('ready'), ERASED, volunteer);
    expect(ready.primary).toBeNull();
    expect(ready.destructive.map((x) => x.action)).toEqual(['harvest', 'recycle']);
    expect(ready.destructive[0]!.warning).toBe('nextStep.warn.harvest');
    const wiped = nextStep(device('wiped'), ERASED, volunteer);
    expect(wiped.primary).toBe('install');
    expect(wiped.destructive.map((x) => x.action)).toContain('erase');
    // A device with no storage skips erasing: install is next straight after the diagnosis.
    expect(nextStep(device('diagnosed', { hasStorage: false }), NONE, volunteer).primary).toBe('install');
    // Diagnosed for parts: nothing forward, and harvesting stays a confirmed, final action.
    const parts = nextStep(device('diagnosed', { outcome: 'parts' }), NONE, volunteer);
    expect(parts.primary).toBeNull();
    expect(parts.destructive.map((x) => x.action)).toContain('harvest');
  });
});

describe('undo and correction rules', () => {
  const q = { action: 'erase', mine: true, ageMs: 60_000, latest: true, coordinator: false };
  it('the author undoes a workshop step within 15 minutes; nobody else, and not later', () => {
    for (const action of ['diagnose', 'erase', 'install', 'ready']) expect(mayUndo({ ...q, action }).ok).toBe(true);
    expect(mayUndo({ ...q, mine: false })).toEqual({ ok: false, key: 'undo.notYours' });
    expect(mayUndo({ ...q, ageMs: UNDO_WINDOW_MS + 1 })).toEqual({ ok: false, key: 'undo.tooLate' });
    expect(mayUndo({ ...q, latest: false })).toEqual({ ok: false, key: 'undo.stale' });
  });
  it('final actions: only a coordinator, only with a reason, whenever', () => {
    expect(mayUndo({ ...q, action: 'harvest' })).toEqual({ ok: false, key: 'undo.finalCoordinatorOnly' });
    expect(mayUndo({ ...q, action: 'recycle', coordinator: true })).toEqual({ ok: false, key: 'undo.reasonRequired' });
    expect(mayUndo({ ...q, action: 'recycle', coordinator: true, reason: 'wrong device', ageMs: 10 * UNDO_WINDOW_MS }).ok).toBe(true);
  });
  it('a corrected diagnosis sends the device back to diagnosed when it may no longer be where it is', () => {
    expect(correctionTarget(device('ready', { hasStorage: false }), { outcome: 'refurbish', hasStorage: true }, false)).toBe('diagnosed');
    expect(correctionTarget(device('ready'), { outcome: 'refurbish', hasStorage: false }, true)).toBe('ready');
    expect(correctionTarget(device('installed'), { outcome: 'parts', hasStorage: true }, true)).toBe('diagnosed');
  });
  it('compensations replay: an undo restores the fields, a correction sets the diagnosis', () => {
    const d = projectEvent(device('diagnosed'), 'undo', { undoes: 2, action: 'diagnose', restore: { outcome: null, os: null } }, 'received');
    expect(d).toMatchObject({ state: 'received', outcome: null });
    const c = projectEvent(device('ready'), 'correct', { outcome: 'parts', hasStorage: false, was: { outcome: 'refurbish', hasStorage: true }, reason: 'x' }, 'diagnosed');
    expect(c).toMatchObject({ state: 'diagnosed', outcome: 'parts', hasStorage: false });
    expect(projectEvent(d, 'fitPart', {}, 'received')).toBe(d);
  });
});
