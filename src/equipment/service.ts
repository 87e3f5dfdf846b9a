/**
 * The hub's own equipment: registering assets, their lifecycle (lend, return, repair, repaired, lose,
 * found, retire), maintenance, the minimum kit, and the funder's register. An asset is never a
 * donation and never a device, until it is retired into the trashware flow: then, in the same
 * transaction, the hub donates it to itself and a device with the same tag starts its own lifecycle.
 */
import { recordAudit } from '../audit/public';
import { check, homeHubId, type Actor } from '../access/policy';
import { listScope, oneHub, scopeHubId } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import * as devicesRepo from '../devices/public';
import type { DeviceType } from '../devices/device-types';
import { registerDonationIn } from '../donations/service';
import { findHubByCode, findHubById, listHubs, type Hub } from '../hubs/public';
import { AppError } from '../shared/errors';
import { actorColumns, actorUserId } from '../shared/write/actor';
import { inTransaction, type Trx, type WriteContext } from '../shared/write/context';
import { runKeyed } from '../shared/write/idempotency';
import { loadForActor, requireCapability, requireTag } from '../shared/write/actor';
import { requireUnchanged, requireWon } from '../shared/write/version';
import { allocateTags } from '../tags/public';
import { kitByHub } from './kit';
import {
  ASSET_ACTIONS,
  decideAsset,
  DEVICE_TYPE_OF,
  INITIAL_ASSET_STATE,
  MAINTAINABLE_STATES,
  assetNextStep,
  CONFIRMED_ASSET_ACTIONS,
  nextAssetActions,
  projectAsset,
  REGISTER_EVENT,
  type AssetAction,
  type AssetActionFields,
  type LifecycleAsset,
} from './lifecycle';
import * as repo from './repository';
import type { AssetWithHub } from './repository';
import type { AssetActionInput, AssetEdit, AssetInput, AssetListQuery, KitItemInput, MaintenanceInput, RegisterQuery } from './schema';
import { addDays, addMonths, dueToIso, hubDay } from '../shared/hub-time';

type Db = AppContext['db'] | Trx;

/** How long a borrower's name is kept once the asset is back (or was lost): enough to settle a damage claim. */
export const BORROWER_RETENTION_DAYS = 90;
/** Warranties ending within this many days show on the hub's page (and those ended in the last 30). */
export const WARRANTY_NOTICE_DAYS = 90;
/** A check recorded without saying when the next is due moves it a year on. */
export const CHECK_INTERVAL_MONTHS = 12;

export function toLifecycleAsset(a: repo.AssetRow): LifecycleAsset {
  return { state: a.state, hubId: a.hub_id, category: a.category, loanId: a.loan_id };
}

/** The hub named (administrators) or the actor's own. */
async function resolveHub(ctx: AppContext, actor: Actor, code: string | undefined): Promise<Hub> {
  const hub = code ? await findHubByCode(ctx.db, code) : actor.hubId !== null ? await findHubById(ctx.db, actor.hubId) : undefined;
  if (!hub) throw code ? new AppError(422, 'hubs.unknown', { hub: code }) : new AppError(422, 'users.hubRequired');
  return hub;
}

/** A funding source by id (forms) or exact name (scripts); an inactive one is refused for new choices. */
async function resolveFunding(db: Db, ref: number | string | undefined, opts: { allowInactive?: number | null } = {}): Promise<number | null> {
  if (ref === undefined) return null;
  const source = typeof ref === 'number' ? await repo.findFundingSource(db, ref) : await repo.findFundingSourceByName(db, ref);
  if (!source) throw new AppError(422, 'equipment.fundingUnknown', { funding: String(ref).slice(0, 120) });
  if (!source.active && source.id !== opts.allowInactive) throw new AppError(422, 'equipment.fundingInactive', { funding: source.name });
  return source.id;
}

function checkDates(input: { purchasedOn?: string; warrantyEnd?: string }, today: string) {
  if (input.purchasedOn && input.purchasedOn > today) throw new AppError(422, 'equipment.purchaseInFuture');
  if (input.purchasedOn && input.warrantyEnd && input.warrantyEnd < input.purchasedOn) throw new AppError(422, 'equipment.warrantyBeforePurchase');
}

// ---- registering

export type RegisteredAsset = { tag: string; hub: string; state: string; category: string; version: number; replayed?: boolean };

