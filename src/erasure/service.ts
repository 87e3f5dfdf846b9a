/**
 * Erasure evidence: nwipe/ShredOS logs, manual records (another tool, physical destruction, removal).
 * Every record goes through the device's one event-writing path (devices/actions.ts#applyActionIn)
 * as an `erase` event carrying one record per disk, so the event log explains every erasure and the
 * device becomes `wiped` only when the erasure guard is satisfied.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import { findDeviceByTag, type DeviceWithHub } from '../devices/public';
import type { ActionInput } from '../devices/schema';
import { applyActionIn, requireTag, toLifecycle, type ActionResult } from '../devices/actions';
import { reportedDisks } from '../hardware/disks';
import { nistCategoryOf } from './records';
import { manualStanding } from './review';
import { loadDevice } from '../hardware/service';
import type { NormalisedDisk } from '../hardware/specs';
import { erasureStatus, type ActionFields, type DiskErasure, type GuardFacts } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { serialKey } from '../hardware/clean';
import type { MessageKey, Translate } from '../i18n/catalogue';
import { erasureFacts, knownDiskSerials } from './guard';
import { parseNwipeLog, type NwipeDisk, type NwipeLog } from './nwipe';
import * as repo from './repository';
import type { ManualErasureInput } from './schema';
import { actorColumns } from '../shared/write/actor';

export const MAX_LOG_BYTES = 1024 * 1024;

/** Why a log is not evidence for this device. Only a coordinator may accept it anyway, with a reason; never one that predates the cycle. */
export type LogProblem = { key: MessageKey; params: Record<string, string>; acceptable: boolean };

