import type { Insertable } from 'kysely';
import { check, type Actor } from '../access/policy';
import { listScope } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import type { Database } from '../db/schema';
import { applyProjections, type DeviceChange } from '../devices/actions';
import * as devicesRepo from '../devices/public';
import { deviceTerms } from '../devices/terms';
import { findHubByCode, findHubById } from '../hubs/public';
import { claimBlankTags } from '../labels/service';
import { INITIAL_STATE, INTAKE_EVENT } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { actorColumns } from '../shared/write/actor';
import type { Trx, WriteContext } from '../shared/write/context';
import { runKeyed } from '../shared/write/idempotency';
import { allocateTags } from '../tags/public';
import * as repo from './repository';
import type { DonationInput } from './schema';
import { hubDay } from '../shared/hub-time';

export type RegisteredDonation = {
  id: number;
  hub: string;
  receivedAt: string;
  devices: { tag: string; state: string; type: string; brand: string | null; model: string | null; serial: string | null }[];
  replayed?: boolean;
};

// Rows per multi-row INSERT: well inside SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 200;

/** The hub a donation is registered in: the one named (admins) or the actor's own. */
async function resolveHub(ctx: AppContext, actor: Actor, code: string | undefined) {
  const hub = code ? await findHubByCode(ctx.db, code) : actor.hubId !== null ? await findHubById(ctx.db, actor.hubId) : undefined;
  if (!hub) throw code ? new AppError(422, 'hubs.unknown', { hub: code }) : new AppError(422, 'users.hubRequired');
  const decision = check(actor, 'donation.create', { hubId: hub.id });
  if (!decision.ok) {
    throw decision.reason === 'hub' ? new AppError(403, 'access.otherHubIntake', { hub: hub.name }) : new AppError(403, 'access.denied');
  }
  return hub;
}

/**
 * Registers a donor's gift: the donation, one device per item (quantity expands), each with its tag
 * and its intake event, all in one transaction: a registration is wholly there or wholly absent.
 */
export async function registerDonation(ctx: AppContext, actor: Actor, input: DonationInput): Promise<RegisteredDonation> {
  const hub = await resolveHub(ctx, actor, input.hub);
  const { idempotencyKey: key, ...rest } = input;
  return runKeyed(
    ctx,
    actor,
    'donation',
    key,
    rest,
    (w) => registerDonationIn(w, actor, hub, input),
    () => nowIso(ctx),
  );
}

/** How a donation that is not a donor's gift at the desk is registered (an asset the hub retires into the trashware flow). */
export type InternalIntake = {
  /** The donor already on record (the hub itself, from an earlier retirement). */
  donorId?: number;
  /** The items' `tag`s are their own (an asset's label stays on it), not blank labels to claim. */
  ownTags?: boolean;
  /** Added to every intake event, e.g. the asset whose history the device continues. */
  intakeData?: Record<string, unknown>;
};

/**
 * Registers a donation inside the caller's transaction, after the caller has checked who may: the
 * donation, one device per item, each with its tag, its intake event and its place in the running totals.
 */
export async function registerDonationIn(
  w: WriteContext,
  actor: Actor,
  hub: { id: number; code: string; name: string },
  input: DonationInput,
  internal: InternalIntake = {},
): Promise<RegisteredDonation> {
  const items = input.devices.flatMap((d) => Array.from({ length: d.quantity ?? 1 }, () => d));
  if (items.length > 2000) throw new AppError(422, 'donations.tooManyDevices', { max: 2000 });
  const { trx } = w;
  const at = nowIso(w);
  // Today is the hub's: just after midnight in Italy, UTC still says yesterday.
  const today = hubDay(at);
  if (input.receivedAt && input.receivedAt > today) throw new AppError(422, 'donations.futureDate');
  // A past date typed on the form means that day; today means now, so the history keeps its order.
  const receivedAt = input.receivedAt && input.receivedAt < today ? `${input.receivedAt}T12:00:00.000Z` : at;

  const existingDonor = internal.donorId !== undefined ? { id: internal.donorId } : input.donor.taxCode ? await repo.findDonorByTaxCode(trx, input.donor.taxCode) : undefined;
  const donorId =
    existingDonor?.id ??
    (await repo.insertDonor(trx, {
      kind: input.donor.kind,
      name: input.donor.name,
      tax_code: input.donor.taxCode ?? null,
      email: input.donor.email ?? null,
      phone: input.donor.phone ?? null,
      created_at: at,
      erased_at: null,
    }));
  const donationId = await repo.insertDonation(trx, {
    hub_id: hub.id,
    donor_id: donorId,
    received_at: receivedAt,
    note: input.note ?? null,
    device_count: items.length,
    ...actorColumns(actor, 'created_by'),
    created_at: at,
  });

  const rows = await intakeDevicesIn(trx, actor, hub, { donationId, donorKind: input.donor.kind, receivedAt, at }, items, internal);

  return {
    id: donationId,
    hub: hub.code,
    receivedAt,
    devices: rows.map((r) => ({ tag: r.tag, state: r.state, type: r.type, brand: r.brand ?? null, model: r.model ?? null, serial: r.serial ?? null })),
  };
}

