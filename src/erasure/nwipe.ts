/**
 * nwipe / ShredOS logs (nwipe 0.32 to 0.42) → one record per disk. The disks come from the "Found"
 * lines (device, bus, model, size, serial) and the "has serial number" lines; the outcome from the
 * summary tables ("Error Summary" and "Drive Status"), read by their header's column names so that a
 * version that adds a column (0.42's percentage) reads the same; method, rounds and verification
 * from the options block, the per-device "Invoking method" lines and the summary's "1R+NB+VL" code.
 *
 * What a disk's outcome may claim is only what the log itself shows:
 * - a verify-only method (nwipe's "Verify Zeros"/"Verify Ones") writes nothing: never an erasure;
 * - "Erased" without a verification pass (verify off, or no verification stated) is unverified;
 * - a log cut off before the summary's closing "Total Throughput" line is unfinished for every disk;
 * - a run the operator ended after the table said Erased is recorded as the table says, and noted.
 *
 * nwipe's own statuses (src/logging.c, nwipe_log_summary): "Erased", "-FAILED-" (any error),
 * "UABORTED" (the user aborted), "INSANITY" (nwipe's own bug guard).
 *
 * Every line is cut to MAX_LINE characters before any expression looks at it, and every expression
 * is anchored and free of nested or adjacent unbounded repeats: parsing time grows linearly with the
 * log (scripts/bench-parsers.ts measures it).
 */
import type { ErasureOutcome } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { clean } from '../hardware/clean';
import { boundedLines } from '../hardware/lines';

/** nwipe writes lines of at most about 200 characters, and a few dozen lines per disk; beyond is not nwipe's. */
const MAX_LINE = 1000;
const MAX_LINES = 100_000;
/** A summary table has a row per disk nwipe wiped: a few, never hundreds. */
const MAX_ROWS = 64;

