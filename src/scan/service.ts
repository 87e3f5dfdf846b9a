/**
 * Scanning: what a scanned code names, undoing a scan applied by mistake, and stock-takes (found,
 * missing, unexpected). Applying an action to a scanned device goes through the devices service like
 * any other action; nothing here changes a device by itself.
 */
import { check, type Actor } from '../access/policy';
import { listScope } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import * as devicesRepo from '../devices/public';
import { ASSET_FOUND_STATES, ASSET_ON_SITE_STATES, type AssetState } from '../equipment/lifecycle';
import * as assetsRepo from '../equipment/public';
import { applyAction, requireAccess, requireTag, type ActionResult } from '../devices/actions';
import { findHubByCode, findHubById } from '../hubs/public';
import { ON_SITE_STATES, UNDONE_BY, type DeviceAction, type DeviceState } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import * as repo from './repository';
import { UNDO_WINDOW_MS, UNDOABLE_BY_AUTHOR } from '../lifecycle/undo';
import { undoEvent } from '../workshop/undo';
import { actorUserId, isAuthor } from '../shared/write/actor';
import { resolveTag } from '../shared/write/actor';

// ---- what a code names

export type Resolved =
  | { kind: 'device'; tag: string; state: string; hub: string; hubName: string; type: string; brand: string | null; model: string | null }
  | { kind: 'blank'; tag: string; hub: string; hubName: string; claimed: boolean }
  | { kind: 'asset'; tag: string; state: string; hub: string; hubName: string; category: string; make: string | null; model: string | null };

/** A scanned code: a device, a blank label, or a 400 (mistyped, not a tag) / 404 (no such thing). */
export async function resolveCode(ctx: AppContext, actor: Actor, code: string): Promise<Resolved> {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  const tag = requireTag(code);
  const found = await resolveTag(ctx.db, tag);
  if (found?.kind === 'device') {
    const { device } = found;
    return { kind: 'device', tag, state: device.state, hub: device.hub_code, hubName: device.hub_name, type: device.type, brand: device.brand, model: device.model };
  }
  // One of the hub's own assets: same tags, same labels, its own page.
  if (found?.kind === 'asset') {
    const { asset } = found;
    return { kind: 'asset', tag, state: asset.state, hub: asset.hub_code, hubName: asset.hub_name, category: asset.category, make: asset.make, model: asset.model };
  }
  if (found?.kind === 'blank') return { kind: 'blank', tag, hub: found.blank.hub_code, hubName: found.blank.hub_name, claimed: found.blank.claimed_at !== null };
  throw new AppError(404, 'tags.unknown', { tag });
}

// ---- undo

/**
 * Takes back the action a scan just applied, with the action the lifecycle provides for it (see
 * UNDONE_BY): only the latest event of the device, only by whoever made it, only for a short while.
 * The undo is itself an event, so the history shows both.
 */
