/**
 * Spreadsheet imports of devices. Upload → map the columns (guessed from the headers) → a dry run that
 * lists every row's problems → the import itself, in the background, in chunked transactions. Each
 * chunk takes its devices in exactly as a donation at the desk does (donations/service.ts#intakeDevicesIn:
 * tags from the hub's counter, intake events, running totals) and records, in the same transaction,
 * which rows it created or skipped: a run that fails is resumed from the rows still pending.
 */
import type { Transaction } from 'kysely';
import { check, type Actor } from '../access/policy';
import { listScope } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import { runOnceAcrossProcesses } from '../db/once';
import type { Database } from '../db/schema';
import * as donationsRepo from '../donations/public';
import { MAX_DEVICES_PER_DONATION } from '../donations/schema';
import { intakeDevicesIn } from '../donations/service';
import { findHubByCode, findHubById } from '../hubs/public';
import { translate, type Locale, type MessageKey } from '../i18n/catalogue';
import * as labelsRepo from '../labels/public';
import { AppError } from '../shared/errors';
import { hubDay } from '../shared/hub-time';
import { readSpreadsheet, type Cell } from '../shared/spreadsheet';
import { guessMapping, readRow, type ImportDefaults, type Mapping, type RowProblem, type RowReading } from './fields';
import * as repo from './repository';
import type { ImportRow } from './repository';
import type { MappingInput } from './schema';
import { actorColumns, actorUserId } from '../shared/write/actor';
import { inTransaction } from '../shared/write/context';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
/** A file registers at most one device per row it may have: a quantity does not multiply the file's limit. */
export const MAX_IMPORT_DEVICES = MAX_IMPORT_ROWS;
const MAX_COLUMNS = 100;
/** Rows per transaction: small enough to keep the database answering others, large enough to be quick. */
export const CHUNK_ROWS = 250;
/**
 * Devices per transaction, whatever the quantities (500 rows of 200 were one transaction that held
 * every write for 22 s); a row of many identical devices (at most 500) goes alone. On SQLite a
 * transaction's statements run without giving the event loop a turn, so this is also how long the
 * server stops answering: some 75 ms at the 3,400 devices a second `npm run bench:import` measured on
 * a quiet machine. Smaller chunks cost more in fixed work per transaction than they save.
 */
export const CHUNK_DEVICES = 250;
const MAX_REST_MS = 1000;
/** Rows of an uploaded file stored per transaction. */
const STORE_ROWS = 2000;
/** A run that has not written for this long is taken for dead (the server stopped): it may be resumed. */
const STALE_MS = 2 * 60_000;

type Hub = { id: number; code: string; name: string };

async function hubFor(ctx: AppContext, actor: Actor, code: string | undefined): Promise<Hub> {
  const hub = code ? await findHubByCode(ctx.db, code) : actor.hubId !== null ? await findHubById(ctx.db, actor.hubId) : undefined;
  if (!hub) throw code ? new AppError(422, 'hubs.unknown', { hub: code }) : new AppError(422, 'users.hubRequired');
  const decision = check(actor, 'donation.create', { hubId: hub.id });
  if (!decision.ok) throw decision.reason === 'hub' ? new AppError(403, 'access.otherHubIntake', { hub: hub.name }) : new AppError(403, 'access.denied');
  return hub;
}

