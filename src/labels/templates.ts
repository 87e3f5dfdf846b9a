/**
 * Label templates: the exact millimetre geometry of every stock Rigenera prints on. One definition
 * per template drives the PDF, the ZPL and the SVG print preview (see layout.ts), so they cannot drift.
 *
 * Sheet geometry follows the manufacturers' published layouts for A4 stock (first label's top-left
 * corner, label size, pitch between label origins). Where a printer shifts the whole page, the user
 * corrects it with an offset (dx, dy), never by editing a template.
 */

export type TemplateKind = 'sheet' | 'roll' | 'die-cut' | 'thermal';
export type TemplateOutput = 'pdf' | 'zpl';

export type LabelTemplate = {
  id: string;
  kind: TemplateKind;
  output: TemplateOutput;
  /** Page (for sheets) or label (for rolls and thermal printers), in mm. */
  page: { width: number; height: number };
  label: { width: number; height: number };
  columns: number;
  rows: number;
  /** Top-left corner of the first label on the page, mm. */
  origin: { x: number; y: number };
  /** Distance between the top-left corners of neighbouring labels, mm. */
  pitch: { x: number; y: number };
  /** Blank margin kept inside each label edge: printer tolerance (sheets) or the printer's unprintable edge (Brother QL). */
  inset: number;
  /** Side of the square box holding the QR code and its quiet zone, mm; the box is centred vertically. */
  qrBox: number;
  /** Left edge of the QR box, mm from the label's left edge. */
  qrLeft: number;
  /**
   * The printer's resolution. Module widths of both symbols are whole printer dots, so every bar prints
   * the same width. For thermal (ZPL) templates every coordinate is snapped to the dot grid too.
   */
  dpi: number;
  /** Example stock, for people choosing what to buy. */
  stock: string;
  /**
   * Height of a band along the bottom edge that holds the Code 128 across the whole label, mm. For labels
   * too narrow to give it 2-dot modules beside the QR code; the QR code and the text share what is above.
   */
  barcodeBand?: number;
};

const A4 = { width: 210, height: 297 };

function sheet(
  id: string,
  columns: number,
  rows: number,
  label: { width: number; height: number },
  origin: { x: number; y: number },
  pitch: { x: number; y: number },
  qrBox: number,
  stock: string,
): LabelTemplate {
  return { id, kind: 'sheet', output: 'pdf', page: A4, label, columns, rows, origin, pitch, inset: 1.5, qrBox, qrLeft: 0.75, dpi: 600, stock };
}

function single(
  id: string,
  kind: TemplateKind,
  output: TemplateOutput,
  label: { width: number; height: number },
  opts: { inset: number; qrBox: number; qrLeft: number; dpi: number; stock: string; barcodeBand?: number },
): LabelTemplate {
  return { id, kind, output, page: label, label, columns: 1, rows: 1, origin: { x: 0, y: 0 }, pitch: { x: label.width, y: label.height }, ...opts };
}

export const TEMPLATES: readonly LabelTemplate[] = [
  sheet('a4-3x7', 3, 7, { width: 63.5, height: 38.1 }, { x: 7.25, y: 15.15 }, { x: 66, y: 38.1 }, 26, 'Avery L7160, J8160; Herma 4677'),
  sheet('a4-2x7', 2, 7, { width: 99.1, height: 38.1 }, { x: 4.65, y: 15.15 }, { x: 101.6, y: 38.1 }, 34, 'Avery L7163, J8163; Herma 4678'),
  sheet('a4-3x8', 3, 8, { width: 63.5, height: 33.9 }, { x: 7.25, y: 12.9 }, { x: 66, y: 33.9 }, 24, 'Avery L7159, J8159'),
  sheet('a4-2x8', 2, 8, { width: 99.1, height: 33.9 }, { x: 4.65, y: 12.9 }, { x: 101.6, y: 33.9 }, 31, 'Avery L7162, J8162'),
  // Brother QL: at least 2 mm of clear edge on every side (the printer's unprintable margin and the cut's tolerance).
  single('ql-62-roll', 'roll', 'pdf', { width: 62, height: 40 }, { inset: 2, qrBox: 30, qrLeft: 2, dpi: 300, stock: 'Brother DK-22205 (62 mm continuous), cut every 40 mm' }),
  single('ql-62x29', 'die-cut', 'pdf', { width: 62, height: 29 }, { inset: 2, qrBox: 25, qrLeft: 2, dpi: 300, stock: 'Brother DK-11209 (62 × 29 mm)' }),
  // 50 mm leave no room for a 2-dot Code 128 beside the QR code: it runs along the bottom instead.
  single('zpl-50x25', 'thermal', 'zpl', { width: 50, height: 25 }, { inset: 1, qrBox: 17, qrLeft: 0, dpi: 203, barcodeBand: 8, stock: 'Zebra 203 dpi, 50 × 25 mm direct thermal or transfer labels' }),
  single('zpl-100x50', 'thermal', 'zpl', { width: 100, height: 50 }, { inset: 2, qrBox: 34, qrLeft: 1, dpi: 203, stock: 'Zebra 203 dpi, 100 × 50 mm labels' }),
];

export const TEMPLATE_IDS = TEMPLATES.map((t) => t.id) as [string, ...string[]];
export const DEFAULT_TEMPLATE = 'a4-3x7';

export function findTemplate(id: string): LabelTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

export const perPage = (t: LabelTemplate) => t.columns * t.rows;

/** Top-left corner of every position on a page, in reading order (across, then down), mm. */
export function slots(t: LabelTemplate): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let r = 0; r < t.rows; r++) for (let c = 0; c < t.columns; c++) out.push({ x: t.origin.x + c * t.pitch.x, y: t.origin.y + r * t.pitch.y });
  return out;
}

/**
 * Which label goes where: page by page, the positions used, starting at `start` (1-based) on the
 * first page of a partly used sheet.
 */
export function paginate(t: LabelTemplate, count: number, start = 1): { slot: number; item: number }[][] {
  const n = perPage(t);
  const first = Math.min(Math.max(1, Math.floor(start)), n) - 1;
  const pages: { slot: number; item: number }[][] = [];
  let slot = first;
  let page: { slot: number; item: number }[] = [];
  for (let item = 0; item < count; item++) {
    page.push({ slot, item });
    slot++;
    if (slot === n) {
      pages.push(page);
      page = [];
      slot = 0;
    }
  }
  if (page.length) pages.push(page);
  return pages;
}

/** Millimetres per printer dot: 203 dpi thermal printers are addressed as exactly 8 dots per mm. */
export const dot = (t: LabelTemplate) => (t.dpi === 203 ? 0.125 : 25.4 / t.dpi);