/**
 * Takes devices into a hub as part of a donation, inside the caller's transaction: each gets its tag
 * (a claimed blank label's, or the next from the hub's counter), its intake event, its search terms and
 * its place in the running totals. A donation registered at the desk and a spreadsheet import (which
 * adds to one donation chunk by chunk; `continues` says the donation was already counted) both go through here.
 */
export async function intakeDevicesIn(
  trx: Trx,
  actor: Actor,
  hub: { id: number; code: string; name: string },
  donation: { donationId: number; donorKind: string; receivedAt: string; at: string; continues?: boolean },
  items: DonationInput['devices'],
  internal: InternalIntake = {},
): Promise<(Insertable<Database['devices']> & { id: number })[]> {
  const at = donation.at;
  // Devices that arrive with a blank pre-printed label keep its tag; the others get new ones.
  const presetTags = items.flatMap((d) => (d.tag ? [d.tag] : []));
  if (!internal.ownTags) await claimBlankTags(trx, hub, presetTags, donation.donationId, at);
  const tags = await allocateTags(trx, hub, items.length - presetTags.length);
  let next = 0;
  const rows: Insertable<Database['devices']>[] = items.map((d) => ({
    tag: d.tag ?? tags[next++]!,
    hub_id: hub.id,
    donation_id: donation.donationId,
    type: d.type,
    brand: d.brand ?? null,
    model: d.model ?? null,
    serial: d.serial ?? null,
    weight_kg: d.weightKg ?? null,
    has_storage: d.hasStorage === undefined ? null : d.hasStorage ? 1 : 0,
    condition_note: d.conditionNote ?? null,
    state: INITIAL_STATE,
    outcome: null,
    cycle: 1,
    version: 1,
    os: null,
    recipient: null,
    delivery_document: null,
    received_at: donation.receivedAt,
    updated_at: at,
  }));

  const inserted: { id: number; tag: string }[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) inserted.push(...(await devicesRepo.insertDevices(trx, rows.slice(i, i + CHUNK))));
  const idByTag = new Map(inserted.map((r) => [r.tag, r.id]));
  const actorCols = actorColumns(actor, 'actor');
  const events = rows.map((r) => ({
    device_id: idByTag.get(r.tag)!,
    seq: 1,
    action: INTAKE_EVENT,
    from_state: null,
    to_state: INITIAL_STATE,
    hub_id: hub.id,
    ...actorCols,
    data: JSON.stringify({ donation: donation.donationId, ...internal.intakeData }),
    at: donation.receivedAt,
  }));
  for (let i = 0; i < events.length; i += CHUNK) await devicesRepo.insertEvents(trx, events.slice(i, i + CHUNK));
  const terms = rows.flatMap((r) => deviceTerms(r).map((term) => ({ term, device_id: idByTag.get(r.tag)!, hub_id: hub.id })));
  for (let i = 0; i < terms.length; i += CHUNK * 2) await devicesRepo.insertTerms(trx, terms.slice(i, i + CHUNK * 2));
  const changes: DeviceChange[] = rows.map((r) => ({
    deviceId: idByTag.get(r.tag)!,
    type: r.type,
    before: null,
    after: { hubId: hub.id, state: INITIAL_STATE, type: r.type },
    action: INTAKE_EVENT,
    at: donation.receivedAt,
    data: { donation: donation.donationId, weightKg: r.weight_kg, donorKind: donation.donorKind, ...(donation.continues ? { continuesDonation: true } : {}) },
  }));
  await applyProjections(trx, changes);

  return rows.map((r) => ({ ...r, id: idByTag.get(r.tag)! }));
}

export async function getDonation(ctx: AppContext, actor: Actor, id: number) {
  const donation = await repo.findDonation(ctx.db, id);
  if (!donation || !check(actor, 'device.read', { hubId: donation.hub_id }).ok) throw new AppError(404, 'donations.unknown');
  const devices = await repo.listDonationDevices(ctx.db, id);
  const showDonor = check(actor, 'donor.read', { hubId: donation.hub_id }).ok;
  return { donation, devices, showDonor };
}

export async function listDonations(ctx: AppContext, actor: Actor, opts: { before?: number }) {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  const limit = 50;
  const rows = await repo.listDonations(ctx.db, { scope: listScope(actor, 'device.read'), beforeId: opts.before, limit: limit + 1 });
  const items = rows.slice(0, limit);
  // Hub roles only ever list their own hub, so the capability alone decides.
  return { items, next: rows.length > limit ? items.at(-1)!.id : null, showDonor: check(actor, 'donor.read').ok };
}
