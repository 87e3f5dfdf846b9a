import { describe, expect, it } from 'vitest';
import {
  decide,
  DEVICE_ACTIONS,
  DEVICE_STATES,
  erasureStatus,
  nextActions,
  project,
  type DeviceAction,
  type DeviceState,
  type ErasureEvidence,
  type LifecycleDevice,
} from '../../src/lifecycle/lifecycle';

/**
 * The lifecycle as a table, written out by hand (not derived from the module): for a laptop with
 * storage, diagnosed for refurbishment and erased once it has been wiped, what each action does in
 * each state. A target state means allowed; 'state' means refused by the state; 'guard:<key>' means
 * refused by a guard.
 */
const TABLE: Record<DeviceState, Partial<Record<DeviceAction, string>>> = {
  // Nothing with readable data goes to RAEE: before an erasure, destruction or removal, recycling is refused.
  received: { diagnose: 'diagnosed', harvest: 'harvested', recycle: 'guard:lifecycle.guard.recycleWithData', transfer: 'in_transit' },
  diagnosed: {
    erase: 'wiped',
    install: 'guard:lifecycle.guard.notErased',
    ready: 'guard:lifecycle.guard.notErased',
    harvest: 'harvested',
    recycle: 'guard:lifecycle.guard.recycleWithData',
    transfer: 'in_transit',
  },
  wiped: { erase: 'wiped', install: 'installed', harvest: 'harvested', recycle: 'recycled', transfer: 'in_transit' },
  installed: { ready: 'ready', harvest: 'harvested', recycle: 'recycled', transfer: 'in_transit' },
  ready: { reserve: 'reserved', harvest: 'harvested', recycle: 'recycled', transfer: 'in_transit' },
  reserved: { unreserve: 'ready', deliver: 'delivered' },
  delivered: { return: 'returned' },
  returned: { diagnose: 'diagnosed', harvest: 'harvested', recycle: 'guard:lifecycle.guard.recycleWithData', transfer: 'in_transit' },
  harvested: {},
  recycled: {},
  // Left the hub while ready (see deviceIn): it arrives ready, and nothing else can happen on the way.
  in_transit: { arrive: 'ready' },
};

const ERASED: ErasureEvidence[] = [{ outcome: 'erased', cycle: 1, diskSerial: null }];

function deviceIn(state: DeviceState, over: Partial<LifecycleDevice> = {}): LifecycleDevice {
  const diagnosedOnwards = !['received', 'returned'].includes(state);
  return {
    state,
    hubId: 1,
    hasStorage: true,
    outcome: diagnosedOnwards ? 'refurbish' : null,
    cycle: 1,
    os: null,
    recipient: null,
    deliveryDocument: null,
    requestId: null,
    deliveryId: null,
    transferId: state === 'in_transit' ? 9 : null,
    transitFromHubId: state === 'in_transit' ? 2 : null,
    transitState: state === 'in_transit' ? 'ready' : null,
    ...over,
  };
}

const erasuresFor = (state: DeviceState) => (['received', 'diagnosed', 'returned'].includes(state) ? [] : ERASED);

const FIELDS = {
  diagnose: { outcome: 'refurbish', hasStorage: true },
  erase: { method: 'Fill With Zeros', verified: true },
  install: { os: 'Linux Mint 22' },
  ready: {},
  reserve: { requestId: 12, recipient: 'IC Foligno 1' },
  unreserve: {},
  deliver: { deliveryId: 3, recipient: 'IC Foligno 1', document: 'DDT FOL 1/2026' },
  return: {},
  harvest: {},
  recycle: { kg: 3 },
  transfer: { toHubId: 2, transferId: 9 },
  arrive: {},
} as const;