/** Registers one asset with a tag from its hub's counter (the same counter as donated devices: never the same tag). */
/** An asset's details as columns: what registering sets and editing may change. */
function detailColumns(input: AssetEdit, fundingId: number | null) {
  return {
    category: input.assetCategory,
    make: input.make ?? null,
    model: input.model ?? null,
    serial: input.serial ?? null,
    location: input.location ?? null,
    purchased_on: input.purchasedOn ?? null,
    cost_cents: input.cost ?? null,
    funding_source_id: fundingId,
    supplier: input.supplier ?? null,
    invoice_ref: input.invoiceRef ?? null,
    warranty_end: input.warrantyEnd ?? null,
    features: (input.features ?? []).join(','),
    next_check_on: input.nextCheckOn ?? null,
    note: input.note ?? null,
  };
}

export async function registerAsset(ctx: AppContext, actor: Actor, input: AssetInput): Promise<RegisteredAsset> {
  const hub = await resolveHub(ctx, actor, input.hub);
  const decision = check(actor, 'asset.register', { hubId: hub.id });
  if (!decision.ok) throw decision.reason === 'hub' ? new AppError(403, 'equipment.registerOtherHub', { hub: hub.name }) : new AppError(403, 'access.denied');
  const at = nowIso(ctx);
  checkDates(input, hubDay(at));
  const { idempotencyKey: key, ...rest } = input;
  const print = { ...rest, hub: hub.code };
  // The same form submitted twice at once: the second answers what the first stored.
  return runKeyed(
    ctx,
    actor,
    'asset-register',
    key,
    print,
    async ({ trx }) => {
      const fundingId = await resolveFunding(trx, input.fundingSource);
      const [tag] = await allocateTags(trx, hub, 1);
      const assetId = await repo.insertAsset(trx, {
        tag: tag!,
        hub_id: hub.id,
        ...detailColumns(input, fundingId),
        state: INITIAL_ASSET_STATE,
        version: 1,
        loan_id: null,
        retired_device_id: null,
        ...actorColumns(actor, 'created_by'),
        created_at: at,
        updated_at: at,
      });
      await repo.insertAssetEvent(trx, {
        asset_id: assetId,
        seq: 1,
        action: REGISTER_EVENT,
        from_state: null,
        to_state: INITIAL_ASSET_STATE,
        hub_id: hub.id,
        ...actorColumns(actor, 'actor'),
        data: null,
        at,
      });
      const result: RegisteredAsset = { tag: tag!, hub: hub.code, state: INITIAL_ASSET_STATE, category: input.assetCategory, version: 1 };
      return result;
    },
    at,
  );
}

/** Changes an asset's details (never its state): an `edit` event keeps what changed, for the register's sake. */
export async function editAsset(ctx: AppContext, actor: Actor, rawTag: string, input: AssetEdit) {
  const asset = await loadForActor(ctx.db, actor, 'asset', rawTag, 'asset.register');
  if (asset.state === 'retired') throw new AppError(409, 'equipment.retiredReadOnly', { tag: asset.tag });
  await requireUnchanged(input.expectedVersion, asset.version, () => changedMeanwhile(ctx.db, asset));
  const at = nowIso(ctx);
  checkDates(input, hubDay(at));
  return inTransaction(ctx, async ({ trx }) => {
    const fundingId = await resolveFunding(trx, input.fundingSource, { allowInactive: asset.funding_source_id });
    const patch = detailColumns(input, fundingId);
    const changed = Object.fromEntries(Object.entries(patch).filter(([k, val]) => asset[k as keyof typeof patch] !== val));
    if (Object.keys(changed).length === 0) return { tag: asset.tag, version: asset.version, changed: [] as string[] };
    await requireWon(await repo.updateAssetIfVersion(trx, asset.id, asset.version, { ...patch, updated_at: at }), () => changedMeanwhile(trx, asset));
    await repo.insertAssetEvent(trx, {
      asset_id: asset.id,
      seq: asset.version + 1,
      action: 'edit',
      from_state: asset.state,
      to_state: asset.state,
      hub_id: asset.hub_id,
      ...actorColumns(actor, 'actor'),
      data: JSON.stringify({ changed: Object.keys(changed) }),
      at,
    });
    return { tag: asset.tag, version: asset.version + 1, changed: Object.keys(changed) };
  });
}

// ---- reading