export type NwipeDisk = {
  device: string;
  model: string | null;
  serial: string | null;
  sizeBytes: number | null;
  bus: string | null;
  method: string | null;
  verification: string | null;
  rounds: number | null;
  status: string;
  outcome: ErasureOutcome;
  durationSeconds: number | null;
  throughputMBs: number | null;
  errors: { pass: number; verification: number; sync: number } | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The operator ended the run (after or before this disk's table row). */
  interrupted: boolean;
};

export type NwipeLog = {
  tool: string;
  toolVersion: string | null;
  method: string | null;
  verification: string | null;
  rounds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The machine nwipe ran on, as its dmidecode lines say (0.32 onwards). */
  system: { manufacturer: string | null; model: string | null; serial: string | null };
  /** The operator named in the log, when nwipe was told one. */
  operator: string | null;
  /** Whether the log reaches its summary; a log cut off before it proves nothing finished. */
  summarised: boolean;
  disks: NwipeDisk[];
};

const LINE_TIME = /^\[(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\]/;
const LEVEL = /^ {0,12}(?:notice|info|warning|error|fatal|debug|sanity|nomem) {0,4}: {0,4}/i;

/** The log's own clock, as written ("2023-01-24T15:48:41"): the wiping machine's local time, without a zone. */
function timeOf(line: string): string | null {
  const m = LINE_TIME.exec(line);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}

const short = (device: string) => (device.startsWith('/dev/') ? device.slice(5) : device);

/** "320 GB", "1 TB", "500 MB" as nwipe prints them: decimal units. */
function sizeOf(text: string | undefined): number | null {
  const m = /^(\d{1,9}(?:\.\d{1,6})?) {0,3}(KB|MB|GB|TB|PB)$/i.exec(text?.trim() ?? '');
  if (!m) return null;
  const power = { KB: 1, MB: 2, GB: 3, TB: 4, PB: 5 }[m[2]!.toUpperCase() as 'KB'];
  return Math.round(Number(m[1]) * 1000 ** power);
}

/** "80 MB/s", "1.2GB/s", "512 B/s": a throughput cell, in MB/s. */
function throughputOf(cell: string): number | null {
  const m = /^(\d{1,9}(?:\.\d{1,6})?) {0,3}([KMGT]?)B\/s$/i.exec(cell.trim());
  if (!m) return null;
  const scale = { '': 1e-6, K: 1e-3, M: 1, G: 1e3, T: 1e6 }[m[2]!.toUpperCase() as ''];
  return Number(m[1]) * scale;
}

/** nwipe's "verify" option: 0 off, 1 last pass, 2 all passes. */
function verificationOf(value: string): string | null {
  const v = value.trim().toLowerCase();
  if (v.startsWith('0') || v.includes('off')) return 'off';
  if (v.startsWith('1') || v.includes('last')) return 'last pass';
  if (v.startsWith('2') || v.includes('all')) return 'all passes';
  return clean(value);
}

/** The summary's "1R+NB+VL": rounds, blanking, and NV (no verification), VL (last pass), VA (all passes). */
const SUMMARY_VERIFY: Record<string, string> = { NV: 'off', VL: 'last pass', VA: 'all passes' };

/** nwipe's verify-only methods ("Verify Zeros", "Verify Ones"; verify_zero, verify_one on the command line). */
export const isVerifyOnly = (method: string | null | undefined) => !!method && /^\s*verify[ _-]?(zeros?|ones?)\b/i.test(method);

/** The columns the tables are read by, each named by how its header cell begins. */
const COLUMN_NAMES = ['status', 'thru', 'hh:mm:ss', 'model', 'pass', 'verif', 'fdatasync'] as const;
type Columns = Partial<Record<(typeof COLUMN_NAMES)[number], number>>;

/** The header "!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number" as column → cell index. */
function columnsOf(header: string): Columns {
  const cols: Columns = {};
  header.split('|').forEach((c, i) => {
    const cell = c.replace('!', '').trim().toLowerCase();
    const name = COLUMN_NAMES.find((n) => cell.startsWith(n));
    if (name) cols[name] = i;
  });
  return cols;
}

const cellOf = (cells: string[], cols: Columns, name: keyof Columns) => {
  const i = cols[name];
  return i === undefined ? '' : (cells[i]?.trim() ?? '');
};

export function parseNwipeLog(text: string): NwipeLog {
  if (text.includes('\u0000') || /[\u0001-\u0008\u000e-\u001a]/.test(text.slice(0, 4096))) throw new AppError(422, 'erasure.log.notText');
  const disks = new Map<string, NwipeDisk>();
  const disk = (device: string): NwipeDisk => {
    const key = short(device);
    let d = disks.get(key);
    if (!d) {
      d = {
        device: `/dev/${key}`,
        model: null,
        serial: null,
        sizeBytes: null,
        bus: null,
        method: null,
        verification: null,
        rounds: null,
        status: 'unfinished',
        outcome: 'unfinished',
        durationSeconds: null,
        throughputMBs: null,
        errors: null,
        startedAt: null,
        finishedAt: null,
        interrupted: false,
      };
      disks.set(key, d);
    }
    return d;
  };
  const log: NwipeLog = {
    tool: 'nwipe',
    toolVersion: null,
    method: null,
    verification: null,
    rounds: null,
    startedAt: null,
    finishedAt: null,
    system: { manufacturer: null, model: null, serial: null },
    operator: null,
    summarised: false,
    disks: [],
  };
  let table: 'errors' | 'status' | null = null;
  let cols: Columns = {};
  let rows = 0;
  let sawNwipe = false;
  let userAborted = false;
  const statusRows = new Set<string>();
  for (const line of boundedLines(text, MAX_LINE, MAX_LINES)) {
    const at = timeOf(line);
    if (at) {
      log.startedAt ??= at;
      log.finishedAt = at;
    }
    const body = (at ? line.slice(21) : line).replace(LEVEL, '').trim();
    if (body === '') continue;
    let m: RegExpExecArray | null;
    if (body.includes('Error Summary')) {
      table = 'errors';
      rows = 0;
      sawNwipe = true;
      continue;
    }
    if (body.includes('Drive Status')) {
      table = 'status';
      rows = 0;
      sawNwipe = true;
      continue;
    }
    if (table && body.startsWith('*')) {
      table = null;
      continue;
    }
    if (table && /^!? {0,12}Device {0,4}\|/.test(body)) {
      cols = columnsOf(body);
      continue;
    }
    if ((m = /^Total Throughput ([^,]{0,40}), ([^,]{0,80}), (\d{1,4})R\+N?B(?:\+(NV|VL|VA))?$/.exec(body))) {
      // The summary's last line: the log reached its end.
      if (table === 'status') log.summarised = true;
      if (m[4]) log.verification ??= SUMMARY_VERIFY[m[4]] ?? null;
      continue;
    }
    if (table && body.includes('|')) {
      if (++rows > MAX_ROWS) continue;
      const cells = line.split('|');
      const name = (cells[0] ?? '').replace('!', '').trim();
      if (!/^[\w.-]{1,64}$/.test(name)) continue;
      const d = disk(name);
      if (table === 'errors' && cells.length >= 4) {
        const n = (s: string) => Number(s.trim()) || 0;
        d.errors = { pass: n(cellOf(cells, cols, 'pass') || cells[1]!), verification: n(cellOf(cells, cols, 'verif') || cells[2]!), sync: n(cellOf(cells, cols, 'fdatasync') || cells[3]!) };
      } else if (table === 'status' && cells.length >= 5) {
        statusRows.add(short(d.device));
        const status = (cellOf(cells, cols, 'status') || cells[1]!).trim();
        d.status =
          status
            .replace(/^-{1,4}/, '')
            .replace(/-{1,4}$/, '')
            .trim() || 'unknown';
        d.throughputMBs = throughputOf(cellOf(cells, cols, 'thru') || cells[2]!) ?? d.throughputMBs;
        const hms = /^(\d{1,6}):(\d{2}):(\d{2})$/.exec((cellOf(cells, cols, 'hh:mm:ss') || cells[3]!).trim());
        if (hms) d.durationSeconds = Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
        // "Model/Serial": both cut to fit the column; the Found lines have them whole.
        const ms = cellOf(cells, cols, 'model') || cells[cells.length - 1]!;
        const slash = ms.lastIndexOf('/');
        if (slash > 0) {
          d.model ??= clean(ms.slice(0, slash));
          d.serial ??= clean(ms.slice(slash + 1));
        }
      }
      continue;
    }
    if ((m = /^Found (\/dev\/[^\s,]{1,64}), {0,4}(.*)$/.exec(body))) {
      sawNwipe = true;
      const d = disk(m[1]!);
      const parts = m[2]!.split(',').map((p) => p.trim());
      const last = parts[parts.length - 1] ?? '';
      const serial = last.startsWith('S/N=') ? parts.pop()!.slice(4) || null : null;
      const size = parts.length ? sizeOf(parts[parts.length - 1]) : null;
      if (size !== null) parts.pop();
      d.bus = clean(parts.shift());
      d.model = clean(parts.join(', ')) ?? d.model;
      d.serial = clean(serial) ?? d.serial;
      d.sizeBytes ??= size;
    } else if ((m = /^(\/dev\/\S{1,64}) has serial number (.+)$/.exec(body))) {
      disk(m[1]!).serial = clean(m[2]) ?? disk(m[1]!).serial;
    } else if ((m = /^(\/dev\/\S{1,64}), sect\/blk\/dev \d{1,9}\/\d{1,9}\/(\d{1,20})$/.exec(body))) {
      disk(m[1]!).sizeBytes = Number(m[2]);
    } else if ((m = /^banner {0,8}= {0,8}(.+)$/.exec(body))) {
      sawNwipe = true;
      log.toolVersion = clean(m[1]);
    } else if ((m = /^method {0,8}= {0,8}(.+)$/.exec(body))) {
      log.method = clean(m[1]);
    } else if ((m = /^rounds {0,8}= {0,8}(\d{1,4})/.exec(body))) {
      log.rounds = Number(m[1]);
    } else if ((m = /^verify {0,8}= {0,8}(.+)$/.exec(body))) {
      log.verification = verificationOf(m[1]!);
    } else if ((m = /^system-(manufacturer|product-name|serial-number) = (.+)$/.exec(body))) {
      const key = m[1] === 'manufacturer' ? 'manufacturer' : m[1] === 'product-name' ? 'model' : 'serial';
      log.system[key] = clean(m[2]);
    } else if ((m = /^(?:technician|operator)[\w /-]{0,30}(?:=|:) {0,8}(.+)$/i.exec(body))) {
      log.operator = clean(m[1]);
    } else if ((m = /^Invoking method '([^']{1,80})' on (\/dev\/\S{1,64})/.exec(body))) {
      sawNwipe = true;
      const d = disk(m[2]!);
      d.method = clean(m[1]);
      d.startedAt ??= at;
    } else if ((m = /^Finished final round \d{1,4} of (\d{1,4}) on (\/dev\/\S{1,64})/.exec(body))) {
      const d = disk(m[2]!);
      d.rounds = Number(m[1]);
      d.finishedAt = at;
    } else if (/aborted by the user|user abort/i.test(body.slice(0, 200))) {
      sawNwipe = true;
      userAborted = true;
    } else if (/^Nwipe (successfully|exited)/i.test(body)) {
      sawNwipe = true;
    }
  }
  if (!sawNwipe || disks.size === 0) throw new AppError(422, 'erasure.log.notNwipe');

  for (const d of disks.values()) {
    d.method ??= log.method;
    d.verification ??= log.verification;
    d.rounds ??= log.rounds;
    d.interrupted = userAborted;
    // A disk never summarised, or a log cut off before its summary's end, did not finish.
    if (!log.summarised || !statusRows.has(short(d.device))) d.status = 'unfinished';
    if (d.status === 'Erased') d.finishedAt ??= log.finishedAt;
    d.outcome = outcomeOf(d);
    log.disks.push(d);
  }
  return log;
}

/**
 * Only a disk whose status is "Erased", with no pass, verification or sync errors, a method that
 * writes, and a verification pass, is erased. Erased without verification is unverified.
 */
export function outcomeOf(d: Pick<NwipeDisk, 'status' | 'errors' | 'verification'> & { method?: string | null }): ErasureOutcome {
  const status = d.status.toLowerCase();
  const errors = d.errors ? d.errors.pass + d.errors.verification + d.errors.sync : 0;
  if (isVerifyOnly(d.method)) return 'verifyOnly';
  if (status.includes('fail') || errors > 0) return 'failed';
  if (status.includes('abort')) return 'aborted';
  if (status === 'erased') return d.verification === null || d.verification === 'off' ? 'unverified' : 'erased';
  return 'unfinished';
}