/** Reads the file and keeps its rows, with a first guess of what each column means. Nothing is registered yet. */
export async function createImport(ctx: AppContext, actor: Actor, input: { hub?: string; fileName: string; bytes: Uint8Array }): Promise<number> {
  const hub = await hubFor(ctx, actor, input.hub);
  if (input.bytes.length > MAX_IMPORT_BYTES) throw new AppError(413, 'http.tooLarge', { max: '10 MB' });
  const tooMany = new AppError(422, 'imports.tooManyRows', { max: MAX_IMPORT_ROWS.toLocaleString('it-IT') });
  // The header and the rows: reading stops at the first row past them.
  const sheet = await readSpreadsheet(input.bytes, { maxRows: MAX_IMPORT_ROWS + 1, maxCells: MAX_COLUMNS + 1, tooMany });
  const headerIndex = sheet.rows.findIndex((r) => r.some((c) => c !== null));
  if (headerIndex < 0) throw new AppError(422, 'imports.emptyFile');
  const header = sheet.rows[headerIndex]!;
  const data = sheet.rows.slice(headerIndex + 1);
  if (header.length > MAX_COLUMNS) throw new AppError(422, 'imports.tooManyColumns', { max: MAX_COLUMNS });
  if (!data.some((r) => r.length > 0)) throw new AppError(422, 'imports.noRows');
  if (data.length > MAX_IMPORT_ROWS) throw tooMany;
  const at = nowIso(ctx);
  const id = await repo.insertImport(ctx.db, {
    hub_id: hub.id,
    created_by_user_id: actorUserId(actor),
    file_name: input.fileName.slice(0, 200) || 'import',
    file_kind: sheet.kind,
    status: 'mapping',
    header: JSON.stringify(header),
    mapping: JSON.stringify(guessMapping(header)),
    defaults: null,
    total_rows: 0,
    problem_rows: null,
    processed_rows: 0,
    created_count: 0,
    skipped_count: 0,
    error: null,
    created_at: at,
    started_at: null,
    finished_at: null,
    updated_at: at,
  });
  // Blank lines in the middle are dropped; rows keep their line number in the file, as people see it.
  const rows = data
    .map((cells, i) => ({
      import_id: id,
      row_number: headerIndex + i + 2,
      cells: JSON.stringify(cells.slice(0, MAX_COLUMNS)),
      status: 'pending' as const,
      device_id: null,
      devices_created: null,
      reason: null,
    }))
    .filter((r) => r.cells !== '[]');
  // A few thousand rows per transaction: 50,000 in one would hold every other write (on SQLite, every query) for seconds.
  try {
    for (let i = 0; i < rows.length; i += STORE_ROWS) {
      await inTransaction(ctx, async ({ trx, ...ctx }) => {
        for (let j = i; j < Math.min(rows.length, i + STORE_ROWS); j += 400) await repo.insertRows(trx, rows.slice(j, Math.min(j + 400, i + STORE_ROWS)));
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Only now does the import count rows: until then its page shows none and it cannot be checked.
    await repo.updateImport(ctx.db, id, { total_rows: rows.length });
  } catch (e) {
    await repo.deleteImport(ctx.db, id).catch(() => undefined);
    throw e;
  }
  return id;
}

/** An import the actor may see and work on (the hub's coordinators, administrators). */
export async function loadImport(ctx: AppContext, actor: Actor, id: number): Promise<ImportRow> {
  const imp = await repo.findImport(ctx.db, id);
  if (!imp || !check(actor, 'donation.create', { hubId: imp.hub_id }).ok) throw new AppError(404, 'imports.unknown');
  return imp;
}

export async function listImports(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'donation.create').ok) throw new AppError(403, 'access.denied');
  return repo.listImports(ctx.db, listScope(actor, 'donation.create'));
}

export function settingsOf(imp: ImportRow): { header: Cell[]; mapping: Mapping; defaults: ImportDefaults } {
  return {
    header: JSON.parse(imp.header) as Cell[],
    mapping: JSON.parse(imp.mapping ?? '[]') as Mapping,
    defaults: imp.defaults ? (JSON.parse(imp.defaults) as ImportDefaults) : {},
  };
}

export async function sampleRows(ctx: AppContext, imp: ImportRow, n = 5) {
  return (await repo.firstRows(ctx.db, imp.id, n)).map((r) => ({ row: r.row_number, cells: JSON.parse(r.cells) as Cell[] }));
}

export type DryRun = { okRows: number; devices: number; problemRows: number; problems: { row: number; problems: RowProblem[] }[] };

/**
 * Everything the import would refuse, row by row, without writing a device: each row is read as the
 * run will read it, and checked against the registered serials and the hub's blank labels.
 */
export async function dryRun(ctx: AppContext, imp: ImportRow, mapping: Mapping, defaults: ImportDefaults): Promise<DryRun> {
  const { header } = settingsOf(imp);
  const today = hubDay(ctx.clock.now());
  const seen: Seen = { serials: new Map(), tags: new Map() };
  const caps = new Caps();
  const result: DryRun = { okRows: 0, devices: 0, problemRows: 0, problems: [] };
  let after = 0;
  for (;;) {
    // On SQLite the queries answer without a turn of the event loop: give the server one between pages.
    if (after > 0) await new Promise((resolve) => setImmediate(resolve));
    const page = await repo.rowsAfter(ctx.db, imp.id, after, 500);
    if (page.length === 0) break;
    after = page.at(-1)!.row_number;
    const readings = page.map((r) => ({ row: r.row_number, reading: readRow(JSON.parse(r.cells) as Cell[], header, mapping, defaults, today) }));
    const extra = await crossCheck(ctx.db, imp.hub_id, readings, seen);
    for (const { row, reading } of readings) {
      const problems = [...(reading.ok ? [] : reading.problems), ...(extra.get(row) ?? [])];
      if (!problems.length && reading.ok) {
        const taken = takeDevices(caps, reading);
        if ('problem' in taken) problems.push(taken.problem);
      }
      if (problems.length) {
        result.problemRows++;
        result.problems.push({ row, problems });
      } else if (reading.ok) {
        result.okRows++;
        result.devices += reading.device.quantity ?? 1;
      }
    }
  }
  return result;
}

type Seen = { serials: Map<string, number>; tags: Map<string, number> };

/**
 * Devices counted so far: in the whole file, and in the donation each donor on a day is filling.
 * A chunk's counts stay pending until its transaction commits (`commit`), so a rolled-back chunk
 * leaves no trace; a run starts from what earlier runs of the import registered (`capsOf`).
 */
class Caps {
  private readonly groups = new Map<string, Part>();
  private readonly pending = new Map<string, Part>();
  private pendingFile = 0;
  constructor(private file = 0) {}

  part(key: string): Part {
    return this.pending.get(key) ?? this.groups.get(key) ?? { part: 0, devices: 0 };
  }
  take(key: string, part: Part, n: number) {
    this.pending.set(key, part);
    this.pendingFile += n;
  }
  devices() {
    return this.file + this.pendingFile;
  }
  commit() {
    for (const [k, v] of this.pending) this.groups.set(k, v);
    this.file += this.pendingFile;
    this.discard();
  }
  discard() {
    this.pending.clear();
    this.pendingFile = 0;
  }
}
type Part = { part: number; devices: number };

/** A donor's donations from one import: the first under the donor's key, the next ones numbered after it. */
const partKey = (key: string, part: number) => (part === 0 ? key : `${key}#${part + 1}`);

/** What an import registered so far, for a run that goes on from there. */
async function capsOf(db: AppContext['db'], imp: ImportRow): Promise<Caps> {
  const caps = new Caps(imp.created_count);
  const rows = await repo.importDonationCounts(db, imp.id);
  const parts = new Map<string, Part>();
  for (const r of rows) {
    // Group keys are JSON arrays: a key that does not end in "]" carries its part number after the last "#".
    const numbered = !r.group_key.endsWith(']');
    const cut = r.group_key.lastIndexOf('#');
    const key = numbered ? r.group_key.slice(0, cut) : r.group_key;
    const part = numbered ? Number(r.group_key.slice(cut + 1)) - 1 : 0;
    if ((parts.get(key)?.part ?? -1) < part) parts.set(key, { part, devices: Number(r.device_count) });
  }
  for (const [key, part] of parts) caps.take(key, part, 0);
  caps.commit();
  return caps;
}

const bothLanguages = (key: MessageKey, params: Record<string, string | number>): RowProblem => ({ it: translate('it', key, params), en: translate('en', key, params) });

/**
 * Where a row's devices go, or why they cannot: a donation made by an import holds at most as many
 * devices as one registered at the desk (past that, the donor's rows go on in a new donation), and
 * a file registers at most one device per row it may have.
 */
function takeDevices(caps: Caps, reading: Extract<RowReading, { ok: true }>): { key: string } | { problem: RowProblem } {
  const n = reading.device.quantity ?? 1;
  if (caps.devices() + n > MAX_IMPORT_DEVICES) return { problem: bothLanguages('imports.problem.fileFull', { n: MAX_IMPORT_DEVICES }) };
  const current = caps.part(reading.groupKey);
  const part = current.devices + n > MAX_DEVICES_PER_DONATION ? { part: current.part + 1, devices: n } : { part: current.part, devices: current.devices + n };
  caps.take(reading.groupKey, part, n);
  return { key: partKey(reading.groupKey, part.part) };
}

/** Rows from the start of a page whose devices fit in one transaction (the first row always does). */
function chunkOf<T extends { reading: RowReading }>(readings: T[]): T[] {
  let devices = 0;
  let end = 0;
  for (; end < readings.length; end++) {
    const r = readings[end]!.reading;
    const n = r.ok ? (r.device.quantity ?? 1) : 0;
    if (end > 0 && devices + n > CHUNK_DEVICES) break;
    devices += n;
  }
  return readings.slice(0, end);
}

/** What one row cannot know alone: a serial already registered or repeated, a blank label that is not one. */
async function crossCheck(db: AppContext['db'] | Transaction<Database>, hubId: number, readings: { row: number; reading: RowReading }[], seen: Seen) {
  const problems = new Map<number, RowProblem[]>();
  const add = (row: number, key: MessageKey, params: Record<string, string | number>) => {
    const list = problems.get(row) ?? [];
    list.push({ it: translate('it', key, params), en: translate('en', key, params) });
    problems.set(row, list);
  };
  const ok = readings.filter((r): r is { row: number; reading: Extract<RowReading, { ok: true }> } => r.reading.ok);
  const registered = await repo.existingSerials(db as never, [...new Set(ok.flatMap((r) => (r.reading.device.serial ? [r.reading.device.serial] : [])))]);
  const blanks = new Map((await labelsRepo.findBlanks(db as never, [...new Set(ok.flatMap((r) => (r.reading.device.tag ? [r.reading.device.tag] : [])))])).map((b) => [b.tag, b]));
  for (const { row, reading } of ok) {
    const serial = reading.device.serial;
    if (serial) {
      const first = seen.serials.get(serial);
      if (registered.has(serial)) add(row, 'imports.problem.serialExists', { serial });
      else if (first !== undefined && first !== row) add(row, 'imports.problem.serialTwice', { serial, row: first });
      else seen.serials.set(serial, row);
    }
    const tag = reading.device.tag;
    if (tag) {
      const blank = blanks.get(tag);
      const first = seen.tags.get(tag);
      if (!blank) add(row, 'labels.notBlank', { tag });
      else if (blank.hub_id !== hubId) add(row, 'labels.blankOtherHub', { tag, hub: blank.hub_name });
      else if (blank.claimed_at) add(row, 'labels.blankClaimed', { tag });
      else if (first !== undefined && first !== row) add(row, 'labels.blankTwice', { tag });
      else seen.tags.set(tag, row);
    }
  }
  return problems;
}

/** Saves the mapping and the donor, and checks every row: the import can start once this has run. */
export async function saveMapping(ctx: AppContext, actor: Actor, id: number, input: MappingInput, locale: Locale): Promise<DryRun> {
  const imp = await loadImport(ctx, actor, id);
  if (imp.status !== 'mapping' && imp.status !== 'checked') throw new AppError(409, 'imports.alreadyStarted');
  // Its rows are still being stored (a complete import has at least one).
  if (imp.total_rows === 0) throw new AppError(409, 'imports.stillStoring');
  const { header } = settingsOf(imp);
  const mapping: Mapping = header.map((_, i) => input.columns[i] ?? null);
  const used = mapping.filter((f) => f && f !== 'note');
  const twice = used.find((f, i) => used.indexOf(f) !== i);
  if (twice) throw new AppError(422, 'imports.fieldTwice', { field: translate(locale, `imports.field.${twice}` as MessageKey) });
  const defaults: ImportDefaults = {
    donorKind: input.donorKind,
    donorName: input.donorName,
    donorTaxCode: input.donorTaxCode,
    receivedAt: input.receivedAt,
    typeFallback: input.typeFallback,
  };
  const result = await dryRun(ctx, imp, mapping, defaults);
  await repo.updateImport(ctx.db, id, {
    status: 'checked',
    mapping: JSON.stringify(mapping),
    defaults: JSON.stringify(defaults),
    problem_rows: result.problemRows,
    updated_at: nowIso(ctx),
  });
  return result;
}

const runs = new WeakMap<AppContext, Map<number, Promise<void>>>();

/** Whether this process is running the import now (another process's run shows as recent writes). */
function runningHere(ctx: AppContext, id: number) {
  return runs.get(ctx)?.has(id) ?? false;
}

export type RunHooks = {
  /** Called inside each chunk's transaction after its devices are written; throwing rolls the chunk back. */
  afterChunk?: (chunk: number, trx: Transaction<Database>) => void | Promise<void>;
};

/** Starts a checked import, or resumes one that failed or whose server stopped; the run goes on in the background. */
export async function startImport(ctx: AppContext, actor: Actor, id: number, opts: { locale: Locale; hooks?: RunHooks }): Promise<void> {
  const imp = await loadImport(ctx, actor, id);
  const at = nowIso(ctx);
  if (imp.status === 'checked') {
    if (!(await repo.transition(ctx.db, id, ['checked'], { status: 'queued', updated_at: at }))) throw new AppError(409, 'imports.alreadyStarted');
  } else if (isResumable(ctx, imp)) {
    if (!(await repo.transition(ctx.db, id, [imp.status], { status: 'queued', error: null, updated_at: at }))) throw new AppError(409, 'imports.alreadyStarted');
  } else if (imp.status === 'mapping') throw new AppError(409, 'imports.checkFirst');
  else throw new AppError(409, 'imports.alreadyStarted');
  void kick(ctx, id, actor, opts);
}

export function isResumable(ctx: AppContext, imp: ImportRow): boolean {
  if (imp.status === 'failed') return true;
  if (imp.status === 'queued' || imp.status === 'running') {
    return !runningHere(ctx, imp.id) && ctx.clock.now().getTime() - new Date(imp.updated_at).getTime() > STALE_MS;
  }
  return false;
}

/** Runs the import in this process unless it already is; resolves when the run stops (done or failed). */
export function kick(ctx: AppContext, id: number, actor: Actor, opts: { locale: Locale; hooks?: RunHooks }): Promise<void> {
  let map = runs.get(ctx);
  if (!map) runs.set(ctx, (map = new Map()));
  const current = map.get(id);
  if (current) return current;
  // One process at a time runs an import, whichever of them was asked.
  const run = runOnceAcrossProcesses(ctx.db, `import:${id}`, () => runImport(ctx, id, actor, opts))
    .then(
      () => undefined,
      (e: unknown) => console.error(`[import ${id}] could not take its lock: ${e instanceof Error ? e.message : String(e)}`),
    )
    .finally(() => map.delete(id));
  map.set(id, run);
  return run;
}

async function runImport(ctx: AppContext, id: number, actor: Actor, opts: { locale: Locale; hooks?: RunHooks }): Promise<void> {
  if (!(await repo.transition(ctx.db, id, ['queued'], { status: 'running', updated_at: nowIso(ctx), started_at: nowIso(ctx) }))) return;
  const imp = (await repo.findImport(ctx.db, id))!;
  const hub: Hub = { id: imp.hub_id, code: imp.hub_code, name: imp.hub_name };
  const settings = settingsOf(imp);
  const note = translate(opts.locale, 'imports.donationNote', { file: imp.file_name });
  let chunk = 0;
  try {
    const caps = await capsOf(ctx.db, imp);
    for (;;) {
      const started = performance.now();
      const more = await inTransaction(ctx, async ({ trx, ...ctx }) => {
        const done = await importChunk(ctx, trx, actor, imp.id, hub, settings, note, caps);
        if (done) await opts.hooks?.afterChunk?.(chunk, trx);
        return done;
      }).catch((e: unknown) => {
        caps.discard();
        throw e;
      });
      caps.commit();
      if (!more) break;
      chunk++;
      // Rest as long as the chunk took: the import never has more than half of the database (on
      // SQLite, of every query), however busy the hubs are; the rest is the volunteers'.
      await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_REST_MS, performance.now() - started)));
    }
    await repo.updateImport(ctx.db, id, { status: 'done', finished_at: nowIso(ctx), updated_at: nowIso(ctx) });
  } catch (e) {
    // No row data in the log: the import's id and the error's own words.
    console.error(`[import ${id}] stopped after ${chunk} chunks: ${e instanceof Error ? e.message : String(e)}`);
    await repo.updateImport(ctx.db, id, { status: 'failed', error: e instanceof AppError ? e.key : 'imports.failed', updated_at: nowIso(ctx) }).catch(() => undefined);
  }
}

