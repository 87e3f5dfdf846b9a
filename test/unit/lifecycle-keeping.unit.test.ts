import { describe, expect, it } from 'vitest';
import { DEVICE_STATES, decideKeeping, initialDevice, type DeviceState } from '../../src/lifecycle/lifecycle';
import { mayFitPart, mayRecordErasure } from '../../src/lifecycle/next-step';

/** Written out by hand: where a part may go into a device being refurbished, and a disk only before the install. */
const FIT: Record<'disk' | 'other', DeviceState[]> = {
  disk: ['diagnosed', 'wiped'],
  other: ['diagnosed', 'wiped', 'installed'],
};

describe('fitting a part, a lifecycle action that keeps the state', () => {
  for (const kind of ['disk', 'other'] as const) {
    for (const state of DEVICE_STATES) {
      it(`${kind} in ${state}`, () => {
        const device = { ...initialDevice(1, true), state, outcome: 'refurbish' as const };
        const d = decideKeeping(device, 'fitPart', { kind });
        expect(d.ok).toBe(FIT[kind].includes(state));
        if (d.ok) expect(d.to).toBe(state);
        else expect(d.refusal).toEqual({ key: kind === 'disk' ? 'workshop.part.diskNotNow' : 'workshop.part.notNow', params: { state } });
        expect(mayFitPart(device, kind)).toBe(d.ok);
      });
    }
    it(`${kind} never into a device diagnosed for parts or recycling`, () => {
      for (const outcome of ['parts', 'recycle'] as const) expect(mayFitPart({ state: 'diagnosed', outcome }, kind)).toBe(false);
    });
  }
});

describe('whether erasure records may be added (the bench)', () => {
  it('in diagnosed or wiped, whatever the diagnosis, unless the device holds no storage', () => {
    for (const state of DEVICE_STATES) {
      for (const outcome of ['refurbish', 'parts', 'recycle', null] as const) {
        for (const hasStorage of [true, false, null]) {
          const device = { ...initialDevice(1, hasStorage), state, outcome };
          expect(mayRecordErasure(device, { erasures: [] }), `${state} ${outcome} ${hasStorage}`).toBe(['diagnosed', 'wiped'].includes(state) && hasStorage !== false);
        }
      }
    }
  });
});