describe('lifecycle: every state × every action', () => {
  for (const state of DEVICE_STATES) {
    for (const action of DEVICE_ACTIONS) {
      const expected = TABLE[state][action] ?? 'state';
      it(`${state} + ${action} → ${expected}`, () => {
        const d = decide(deviceIn(state), action, FIELDS[action] as never, { erasures: erasuresFor(state) });
        if (expected === 'state') expect(d).toMatchObject({ ok: false, kind: 'state', refusal: { key: 'lifecycle.notAllowed' } });
        else if (expected.startsWith('guard:')) expect(d).toMatchObject({ ok: false, kind: 'guard', refusal: { key: expected.slice(6) } });
        else expect(d).toEqual({ ok: true, to: expected });
      });
    }
  }

  it('offers exactly the allowed actions as next steps', () => {
    for (const state of DEVICE_STATES) {
      const allowed = Object.entries(TABLE[state])
        .filter(([, v]) => !v.startsWith('guard:'))
        .map(([a]) => a)
        .sort();
      expect(nextActions(deviceIn(state), { erasures: erasuresFor(state) }).allowed.sort(), state).toEqual(allowed);
    }
  });
});

describe('lifecycle: guards', () => {
  it('a device without storage skips wiped: install and ready straight from diagnosed, erase refused', () => {
    const d = deviceIn('diagnosed', { hasStorage: false });
    expect(decide(d, 'install', FIELDS.install, { erasures: [] })).toEqual({ ok: true, to: 'installed' });
    expect(decide(d, 'ready', FIELDS.ready, { erasures: [] })).toEqual({ ok: true, to: 'ready' });
    expect(decide(d, 'erase', FIELDS.erase, { erasures: [] })).toMatchObject({ ok: false, refusal: { key: 'lifecycle.guard.noStorage' } });
  });

  it('a device diagnosed for parts or recycling is not refurbished', () => {
    for (const outcome of ['parts', 'recycle'] as const) {
      const d = deviceIn('diagnosed', { outcome });
      for (const action of ['erase', 'install', 'ready'] as const) {
        expect(decide(d, action, FIELDS[action] as never, { erasures: ERASED })).toMatchObject({
          ok: false,
          refusal: { key: 'lifecycle.guard.notForRefurbish' },
        });
      }
      expect(decide(d, 'harvest', {}, { erasures: [] })).toEqual({ ok: true, to: 'harvested' });
      // Only what is worth saying is held back: recycling waits for the disks to be dealt with.
      expect(nextActions(d, { erasures: [] }).blocked).toEqual([{ action: 'recycle', refusal: { key: 'lifecycle.guard.recycleWithData', params: { disks: '—' } } }]);
      expect(decide(d, 'recycle', { kg: 3 }, { erasures: [{ outcome: 'destroyed', cycle: 1, diskSerial: null }] }).ok).toBe(true);
    }
  });

  it('an unverified erasure is recorded but leaves the device where it was', () => {
    expect(decide(deviceIn('diagnosed'), 'erase', { method: 'Fill With Zeros', verified: false }, { erasures: [] })).toEqual({
      ok: true,
      to: 'diagnosed',
    });
  });

  it.each([
    ['erased', true],
    ['destroyed', true],
    ['removed', true],
    ['unverified', false],
    ['failed', false],
    ['aborted', false],
  ] as const)('an erasure record "%s" satisfies the guard: %s', (outcome, ok) => {
    const facts = { erasures: [{ outcome, cycle: 1, diskSerial: null }] };
    expect(erasureStatus({ hasStorage: true, cycle: 1 }, facts).satisfied).toBe(ok);
    const d = decide(deviceIn('wiped'), 'install', FIELDS.install, facts);
    expect(d.ok).toBe(ok);
  });

  it('the guard holds at reserve and deliver too, whatever the state machine says', () => {
    expect(decide(deviceIn('ready'), 'reserve', FIELDS.reserve, { erasures: [] })).toMatchObject({ ok: false, kind: 'guard' });
    expect(decide(deviceIn('reserved'), 'deliver', FIELDS.deliver, { erasures: [] })).toMatchObject({ ok: false, kind: 'guard' });
  });

  it('only erasures of the current cycle count: after a return the device must be erased again', () => {
    const returned = project(deviceIn('delivered'), 'return', {}, 'returned');
    expect(returned.cycle).toBe(2);
    const rediagnosed = project(returned, 'diagnose', FIELDS.diagnose, 'diagnosed');
    expect(decide({ ...rediagnosed, state: 'wiped' }, 'install', FIELDS.install, { erasures: ERASED })).toMatchObject({
      ok: false,
      refusal: { key: 'lifecycle.guard.notErased' },
    });
    expect(
      decide({ ...rediagnosed, state: 'wiped' }, 'install', FIELDS.install, {
        erasures: [...ERASED, { outcome: 'erased', cycle: 2, diskSerial: null }],
      }).ok,
    ).toBe(true);
  });

  it('the latest record of a disk decides: a failed attempt after a success leaves it not erased', () => {
    const facts = {
      erasures: [
        { outcome: 'erased' as const, cycle: 1, diskSerial: 'A' },
        { outcome: 'failed' as const, cycle: 1, diskSerial: 'A' },
      ],
    };
    expect(erasureStatus({ hasStorage: true, cycle: 1 }, facts).satisfied).toBe(false);
  });

  it('every disk a hardware report found must be erased, destroyed or removed', () => {
    const knownDiskSerials = ['WD-1', 'NVME-2'];
    const one = { erasures: [{ outcome: 'erased' as const, cycle: 1, diskSerial: 'WD-1' }], knownDiskSerials };
    expect(erasureStatus({ hasStorage: true, cycle: 1 }, one)).toEqual({ satisfied: false, missingDisks: ['NVME-2'] });
    expect(decide(deviceIn('wiped'), 'install', FIELDS.install, one)).toMatchObject({
      ok: false,
      refusal: { key: 'lifecycle.guard.disksNotErased', params: { disks: 'NVME-2' } },
    });
    const both = { ...one, erasures: [...one.erasures, { outcome: 'destroyed' as const, cycle: 1, diskSerial: 'NVME-2' }] };
    expect(erasureStatus({ hasStorage: true, cycle: 1 }, both).satisfied).toBe(true);
  });
});