export async function getAsset(ctx: AppContext, actor: Actor | null, rawTag: string) {
  const asset = await loadForActor(ctx.db, actor, 'asset', rawTag, 'asset.read');
  const [events, loans, maintenance] = await Promise.all([repo.listAssetEvents(ctx.db, asset.id), repo.listAssetLoans(ctx.db, asset.id), repo.listMaintenance(ctx.db, asset.id)]);
  const permitted = (a: AssetAction) => check(actor, `asset.${a}`, { hubId: asset.hub_id }).ok;
  const showBorrower = check(actor, 'loan.borrower', { hubId: asset.hub_id }).ok;
  const allowed = nextAssetActions(toLifecycleAsset(asset)).filter(permitted);
  return {
    asset,
    events,
    // Borrowers are shown only to the hub's own staff (and administrators), never to the region or another hub.
    loans: loans.map((l) => (showBorrower ? l : { ...l, borrower_name: null })),
    showBorrower,
    maintenance,
    allowed,
    step: assetNextStep(toLifecycleAsset(asset), allowed),
    canMaintain: MAINTAINABLE_STATES.includes(asset.state) && check(actor, 'asset.maintain', { hubId: asset.hub_id }).ok,
    canEdit: asset.state !== 'retired' && check(actor, 'asset.register', { hubId: asset.hub_id }).ok,
    /** True when the actor could act here if the asset were in their hub. */
    otherHub: !check(actor, 'asset.lend', { hubId: asset.hub_id }).ok && check(actor, 'asset.lend').ok,
    device: asset.retired_device_id !== null ? await devicesRepo.findDeviceByTag(ctx.db, asset.tag) : undefined,
  };
}

async function hubScope(ctx: AppContext, actor: Actor, code: string | undefined): Promise<number | undefined> {
  if (code) {
    const hub = await findHubByCode(ctx.db, code);
    if (!hub) throw new AppError(404, 'hubs.unknown', { hub: code });
    return hub.id;
  }
  return homeHubId(actor) ?? undefined;
}

