/**
 * Spreadsheets in and out: CSV (with the separators and encodings that Italian offices actually
 * produce) and XLSX through read-excel-file / write-excel-file in a worker thread.
 */
import { Worker } from 'node:worker_threads';
import { fromRoot } from '../paths';
import { inertCell } from './cells';
import { parseCsv } from './csv';
import { AppError } from './errors';

export type Cell = string | number | boolean | null;
export type Sheet = { kind: 'csv' | 'xlsx'; rows: Cell[][] };

/** Cells a spreadsheet writer understands: a `{ date }` becomes a real date cell. */
export type OutCell = string | number | boolean | null | undefined | { date: string };

const WORKER = fromRoot('src', 'shared', 'xlsx-worker.mjs');
/** A sheet that needs more than this to read is refused (a zip bomb stops here, in the worker). */
const WORKER_MEMORY_MB = 384;

function inWorker<T>(job: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job, transferList: transfer, resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB } });
    let settled = false;
    worker.once('message', (m: { ok: boolean; message?: string } & T) => {
      settled = true;
      void worker.terminate();
      if (m.ok) resolve(m);
      else reject(new Error(m.message));
    });
    worker.once('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`xlsx worker exited with ${code}`));
      settled = true;
    });
  });
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/**
 * Reads an uploaded spreadsheet: XLSX by its signature, anything else as CSV text. A legacy .xls,
 * a binary file or a broken workbook is refused with a 4xx that says what to do.
 */
export async function readSpreadsheet(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.length === 0) throw new AppError(422, 'imports.emptyFile');
  if (startsWith(bytes, OLE)) throw new AppError(415, 'imports.legacyXls');
  if (startsWith(bytes, ZIP)) {
    const copy = bytes.slice().buffer;
    try {
      const { rows } = await inWorker<{ rows: Cell[][] }>({ op: 'read', bytes: copy }, [copy]);
      return { kind: 'xlsx', rows: trimRows(rows) };
    } catch {
      throw new AppError(422, 'imports.unreadableXlsx');
    }
  }
  return { kind: 'csv', rows: trimRows(readCsvRows(bytes)) };
}

/** CSV as Excel writes it in Italy (semicolons, Windows-1252) or as everyone else does (commas, UTF-8). */
function readCsvRows(bytes: Uint8Array): Cell[][] {
  if (bytes.includes(0)) throw new AppError(415, 'imports.notSpreadsheet');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const).sort((a, b) => b[1] - a[1]);
  const delimiter = counts[0]![1] > 0 ? counts[0]![0] : ',';
  return parseCsv(text, delimiter);
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
