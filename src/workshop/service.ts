/**
 * The rest of the bench: checklists, the OS image catalogue, harvested parts and RAEE shipments.
 */
import type { Transaction } from 'kysely';
import { check, type Actor } from '../access/policy';
import { listScope } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import type { Database } from '../db/schema';
import type { DeviceType } from '../devices/device-types';
import * as devicesRepo from '../devices/public';
import { applyKeepingAction, requireTag } from '../devices/actions';
import { applyShipment } from '../figures/live';
import { reportedDisks } from '../hardware/disks';
import { findHubByCode, findHubById } from '../hubs/public';
import { goneDiskSerials } from '../erasure/public';
import type { ActionFields } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { parseTag } from '../tags/tag';
import { checklistFor, itemsFromLines } from './checklists';
import * as repo from './repository';
import type { PartKind } from './schema';
import { actorColumns, actorUserId } from '../shared/write/actor';
import { inTransaction } from '../shared/write/context';

// ---- checklists

export async function editChecklist(ctx: AppContext, actor: Actor, hubId: number, type: DeviceType, lines: string) {
  if (!check(actor, 'checklist.manage', { hubId }).ok) throw new AppError(403, 'access.denied');
  const items = itemsFromLines(lines);
  if (items.length === 0) throw new AppError(422, 'workshop.checklist.empty');
  await repo.saveChecklist(ctx.db, {
    hub_id: hubId,
    device_type: type,
    items: JSON.stringify(items),
    updated_by_user_id: actorUserId(actor),
    updated_at: nowIso(ctx),
  });
  return checklistFor(ctx.db, hubId, type);
}

/** The hub an actor works on: their own, or (administrators) the one they name. */
export async function actingHub(ctx: AppContext, actor: Actor, code?: string | null) {
  if (code) {
    const hub = await findHubByCode(ctx.db, code);
    if (!hub) throw new AppError(404, 'hubs.unknown', { hub: code });
    return hub;
  }
  if (actor.hubId === null) throw new AppError(422, 'workshop.hubRequired');
  const hub = await findHubById(ctx.db, actor.hubId);
  if (!hub) throw new AppError(404, 'hubs.unknown', { hub: String(actor.hubId) });
  return hub;
}

// ---- OS images

export async function createImage(ctx: AppContext, actor: Actor, input: { name: string; version: string; notes?: string; outdated?: boolean }) {
  if (!check(actor, 'image.manage').ok) throw new AppError(403, 'access.denied');
  const at = nowIso(ctx);
  try {
    return await repo.insertImage(ctx.db, {
      name: input.name,
      version: input.version,
      notes: input.notes ?? null,
      outdated: input.outdated ? 1 : 0,
      created_at: at,
      updated_at: at,
      updated_by_user_id: actorUserId(actor),
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, 'workshop.image.exists', { name: `${input.name} ${input.version}` });
    throw e;
  }
}

export async function updateImage(ctx: AppContext, actor: Actor, id: number, patch: { name?: string; version?: string; notes?: string; outdated?: boolean }) {
  if (!check(actor, 'image.manage').ok) throw new AppError(403, 'access.denied');
  const image = await repo.findImage(ctx.db, id);
  if (!image) throw new AppError(404, 'workshop.image.unknown', { id });
  try {
    await repo.updateImage(ctx.db, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.version !== undefined ? { version: patch.version } : {}),
      ...('notes' in patch ? { notes: patch.notes ?? null } : {}),
      ...(patch.outdated !== undefined ? { outdated: patch.outdated ? 1 : 0 } : {}),
      updated_at: nowIso(ctx),
      updated_by_user_id: actorUserId(actor),
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, 'workshop.image.exists', { name: `${patch.name ?? image.name} ${patch.version ?? image.version}` });
    throw e;
  }
  return (await repo.findImage(ctx.db, id))!;
}

export async function imageCatalogue(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  const [images, counts] = await Promise.all([repo.listImages(ctx.db), repo.countDevicesByImage(ctx.db, listScope(actor, 'device.read'))]);
  const byImage = new Map(counts.map((c) => [c.os_image_id, Number(c.n)]));
  return images.map((i) => ({ ...i, devices: byImage.get(i.id) ?? 0 }));
}