export async function listAssets(ctx: AppContext, actor: Actor, query: AssetListQuery) {
  if (!check(actor, 'asset.read').ok) throw new AppError(403, 'access.denied');
  // A hub asked for is any hub (reading equipment crosses hubs); otherwise the actor's own reach.
  const scope = query.hub ? oneHub((await hubScope(ctx, actor, query.hub))!) : listScope(actor, 'asset.read');
  const hubId = scopeHubId(scope);
  const limit = query.limit ?? 100;
  const rows = await repo.listAssets(ctx.db, {
    scope,
    category: query.assetCategory,
    state: query.state,
    fundingSourceId: query.funding,
    current: query.state === undefined,
    afterId: query.after,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? items[items.length - 1]!.id : null, hubId };
}

// ---- acting

export type AssetActionResult = {
  tag: string;
  state: string;
  hub: string;
  version: number;
  event: { id: number; seq: number; action: string; from: string; to: string; at: string; data: Record<string, unknown> };
  loan?: { id: number; dueAt: string; receipt: string };
  device?: { tag: string; donation: number };
  replayed?: boolean;
};

/**
 * Applies one lifecycle action to an asset: the event, the projected asset, and what goes with it (the
 * loan opened or closed, the repair's maintenance record, the device a retirement hands to the
 * workshop) in one transaction, guarded by the asset's version. One of two people acting at once wins;
 * the other is told who did what. A repeated idempotency key answers the first result again.
 */
/** `page`: applied from the asset's page, where lending and retiring wait for the person's tick (see lifecycle.ts). */
export async function applyAssetAction(ctx: AppContext, actor: Actor, rawTag: string, input: AssetActionInput, page?: { confirmed: boolean }): Promise<AssetActionResult> {
  const tag = requireTag(rawTag);
  const { idempotencyKey: key, expectedVersion: _v, ...rest } = input;
  const print = [tag, rest];
  try {
    return await runKeyed(
      ctx,
      actor,
      'asset-action',
      key,
      print,
      (w) => applyAssetActionIn(w, actor, tag, input, page),
      (r) => r.event.at,
    );
  } catch (error) {
    // Not a replay: two different writes met on the asset's next event.
    if (isUniqueViolation(error)) {
      const asset = await repo.findAssetByTag(ctx.db, tag);
      if (asset) throw await changedMeanwhile(ctx.db, asset);
    }
    throw error;
  }
}

function fieldsOf(input: AssetActionInput): AssetActionFields[AssetAction] {
  switch (input.action) {
    case 'lend':
      return {
        borrowerKind: input.borrowerKind,
        borrowerName: input.borrowerName,
        borrowerDocument: input.borrowerDocument,
        dueAt: dueToIso(input.due),
        note: input.note,
      };
    case 'repair':
      return { reason: input.reason, repairer: input.repairer, note: input.note };
    case 'repaired':
      return { costCents: input.cost, by: input.by, note: input.note };
    case 'lose':
      return { note: input.note };
    case 'found':
      return { location: input.location, note: input.note };
    case 'retire':
      return { reason: input.reason, toWorkshop: input.toWorkshop === true, note: input.note };
    default:
      return { note: input.note };
  }
}

async function applyAssetActionIn(w: WriteContext, actor: Actor, tag: string, input: AssetActionInput, page?: { confirmed: boolean }): Promise<AssetActionResult> {
  const { trx } = w;
  const asset = await repo.findAssetByTag(trx, tag);
  if (!asset) throw new AppError(404, 'equipment.unknown', { tag });
  // Someone who acted on a stale page hears what changed before anything else.
  requireCapability('asset', actor, 'asset.read', asset);
  await requireUnchanged(input.expectedVersion, asset.version, () => changedMeanwhile(trx, asset));
  requireCapability('asset', actor, `asset.${input.action}`, asset);
  const at = nowIso(w);
  const before = toLifecycleAsset(asset);
  const fields = fieldsOf(input);
  const decision = decideAsset(before, input.action, fields, { now: at });
  if (!decision.ok) throw new AppError(409, decision.refusal.key, { tag, ...decision.refusal.params }, { reason: decision.kind, state: asset.state });
  if (page && !page.confirmed && CONFIRMED_ASSET_ACTIONS[input.action]) throw new AppError(422, 'equipment.confirmRequired', { assetAction: input.action });
  const seq = asset.version + 1;
  const hubRef = { id: asset.hub_id, code: asset.hub_code, name: asset.hub_name };

  // What goes with the action, before the projection that names it.
  let opened: { loanId: number } | undefined;
  if (input.action === 'lend') {
    const f = fields as AssetActionFields['lend'];
    await repo.eraseBorrowersReturnedBefore(trx, asset.hub_id, addDays(at.slice(0, 10), -BORROWER_RETENTION_DAYS), at);
    const loanId = await repo.insertLoan(trx, {
      asset_id: asset.id,
      hub_id: asset.hub_id,
      borrower_kind: f.borrowerKind,
      borrower_name: f.borrowerName,
      borrower_document: f.borrowerDocument ?? null,
      lent_at: at,
      due_at: f.dueAt,
      returned_at: null,
      lost_at: null,
      note: f.note ?? null,
      ...actorColumns(actor, 'lent_by'),
      erased_at: null,
    });
    opened = { loanId };
  }
  let device: AssetActionResult['device'];
  if (input.action === 'retire' && (fields as AssetActionFields['retire']).toWorkshop) {
    device = await handToWorkshop(w, actor, asset, hubRef);
  }
  const after = projectAsset(before, input.action, decision.to, opened);
  const patch: Parameters<typeof repo.updateAssetIfVersion>[3] = { state: after.state, loan_id: after.loanId, updated_at: at };
  if (input.action === 'found' && (fields as AssetActionFields['found']).location) patch.location = (fields as AssetActionFields['found']).location;
  if (device) patch.retired_device_id = (await repo.findDeviceIdByTag(trx, device.tag))!.id;
  await requireWon(await repo.updateAssetIfVersion(trx, asset.id, asset.version, patch), () => changedMeanwhile(trx, asset));

  // Closing the loan the asset was out on.
  if (before.loanId !== null && after.loanId === null) {
    await repo.closeLoan(trx, before.loanId, input.action === 'return' ? { returned_at: at } : { lost_at: at });
  }
  if (input.action === 'return') {
    await repo.eraseBorrowersReturnedBefore(trx, asset.hub_id, addDays(at.slice(0, 10), -BORROWER_RETENTION_DAYS), at);
  }
  // The event keeps the action's facts, never the borrower's name (kept, erasable, on the loan).
  const data: Record<string, unknown> = { ...fields };
  if (input.action === 'lend') {
    delete data.borrowerName;
    data.loan = opened!.loanId;
  }
  if (before.loanId !== null && input.action !== 'lend') data.loan = before.loanId;
  if (device) data.device = device.tag;
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
  const eventId = await repo.insertAssetEvent(trx, {
    asset_id: asset.id,
    seq,
    action: input.action,
    from_state: before.state,
    to_state: after.state,
    hub_id: asset.hub_id,
    ...actorColumns(actor, 'actor'),
    data: JSON.stringify(data),
    at,
  });
  if (input.action === 'repaired') {
    const f = fields as AssetActionFields['repaired'];
    await repo.insertMaintenance(trx, {
      asset_id: asset.id,
      hub_id: asset.hub_id,
      kind: 'repair',
      done_on: hubDay(at),
      performed_by: f.by ?? null,
      cost_cents: f.costCents ?? null,
      note: f.note ?? null,
      event_id: eventId,
      ...actorColumns(actor, 'recorded_by'),
      created_at: at,
    });
  }
  return {
    tag,
    state: after.state,
    hub: asset.hub_code,
    version: seq,
    event: { id: eventId, seq, action: input.action, from: before.state, to: after.state, at, data },
    ...(opened ? { loan: { id: opened.loanId, dueAt: (fields as AssetActionFields['lend']).dueAt, receipt: `/equipment/loans/${opened.loanId}` } } : {}),
    ...(device ? { device } : {}),
  };
}

/**
 * Retiring into the trashware flow: the hub donates the asset to itself (a donor of kind public body
 * that stands for the hub, created once and reused), and the device keeps the asset's tag, so the label
 * already on it still opens it, and its intake event names the asset whose history it continues.
 */
async function handToWorkshop(w: WriteContext, actor: Actor, asset: AssetWithHub, hub: { id: number; code: string; name: string }) {
  const decision = check(actor, 'donation.create', { hubId: asset.hub_id });
  if (!decision.ok) throw new AppError(403, 'access.denied');
  const type = DEVICE_TYPE_OF[asset.category];
  if (type === null) throw new AppError(409, 'equipment.guard.notElectronic', { assetCategory: asset.category });
  const donorId = await repo.findHubDonor(w.trx, asset.hub_id);
  const donation = await registerDonationIn(
    w,
    actor,
    hub,
    {
      donor: { kind: 'public_body', name: hub.name },
      note: `${asset.tag}`,
      devices: [{ type: type as DeviceType, brand: asset.make ?? undefined, model: asset.model ?? undefined, serial: asset.serial ?? undefined, tag: asset.tag }],
    },
    { donorId, ownTags: true, intakeData: { asset: asset.tag } },
  );
  return { tag: donation.devices[0]!.tag, donation: donation.id };
}

async function changedMeanwhile(db: Db, asset: AssetWithHub): Promise<AppError> {
  const fresh = (await repo.findAssetByTag(db, asset.tag)) ?? asset;
  const last = await repo.lastAssetEvent(db, asset.id);
  return new AppError(
    409,
    'equipment.changedMeanwhile',
    { tag: asset.tag, state: fresh.state, who: last?.user_name ?? last?.token_label ?? '?', assetAction: last?.action ?? '' },
    { state: fresh.state, version: fresh.version },
  );
}

// ---- maintenance

export async function recordMaintenance(ctx: AppContext, actor: Actor, rawTag: string, input: MaintenanceInput) {
  const asset = await loadForActor(ctx.db, actor, 'asset', rawTag, 'asset.maintain');
  if (!MAINTAINABLE_STATES.includes(asset.state)) throw new AppError(409, 'equipment.notMaintainable', { tag: asset.tag, state: asset.state });
  const at = nowIso(ctx);
  if (input.on > hubDay(at)) throw new AppError(422, 'equipment.maintenanceInFuture');
  return inTransaction(ctx, async ({ trx }) => {
    const id = await repo.insertMaintenance(trx, {
      asset_id: asset.id,
      hub_id: asset.hub_id,
      kind: input.kind,
      done_on: input.on,
      performed_by: input.by ?? null,
      cost_cents: input.cost ?? null,
      note: input.note ?? null,
      event_id: null,
      ...actorColumns(actor, 'recorded_by'),
      created_at: at,
    });
    // A check moves the next one on: to the date given, else a year after this one.
    let nextCheckOn = asset.next_check_on;
    if (input.kind === 'check') {
      nextCheckOn = input.nextCheckOn ?? addMonths(input.on, CHECK_INTERVAL_MONTHS);
      await repo.setNextCheck(trx, asset.id, nextCheckOn);
    }
    return { id, tag: asset.tag, kind: input.kind, on: input.on, nextCheckOn };
  });
}

// ---- loans

export async function listLoans(ctx: AppContext, actor: Actor, q: { hub?: string; overdue?: boolean }) {
  if (!check(actor, 'asset.read').ok) throw new AppError(403, 'access.denied');
  const hubId = (await hubScope(ctx, actor, q.hub)) ?? null;
  const now = nowIso(ctx);
  const [open, recent] = await Promise.all([
    repo.listLoans(ctx.db, { hubId, open: true, overdueAt: q.overdue ? now : undefined, limit: 500 }),
    q.overdue ? Promise.resolve([]) : repo.listLoans(ctx.db, { hubId, open: false, limit: 50 }),
  ]);
  const hide = <T extends { hub_id: number; borrower_name: string | null }>(l: T): T => (check(actor, 'loan.borrower', { hubId: l.hub_id }).ok ? l : { ...l, borrower_name: null });
  return { open: open.map(hide), recent: recent.map(hide), now, hubId };
}

export async function getLoan(ctx: AppContext, actor: Actor, id: number) {
  const loan = await repo.findLoan(ctx.db, id);
  if (!loan || !check(actor, 'asset.read', { hubId: loan.hub_id }).ok) throw new AppError(404, 'equipment.loanUnknown', { id });
  const showBorrower = check(actor, 'loan.borrower', { hubId: loan.hub_id }).ok;
  const hub = (await findHubById(ctx.db, loan.hub_id))!;
  return {
    loan: showBorrower ? loan : { ...loan, borrower_name: null },
    hub,
    showBorrower,
    overdue: loan.returned_at === null && loan.lost_at === null && loan.due_at < nowIso(ctx),
    canErase: loan.borrower_name !== null && (loan.returned_at !== null || loan.lost_at !== null) && check(actor, 'asset.register', { hubId: loan.hub_id }).ok,
  };
}

/** Erases a borrower's name at once (a person's request), once the loan is over; the loan itself stays. */
export async function eraseLoanBorrower(ctx: AppContext, actor: Actor, id: number) {
  const { loan, canErase } = await getLoan(ctx, actor, id);
  if (!canErase) {
    if (loan.returned_at === null && loan.lost_at === null) throw new AppError(409, 'equipment.loanStillOpen');
    throw new AppError(403, 'access.denied');
  }
  const at = nowIso(ctx);
  await inTransaction(ctx, async ({ trx }) => {
    await repo.eraseBorrower(trx, id, at);
    // Erasing a person goes to the audit log, whoever does it (the row, never the name).
    await recordAudit(trx, { actorUserId: actorUserId(actor), action: 'person.erase.borrower', target: `borrower:${id}`, at });
  });
}

// ---- the hub's page: what needs attention, and the minimum kit

export async function dashboard(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'asset.read').ok) return null;
  const hubId = homeHubId(actor);
  const now = nowIso(ctx);
  const today = hubDay(now);
  const [overdue, warranties, checks, kit] = await Promise.all([
    repo.listLoans(ctx.db, { hubId, open: true, overdueAt: now, limit: 20 }),
    repo.listWarrantiesEnding(ctx.db, hubId, addDays(today, -30), addDays(today, WARRANTY_NOTICE_DAYS), 20),
    repo.listChecksDue(ctx.db, hubId, today, 20),
    kitFor(ctx, actor, hubId),
  ]);
  const showBorrower = hubId !== null && check(actor, 'loan.borrower', { hubId }).ok;
  return { overdue: overdue.map((l) => (showBorrower ? l : { ...l, borrower_name: null })), warranties, checks, kit, today, now };
}

