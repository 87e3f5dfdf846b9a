/**
 * Hardware reports: what the probe (or anyone with a hub token) sends about a machine. The upload is
 * kept whole with the device; what it says is read into the normalised specs and, unless it
 * contradicts what we know of the device, fills `device_specs` (the latest report wins).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor, Capability } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import type { Database } from '../db/schema';
import type { DeviceWithHub } from '../devices/public';
import { reclassify } from '../figures/live';
import { AppError } from '../shared/errors';
import { serialKey } from './clean';
import { parseSpecs } from './disks';
import { normaliseReport } from './normalise';
import * as repo from './repository';
import type { HardwareReportInput } from './schema';
import type { NormalisedSpecs } from './specs';
import { actorColumns, actorUserId } from '../shared/write/actor';
import { loadForActor } from '../shared/write/actor';

type Db = Kysely<Database> | Transaction<Database>;

export type ReportResult = {
  id: number;
  tag: string;
  uuid: string | null;
  /** `applied`: the specs are the device's now; `review`: they contradict it and wait for a coordinator. */
  status: 'applied' | 'review' | 'rejected' | 'superseded';
  flagged: boolean;
  flag: { reportSerial: string | null; knownSerial: string | null; source: 'device' | 'previousReport' } | null;
  specs: NormalisedSpecs;
  notes: string[];
  deviceUrl: string;
  replayed?: boolean;
};

export function loadDevice(ctx: AppContext, actor: Actor | null, rawTag: string, capability: Capability) {
  return loadForActor(ctx.db, actor, 'device', rawTag, capability);
}

/** The flattened columns other features filter and match on. Sizes: RAM in MiB, storage in decimal GB (as disks are sold). */
export function specColumns(specs: NormalisedSpecs, disksKnown: boolean) {
  const storage = specs.disks.reduce((s, d) => s + (d.sizeBytes ?? 0), 0);
  return {
    manufacturer: specs.manufacturer,
    model: specs.model,
    serial: specs.serial,
    chassis: specs.chassis,
    cpu_model: specs.cpu.model,
    cpu_cores: specs.cpu.cores,
    cpu_threads: specs.cpu.threads,
    cpu_64bit: specs.cpu.is64bit === null ? null : specs.cpu.is64bit ? 1 : 0,
    ram_mb: specs.ram.totalBytes === null ? null : Math.round(specs.ram.totalBytes / 2 ** 20),
    storage_gb: disksKnown || specs.disks.length ? Math.round(storage / 1e9) : null,
    has_ssd: disksKnown || specs.disks.length ? (specs.disks.some((d) => ['ssd', 'nvme', 'emmc'].includes(d.kind)) ? 1 : 0) : null,
    disk_count: disksKnown || specs.disks.length ? specs.disks.length : null,
    screen_inches: specs.screenInches,
    battery_health_pct: specs.battery?.healthPercent ?? null,
  };
}

function present(v: unknown) {
  return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
}

export async function submitReport(ctx: AppContext, actor: Actor, rawTag: string, input: HardwareReportInput, raw: string): Promise<ReportResult> {
  const device = await loadDevice(ctx, actor, rawTag, 'hardware.report');
  if (input.uuid) {
    const prior = await repo.findReportByUuid(ctx.db, input.uuid);
    if (prior) return replayOrRefuse(ctx, device, prior);
  }
  const { specs, notes } = normaliseReport(input);
  for (const tool of input.probe?.missing ?? []) notes.push(`missing tool: ${tool}`);
  const disksKnown = present(input.lshw) || present(input.smartctl);
  const at = nowIso(ctx);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const current = await repo.findSpecs(trx, device.id);
      const flag = contradiction(device, current?.serial ?? null, specs);
      const status = flag ? 'review' : 'applied';
      const id = await repo.insertReport(trx, {
        device_id: device.id,
        uuid: input.uuid ?? null,
        cycle: device.cycle,
        status,
        flag: flag ? JSON.stringify(flag) : null,
        specs: JSON.stringify(specs),
        notes: notes.length ? JSON.stringify(notes) : null,
        raw,
        ...actorColumns(actor, 'uploaded_by'),
        reviewed_by_user_id: null,
        reviewed_at: null,
        at,
      });
      if (!flag) {
        // A new screen size may move the device to another class of the circular-economy figures.
        await reclassify(trx, device.id, specs.screenInches);
        await repo.upsertSpecs(trx, { device_id: device.id, report_id: id, ...specColumns(specs, disksKnown), specs: JSON.stringify(specs), updated_at: at });
      }
      return { id, tag: device.tag, uuid: input.uuid ?? null, status, flagged: !!flag, flag, specs, notes, deviceUrl: deviceUrl(ctx, device.tag) };
    });
  } catch (error) {
    // The same report sent twice at once (a retry racing the first attempt): answer what the first stored.
    if (input.uuid && isUniqueViolation(error)) {
      const prior = await repo.findReportByUuid(ctx.db, input.uuid);
      if (prior) return replayOrRefuse(ctx, device, prior);
    }
    throw error;
  }
}

