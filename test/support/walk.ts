import type { DeviceState } from '../../src/lifecycle/lifecycle';
import { act, type TestContext } from './context';

/** The actions that bring a laptop with storage from intake to each state, through the API. */
export const STEPS: Record<DeviceState, Record<string, unknown>[]> = {
  received: [],
  diagnosed: [{ action: 'diagnose', outcome: 'refurbish', hasStorage: true }],
  wiped: [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true, tool: 'nwipe 0.34' },
  ],
  installed: [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
  ],
  ready: [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
    { action: 'ready' },
  ],
  reserved: [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
    { action: 'ready' },
    { action: 'reserve', recipient: 'IC Foligno 1' },
  ],
  delivered: [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
    { action: 'ready' },
    { action: 'reserve', recipient: 'IC Foligno 1' },
    { action: 'deliver', recipient: 'IC Foligno 1', document: 'DDT 1/2026' },
  ],
  returned: [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
    { action: 'ready' },
    { action: 'reserve', recipient: 'IC Foligno 1' },
    { action: 'deliver', recipient: 'IC Foligno 1', document: 'DDT 1/2026' },
    { action: 'return', reason: 'broken hinge' },
  ],
  harvested: [{ action: 'diagnose', outcome: 'parts', hasStorage: true }, { action: 'harvest' }],
  recycled: [{ action: 'diagnose', outcome: 'recycle', hasStorage: true }, { action: 'recycle', kg: 2.5 }],
};

export async function walkTo(t: TestContext, bearer: string, tag: string, state: DeviceState) {
  for (const step of STEPS[state]) {
    const r = await act(t, bearer, tag, step);
    if (r.status !== 200) throw new Error(`walking ${tag} to ${state}: ${JSON.stringify(step)} → ${r.status} ${r.text}`);
  }
}
