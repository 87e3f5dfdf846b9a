/**
 * Erasure evidence: nwipe/ShredOS logs, manual records (another tool, physical destruction, removal).
 * Every record goes through the device's one event-writing path (devices/service.ts#applyActionIn)
 * as an `erase` event carrying one record per disk, so the event log explains every erasure and the
 * device becomes `wiped` only when the erasure guard is satisfied.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import { findDeviceByTag, type DeviceWithHub } from '../devices/repository';
import type { ActionInput } from '../devices/schema';
import { applyActionIn, requireTag, toLifecycle, type ActionResult } from '../devices/service';
import { reportedDisks } from '../hardware/disks';
import { loadDevice } from '../hardware/service';
import type { NormalisedDisk } from '../hardware/specs';
import { erasureStatus, type ActionFields, type DiskErasure, type GuardFacts } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { erasureFacts } from './guard';
import { parseNwipeLog, type NwipeDisk } from './nwipe';
import * as repo from './repository';
import type { ManualErasureInput } from './schema';

export const MAX_LOG_BYTES = 1024 * 1024;

export type LogResult = {
  tag: string;
  state: string;
  /** Whether the device now counts as erased (every known disk erased, destroyed or removed). */
  erased: boolean;
  missingDisks: string[];
  log: { id: number; tool: string; toolVersion: string | null; method: string | null; startedAt: string | null; finishedAt: string | null };
  disks: (Omit<NwipeDisk, 'errors' | 'bus'> & { errors: NwipeDisk['errors'] })[];
  event: ActionResult['event'];
  replayed?: boolean;
};

/** Where the device stands after its records: erased or not, and which known disks still need it. */
async function statusAfter(db: Parameters<typeof erasureFacts>[0], device: DeviceWithHub) {
  const fresh = (await findDeviceByTag(db, device.tag)) ?? device;
  const status = erasureStatus(toLifecycle(fresh), await erasureFacts(db, fresh.id));
  return { state: fresh.state, erased: status.satisfied, missingDisks: status.missingDisks };
}

/**
 * Records an nwipe/ShredOS log: one erasure record per disk it found. The same log uploaded again
 * for the device answers its first result; a log recorded in an earlier cycle (before a return)
 * is refused, because old evidence never counts for a new cycle.
 */
export async function uploadErasureLog(ctx: AppContext, actor: Actor, rawTag: string, bytes: Uint8Array): Promise<LogResult> {
  if (bytes.byteLength > MAX_LOG_BYTES) throw new AppError(413, 'erasure.log.tooLarge', { max: '1 MB' });
  if (bytes.byteLength === 0) throw new AppError(422, 'erasure.log.empty');
  if (bytes.includes(0)) throw new AppError(422, 'erasure.log.notText');
  const text = new TextDecoder('utf-8').decode(bytes);
  const device = await loadDevice(ctx, actor, rawTag, 'device.erase');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const prior = await repo.findLogByHash(ctx.db, device.id, sha256);
  if (prior) return replayLog(device, prior);
  const log = parseNwipeLog(text);
  const disks: DiskErasure[] = log.disks.map((d) => ({
    serial: d.serial ?? `${d.device} (${d.model ?? '?'})`,
    outcome: d.outcome,
    model: d.model,
    sizeBytes: d.sizeBytes,
    // nwipe names the bus, not the medium: only NVMe and MMC say what the disk is.
    kind: d.bus && /nvme/i.test(d.bus) ? 'nvme' : d.bus && /mmc/i.test(d.bus) ? 'emmc' : null,
    method: d.method,
    verification: d.verification,
    rounds: d.rounds,
    status: d.status,
    devicePath: d.device,
    durationSeconds: d.durationSeconds,
    throughputMBs: d.throughputMBs,
    performedAt: d.finishedAt,
  }));
  const fields: ActionFields['erase'] = {
    method: log.method ?? log.disks[0]?.method ?? 'nwipe',
    verified: log.disks.every((d) => d.outcome === 'erased'),
    tool: log.toolVersion ? `nwipe (${log.toolVersion})` : 'nwipe',
    category: 'clear',
    verification: log.verification ?? undefined,
    source: 'nwipe',
    disks,
  };
  const input = { action: 'erase', method: fields.method, verified: fields.verified, tool: fields.tool } as ActionInput;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const result = await applyActionIn(ctx, trx, actor, device.tag, input, fields);
      const at = nowIso(ctx);
      const logId = await repo.insertLog(trx, {
        device_id: device.id,
        cycle: device.cycle,
        event_id: result.event.id,
        sha256,
        tool: log.tool,
        tool_version: log.toolVersion,
        method: log.method,
        started_at: log.startedAt,
        finished_at: log.finishedAt,
        raw: text,
        response: '{}',
        uploaded_by_user_id: actor.kind === 'user' ? actor.id : null,
        uploaded_by_token_id: actor.kind === 'token' ? actor.id : null,
        at,
      });
      await repo.linkRecordsToLog(trx, result.event.id, logId);
      const status = await statusAfter(trx, device);
      const response: LogResult = {
        tag: device.tag,
        state: status.state,
        erased: status.erased,
        missingDisks: status.missingDisks,
        log: { id: logId, tool: log.tool, toolVersion: log.toolVersion, method: log.method, startedAt: log.startedAt, finishedAt: log.finishedAt },
        disks: log.disks.map(({ bus: _bus, ...d }) => d),
        event: result.event,
      };
      await repo.setLogResponse(trx, logId, JSON.stringify(response));
      return response;
    });
  } catch (error) {
    // The same log sent twice at once: the second answers what the first recorded.
    if (isUniqueViolation(error) || (error instanceof AppError && error.key === 'devices.changedMeanwhile')) {
      const again = await repo.findLogByHash(ctx.db, device.id, sha256);
      if (again) return replayLog(device, again);
    }
    throw error;
  }
}

