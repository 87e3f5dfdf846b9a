/**
 * nwipe / ShredOS logs → one record per disk. The disks come from the "Found" lines (device, bus,
 * model, size, serial) and the "has serial number" lines; the outcome from the summary tables
 * ("Error Summary" and "Drive Status"); method, rounds and verification from the options block and
 * the per-device "Invoking method" lines. A disk that the log found but never summarised did not
 * finish. Only "Erased" with no pass, verification or sync errors, and a verification pass, is erased.
 *
 * nwipe's own statuses (src/logging.c, nwipe_log_summary): "Erased", "-FAILED-" (any error),
 * "UABORTED" (the user aborted), "INSANITY" (nwipe's own bug guard).
 */
import type { ErasureOutcome } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import { clean } from '../hardware/clean';

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
};

export type NwipeLog = {
  tool: string;
  toolVersion: string | null;
  method: string | null;
  verification: string | null;
  rounds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  disks: NwipeDisk[];
};

const LINE_TIME = /^\[(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\]/;

/** The log's own clock, as written ("2023-01-24T15:48:41"): the wiping machine's local time, without a zone. */
function timeOf(line: string): string | null {
  const m = LINE_TIME.exec(line);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}

const short = (device: string) => device.replace(/^\/dev\//, '');

/** "320 GB", "1 TB", "500 MB" as nwipe prints them: decimal units. */
function sizeOf(text: string | undefined): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|PB)$/i.exec(text?.trim() ?? '');
  if (!m) return null;
  const power = { KB: 1, MB: 2, GB: 3, TB: 4, PB: 5 }[m[2]!.toUpperCase() as 'KB'];
  return Math.round(Number(m[1]) * 1000 ** power);
}

/** nwipe's "verify" option: 0 off, 1 last pass, 2 all passes. */
function verificationOf(value: string): string | null {
  const v = value.trim();
  if (/^0\b|off/i.test(v)) return 'off';
  if (/^1\b|last/i.test(v)) return 'last pass';
  if (/^2\b|all/i.test(v)) return 'all passes';
  return clean(v);
}

