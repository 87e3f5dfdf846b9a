import type { DeviceState } from '../../src/lifecycle/lifecycle';
import { act, type TestContext } from './context';
import { openRequestFor } from './partners';

/** Placeholders a walk fills in: an open request of the device's hub, another hub to transfer to. */
export const OPEN_REQUEST = '$open-request';
export const OTHER_HUB = '$other-hub';
/** A step recorded through the erasure records API rather than as a plain action. */
const VIA_ERASURES = '$via-erasures';

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
    { action: 'reserve', request: OPEN_REQUEST },
  ],
  delivered: [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
    { action: 'ready' },
    { action: 'reserve', request: OPEN_REQUEST },
    { action: 'deliver', title: 'donation' },
  ],
  returned: [
    { action: 'diagnose', outcome: 'refurbish', hasStorage: true },
    { action: 'erase', method: 'Fill With Zeros', verified: true },
    { action: 'install', os: 'Linux Mint 22 Xfce' },
    { action: 'ready' },
    { action: 'reserve', request: OPEN_REQUEST },
    { action: 'deliver', title: 'donation' },
    { action: 'return', reason: 'broken hinge' },
  ],
  harvested: [{ action: 'diagnose', outcome: 'parts', hasStorage: true }, { action: 'harvest' }],
  recycled: [
    { action: 'diagnose', outcome: 'recycle', hasStorage: true },
    // Nothing with data goes to RAEE: the disk is removed and destroyed first (an erase event).
    { action: 'erase', [VIA_ERASURES]: true, kind: 'removal', keep: 'destroyed', how: 'foratura', performedBy: 'Banco 1', disks: [{ serial: 'WALK-HDD-1' }] },
    { action: 'recycle', kg: 2.5 },
  ],
  in_transit: [{ action: 'transfer', toHub: OTHER_HUB }],
};

/** Walks a device to a state, continuing from where an earlier walk left it. */
export async function walkTo(t: TestContext, bearer: string, tag: string, state: DeviceState) {
  const current = await t.api('GET', `/api/v1/devices/${tag}`, bearer);
  // A coordinator's confirmation of an erasure is an event of its own, not a step of the walk.
  const done: string[] =
    current.status === 200
      ? current.json.events
          .slice(1)
          .filter((e: { data?: { review?: unknown } }) => !e.data?.review)
          .map((e: { action: string }) => e.action)
      : [];
  const steps = STEPS[state];
  const resume = done.every((a, i) => steps[i]?.action === a) ? done.length : 0;
  const hub = tag.split('-')[0]!;
  for (const template of steps.slice(resume)) {
    const step = { ...template };
    if (step.request === OPEN_REQUEST) step.request = await openRequestFor(t, bearer, hub);
    if (step.toHub === OTHER_HUB) step.toHub = hub === 'PER' ? 'FOL' : 'PER';
    const viaErasures = step[VIA_ERASURES];
    delete step[VIA_ERASURES];
    if (viaErasures) delete step.action;
    const r = viaErasures ? await t.api('POST', `/api/v1/devices/${tag}/erasures`, bearer, step) : await act(t, bearer, tag, step);
    if (r.status !== 200 && r.status !== 201) throw new Error(`walking ${tag} to ${state}: ${JSON.stringify(step)} → ${r.status} ${r.text}`);
    if (template.action === 'erase') await confirmPending(t, tag, hub);
  }
}

/** A volunteer's erasure record waits for a coordinator (erasure/review.ts): the hub's coordinator confirms it, as in the workshop. */
async function confirmPending(t: TestContext, tag: string, hub: string) {
  const coordinator = await t.token('coordinator', hub);
  const records = (await t.api('GET', `/api/v1/devices/${tag}/erasures`, coordinator)).json.records as { id: number; standing: string }[];
  const pending = records.filter((r) => r.standing === 'pending').map((r) => r.id);
  if (pending.length === 0) return;
  const r = await t.api('POST', `/api/v1/devices/${tag}/erasure-reviews`, coordinator, { kind: 'confirm', records: pending });
  if (r.status !== 200) throw new Error(`confirming ${tag}'s erasure: ${r.status} ${r.text}`);
}