describe('lifecycle: projection', () => {
  it('each event changes exactly the fields it names', () => {
    let d = deviceIn('received', { outcome: null });
    d = project(d, 'diagnose', { outcome: 'refurbish', hasStorage: false }, 'diagnosed');
    expect(d).toMatchObject({ state: 'diagnosed', outcome: 'refurbish', hasStorage: false });
    d = project(d, 'install', { os: 'Debian 12' }, 'installed');
    expect(d.os).toBe('Debian 12');
    d = project(d, 'transfer', { toHubId: 7, transferId: 4 }, 'in_transit');
    expect(d).toMatchObject({ hubId: 7, state: 'in_transit', transferId: 4, transitFromHubId: 1, transitState: 'installed' });
    expect(decide(d, 'arrive', {}, { erasures: [] })).toEqual({ ok: true, to: 'installed' });
    d = project(d, 'arrive', {}, 'installed');
    expect(d).toMatchObject({ hubId: 7, state: 'installed', transferId: null, transitFromHubId: null, transitState: null });
    d = project(project(d, 'ready', {}, 'ready'), 'reserve', { requestId: 12, recipient: 'Scuola' }, 'reserved');
    expect(d).toMatchObject({ recipient: 'Scuola', requestId: 12 });
    d = project(d, 'unreserve', {}, 'ready');
    expect(d).toMatchObject({ recipient: null, requestId: null });
    d = project(d, 'reserve', { requestId: 12, recipient: 'Scuola' }, 'reserved');
    d = project(d, 'deliver', { deliveryId: 3, recipient: 'Scuola', document: 'DDT 7' }, 'delivered');
    expect(d).toMatchObject({ state: 'delivered', deliveryDocument: 'DDT 7', deliveryId: 3, requestId: 12 });
    d = project(d, 'return', {}, 'returned');
    expect(d).toMatchObject({ state: 'returned', cycle: 2, outcome: null, os: null, recipient: null, deliveryDocument: null, requestId: null, deliveryId: null });
  });
});