export type LogResult = {
  tag: string;
  state: string;
  /** Whether the device now counts as erased (every known disk erased, destroyed or removed). */
  erased: boolean;
  missingDisks: string[];
  /** Whether this log's records count: false when it does not fit the device (see `problems`). */
  counts: boolean;
  problems: LogProblem[];
  log: { id: number; tool: string; toolVersion: string | null; method: string | null; startedAt: string | null; finishedAt: string | null; operator: string | null; system: NwipeLog['system'] };
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

/** Placeholders a BIOS leaves in the system serial or model: they name no machine. */
const sameText = (a: string, b: string) => {
  const k = (s: string) => s.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const x = k(a);
  const y = k(b);
  return x !== '' && y !== '' && (x === y || x.includes(y) || y.includes(x));
};

/**
 * Which devices a log proves anything for: its system must be this device (serial and model, where
 * both are known), each of its disks one of the device's known disks (from the hardware report, or
 * from the first log that counted), no disk already erased on another device in that device's
 * current cycle, and no erasure finished before this cycle began.
 *
 * The log's clock is the wiping machine's local time without a zone. Read as UTC it can only be
 * later than the real instant in Italy (UTC+1/+2), so "before intake" is said only when certain.
 */
async function fitProblems(db: AppContext['db'], device: DeviceWithHub, log: NwipeLog): Promise<LogProblem[]> {
  const problems: LogProblem[] = [];
  if (log.system.serial && device.serial && !sameText(log.system.serial, device.serial)) {
    problems.push({ key: 'erasure.fit.systemSerial', params: { log: log.system.serial, device: device.serial }, acceptable: true });
  }
  if (log.system.model && device.model && !sameText(log.system.model, device.model)) {
    problems.push({ key: 'erasure.fit.systemModel', params: { log: log.system.model, device: device.model }, acceptable: true });
  }
  const known = (await knownDiskSerials(db, device.id, device.cycle)).map((s) => serialKey(s));
  for (const d of log.disks) {
    const key = serialKey(d.serial);
    if (known.length > 0 && (!key || !known.includes(key))) {
      problems.push({ key: key ? 'erasure.fit.foreignDisk' : 'erasure.fit.noSerial', params: { serial: d.serial ?? d.device, model: d.model ?? '?' }, acceptable: true });
    }
  }
  const serials = log.disks.map((d) => d.serial).filter((s): s is string => !!s);
  for (const other of await repo.disksClaimedElsewhere(db, device.id, serials)) {
    problems.push({ key: 'erasure.fit.elsewhere', params: { serial: other.disk_serial ?? '', tag: other.tag }, acceptable: true });
  }
  const since = await repo.cycleStartedAt(db, device.id);
  const finished =
    log.disks
      .map((d) => d.finishedAt)
      .filter((x): x is string => !!x)
      .sort()
      .pop() ?? log.finishedAt;
  if (since && finished && `${finished}Z` < since) {
    problems.push({ key: 'erasure.fit.beforeIntake', params: { finished: finished.slice(0, 10), since: since.slice(0, 10) }, acceptable: false });
  }
  return problems;
}

function diskRecords(log: NwipeLog): DiskErasure[] {
  return log.disks.map((d) => ({
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
    startedAt: d.startedAt,
    performedAt: d.finishedAt,
    operator: log.operator,
    interrupted: d.interrupted,
  }));
}

/**
 * Records an nwipe/ShredOS log: one erasure record per disk it found. A log that does not fit the
 * device is kept, with why, and its records count for nothing until a coordinator accepts it. The
 * same log uploaded again for the device answers its first result; a log recorded in an earlier
 * cycle (before a return) is refused, because old evidence never counts for a new cycle.
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
  const problems = await fitProblems(ctx.db, device, log);
  const fields: ActionFields['erase'] = {
    method: log.method ?? log.disks[0]?.method ?? 'nwipe',
    verified: log.disks.every((d) => d.outcome === 'erased'),
    tool: log.toolVersion ? `nwipe (${log.toolVersion})` : 'nwipe',
    category: 'clear',
    verification: log.verification ?? undefined,
    source: 'nwipe',
    standing: problems.length ? 'unfit' : 'counts',
    disks: diskRecords(log),
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
        ...actorColumns(actor, 'uploaded_by'),
        at,
        problems: problems.length ? JSON.stringify(problems) : null,
        operator_name: log.operator,
      });
      await repo.linkRecordsToLog(trx, result.event.id, logId);
      const status = await statusAfter(trx, device);
      const response: LogResult = {
        tag: device.tag,
        state: status.state,
        erased: status.erased,
        missingDisks: status.missingDisks,
        counts: problems.length === 0,
        problems,
        log: { id: logId, tool: log.tool, toolVersion: log.toolVersion, method: log.method, startedAt: log.startedAt, finishedAt: log.finishedAt, operator: log.operator, system: log.system },
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
 * What an upload proved, in plain words: how many disks were erased and verified, whether the device
 * now counts as erased, and if not, which disk holds it back and why. Never a bare "done".
 */
export function describeLog(t: Translate, r: Pick<LogResult, 'counts' | 'problems' | 'disks' | 'erased' | 'missingDisks'>): string {
  const total = r.disks.length;
  const good = r.disks.filter((d) => d.outcome === 'erased').length;
  const head = t('erasure.answer.recorded', { good: String(good), total: String(total) });
  if (!r.counts) {
    return `${head} ${t('erasure.answer.notEvidence')} ${r.problems.map((p) => t(p.key, p.params)).join(' ')}`;
  }
  if (r.erased) return `${head} ${t('erasure.answer.deviceErased')}`;
  const bad = r.disks.find((d) => d.outcome !== 'erased');
  const why = bad
    ? t('erasure.answer.because', { serial: bad.serial ?? bad.device, model: bad.model ?? '?', outcome: t(`erasure.${bad.outcome}` as MessageKey) })
    : t('erasure.answer.missing', { disks: r.missingDisks.join(', ') });
  return `${head} ${t('erasure.answer.notYet')} ${why}`;
}

/**
 * A record typed by a person. A wipe with another tool names its method, tool, NIST category and
 * verification; a destruction says who, when and how; a removal says whether the disk was kept as
 * a part (it then joins the hub's stock) or destroyed.
 */
export async function recordManualErasure(ctx: AppContext, actor: Actor, rawTag: string, input: ManualErasureInput) {
  const tag = requireTag(rawTag);
  const device = await loadDevice(ctx, actor, tag, 'device.erase');
  // A deliberate statement: it names each disk, never "the device's disks" by default.
  const disks = input.disks ?? [];
  if (disks.length === 0) throw new AppError(422, 'erasure.manual.disksRequired');
  const standing = manualStanding(actor, device.hub_id);
  const performer = actor.name;
  let fields: ActionFields['erase'];
  if (input.kind === 'wipe') {
    // The category comes from the method where the method implies it; otherwise the person chooses it.
    const implied = nistCategoryOf(input.method);
    if (implied === 'destroy') throw new AppError(422, 'erasure.manual.useDestruction');
    if (implied && input.category && implied !== input.category) throw new AppError(422, 'erasure.manual.categoryConflict', { method: input.method, category: implied });
    const category = implied ?? input.category;
    if (!category) throw new AppError(422, 'erasure.manual.categoryRequired', { method: input.method });
    fields = {
      method: input.method,
      verified: input.verified,
      tool: input.tool,
      category,
      standing,
      verification: input.verification,
      source: 'manual',
      note: input.note,
      disks: disks.map((d) => ({
        serial: d.serial,
        model: d.model ?? null,
        sizeBytes: d.sizeBytes ?? null,
        outcome: input.verified ? 'erased' : 'unverified',
        performedAt: input.performedAt ?? null,
      })),
    };
  } else if (input.kind === 'destruction') {
    fields = {
      method: input.how,
      verified: true,
      category: 'destroy',
      verification: input.how,
      source: 'destruction',
      standing,
      note: input.note,
      disks: disks.map((d) => ({
        serial: d.serial,
        model: d.model ?? null,
        sizeBytes: d.sizeBytes ?? null,
        outcome: 'destroyed',
        method: input.how,
        performedBy: input.performedBy,
        performedAt: input.performedAt,
      })),
    };
  } else {
    const destroyed = input.keep === 'destroyed';
    fields = {
      method: input.how ?? (destroyed ? 'removed and destroyed' : 'removed, kept as a part'),
      verified: true,
      category: destroyed ? 'destroy' : undefined,
      source: 'removal',
      standing,
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
    return { ...r, ...(await statusAfter(trx, device)), counts: standing === 'counts' };
  });
  return result;
}

/**
 * The erasure panel: each known disk and how it was erased, the records and the logs. A caller that
 * has already read the guard's facts, the reported disks or the erasure records (the device page)
 * passes them in rather than have them read again.
 */
export async function erasureOverview(db: AppContext['db'], device: DeviceWithHub, known: { facts?: GuardFacts; disks?: NormalisedDisk[]; records?: repo.ErasureRecord[] } = {}) {
  const [records, logs, facts, reported] = await Promise.all([
    known.records ?? repo.listErasureRecords(db, device.id),
    repo.listLogs(db, device.id),
    known.facts ?? erasureFacts(db, device.id),
    known.disks ? { disks: known.disks } : reportedDisks(db, device.id),
  ]);
  const status = erasureStatus(toLifecycle(device), facts);
  const latest = new Map<string, (typeof records)[number]>();
  // Each disk as the records that count leave it; a record waiting for a coordinator is shown apart.
  for (const r of records) if (r.cycle === device.cycle && r.disk_serial && r.standing === 'counts') latest.set(r.disk_serial, r);
  const pending = new Set(records.filter((r) => r.cycle === device.cycle && r.standing === 'pending').map((r) => r.disk_serial));
  const disks = (facts.knownDiskSerials ?? []).map((serial) => {
    const d = reported.disks.find((x) => x.serial === serial);
    const r = latest.get(serial);
    return {
      serial,
      model: d?.model ?? r?.disk_model ?? null,
      sizeBytes: d?.sizeBytes ?? r?.disk_size_bytes ?? null,
      kind: d?.kind ?? null,
      health: d?.health ?? null,
      outcome: r?.outcome ?? null,
      at: r?.performed_at ?? r?.at ?? null,
      pending: pending.has(serial),
    };
  });
  const shownLogs = logs.map((l) => ({
    ...l,
    problems: JSON.parse(l.problems ?? '[]') as LogProblem[],
    // Accepted by a coordinator: its records were made to count.
    accepted: records.some((r) => r.log_id === l.id && r.standing !== 'unfit' && r.reviewed_at !== null),
  }));
  return { erased: status.satisfied, missingDisks: status.missingDisks, disks, records, logs: shownLogs };
}

export async function rawLog(ctx: AppContext, actor: Actor, rawTag: string, id: number) {
  const device = await loadDevice(ctx, actor, rawTag, 'device.read');
  const log = await repo.findLogRaw(ctx.db, device.id, id);
  if (!log) throw new AppError(404, 'erasure.log.unknown', { id });
  return { tag: device.tag, ...log };
}