/** The kit table for one hub, or for every hub (the region's view). */
export async function kitFor(ctx: AppContext, actor: Actor, hubId: number | null) {
  if (!check(actor, 'asset.read').ok) throw new AppError(403, 'access.denied');
  const [items, assets] = await Promise.all([repo.listKitItems(ctx.db), repo.listKitAssets(ctx.db, hubId)]);
  const hubs = hubId !== null ? [(await findHubById(ctx.db, hubId))!] : await listHubs(ctx.db);
  return { items, hubs: kitByHub(hubs, items, assets) };
}

export async function kitForQuery(ctx: AppContext, actor: Actor, hub: string | undefined) {
  const hubId = (await hubScope(ctx, actor, hub)) ?? null;
  return kitFor(ctx, actor, hubId);
}

// ---- the funder's register

export async function fundedRegister(ctx: AppContext, actor: Actor, q: Pick<RegisterQuery, 'funding' | 'hub'>) {
  const source = await repo.findFundingSource(ctx.db, q.funding);
  if (!source) throw new AppError(404, 'equipment.fundingUnknown', { funding: String(q.funding) });
  let hubId: number | undefined;
  if (q.hub) {
    const hub = await findHubByCode(ctx.db, q.hub);
    if (!hub) throw new AppError(404, 'hubs.unknown', { hub: q.hub });
    hubId = hub.id;
  } else hubId = homeHubId(actor) ?? undefined;
  const decision = check(actor, 'equipment.export', { hubId });
  if (!decision.ok) throw decision.reason === 'hub' ? new AppError(403, 'equipment.exportOtherHub') : new AppError(403, 'access.denied');
  const hub = hubId !== undefined ? await findHubById(ctx.db, hubId) : undefined;
  const rows = await repo.listFundedAssets(ctx.db, source.id, hubId);
  return { source, hub, rows, generatedAt: nowIso(ctx) };
}