/** One chunk in the caller's transaction; false when no row is left. */
async function importChunk(
  ctx: Omit<AppContext, 'db'>,
  trx: Transaction<Database>,
  actor: Actor,
  importId: number,
  hub: Hub,
  settings: ReturnType<typeof settingsOf>,
  note: string,
  caps: Caps,
): Promise<boolean> {
  const page = await repo.pendingRows(trx, importId, CHUNK_ROWS);
  if (page.length === 0) return false;
  const at = nowIso(ctx);
  const today = hubDay(at);
  // The rows after the cut stay pending for the next transaction.
  const readings = chunkOf(page.map((r) => ({ row: r.row_number, reading: readRow(JSON.parse(r.cells) as Cell[], settings.header, settings.mapping, settings.defaults, today) })));
  const extra = await crossCheck(trx, hub.id, readings, { serials: new Map(), tags: new Map() });
  const counts = await repo.importCounts(trx, importId);

  const skipped: { row: number; reason: string }[] = [];
  const groups = new Map<string, { donor: { kind: string; name: string; taxCode?: string }; receivedAt?: string; rows: { row: number; device: Extract<RowReading, { ok: true }>['device'] }[] }>();
  for (const { row, reading } of readings) {
    const problems = [...(reading.ok ? [] : reading.problems), ...(extra.get(row) ?? [])];
    const taken = !problems.length && reading.ok ? takeDevices(caps, reading) : undefined;
    if (taken && 'problem' in taken) problems.push(taken.problem);
    if (problems.length || !reading.ok || !taken || !('key' in taken)) {
      skipped.push({ row, reason: JSON.stringify(problems) });
      continue;
    }
    const g = groups.get(taken.key) ?? { donor: reading.donor, receivedAt: reading.receivedAt, rows: [] };
    g.rows.push({ row, device: reading.device });
    groups.set(taken.key, g);
  }

  const created: { row: number; deviceId: number; count: number }[] = [];
  let devices = 0;
  for (const [key, g] of groups) {
    const { donationId, receivedAt, donorKind, continues } = await donationFor(trx, actor, importId, hub, key, g, at, note);
    const items = g.rows.flatMap((r) => Array.from({ length: r.device.quantity ?? 1 }, () => r.device));
    const inserted = await intakeDevicesIn(trx, actor, hub, { donationId, donorKind, receivedAt, at, continues }, items);
    await donationsRepo.addToDeviceCount(trx, donationId, items.length);
    let k = 0;
    for (const r of g.rows) {
      const count = r.device.quantity ?? 1;
      created.push({ row: r.row, deviceId: inserted[k]!.id, count });
      k += count;
    }
    devices += items.length;
  }
  await repo.markRows(trx, importId, created, skipped);
  await repo.updateImport(trx, importId, {
    processed_rows: counts.processed_rows + readings.length,
    created_count: counts.created_count + devices,
    skipped_count: counts.skipped_count + skipped.length,
    updated_at: at,
  });
  return true;
}

