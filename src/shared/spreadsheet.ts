/**
 * Spreadsheets in and out: CSV (with the separators and encodings that Italian offices actually
 * produce) and XLSX through read-excel-file / write-excel-file in a worker thread.
 */
import { Worker } from 'node:worker_threads';
import { fromRoot } from '../paths';
import { inertCell } from './cells';
import { parseCsvInSlices } from './csv';
import { AppError } from './errors';
import { readZipDirectory } from './zip';

export type Cell = string | number | boolean | null;
export type Sheet = { kind: 'csv' | 'xlsx'; rows: Cell[][] };

/** Cells a spreadsheet writer understands: a `{ date }` becomes a real date cell. */
export type OutCell = string | number | boolean | null | undefined | { date: string };

const WORKER = fromRoot('src', 'shared', 'xlsx-worker.mjs');
/** A sheet that needs more than this to read is refused. */
const WORKER_MEMORY_MB = 384;
/** A workbook may unzip to this much, by its own directory; a 2 MB file that unzips to 2 GB is a zip bomb. */
export const MAX_XLSX_UNZIPPED_BYTES = 128 * 1024 * 1024;
const MAX_XLSX_ENTRIES = 2000;
/** A reading that takes longer is stopped: a real sheet of 50,000 rows reads in a few seconds. */
const READ_TIMEOUT_MS = 60_000;
/** Workbooks read at once; the next upload waits its turn rather than doubling the memory in use. */
const MAX_READERS = 2;

function inWorker<T>(job: Record<string, unknown>, transfer: ArrayBuffer[] = [], timeoutMs = READ_TIMEOUT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job, transferList: transfer, resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => settle(() => reject(new Error('xlsx worker timed out'))), timeoutMs);
    worker.once('message', (m: { ok: boolean; message?: string } & T) => settle(() => (m.ok ? resolve(m) : reject(new Error(m.message)))));
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', (code) => settle(() => reject(new Error(`xlsx worker exited with ${code}`))));
  });
}

let readers = 0;
const waiting: (() => void)[] = [];
async function oneReaderAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (readers >= MAX_READERS) await new Promise<void>((resolve) => waiting.push(resolve));
  else readers++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else readers--;
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

export type ReadLimits = {
  /** Rows read at most, blank ones included; a file with more is refused with `tooMany`. */
  maxRows: number;
  /** Cells kept per row. */
  maxCells: number;
  tooMany: AppError;
};

/** The most any caller reads: a header and 50,000 rows of at most 1,000 cells. */
const DEFAULT_LIMITS: ReadLimits = { maxRows: 50_001, maxCells: 1000, tooMany: new AppError(422, 'imports.tooManyRows', { max: '50.000' }) };

/**
 * Reads an uploaded spreadsheet: XLSX by its signature, anything else as CSV text. A legacy .xls,
 * a binary file, a broken workbook or a zip bomb is refused with a 4xx that says what to do. Reading
 * stops at the row limit.
 */
export async function readSpreadsheet(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): Promise<Sheet> {
  if (bytes.length === 0) throw new AppError(422, 'imports.emptyFile');
  if (startsWith(bytes, OLE)) throw new AppError(415, 'imports.legacyXls');
  if (startsWith(bytes, ZIP)) return { kind: 'xlsx', rows: trimRows(await readXlsxRows(bytes, limits)) };
  return { kind: 'csv', rows: trimRows(await readCsvRows(bytes, limits)) };
}

async function readXlsxRows(bytes: Uint8Array, limits: ReadLimits): Promise<Cell[][]> {
  const dir = readZipDirectory(bytes, MAX_XLSX_ENTRIES);
  if (!dir) throw new AppError(422, 'imports.unreadableXlsx');
  if (dir.entries > MAX_XLSX_ENTRIES || dir.uncompressedBytes > MAX_XLSX_UNZIPPED_BYTES) throw new AppError(413, 'imports.xlsxTooBig', { max: '128 MB' });
  const { rows, truncated } = await oneReaderAtATime(async () => {
    const copy = bytes.slice().buffer;
    try {
      return await inWorker<{ rows: Cell[][]; truncated: boolean }>({ op: 'read', bytes: copy, maxRows: limits.maxRows, maxCells: limits.maxCells }, [copy]);
    } catch {
      throw new AppError(422, 'imports.unreadableXlsx');
    }
  });
  if (truncated) throw limits.tooMany;
  return rows;
}

/** CSV as Excel writes it in Italy (semicolons, Windows-1252) or as everyone else does (commas, UTF-8). */
async function readCsvRows(bytes: Uint8Array, limits: ReadLimits): Promise<Cell[][]> {
  if (bytes.includes(0)) throw new AppError(415, 'imports.notSpreadsheet');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lineEnd = text.indexOf('\n', start);
  const firstLine = text.slice(start, lineEnd < 0 ? Math.min(text.length, start + 64 * 1024) : Math.min(lineEnd, start + 64 * 1024));
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const).sort((a, b) => b[1] - a[1]);
  const delimiter = counts[0]![1] > 0 ? counts[0]![0] : ',';
  const { rows, truncated } = await parseCsvInSlices(text, delimiter, { maxRows: limits.maxRows, maxCells: limits.maxCells });
  if (truncated) throw limits.tooMany;
  return rows;
}

/** Drops blank rows at the end and blank cells at the end of each row. */
function trimRows(rows: Cell[][]): Cell[][] {
  const clean = rows.map((r) => {
    const out = r.map((c) => (typeof c === 'string' ? c.trim() : c)).map((c) => (c === '' ? null : c));
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  });
  while (clean.length && clean[clean.length - 1]!.length === 0) clean.pop();
  return clean;
}

/** One XLSX workbook of one sheet, written in the worker; dates shown the way the reader's language writes them. */
export async function writeXlsx(sheet: string, rows: OutCell[][], opts: { dateFormat: string; widths: number[] }): Promise<Uint8Array> {
  const cells = rows.map((r) => r.map(inertCell));
  const { bytes } = await inWorker<{ bytes: Uint8Array }>({ op: 'write', sheet: sheet.slice(0, 31), rows: cells, dateFormat: opts.dateFormat, widths: opts.widths });
  return bytes;
}