/** The system an install records: the catalogue image's name and version, unless a name is given. */
export async function resolveInstall(trx: Transaction<Database>, input: { os?: string; imageId?: number; note?: string }): Promise<ActionFields['install']> {
  if (input.imageId === undefined) {
    if (!input.os) throw new AppError(422, 'workshop.image.osRequired');
    return { os: input.os, note: input.note };
  }
  const image = await repo.findImage(trx, input.imageId);
  if (!image) throw new AppError(422, 'workshop.image.unknown', { id: input.imageId });
  if (image.outdated) throw new AppError(409, 'workshop.image.isOutdated', { name: `${image.name} ${image.version}` });
  return { os: input.os ?? `${image.name} ${image.version}`, imageId: image.id, note: input.note };
}

// ---- parts

/**
 * Parts kept at harvest go to the hub's stock. Disks are kept one by one with the serials the
 * device's report gave (those not already destroyed or removed), so that wherever one is fitted it
 * must be erased there.
 */
export async function recordHarvest(trx: Transaction<Database>, fields: ActionFields['harvest'], e: { deviceId: number; hubId: number; eventId: number; at: string }) {
  const parts = fields.parts ?? [];
  if (parts.length === 0) return;
  const { disks } = await reportedDisks(trx, e.deviceId);
  const gone = new Set(await goneDiskSerials(trx, e.deviceId));
  const serials = disks.map((d) => d.serial).filter((s): s is string => !!s && !gone.has(s));
  const rows: Parameters<typeof repo.insertParts>[1] = [];
  const base = { hub_id: e.hubId, source_device_id: e.deviceId, source_event_id: e.eventId, created_at: e.at };
  for (const p of parts) {
    if (p.kind === 'disk') {
      const withSerial = serials.splice(0, p.count);
      for (const serial of withSerial) {
        const d = disks.find((x) => x.serial === serial);
        rows.push({ ...base, kind: 'disk', serial, description: p.description ?? d?.model ?? null, quantity: 1, available: 1 });
      }
      const rest = p.count - withSerial.length;
      if (rest > 0) rows.push({ ...base, kind: 'disk', serial: null, description: p.description ?? null, quantity: rest, available: rest });
    } else {
      rows.push({ ...base, kind: p.kind, serial: null, description: p.description ?? null, quantity: p.count, available: p.count });
    }
  }
  await repo.insertParts(trx, rows);
}

/** A disk removed and kept as a part joins the hub's stock with its serial. */
export async function keepRemovedDisks(trx: Transaction<Database>, fields: ActionFields['erase'], e: { deviceId: number; hubId: number; eventId: number; at: string }) {
  const kept = (fields.disks ?? []).filter((d) => d.keptAsPart);
  await repo.insertParts(
    trx,
    kept.map((d) => ({
      hub_id: e.hubId,
      kind: 'disk',
      serial: d.serial,
      description: d.model ?? null,
      source_device_id: e.deviceId,
      source_event_id: e.eventId,
      quantity: 1,
      available: 1,
      created_at: e.at,
    })),
  );
}

/**
 * Puts a harvested part into a device: a lifecycle action that does not change its state
 * (lifecycle.ts#KEEPING_RULES), written by the action kernel. The device's history records it, the
 * part's stock goes down, and a fitted disk joins the disks the erasure guard expects to see erased.
 */
export async function fitPart(ctx: AppContext, actor: Actor, rawTag: string, input: { part: number; quantity: number; note?: string; expectedVersion?: number }) {
  const tag = requireTag(rawTag);
  return ctx.db.transaction().execute((trx) =>
    applyKeepingAction(ctx, trx, actor, tag, {
      action: 'fitPart',
      capability: 'part.fit',
      expectedVersion: input.expectedVersion,
      stale: (device, lostRace) =>
        lostRace
          ? new AppError(409, 'workshop.part.changedMeanwhile', { tag: device.tag })
          : new AppError(409, 'workshop.part.changedMeanwhile', { tag: device.tag }, { state: device.state, version: device.version }),
      // The part, from this hub's stock; taking it is the step registered for fitPart (workshop/evidence.ts).
      resolve: async (device) => {
        const part = await repo.findPart(trx, input.part);
        if (!part || part.hub_id !== device.hub_id) throw new AppError(422, 'workshop.part.unknown', { id: input.part });
        const source = part.source_device_id ? await repo.deviceTag(trx, part.source_device_id) : undefined;
        return { kind: part.kind === 'disk' ? ('disk' as const) : ('other' as const), part, quantity: input.quantity, source };
      },
      data: ({ part, source }) => {
        const p = part as NonNullable<Awaited<ReturnType<typeof repo.findPart>>>;
        const from = source as { tag: string } | undefined;
        return {
          part: p.id,
          kind: p.kind,
          quantity: input.quantity,
          ...(p.description ? { description: p.description } : {}),
          ...(p.serial ? { serial: p.serial } : {}),
          ...(from ? { from: from.tag } : {}),
          ...(input.note ? { note: input.note } : {}),
        };
      },
    }),
  );
}