/** The donation a donor's rows go into: made with the group's first chunk, filled by the next ones. */
async function donationFor(
  trx: Transaction<Database>,
  actor: Actor,
  importId: number,
  hub: Hub,
  key: string,
  g: { donor: { kind: string; name: string; taxCode?: string }; receivedAt?: string },
  at: string,
  note: string,
) {
  const existing = await repo.findGroupDonation(trx, importId, key);
  if (existing) {
    const d = (await donationsRepo.findDonation(trx, existing.donation_id))!;
    return { donationId: d.id, receivedAt: d.received_at, donorKind: d.donor_kind, continues: true };
  }
  const receivedAt = g.receivedAt ? `${g.receivedAt}T12:00:00.000Z` : at;
  const known = g.donor.taxCode ? await donationsRepo.findDonorByTaxCode(trx, g.donor.taxCode) : undefined;
  const donorId =
    known?.id ??
    (await donationsRepo.insertDonor(trx, {
      kind: g.donor.kind as never,
      name: g.donor.name,
      tax_code: g.donor.taxCode ?? null,
      email: null,
      phone: null,
      created_at: at,
      erased_at: null,
    }));
  const donationId = await donationsRepo.insertDonation(trx, {
    hub_id: hub.id,
    donor_id: donorId,
    received_at: receivedAt,
    note,
    device_count: 0,
    ...actorColumns(actor, 'created_by'),
    created_at: at,
  });
  await repo.insertGroupDonation(trx, { import_id: importId, group_key: key, donation_id: donationId });
  return { donationId, receivedAt, donorKind: g.donor.kind, continues: false };
}