export function parseNwipeLog(text: string): NwipeLog {
  // eslint-disable-next-line no-control-regex
  if (/\u0000/.test(text) || /[\u0001-\u0008\u000e-\u001a]/.test(text.slice(0, 4096))) throw new AppError(422, 'erasure.log.notText');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const disks = new Map<string, NwipeDisk>();
  const disk = (device: string): NwipeDisk => {
    const key = short(device);
    let d = disks.get(key);
    if (!d) {
      d = { device: `/dev/${key}`, model: null, serial: null, sizeBytes: null, bus: null, method: null, verification: null, rounds: null, status: 'unfinished', outcome: 'unfinished', durationSeconds: null, throughputMBs: null, errors: null, startedAt: null, finishedAt: null };
      disks.set(key, d);
    }
    return d;
  };
  const log: NwipeLog = { tool: 'nwipe', toolVersion: null, method: null, verification: null, rounds: null, startedAt: null, finishedAt: null, disks: [] };
  let table: 'errors' | 'status' | null = null;
  let sawNwipe = false;
  for (const line of lines) {
    const at = timeOf(line);
    if (at) {
      log.startedAt ??= at;
      log.finishedAt = at;
    }
    const body = line.replace(LINE_TIME, '').replace(/^\s*(notice|info|warning|error|fatal|debug|sanity|nomem)\s*:\s*/i, '');
    let m: RegExpExecArray | null;
    if (/Error Summary/i.test(line)) (table = 'errors'), (sawNwipe = true);
    else if (/Drive Status/i.test(line)) (table = 'status'), (sawNwipe = true);
    else if (/^\*{10,}\s*$/.test(line.trim())) table = null;
    if (table && line.includes('|') && !/Device\s*\|/.test(line)) {
      const cells = line.split('|').map((c) => c.trim());
      const name = cells[0]!.replace(/^!/, '').trim();
      if (!/^[\w.-]+$/.test(name)) continue;
      const d = disk(name);
      if (table === 'errors' && cells.length >= 4) {
        d.errors = { pass: Number(cells[1]) || 0, verification: Number(cells[2]) || 0, sync: Number(cells[3]) || 0 };
      } else if (table === 'status' && cells.length >= 5) {
        d.status = cells[1]!.replace(/^-+|-+$/g, '').trim() || 'unknown';
        const thru = /([\d.]+)\s*([KMG])B\/s/i.exec(cells[2]!);
        if (thru) d.throughputMBs = Number(thru[1]) * ({ K: 1 / 1000, M: 1, G: 1000 }[thru[2]!.toUpperCase() as 'M']);
        const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(cells[3]!);
        if (hms) d.durationSeconds = Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
        // "Model/Serial": both cut to fit the column; the Found lines have them whole.
        const slash = cells[4]!.lastIndexOf('/');
        if (slash > 0) {
          d.model ??= clean(cells[4]!.slice(0, slash));
          d.serial ??= clean(cells[4]!.slice(slash + 1));
        }
      }
      continue;
    }
    if ((m = /^Found (\/dev\/\S+?),\s*(.*)$/.exec(body))) {
      sawNwipe = true;
      const d = disk(m[1]!);
      const parts = m[2]!.split(/,\s*/);
      const serial = parts.length && /^S\/N=/.test(parts[parts.length - 1]!) ? parts.pop()!.slice(4) : null;
      const size = parts.length ? sizeOf(parts[parts.length - 1]) : null;
      if (size !== null) parts.pop();
      d.bus = clean(parts.shift());
      d.model = clean(parts.join(', ')) ?? d.model;
      d.serial = clean(serial) ?? d.serial;
      d.sizeBytes ??= size;
    } else if ((m = /^(\/dev\/\S+) has serial number (.+)$/.exec(body))) {
      disk(m[1]!).serial = clean(m[2]) ?? disk(m[1]!).serial;
    } else if ((m = /^(\/dev\/\S+), sect\/blk\/dev \d+\/\d+\/(\d+)$/.exec(body))) {
      disk(m[1]!).sizeBytes = Number(m[2]);
    } else if ((m = /^banner\s*=\s*(.+)$/.exec(body.trim()))) {
      sawNwipe = true;
      log.toolVersion = clean(m[1]);
    } else if ((m = /^method\s*=\s*(.+)$/.exec(body.trim()))) {
      log.method = clean(m[1]);
    } else if ((m = /^rounds\s*=\s*(\d+)/.exec(body.trim()))) {
      log.rounds = Number(m[1]);
    } else if ((m = /^verify\s*=\s*(.+)$/.exec(body.trim()))) {
      log.verification = verificationOf(m[1]!);
    } else if ((m = /^Invoking method '(.+)' on (\/dev\/\S+)/.exec(body))) {
      sawNwipe = true;
      const d = disk(m[2]!);
      d.method = clean(m[1]);
      d.startedAt ??= at;
    } else if ((m = /^Finished final round \d+ of (\d+) on (\/dev\/\S+)/.exec(body))) {
      const d = disk(m[2]!);
      d.rounds = Number(m[1]);
      d.finishedAt = at;
    } else if ((m = /^Nwipe (successfully|was aborted|exited)/i.exec(body))) {
      sawNwipe = true;
    }
  }
  if (!sawNwipe || disks.size === 0) throw new AppError(422, 'erasure.log.notNwipe');

  for (const d of disks.values()) {
    d.method ??= log.method;
    d.verification ??= log.verification;
    d.rounds ??= log.rounds;
    d.outcome = outcomeOf(d);
    log.disks.push(d);
  }
  return log;
}

/**
 * Only a disk whose status is "Erased", with no pass, verification or sync errors, counts. A disk
 * erased without a verification pass is recorded as unverified: it does not count either.
 */
export function outcomeOf(d: Pick<NwipeDisk, 'status' | 'errors' | 'verification'>): ErasureOutcome {
  const status = d.status.toLowerCase();
  const errors = d.errors ? d.errors.pass + d.errors.verification + d.errors.sync : 0;
  if (/fail/.test(status) || errors > 0) return 'failed';
  if (/abort/.test(status)) return 'aborted';
  if (status === 'erased') return d.verification === 'off' ? 'unverified' : 'erased';
  return 'unfinished';
}
