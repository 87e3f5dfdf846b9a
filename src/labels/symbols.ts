/**
 * The two symbols on a label, as geometry and nothing else: the QR code's module matrix (from
 * `qrcode`) and the Code 128's bar and space widths (from bwip-js). The renderers draw them as
 * vector rectangles, so no raster image ever enters a label.
 */
import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';

export type QrMatrix = { size: number; dark: (row: number, col: number) => boolean };

/** Error correction M (15 % of the symbol can be lost); the library picks the smallest version that fits. */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  return { size, dark: (r, c) => data[r * size + c] === 1 };
}

/** Horizontal runs of dark modules, row by row: [column, row, length] in modules. Far fewer shapes than one per module. */
export function qrRuns(m: QrMatrix): [number, number, number][] {
  const runs: [number, number, number][] = [];
  for (let r = 0; r < m.size; r++) {
    let c = 0;
    while (c < m.size) {
      if (!m.dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && m.dark(r, c)) c++;
      runs.push([start, r, c - start]);
    }
  }
  return runs;
}

export type Code128 = {
  /** Bar, space, bar, ... widths in modules, start character to stop character. */
  widths: number[];
  modules: number;
};

/** Code 128 of the text, with the encoding (code sets B and C) chosen by bwip-js. */
export function code128(text: string): Code128 {
  const raw = bwipjs.raw('code128', text, {}) as { sbs?: number[] }[];
  const widths = raw[0]?.sbs;
  if (!widths) throw new Error('bwip-js returned no bars for Code 128');
  return { widths, modules: widths.reduce((a, w) => a + w, 0) };
}

/** Quiet zones the symbologies ask for, in modules. */
export const QR_QUIET = 4;
export const CODE128_QUIET = 10;