export async function undoScan(ctx: AppContext, actor: Actor, rawTag: string, seq: number): Promise<ActionResult> {
  const tag = requireTag(rawTag);
  const device = await devicesRepo.findDeviceByTag(ctx.db, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  // Only someone who may read the device hears anything about its history.
  requireAccess(actor, 'device.read', device);
  const event = await repo.latestEvent(ctx.db, device.id);
  if (!event || event.seq !== seq) throw new AppError(409, 'scan.undoStale', { tag });
  if (!isAuthor(actor, event)) throw new AppError(403, 'scan.undoNotYours', { tag });
  if (ctx.clock.now().getTime() - new Date(event.at).getTime() > UNDO_WINDOW_MS) throw new AppError(409, 'scan.undoTooLate', { tag });
  // A workshop step (a diagnosis, an erasure record, an install, ready) is taken back by an undo event.
  if (UNDOABLE_BY_AUTHOR.includes(event.action as DeviceAction)) {
    const r = await undoEvent(ctx, actor, tag, seq);
    return {
      tag: r.tag,
      state: r.state,
      hub: device.hub_code,
      version: r.version,
      event: { id: 0, seq: r.version, action: 'undo', from: device.state, to: r.state, at: nowIso(ctx), data: { undoes: seq } },
    };
  }
  const inverse = UNDONE_BY[event.action as DeviceAction];
  if (!inverse) throw new AppError(409, 'scan.cannotUndo', { tag, action: event.action });
  const common = { idempotencyKey: `undo-${device.id}-${seq}`, expectedVersion: seq };
  if (inverse === 'unreserve') return applyAction(ctx, actor, tag, { action: 'unreserve', ...common });
  // Reserving again: for the request the device was reserved for before.
  const reserved = await repo.latestEventOf(ctx.db, device.id, 'reserve');
  const request = reserved?.data ? Number((JSON.parse(reserved.data) as { requestId?: number }).requestId) : NaN;
  if (!Number.isInteger(request) || request <= 0) throw new AppError(409, 'scan.cannotUndo', { tag, action: event.action });
  return applyAction(ctx, actor, tag, { action: 'reserve', request, ...common });
}

// ---- stock-takes

/** Where a scanned thing stands against the hub's records. */
export type ScanStatus = { status: 'found'; incoming?: boolean } | { status: 'unexpected'; reason: 'otherHub' | 'notOnSite' | 'blank' | 'unknown' };

/**
 * Found: the records place it on this hub's shelves (or on its way here). Unexpected: they place it
 * elsewhere or gone (delivered, recycled...), or the tag names no device. Kept apart from how a thing is
 * looked up, so the hub's own assets can add their kind of scanned thing.
 */
export function classify(thing: { kind: string; hubId: number | null; state: string | null }, stocktakeHubId: number): ScanStatus {
  if (thing.kind === 'blank') return { status: 'unexpected', reason: 'blank' };
  if (thing.kind === 'asset' && thing.hubId !== null && thing.state !== null) {
    // The hub's own asset: found if it is in service (or being repaired here); on loan, lost or retired, unexpected.
    if (thing.hubId !== stocktakeHubId) return { status: 'unexpected', reason: 'otherHub' };
    return ASSET_FOUND_STATES.includes(thing.state as AssetState) ? { status: 'found' } : { status: 'unexpected', reason: 'notOnSite' };
  }
  if (thing.kind !== 'device' || thing.hubId === null || thing.state === null) return { status: 'unexpected', reason: 'unknown' };
  if (thing.hubId !== stocktakeHubId) return { status: 'unexpected', reason: 'otherHub' };
  if (thing.state === 'in_transit') return { status: 'found', incoming: true };
  if (!ON_SITE_STATES.includes(thing.state as DeviceState)) return { status: 'unexpected', reason: 'notOnSite' };
  return { status: 'found' };
}

const FOUND_STATES = [...ON_SITE_STATES, 'in_transit'] as DeviceState[];

export async function startStocktake(ctx: AppContext, actor: Actor, input: { hub?: string; note?: string }) {
  const hub = input.hub ? await findHubByCode(ctx.db, input.hub) : actor.hubId !== null ? await findHubById(ctx.db, actor.hubId) : undefined;
  if (!hub) throw input.hub ? new AppError(422, 'hubs.unknown', { hub: input.hub }) : new AppError(422, 'users.hubRequired');
  const decision = check(actor, 'stocktake.run', { hubId: hub.id });
  if (!decision.ok) throw decision.reason === 'hub' ? new AppError(403, 'scan.stocktakeOtherHub', { hub: hub.name }) : new AppError(403, 'access.denied');
  const id = await repo.insertStocktake(ctx.db, {
    hub_id: hub.id,
    status: 'open',
    note: input.note ?? null,
    started_by_user_id: actorUserId(actor),
    started_at: nowIso(ctx),
    closed_at: null,
  });
  return { id, hub: hub.code };
}

async function requireStocktake(ctx: AppContext, actor: Actor, id: number) {
  const st = await repo.findStocktake(ctx.db, id);
  if (!st || !check(actor, 'device.read', { hubId: st.hub_id }).ok) throw new AppError(404, 'scan.stocktakeUnknown');
  return st;
}

export async function stocktakeCounts(ctx: AppContext, st: { id: number; hub_id: number }) {
  const [expected, foundOnSite, foundAll, scans, assets] = await Promise.all([
    repo.countExpected(ctx.db, st.hub_id, ON_SITE_STATES),
    repo.countScannedHere(ctx.db, st.id, st.hub_id, ON_SITE_STATES),
    repo.countScannedHere(ctx.db, st.id, st.hub_id, FOUND_STATES),
    repo.countScans(ctx.db, st.id),
    assetCounts(ctx, st),
  ]);
  return {
    found: foundAll + assets.found,
    missing: expected - foundOnSite + assets.missing,
    unexpected: scans - foundAll - assets.found,
    expected: expected + assets.expected,
  };
}

/** The hub's own assets in a stock-take: those it expects (in service), and those scanned and where they stand. */
async function assetCounts(ctx: AppContext, st: { id: number; hub_id: number }) {
  const [expected, scanned] = await Promise.all([assetsRepo.listExpectedAssets(ctx.db, st.hub_id, ASSET_ON_SITE_STATES), assetsRepo.listScannedAssets(ctx.db, st.id)]);
  const scannedIds = new Set(scanned.map((s) => s.ref_id));
  const found = scanned.filter((s) => classify({ kind: 'asset', hubId: s.hub_id, state: s.state }, st.hub_id).status === 'found').length;
  return { expected: expected.length, found, missing: expected.filter((a) => !scannedIds.has(a.id)).length };
}

/** One scan during a stock-take: recorded once, classified, with the running counts. */
export async function recordStocktakeScan(ctx: AppContext, actor: Actor, id: number, code: string) {
  const st = await requireStocktake(ctx, actor, id);
  if (!check(actor, 'stocktake.run', { hubId: st.hub_id }).ok) throw new AppError(403, 'scan.stocktakeOtherHub', { hub: st.hub_name });
  if (st.status !== 'open') throw new AppError(409, 'scan.stocktakeClosed');
  const tag = requireTag(code);
  const found = await resolveTag(ctx.db, tag);
  const device = found?.kind === 'device' ? found.device : undefined;
  const asset = found?.kind === 'asset' ? found.asset : undefined;
  const kind = found?.kind ?? 'unknown';
  const fresh = await repo.insertScan(ctx.db, {
    stocktake_id: st.id,
    kind,
    tag,
    ref_id: device?.id ?? asset?.id ?? null,
    scanned_by_user_id: actorUserId(actor),
    scanned_at: nowIso(ctx),
  });
  const status = classify({ kind, hubId: device?.hub_id ?? asset?.hub_id ?? null, state: device?.state ?? asset?.state ?? null }, st.hub_id);
  return {
    tag,
    kind,
    duplicate: !fresh,
    ...status,
    device: device ? { state: device.state, hub: device.hub_code, hubName: device.hub_name, type: device.type, brand: device.brand, model: device.model } : null,
    asset: asset ? { state: asset.state, hub: asset.hub_code, hubName: asset.hub_name, category: asset.category, make: asset.make, model: asset.model } : null,
    counts: await stocktakeCounts(ctx, st),
  };
}

export async function getStocktake(ctx: AppContext, actor: Actor, id: number) {
  const st = await requireStocktake(ctx, actor, id);
  const [deviceScans, expectedDevices, assetScans, expectedAssets] = await Promise.all([
    repo.listScans(ctx.db, st.id),
    repo.listExpected(ctx.db, st.hub_id, ON_SITE_STATES),
    assetsRepo.listScannedAssets(ctx.db, st.id),
    assetsRepo.listExpectedAssets(ctx.db, st.hub_id, ASSET_ON_SITE_STATES),
  ]);
  // Assets scanned read like devices: their category in `type`, their make in `brand`.
  const asAsset = (a: { category: string; make: string | null }) => ({ type: a.category, brand: a.make });
  const scans = [...deviceScans.filter((s) => s.kind !== 'asset'), ...assetScans.map((a) => ({ ...a, ...asAsset(a), kind: 'asset' }))].sort((a, b) => b.id - a.id);
  const expected = [
    ...expectedDevices.map((d) => ({ ...d, kind: 'device' })),
    ...expectedAssets.map((a) => ({ id: a.id, tag: a.tag, model: a.model, state: a.state as string, ...asAsset(a), kind: 'asset' })),
  ];
  const found: typeof scans = [];
  const unexpected: ((typeof scans)[number] & { reason: string })[] = [];
  const incoming = new Set<string>();
  for (const s of scans) {
    const c = classify({ kind: s.kind, hubId: s.hub_id, state: s.state }, st.hub_id);
    if (c.status === 'found') {
      found.push(s);
      if (c.incoming) incoming.add(s.tag);
    } else unexpected.push({ ...s, reason: c.reason });
  }
  const scannedIds = new Set(scans.filter((s) => s.kind === 'device').map((s) => s.ref_id));
  const scannedAssets = new Set(assetScans.map((s) => s.ref_id));
  const missing = expected.filter((d) => (d.kind === 'asset' ? !scannedAssets.has(d.id) : !scannedIds.has(d.id)));
  return {
    stocktake: st,
    found,
    incoming,
    missing,
    unexpected,
    counts: { found: found.length, missing: missing.length, unexpected: unexpected.length, expected: expected.length },
    canRun: st.status === 'open' && check(actor, 'stocktake.run', { hubId: st.hub_id }).ok,
    canResolve: check(actor, 'stocktake.resolve', { hubId: st.hub_id }).ok,
  };
}

export async function listStocktakes(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  return repo.listStocktakes(ctx.db, listScope(actor, 'device.read'));
}

export async function closeStocktake(ctx: AppContext, actor: Actor, id: number) {
  const st = await requireStocktake(ctx, actor, id);
  if (!check(actor, 'stocktake.resolve', { hubId: st.hub_id }).ok) throw new AppError(403, 'access.denied');
  await repo.closeStocktake(ctx.db, st.id, nowIso(ctx));
}

/**
 * Acting on a stock-take's result: record the arrival of a device found here while in transit, or
 * transfer here a device the records place elsewhere. Both are ordinary lifecycle actions, so the
 * lifecycle and the access rules decide (a hub's coordinator cannot take another hub's device; an
 * administrator can).
 */
export async function actOnResult(ctx: AppContext, actor: Actor, id: number, rawTag: string, action: 'arrive' | 'transfer') {
  const st = await requireStocktake(ctx, actor, id);
  if (!check(actor, 'stocktake.resolve', { hubId: st.hub_id }).ok) throw new AppError(403, 'access.denied');
  const tag = requireTag(rawTag);
  const key = `stocktake-${st.id}-${action}-${tag}`;
  return action === 'arrive' ? applyAction(ctx, actor, tag, { action: 'arrive', idempotencyKey: key }) : applyAction(ctx, actor, tag, { action: 'transfer', toHub: st.hub_code, idempotencyKey: key });
}
