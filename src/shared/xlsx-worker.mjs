// Reads and writes XLSX off the main thread (read-excel-file / write-excel-file), so a large sheet
// never stalls the server. A workbook is read by its central directory (the universal build unzips with
// fflate's `unzip`, into buffers of the sizes the directory declares), and spreadsheet.ts has checked
// those sizes before this worker starts: the heap limit alone would not cap the unzipped ArrayBuffers.
// Plain JavaScript on purpose: it runs the same from src/ (tsx, tests) and from the bundled dist/.
import { parentPort, workerData } from 'node:worker_threads';
import { readSheet } from 'read-excel-file/universal';
import writeXlsxFile from 'write-excel-file/node';

const pad = (n) => String(n).padStart(2, '0');
const cell = (v) => {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const day = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    return v.getUTCHours() || v.getUTCMinutes() ? `${day}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}` : day;
  }
  return v === undefined ? null : v;
};

async function run(job) {
  if (job.op === 'read') {
    const rows = await readSheet(job.bytes);
    // Only the rows the caller may use travel back; a longer sheet is reported, not copied.
    const kept = rows.length > job.maxRows ? rows.slice(0, job.maxRows) : rows;
    return { rows: kept.map((r) => (r.length > job.maxCells ? r.slice(0, job.maxCells) : r).map(cell)), truncated: rows.length > job.maxRows };
  }
  if (job.op === 'write') {
    // Cells: strings, numbers, booleans, or { date: 'YYYY-MM-DD' } for a real spreadsheet date.
    const data = job.rows.map((r, i) =>
      r.map((v) => {
        if (v === null || v === undefined || v === '') return null;
        if (i === 0) return { value: String(v), fontWeight: 'bold' };
        if (typeof v === 'object' && v.date) return { value: new Date(`${v.date}T00:00:00Z`), type: Date, format: job.dateFormat };
        return v;
      }),
    );
    const buffer = await writeXlsxFile(data, { sheet: job.sheet, stickyRowsCount: 1, columns: job.widths.map((width) => ({ width })) }).toBuffer();
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  }
  throw new Error('unknown op');
}

run(workerData).then(
  (result) => parentPort.postMessage({ ok: true, ...result }),
  (error) => parentPort.postMessage({ ok: false, message: String(error && error.message ? error.message : error) }),
);
