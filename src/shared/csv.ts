import { inertText } from './cells';

export type CsvLimits = {
  /** Stop after this many rows (blank lines count: they are rows the parser had to read). */
  maxRows?: number;
  /** Cells kept per row; the rest of a row is skipped. */
  maxCells?: number;
};

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) read a slice at a time: `step` reads at
 * most `budget` characters and returns, so a caller can let the event loop breathe between slices.
 * Linear in the text: each character is looked at once, and plain runs are copied with one slice.
 */
export class CsvReader {
  readonly rows: string[][] = [];
  /** The text has more rows than `maxRows`: the rest was not read. */
  truncated = false;
  private row: string[] = [];
  private field = '';
  private quoted = false;
  private pos: number;
  private readonly delim: number;
  private readonly maxRows: number;
  private readonly maxCells: number;

  constructor(
    private readonly src: string,
    delimiter = ',',
    limits: CsvLimits = {},
  ) {
    this.pos = src.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.delim = delimiter.charCodeAt(0);
    this.maxRows = limits.maxRows ?? Infinity;
    this.maxCells = limits.maxCells ?? Infinity;
  }

  get done(): boolean {
    return this.pos >= this.src.length || this.truncated;
  }

  /** Reads about `budget` characters; true once the whole text (or the row limit) is read. */
  step(budget = Infinity): boolean {
    const { src, delim } = this;
    const stop = Math.min(src.length, this.pos + budget);
    let i = this.pos;
    while (i < stop && !this.truncated) {
      if (this.quoted) {
        const close = src.indexOf('"', i);
        if (close < 0) {
          this.field += src.slice(i);
          i = src.length;
        } else if (src.charCodeAt(close + 1) === QUOTE) {
          this.field += src.slice(i, close + 1);
          i = close + 2;
        } else {
          this.field += src.slice(i, close);
          this.quoted = false;
          i = close + 1;
        }
        continue;
      }
      let j = i;
      let ch = src.charCodeAt(j);
      while (j < stop && ch !== delim && ch !== QUOTE && ch !== CR && ch !== LF) ch = src.charCodeAt(++j);
      if (j > i) this.field += src.slice(i, j);
      if (j >= stop) {
        i = j;
        break;
      }
      if (ch === QUOTE) this.quoted = true;
      else if (ch === delim) this.endField();
      else {
        if (ch === CR && src.charCodeAt(j + 1) === LF) j++;
        this.endField();
        this.endRow();
      }
      i = j + 1;
    }
    this.pos = i;
    if (this.pos >= src.length && !this.truncated && (this.field !== '' || this.row.length > 0)) {
      this.endField();
      this.endRow();
    }
    return this.done;
  }

  private endField() {
    if (this.row.length < this.maxCells) this.row.push(this.field);
    this.field = '';
  }

  private endRow() {
    if (this.rows.length >= this.maxRows) this.truncated = true;
    else this.rows.push(this.row);
    this.row = [];
  }
}

/** RFC 4180 CSV in one go. Small on purpose: seed files, exports and tests; uploads go through `parseCsvInSlices`. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const reader = new CsvReader(text, delimiter);
  reader.step();
  return reader.rows;
}

/** Characters read between two turns of the event loop: a few milliseconds of work. */
const SLICE_CHARS = 256 * 1024;

/** CSV from an upload, read in slices so that no request waits behind it, and only up to the limits. */
export async function parseCsvInSlices(text: string, delimiter: string, limits: CsvLimits): Promise<{ rows: string[][]; truncated: boolean }> {
  const reader = new CsvReader(text, delimiter, limits);
  while (!reader.step(SLICE_CHARS)) await new Promise((resolve) => setImmediate(resolve));
  return { rows: reader.rows, truncated: reader.truncated };
}

/** One CSV field: quoted when needed, and text a spreadsheet would run as a formula made inert (cells.ts). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? inertText(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