// ---- the administrator's lists

function requireConfigure(actor: Actor) {
  if (!check(actor, 'equipment.configure').ok) throw new AppError(403, 'access.denied');
}

export async function settings(ctx: AppContext, actor: Actor) {
  requireConfigure(actor);
  const [funding, kit] = await Promise.all([repo.listFundingSources(ctx.db), repo.listKitItems(ctx.db)]);
  return { funding, kit };
}

export async function addFundingSource(ctx: AppContext, actor: Actor, name: string) {
  requireConfigure(actor);
  if (await repo.findFundingSourceByName(ctx.db, name)) throw new AppError(409, 'equipment.fundingExists', { funding: name });
  try {
    return await repo.insertFundingSource(ctx.db, { name, active: 1, created_at: nowIso(ctx) });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, 'equipment.fundingExists', { funding: name });
    throw e;
  }
}

export async function updateFundingSource(ctx: AppContext, actor: Actor, id: number, input: { name: string; active?: boolean }) {
  requireConfigure(actor);
  const source = await repo.findFundingSource(ctx.db, id);
  if (!source) throw new AppError(404, 'equipment.fundingUnknown', { funding: String(id) });
  const same = await repo.findFundingSourceByName(ctx.db, input.name);
  if (same && same.id !== id) throw new AppError(409, 'equipment.fundingExists', { funding: input.name });
  await repo.updateFundingSource(ctx.db, id, { name: input.name, active: input.active === false ? 0 : 1 });
}