function replayLog(device: DeviceWithHub, prior: { cycle: number; response: string; at: string }): LogResult {
  if (prior.cycle !== device.cycle) throw new AppError(409, 'erasure.log.earlierCycle', { date: prior.at.slice(0, 10) });
  return { ...(JSON.parse(prior.response) as LogResult), replayed: true };
}

/**
 * A record typed by a person. A wipe with another tool names its method, tool, NIST category and
 * verification; a destruction says who, when and how; a removal says whether the disk was kept as
 * a part (it then joins the hub's stock) or destroyed.
 */
export async function recordManualErasure(ctx: AppContext, actor: Actor, rawTag: string, input: ManualErasureInput) {
  const tag = requireTag(rawTag);
  const device = await loadDevice(ctx, actor, tag, 'device.erase');
  const disks = input.disks ?? [];
  if (input.kind !== 'wipe' && disks.length === 0) {
    // Destroying or removing "the storage" of a device whose disks nobody listed: say which.
    const known = (await reportedDisks(ctx.db, device.id)).disks;
    if (known.length === 0) throw new AppError(422, 'erasure.manual.disksRequired');
    disks.push(...known.filter((d) => d.serial).map((d) => ({ serial: d.serial!, model: d.model ?? undefined, sizeBytes: d.sizeBytes ?? undefined })));
  }
  const performer = actor.name;
  let fields: ActionFields['erase'];
  if (input.kind === 'wipe') {
    fields = {
      method: input.method,
      verified: input.verified,
      tool: input.tool,
      category: input.category,
      verification: input.verification,
      source: 'manual',
      note: input.note,
      disks: disks.length
        ? disks.map((d) => ({ serial: d.serial, model: d.model ?? null, sizeBytes: d.sizeBytes ?? null, outcome: input.verified ? 'erased' : 'unverified', performedAt: input.performedAt ?? null }))
        : undefined,
    };
  } else if (input.kind === 'destruction') {
    fields = {
      method: input.how,
      verified: true,
      category: 'destroy',
      verification: input.how,
      source: 'destruction',
      note: input.note,
      disks: disks.map((d) => ({ serial: d.serial, model: d.model ?? null, sizeBytes: d.sizeBytes ?? null, outcome: 'destroyed', method: input.how, performedBy: input.performedBy, performedAt: input.performedAt })),
    };
  } else {
    const destroyed = input.keep === 'destroyed';
    fields = {
      method: input.how ?? (destroyed ? 'removed and destroyed' : 'removed, kept as a part'),
      verified: true,
      category: destroyed ? 'destroy' : undefined,
      source: 'removal',
      note: input.note,
      disks: disks.map((d) => ({
        serial: d.serial,
        model: d.model ?? null,
        sizeBytes: d.sizeBytes ?? null,
        outcome: destroyed ? 'destroyed' : 'removed',
        method: input.how ?? null,
        performedBy: input.performedBy ?? performer,
        performedAt: input.performedAt ?? null,
        keptAsPart: !destroyed,
      })),
    };
  }
  const action = { action: 'erase', method: fields.method, verified: fields.verified, tool: fields.tool, expectedVersion: input.expectedVersion } as ActionInput;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const r = await applyActionIn(ctx, trx, actor, device.tag, action, fields);
    return { ...r, ...(await statusAfter(trx, device)) };
  });
  return result;
}

/** The device's disks and where each stands in the current cycle, with every record and log. */
/**
 * The erasure panel: each known disk and how it was erased, the records and the logs. A caller that
 * has already read the guard's facts or the reported disks (the device page) passes them in rather
 * than have them read again.
 */
export async function erasureOverview(db: AppContext['db'], device: DeviceWithHub, known: { facts?: GuardFacts; disks?: NormalisedDisk[] } = {}) {
  const [records, logs, facts, reported] = await Promise.all([
    repo.listErasureRecords(db, device.id),
    repo.listLogs(db, device.id),
    known.facts ?? erasureFacts(db, device.id),
    known.disks ? { disks: known.disks } : reportedDisks(db, device.id),
  ]);
  const status = erasureStatus(toLifecycle(device), facts);
  const latest = new Map<string, (typeof records)[number]>();
  for (const r of records) if (r.cycle === device.cycle && r.disk_serial) latest.set(r.disk_serial, r);
  const disks = (facts.knownDiskSerials ?? []).map((serial) => {
    const d = reported.disks.find((x) => x.serial === serial);
    const r = latest.get(serial);
    return { serial, model: d?.model ?? r?.disk_model ?? null, sizeBytes: d?.sizeBytes ?? r?.disk_size_bytes ?? null, kind: d?.kind ?? null, health: d?.health ?? null, outcome: r?.outcome ?? null, at: r?.performed_at ?? r?.at ?? null };
  });
  return { erased: status.satisfied, missingDisks: status.missingDisks, disks, records, logs };
}

export async function rawLog(ctx: AppContext, actor: Actor, rawTag: string, id: number) {
  const device = await loadDevice(ctx, actor, rawTag, 'device.read');
  const log = await repo.findLogRaw(ctx.db, device.id, id);
  if (!log) throw new AppError(404, 'erasure.log.unknown', { id });
  return { tag: device.tag, ...log };
}
