import { check, maySeePartnerPeople, type Actor } from '../access/policy';
import type { AppContext } from '../context';
import { listScope, oneHub, scopeHubId } from '../access/scopes';
import { listErasureRecords } from '../erasure/public';
import { findSpecs } from '../hardware/public';
import { findHubByCode } from '../hubs/public';
import { FINAL_ACTIONS, needsConfirmation, nextStep } from '../lifecycle/next-step';
import type { DeviceAction } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { parseTag } from '../tags/tag';
import { addDays, startOfDayUtc } from '../figures/periods';
import { guardFacts, requireAccess, requireTag, toLifecycle } from './actions';
import * as repo from './repository';
import type { ListQuery } from './schema';
import { queryWords } from './terms';
import type { DeviceWithHub } from './repository';
import type { DeviceView } from '../../views/devices/model';

// ---- reading

/** The device page's view of a device (views/devices/model.ts): the fields it shows, picked one by one. */
export function deviceView(d: DeviceWithHub): DeviceView {
  return {
    tag: d.tag,
    hub_id: d.hub_id,
    hub_name: d.hub_name,
    donation_id: d.donation_id,
    type: d.type,
    brand: d.brand,
    model: d.model,
    serial: d.serial,
    weight_kg: d.weight_kg,
    has_storage: d.has_storage,
    condition_note: d.condition_note,
    state: d.state,
    outcome: d.outcome,
    cycle: d.cycle,
    version: d.version,
    os: d.os,
    recipient: d.recipient,
    delivery_document: d.delivery_document,
    request_id: d.request_id,
    delivery_id: d.delivery_id,
    received_at: d.received_at,
  };
}

export async function getDevice(ctx: AppContext, actor: Actor | null, rawTag: string) {
  const tag = requireTag(rawTag);
  const device = await repo.findDeviceByTag(ctx.db, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  requireAccess(actor, 'device.read', device);
  const [rows, erasures, specsRow] = await Promise.all([repo.listEvents(ctx.db, device.id), listErasureRecords(ctx.db, device.id), findSpecs(ctx.db, device.id)]);
  // The guard decides on the records, the specs and the cycle just read: no second read of any.
  const facts = await guardFacts(ctx.db, device.id, { cycle: device.cycle, erasures, specs: specsRow ?? null });
  // A partner's person shows by name only to whom may see them; the others see the organisation.
  const events = rows.map((e) => (e.user_partner_id !== null && !maySeePartnerPeople(actor, { hubId: device.hub_id, partnerId: e.user_partner_id }) ? { ...e, user_name: e.user_partner_name } : e));
  const permitted = (a: DeviceAction) => check(actor, `device.${a}`, { hubId: device.hub_id }).ok;
  // The lifecycle says what comes first, what else, and what is final (lifecycle/next-step.ts).
  const step = nextStep(toLifecycle(device), facts, permitted);
  return {
    device,
    events,
    erasures,
    /** The device's specifications row (null: none yet), for the hardware section. */
    specsRow: specsRow ?? null,
    facts,
    step,
    allowed: [...(step.primary ? [step.primary] : []), ...step.others, ...step.destructive.map((d) => d.action)],
    blocked: step.blocked,
    /** True when the actor could act here if the device were in their hub. */
    otherHub: !check(actor, 'device.diagnose', { hubId: device.hub_id }).ok && check(actor, 'device.diagnose').ok,
  };
}

/** Whether applying this action to the device now destroys something or ends it (see lifecycle/next-step.ts). */
export async function needsConfirmationNow(ctx: AppContext, actor: Actor, rawTag: string, action: DeviceAction, expectedVersion?: number): Promise<boolean> {
  if (!FINAL_ACTIONS.includes(action) && action !== 'erase') return false;
  const device = await repo.findDeviceByTag(ctx.db, requireTag(rawTag));
  // A stale page or someone else's device: the action itself says what happened.
  if (!device || !check(actor, `device.${action}`, { hubId: device.hub_id }).ok) return false;
  if (expectedVersion !== undefined && expectedVersion !== device.version) return false;
  return needsConfirmation(toLifecycle(device), action, await guardFacts(ctx.db, device.id));
}

export type ListResult = Awaited<ReturnType<typeof repo.listDevices>>;

export async function listDevices(ctx: AppContext, actor: Actor, query: ListQuery) {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  // A hub asked for is any hub (reading devices crosses hubs); otherwise the actor's own reach.
  let scope = listScope(actor, 'device.read');
  if (query.hub) {
    const hub = await findHubByCode(ctx.db, query.hub);
    if (!hub) throw new AppError(404, 'hubs.unknown', { hub: query.hub });
    scope = oneHub(hub.id);
  }
  const hubId = scopeHubId(scope);
  const limit = query.limit ?? 50;
  let exactTag: string | undefined;
  let search: { words: string[]; compact: string } | undefined;
  let mistypedTag = false;
  if (query.q) {
    const parsed = parseTag(query.q);
    if (parsed.ok) exactTag = parsed.tag;
    else {
      mistypedTag = parsed.reason === 'mistyped';
      search = queryWords(query.q);
    }
  }
  const filter = {
    scope,
    state: query.state,
    type: query.type,
    exactTag,
    search,
    // RAM is typed in GB and stored in MiB, as the modules report it (a "4 GB" module is 4096 MiB).
    specs: {
      minRamMb: query.minRam !== undefined ? Math.round(query.minRam * 1024) : undefined,
      minStorageGb: query.minStorage,
      ssd: query.ssd,
      cpu64: query.cpu64,
    },
    outdatedImage: query.outdatedImage,
    event: query.event ? { action: query.event, fromUtc: query.from ? startOfDayUtc(query.from) : '0000', toUtc: query.to ? startOfDayUtc(addDays(query.to, 1)) : '9999' } : undefined,
  };
  const [rows, behind] = await Promise.all([
    repo.listDevices(ctx.db, { ...filter, afterId: query.after, limit: limit + 1 }),
    // The devices behind a dashboard figure (an event or a state): their count, over every page.
    (query.event || query.state) && !search ? repo.countDevices(ctx.db, filter) : null,
  ]);
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, next: hasMore ? items[items.length - 1]!.id : null, mistypedTag, hubId, behind };
}
