import { DEVICE_TYPES } from '../../src/devices/device-types';
import type { TestContext } from './context';

let made = 0;

/** A partner of a hub, registered by its staff through the API (no code: kind "other"). */
export async function partnerOf(t: TestContext, bearer: string, hub: string, name = `Partner ${++made}`) {
  const r = await t.api('POST', '/api/v1/partners', bearer, { hub, kind: 'other', name, municipality: 'Foligno' });
  if (r.status !== 201) throw new Error(`partner: ${r.status} ${r.text}`);
  return r.json as { id: number; name: string };
}

/**
 * An approved request of a partner of the hub, asking for plenty of every kind of device: what a
 * device can be reserved for when the test is about something else.
 */
export async function approvedRequest(
  t: TestContext,
  bearer: string,
  hub: string,
  opts: { partnerName?: string; items?: { type: string; quantity: number }[]; minSpecs?: Record<string, unknown> } = {},
) {
  const partner = await partnerOf(t, bearer, hub, opts.partnerName);
  const items = opts.items ?? DEVICE_TYPES.map((type) => ({ type, quantity: 500 }));
  const r = await t.api('POST', '/api/v1/requests', bearer, {
    partner: partner.id,
    items,
    purpose: 'Postazioni per il doposcuola',
    beneficiaries: { count: 30 },
    ...(opts.minSpecs ? { minSpecs: opts.minSpecs } : {}),
  });
  if (r.status !== 201) throw new Error(`request: ${r.status} ${r.text}`);
  const approve = await t.api('POST', `/api/v1/requests/${r.json.id}/decision`, bearer, { decision: 'approve' });
  if (approve.status !== 200) throw new Error(`approve: ${approve.status} ${approve.text}`);
  return { id: r.json.id as number, partner };
}

const openRequests = new WeakMap<TestContext, Map<string, Promise<number>>>();

/** One open request per hub and test context, shared by every walk that reserves a device. */
export function openRequestFor(t: TestContext, bearer: string, hub: string): Promise<number> {
  let byHub = openRequests.get(t);
  if (!byHub) openRequests.set(t, (byHub = new Map()));
  let id = byHub.get(hub);
  if (!id) {
    id = approvedRequest(t, bearer, hub, { partnerName: `Scuola di ${hub}` }).then((r) => r.id);
    byHub.set(hub, id);
  }
  return id;
}

/**
 * An answer with an id in it, made comparable with the answer for another id: the id is replaced
 * where it appears as an id (after "/", "#" or a space), never inside a token or a hash.
 */
export function withoutId(text: string, id: number | string): string {
  return text.replace(new RegExp(`(?<=[/# ])${id}(?![0-9])`, 'g'), 'ID');
}
