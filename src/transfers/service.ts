import { check, type Actor } from '../access/policy';
import { listScope, scopeHubId } from '../access/scopes';
import type { AppContext } from '../context';
import * as devicesRepo from '../devices/public';
import { applyActionIn, type ActionResult } from '../devices/actions';
import { nextDocumentNumber } from '../documents/numbering';
import { hubDay } from '../shared/hub-time';
import { findHubByCode } from '../hubs/public';
import { canonicalTags, inBulk } from '../requests/service';
import { AppError } from '../shared/errors';
import { notify } from '../mail/notify';
import * as repo from './repository';
import type { TransferInput } from './schema';
import { actorColumns } from '../shared/write/actor';

export const transferLabel = (code: string, number: number, year: number) => `${code}-T ${number}/${year}`;

/**
 * Sends devices to another hub with one transfer document: every device or none. Each goes
 * `in_transit` (the lifecycle's transfer): out of the sender's stock at once, counted as incoming
 * at the receiver, and back in its state when it arrives.
 */
export async function createTransfer(ctx: AppContext, actor: Actor, input: TransferInput) {
  if (!check(actor, 'device.transfer').ok) throw new AppError(403, 'access.denied');
  const tags = canonicalTags(input.tags);
  const to = await findHubByCode(ctx.db, input.toHub);
  if (!to) throw new AppError(422, 'hubs.unknown', { hub: input.toHub });
  return ctx.db.transaction().execute(async (trx) => {
    const first = await devicesRepo.findDeviceByTag(trx, tags[0]!);
    if (!first) throw new AppError(404, 'tags.unknown', { tag: tags[0]! });
    const fromHubId = first.hub_id;
    if (fromHubId === to.id) throw new AppError(422, 'devices.transferSameHub', { hub: to.name });
    const now = ctx.clock.now();
    const day = hubDay(now);
    const year = Number(day.slice(0, 4));
    const number = await nextDocumentNumber(trx, fromHubId, 'transfer', year);
    const transferId = await repo.insertTransfer(trx, {
      from_hub_id: fromHubId,
      to_hub_id: to.id,
      year,
      number,
      day,
      note: input.note ?? null,
      device_count: 0,
      arrived_count: 0,
      ...actorColumns(actor, 'created_by'),
      created_at: now.toISOString(),
    });
    const actions: ActionResult[] = [];
    for (const tag of tags) {
      const device = await devicesRepo.findDeviceByTag(trx, tag);
      if (device && device.hub_id !== fromHubId) throw new AppError(409, 'transfers.mixedHubs', { tag, hub: device.hub_name });
      try {
        actions.push(await applyActionIn(ctx, trx, actor, tag, { action: 'transfer', toHub: to.code, note: input.note }, { toHubId: to.id, transferId, note: input.note }));
      } catch (e) {
        throw inBulk(e, tag);
      }
    }
    const from = (await repo.findTransfer(trx, transferId))!;
    await notify(trx, ctx, {
      kind: 'transfer.incoming',
      hubId: to.id,
      params: { label: transferLabel(from.from_code, number, year), count: tags.length, from: from.from_name, hub: to.name },
      link: `/transfers/${transferId}`,
    });
    return {
      id: transferId,
      label: transferLabel(from.from_code, number, year),
      from: from.from_code,
      to: to.code,
      devices: tags,
      document: `${ctx.config.publicBaseUrl}/transfers/${transferId}/document.pdf`,
    };
  });
}

/** The transfer, if this person works at either hub (or reads every hub). */
async function requireTransfer(ctx: AppContext, actor: Actor, id: number) {
  const t = await repo.findTransfer(ctx.db, id);
  if (!t || !(check(actor, 'transfer.read', { hubId: t.from_hub_id }).ok || check(actor, 'transfer.read', { hubId: t.to_hub_id }).ok)) {
    throw new AppError(404, 'transfers.unknown', { id });
  }
  return t;
}

export async function getTransfer(ctx: AppContext, actor: Actor, id: number) {
  const transfer = await requireTransfer(ctx, actor, id);
  const devices = await repo.listTransferDevices(ctx.db, id);
  return {
    transfer: { ...transfer, label: transferLabel(transfer.from_code, transfer.number, transfer.year) },
    devices: devices.map((d) => ({ ...d, onTheWay: d.current_state === 'in_transit' && d.current_transfer_id === id })),
    canReceive: check(actor, 'device.arrive', { hubId: transfer.to_hub_id }).ok,
  };
}

export type TransferView = Awaited<ReturnType<typeof getTransfer>>;

/** The receiving hub takes devices in: some (scanned) or all still on their way. */
export async function receiveTransfer(ctx: AppContext, actor: Actor, id: number, rawTags: string[] | undefined) {
  if (!check(actor, 'device.arrive').ok) throw new AppError(403, 'access.denied');
  const view = await getTransfer(ctx, actor, id);
  if (!view.canReceive) throw new AppError(403, 'access.otherHub', { tag: view.transfer.label, hub: view.transfer.to_name });
  const onTheWay = view.devices.filter((d) => d.onTheWay);
  let tags = onTheWay.map((d) => d.tag);
  if (rawTags && rawTags.length > 0) {
    tags = canonicalTags(rawTags);
    for (const tag of tags) if (!view.devices.some((d) => d.tag === tag)) throw new AppError(422, 'transfers.notInTransfer', { tag });
  }
  if (tags.length === 0) throw new AppError(409, 'transfers.nothingOnTheWay');
  await ctx.db.transaction().execute(async (trx) => {
    for (const tag of tags) {
      try {
        await applyActionIn(ctx, trx, actor, tag, { action: 'arrive' });
      } catch (e) {
        throw inBulk(e, tag);
      }
    }
  });
  return { arrived: tags };
}

export async function listTransfers(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'transfer.read').ok) throw new AppError(403, 'access.denied');
  const scope = listScope(actor, 'transfer.read');
  const hubId = scopeHubId(scope);
  const [transfers, outgoing] = await Promise.all([repo.listTransfers(ctx.db, scope, 100), repo.outgoingInTransit(ctx.db, scope)]);
  return {
    transfers: transfers.map((t) => ({ ...t, label: transferLabel(t.from_code, t.number, t.year) })),
    outgoing,
    hubId,
    canSend: check(actor, 'device.transfer').ok && hubId !== undefined,
  };
}