function kitRow(input: KitItemInput, at: string) {
  return { label_it: input.labelIt, label_en: input.labelEn, category: input.assetCategory, feature: input.feature ?? null, min_count: input.minCount, updated_at: at };
}

export async function addKitItem(ctx: AppContext, actor: Actor, input: KitItemInput) {
  requireConfigure(actor);
  const at = nowIso(ctx);
  const position = input.position ?? (await repo.listKitItems(ctx.db)).reduce((m, i) => Math.max(m, i.position), 0) + 1;
  return repo.insertKitItem(ctx.db, { ...kitRow(input, at), position, created_at: at });
}

export async function updateKitItem(ctx: AppContext, actor: Actor, id: number, input: ({ op: 'save' } & KitItemInput) | { op: 'delete' }) {
  requireConfigure(actor);
  const exists = (await repo.listKitItems(ctx.db)).find((i) => i.id === id);
  if (!exists) throw new AppError(404, 'equipment.kitItemUnknown');
  if (input.op === 'delete') {
    await repo.deleteKitItem(ctx.db, id);
    return;
  }
  await repo.updateKitItem(ctx.db, id, { ...kitRow(input, nowIso(ctx)), position: input.position ?? exists.position });
}

export { ASSET_ACTIONS };

/** The asset actions a batch of scans can apply for this actor (scan/routes.tsx): lending and taking back. */
export function assetBatchActions(actor: Actor): AssetAction[] {
  return (['lend', 'return'] as const).filter((a) => check(actor, `asset.${a}`).ok);
}
