/**
 * Where everything goes on one label, in millimetres from the label's top-left corner. The PDF, ZPL
 * and SVG renderers only translate these shapes; none of them decides a position of its own.
 *
 *   ┌──────────┬──────────────────────────────┐
 *   │ ▄▄▄ ▄ ▄▄ │ DigiPASS Foligno             │  hub name
 *   │ █ █ ▀█▄  │ FOL-00042-K                  │  tag, large and bold
 *   │ ▀▀▀ █ ▀▄ │ ║│║║│║│║║│║│║║│║│║║│         │  Code 128 of the tag
 *   │ QR code  │ Portatile · Dell · E7240     │  short description
 *   └──────────┴──────────────────────────────┘
 */
import { pdfDocumentClass } from '../documents/pdfkit';
import { code128, CODE128_QUIET, qrMatrix, qrRuns, QR_QUIET } from './symbols';
import { dot, type LabelTemplate } from './templates';

/** What one label says. Never anything personal: tag, URL, hub and what the device is. */
export type LabelContent = { tag: string; url: string; hub: string; description: string };

export type Rect = [x: number, y: number, w: number, h: number];

export type TextOp = {
  x: number;
  /** The alphabetic baseline, mm from the top. */
  baseline: number;
  /** Font size (em), mm. */
  size: number;
  bold: boolean;
  text: string;
  /** The text's advance width in Helvetica at this size: SVG stretches to it, so preview and PDF agree. */
  width: number;
};

export type LabelDrawing = {
  qr: { x: number; y: number; module: number; modules: number; size: number; rects: Rect[] };
  code128: { x: number; y: number; module: number; modules: number; width: number; height: number; rects: Rect[] };
  texts: TextOp[];
};

// ---- text metrics: the standard Helvetica that pdfkit ships (AFM), shared by every renderer

let metrics: PDFKit.PDFDocument | undefined;
const ASCENT = 0.718;
const DESCENT = 0.207;

export function textWidth(text: string, bold: boolean, size: number): number {
  const PDFDocument = pdfDocumentClass();
  metrics ??= new PDFDocument({ autoFirstPage: false });
  metrics.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(1);
  return metrics.widthOfString(text) * size;
}

// The standard PDF fonts speak WinAnsi: Latin-1 plus a few typographic signs.
const WIN_ANSI_EXTRA = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);

/** Text the label fonts can print: accents kept where WinAnsi has them, stripped where not, anything else "?". */
export function printable(s: string): string {
  let out = '';
  for (const ch of s.replace(/\s+/g, ' ').trim()) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length === 1 && base.codePointAt(0)! < 0x7f ? base : '?';
    }
  }
  return out;
}

/** Cuts the text with an ellipsis until it fits the width. */
function fit(text: string, bold: boolean, size: number, width: number): string {
  if (textWidth(text, bold, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(cut + '…', bold, size) > width) cut = cut.slice(0, -1);
  return cut.trimEnd() + '…';
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The label's drawing for this template and content. Pure: the same input gives the same shapes. */
export function layoutLabel(t: LabelTemplate, content: LabelContent): LabelDrawing {
  const d = dot(t);
  const thermal = t.output === 'zpl';
  // Thermal printers address whole dots: every coordinate of a ZPL label sits on the dot grid.
  const at = (mm: number) => (thermal ? Math.round(mm / d) * d : mm);
  const W = t.label.width;
  // With a barcode band, the QR code and the text share the label above it.
  const band = t.barcodeBand ?? 0;
  const H = t.label.height - band;

  // QR code: whole-dot modules, as large as the box allows with its 4-module quiet zone.
  const matrix = qrMatrix(content.url);
  const n = matrix.size;
  const moduleDots = Math.floor(t.qrBox / (n + 2 * QR_QUIET) / d);
  if (moduleDots < 1) throw new Error(`QR code does not fit template ${t.id}`);
  const m = moduleDots * d;
  const qrSize = n * m;
  const qrX = at(t.qrLeft + (t.qrBox - qrSize) / 2);
  const qrY = at((H - qrSize) / 2);
  const qrRects: Rect[] = qrRuns(matrix).map(([c, r, len]) => [qrX + c * m, qrY + r * m, len * m, m]);

  // The text column, right of the QR code's quiet zone.
  const colX = at(t.qrLeft + t.qrBox);
  const colRight = W - t.inset;
  const colW = colRight - colX;
  const top = t.inset;
  const bottom = H - t.inset;
  const avail = bottom - top;

  const small = clamp(avail * 0.075, 1.9, 3);
  const hub = fit(printable(content.hub), false, small, colW);
  // Accented capitals (È, À) rise above Helvetica's ascender: the first line leaves them room.
  const hubBase = top + small * 0.9;

  const tag = printable(content.tag);
  const tagSize = Math.min(colW / textWidth(tag, true, 1), avail * 0.24, 8.5);
  const tagBase = hubBase + small * DESCENT + small * 0.25 + tagSize * ASCENT;

  const description = content.description ? fit(printable(content.description), false, small, colW) : '';
  const descBase = bottom - small * DESCENT;

  // Code 128: the widest whole-dot module that fits the column with its quiet zones. The left quiet
  // zone may share the QR code's white margin.
  const code = code128(content.tag);
  const qrWhiteRight = colX - (qrX + qrSize);
  let X: number;
  let barX: number;
  let barH: number;
  let barY: number;
  if (band > 0) {
    // Across the whole label below the rest, centred, its quiet zones inside the clear edge.
    const width = W - 2 * t.inset;
    X = Math.max(1, Math.floor(width / d / (code.modules + CODE128_QUIET))) * d;
    barX = at((W - code.modules * X) / 2);
    barH = band - t.inset - 0.5;
    barY = at(H + 0.5);
  } else {
    let xDots = Math.floor(colW / d / (code.modules + CODE128_QUIET));
    const leftPad = (x: number) => Math.max(0, CODE128_QUIET * x - qrWhiteRight);
    while (xDots > 1 && leftPad(xDots * d) + (code.modules + CODE128_QUIET) * xDots * d > colW) xDots--;
    X = Math.max(1, xDots) * d;
    barX = at(colX + leftPad(X));
    const barTop = tagBase + tagSize * DESCENT + avail * 0.04;
    const barBottom = (description ? descBase - small * ASCENT : bottom) - avail * 0.04;
    barH = Math.min(barBottom - barTop, 15);
    barY = at(barTop + (barBottom - barTop - barH) / 2);
  }
  const barHeight = thermal ? Math.floor(barH / d) * d : barH;
  const barRects: Rect[] = [];
  let x = barX;
  code.widths.forEach((w, i) => {
    if (i % 2 === 0) barRects.push([x, barY, w * X, barHeight]);
    x += w * X;
  });

  const texts: TextOp[] = [];
  const text = (s: string, baseline: number, size: number, bold: boolean) => {
    if (s) texts.push({ x: colX, baseline: at(baseline), size, bold, text: s, width: textWidth(s, bold, size) });
  };
  text(hub, hubBase, small, false);
  text(tag, tagBase, tagSize, true);
  text(description, descBase, small, false);

  return {
    qr: { x: qrX, y: qrY, module: m, modules: n, size: qrSize, rects: qrRects },
    code128: { x: barX, y: barY, module: X, modules: code.modules, width: code.modules * X, height: barHeight, rects: barRects },
    texts,
  };
}

/** A label placed on a page: its drawing and the top-left corner of its position, mm. */
export type PlacedLabel = { x: number; y: number; slot: number; drawing: LabelDrawing; content: LabelContent };