/** What the progress bar and the API show. */
export function progressOf(ctx: AppContext, imp: ImportRow) {
  const percent = imp.total_rows ? Math.floor((imp.processed_rows / imp.total_rows) * 100) : 0;
  return {
    id: imp.id,
    hub: imp.hub_code,
    file: imp.file_name,
    status: imp.status,
    totalRows: imp.total_rows,
    processedRows: imp.processed_rows,
    created: imp.created_count,
    skipped: imp.skipped_count,
    percent: imp.status === 'done' ? 100 : Math.min(percent, 99),
    resumable: isResumable(ctx, imp),
    startedAt: imp.started_at,
    finishedAt: imp.finished_at,
  };
}

/** The rows skipped and why, in the file's order, for the summary and its CSV. */
export async function skippedRows(ctx: AppContext, imp: ImportRow, limit: number, afterRow = 0) {
  return (await repo.skippedRows(ctx.db, imp.id, afterRow, limit)).map((r) => ({
    row: r.row_number,
    cells: JSON.parse(r.cells) as Cell[],
    problems: r.reason ? (JSON.parse(r.reason) as RowProblem[]) : [],
  }));
}

export function importDonations(ctx: AppContext, imp: ImportRow) {
  return repo.importDonations(ctx.db, imp.id);
}