function deviceUrl(ctx: Pick<AppContext, 'config'>, tag: string) {
  return `${ctx.config.publicBaseUrl.replace(/\/$/, '')}/d/${tag}`;
}

function replayOrRefuse(ctx: AppContext, device: DeviceWithHub, prior: NonNullable<Awaited<ReturnType<typeof repo.findReport>>>): ReportResult {
  if (prior.device_id !== device.id) throw new AppError(409, 'hardware.uuidOtherDevice', { uuid: prior.uuid ?? '' });
  return {
    id: prior.id,
    tag: device.tag,
    uuid: prior.uuid,
    status: prior.status,
    flagged: prior.flag !== null,
    flag: prior.flag ? JSON.parse(prior.flag) : null,
    specs: JSON.parse(prior.specs) as NormalisedSpecs,
    notes: prior.notes ? (JSON.parse(prior.notes) as string[]) : [],
    deviceUrl: deviceUrl(ctx, device.tag),
    replayed: true,
  };
}

/**
 * A report describes another machine when its serial differs from the one recorded for the device
 * at intake or, failing that, from the one an earlier report gave. Then a person decides.
 */
function contradiction(device: DeviceWithHub, previousSerial: string | null, specs: NormalisedSpecs): ReportResult['flag'] {
  const reported = serialKey(specs.serial);
  if (!reported) return null;
  const recorded = serialKey(device.serial);
  if (recorded && recorded !== reported) return { reportSerial: specs.serial, knownSerial: device.serial, source: 'device' };
  const previous = serialKey(previousSerial);
  if (!recorded && previous && previous !== reported) return { reportSerial: specs.serial, knownSerial: previousSerial, source: 'previousReport' };
  return null;
}

/** A coordinator accepts a flagged report (its specs become the device's) or rejects it (kept, never applied). */
export async function reviewReport(ctx: AppContext, actor: Actor, rawTag: string, reportId: number, decision: 'accept' | 'reject') {
  const device = await loadDevice(ctx, actor, rawTag, 'hardware.review');
  return ctx.db.transaction().execute(async (trx) => {
    const report = await repo.findReport(trx, reportId);
    if (!report || report.device_id !== device.id) throw new AppError(404, 'hardware.reportUnknown', { id: reportId });
    if (report.status !== 'review') throw new AppError(409, 'hardware.notUnderReview', { id: reportId });
    const at = nowIso(ctx);
    const reviewer = actorUserId(actor);
    if (decision === 'accept') {
      const specs = JSON.parse(report.specs) as NormalisedSpecs;
      const current = await repo.findSpecs(trx, device.id);
      // Accepting an older report never overwrites specs from a newer one.
      if (!current || (current.report_id ?? 0) < report.id) {
        await reclassify(trx, device.id, specs.screenInches);
        await repo.upsertSpecs(trx, { device_id: device.id, report_id: report.id, ...specColumns(specs, true), specs: report.specs, updated_at: at });
      }
    }
    await repo.setReportStatus(trx, report.id, decision === 'accept' ? 'applied' : 'rejected', reviewer, at);
    return { id: report.id, tag: device.tag, status: decision === 'accept' ? 'applied' : 'rejected' };
  });
}

/** A device's specifications row, as repository.ts#findSpecs reads it. */
export type SpecsRow = NonNullable<Awaited<ReturnType<typeof repo.findSpecs>>>;

/** The device's specs and its latest reports, for its page and its API answer; `known`: its specifications row (null: none), already read by the caller. */
export async function deviceHardware(db: Db, deviceId: number, known?: SpecsRow | null) {
  const [row, reports] = await Promise.all([known === undefined ? repo.findSpecs(db, deviceId) : known, repo.listReports(db, deviceId)]);
  return {
    specs: parseSpecs(row?.specs),
    specsAt: row?.updated_at ?? null,
    reportId: row?.report_id ?? null,
    reports: reports.map((r) => ({
      id: r.id,
      uuid: r.uuid,
      status: r.status,
      flag: r.flag ? (JSON.parse(r.flag) as NonNullable<ReportResult['flag']>) : null,
      notes: r.notes ? (JSON.parse(r.notes) as string[]) : [],
      at: r.at,
      by: r.user_name ?? r.token_label,
      specs: r.status === 'review' ? parseSpecs(r.specs) : null,
    })),
  };
}

export async function rawReport(ctx: AppContext, actor: Actor, rawTag: string, reportId: number) {
  const device = await loadDevice(ctx, actor, rawTag, 'device.read');
  const report = await repo.findRawReport(ctx.db, device.id, reportId);
  if (!report) throw new AppError(404, 'hardware.reportUnknown', { id: reportId });
  return { tag: device.tag, ...report };
}