export async function partsStock(ctx: AppContext, actor: Actor, hubCode?: string) {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  const hub = await actingHub(ctx, actor, hubCode);
  const parts = await repo.listAvailableParts(ctx.db, hub.id);
  return { hub, parts };
}

export const partKindOrder = (k: string) => ['ram', 'disk', 'battery', 'psu', 'screen', 'other'].indexOf(k as PartKind);

// ---- RAEE shipments

export async function recyclingOverview(ctx: AppContext, actor: Actor, hubCode?: string) {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  const hub = await actingHub(ctx, actor, hubCode);
  const pending = await repo.pendingRecycled(ctx.db, hub.id);
  const kg = await recycledKg(
    ctx.db,
    pending.map((d) => d.id),
  );
  const shipments = await repo.listShipments(ctx.db, hub.id);
  return { hub, pending: pending.map((d) => ({ ...d, kg: kg.get(d.id) ?? d.weight_kg ?? 0 })), shipments };
}

async function recycledKg(db: AppContext['db'] | Transaction<Database>, ids: number[]) {
  const kg = new Map<number, number>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const e of await repo.recycleEvents(db, ids.slice(i, i + 500))) {
      try {
        const value = Number((JSON.parse(e.data ?? '{}') as { kg?: unknown }).kg);
        if (Number.isFinite(value)) kg.set(e.device_id, value);
      } catch {
        /* an event without kg counts its weight at intake */
      }
    }
  }
  return kg;
}

/** Groups recycled devices into one outbound RAEE shipment with its document number and date. */
export async function createShipment(ctx: AppContext, actor: Actor, input: { hub?: string; document: string; date: string; note?: string; tags: string[] }) {
  const hub = await actingHub(ctx, actor, input.hub);
  if (!check(actor, 'shipment.manage', { hubId: hub.id }).ok) throw new AppError(403, 'access.denied');
  const tags: string[] = [];
  for (const raw of input.tags) {
    const parsed = parseTag(raw);
    if (!parsed.ok) throw new AppError(422, parsed.reason === 'mistyped' ? 'tags.mistyped' : 'tags.malformed', { tag: raw.slice(0, 40) });
    tags.push(parsed.tag);
  }
  const unique = [...new Set(tags)];
  try {
    return await inTransaction(ctx, async ({ trx, ...ctx }) => {
      const devices = await devicesRepo.findDevicesByTags(trx, unique);
      for (const tag of unique) {
        const d = devices.find((x) => x.tag === tag);
        if (!d) throw new AppError(422, 'tags.unknown', { tag });
        if (d.hub_id !== hub.id) throw new AppError(422, 'workshop.shipment.otherHub', { tag, hub: hub.name });
        if (d.state !== 'recycled') throw new AppError(422, 'workshop.shipment.notRecycled', { tag, state: d.state });
      }
      const kg = await recycledKg(
        trx,
        devices.map((d) => d.id),
      );
      const items = devices.map((d) => ({ device_id: d.id, kg: kg.get(d.id) ?? d.weight_kg ?? 0 }));
      const total = Math.round(items.reduce((s, i) => s + i.kg, 0) * 100) / 100;
      const id = await repo.insertShipment(trx, {
        hub_id: hub.id,
        document_number: input.document,
        shipped_on: input.date,
        total_kg: total,
        note: input.note ?? null,
        ...actorColumns(actor, 'created_by'),
        created_at: nowIso(ctx),
      });
      await repo.insertShipmentItems(
        trx,
        items.map((i) => ({ ...i, shipment_id: id })),
      );
      await applyShipment(trx, { hubId: hub.id, shippedOn: input.date, totalKg: total });
      return { id, hub: hub.code, document: input.document, date: input.date, totalKg: total, devices: devices.map((d) => d.tag).sort() };
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const taken = await repo.findShipmentByDocument(ctx.db, hub.id, input.document);
      throw new AppError(409, taken ? 'workshop.shipment.documentTaken' : 'workshop.shipment.alreadyShipped', { document: input.document });
    }
    throw e;
  }
}
