/**
 * The three outputs of one geometry: a PDF (sheets and Brother QL), ZPL (Zebra at 203 dpi) and SVG
 * (the HTML print preview). Each only translates the shapes of layout.ts into its own language.
 */
import { pdfDocumentClass } from '../documents/pdfkit';
import { layoutLabel, type LabelContent, type PlacedLabel, type Rect } from './layout';
import { dot, paginate, slots, type LabelTemplate } from './templates';

export type PrintOptions = { start?: number; dx?: number; dy?: number };

/** Every label laid out and placed, page by page. The offset (dx, dy) moves everything to match a printer that shifts. */
export function compose(t: LabelTemplate, contents: LabelContent[], opts: PrintOptions = {}): PlacedLabel[][] {
  const positions = slots(t);
  const dx = opts.dx ?? 0;
  const dy = opts.dy ?? 0;
  return paginate(t, contents.length, opts.start ?? 1).map((page) =>
    page.map(({ slot, item }) => ({
      x: positions[slot]!.x + dx,
      y: positions[slot]!.y + dy,
      slot,
      content: contents[item]!,
      drawing: layoutLabel(t, contents[item]!),
    })),
  );
}

const PT = 72 / 25.4;
const n = (v: number) => Math.round(v * 1000) / 1000;

// ---- PDF

export function renderPdf(t: LabelTemplate, pages: PlacedLabel[][], title = 'Rigenera labels'): Promise<Buffer> {
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, info: { Title: title, Creator: 'Rigenera' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const size: [number, number] = [t.page.width * PT, t.page.height * PT];
  for (const page of pages) {
    doc.addPage({ size, margin: 0 });
    for (const label of page) {
      const { qr, code128, texts } = label.drawing;
      // One path per symbol, filled once: abutting modules print as one shape, with no hairlines between them.
      for (const rects of [qr.rects, code128.rects]) {
        for (const [x, y, w, h] of rects) doc.rect((label.x + x) * PT, (label.y + y) * PT, w * PT, h * PT);
        doc.fill('#000000');
      }
      for (const s of texts) {
        doc
          .font(s.bold ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(s.size * PT)
          .fillColor('#000000')
          .text(s.text, (label.x + s.x) * PT, (label.y + s.baseline) * PT, { lineBreak: false, baseline: 'alphabetic' });
      }
    }
  }
  doc.end();
  return done;
}

// ---- SVG (print preview)

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function pathOf(rects: Rect[], ox: number, oy: number): string {
  let d = '';
  for (const [x, y, w, h] of rects) d += `M${n(ox + x)} ${n(oy + y)}h${n(w)}v${n(h)}h${n(-w)}z`;
  return d;
}

/**
 * One page as SVG in millimetres (`width="210mm"`, viewBox in mm), so a browser printing at 100 %
 * puts every shape where the PDF does. Outlines of the positions are drawn for the screen only.
 */
export function renderSvgPage(t: LabelTemplate, page: PlacedLabel[], opts: { outlines?: boolean; usedBefore?: number } = {}): string {
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="label-page" width="${t.page.width}mm" height="${t.page.height}mm" viewBox="0 0 ${t.page.width} ${t.page.height}">`);
  parts.push(`<rect class="label-paper" x="0" y="0" width="${t.page.width}" height="${t.page.height}" fill="#fff"/>`);
  if (opts.outlines) {
    slots(t).forEach((s, i) => {
      const used = opts.usedBefore !== undefined && i < opts.usedBefore;
      parts.push(`<rect class="label-outline${used ? ' label-used' : ''}" x="${n(s.x)}" y="${n(s.y)}" width="${t.label.width}" height="${t.label.height}" rx="1.5"/>`);
    });
  }
  for (const label of page) {
    const { qr, code128, texts } = label.drawing;
    parts.push(`<g data-tag="${esc(label.content.tag)}">`);
    parts.push(`<path fill="#000" d="${pathOf(qr.rects, label.x, label.y)}${pathOf(code128.rects, label.x, label.y)}"/>`);
    for (const s of texts) {
      parts.push(
        `<text x="${n(label.x + s.x)}" y="${n(label.y + s.baseline)}" font-family="Helvetica, Arial, 'Liberation Sans', sans-serif" font-size="${n(s.size)}"${s.bold ? ' font-weight="bold"' : ''} textLength="${n(s.width)}" lengthAdjust="spacingAndGlyphs" fill="#000">${esc(s.text)}</text>`,
      );
    }
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}

// ---- ZPL (Zebra, 203 dpi: 8 dots per mm)

/** Field data with ^ ~ _ escaped as hex (^FH), UTF-8 throughout (^CI28). */
function zplField(s: string): string {
  return s.replace(/[\^~_]/g, (ch) => '_' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/**
 * One ^XA…^XZ format per label. Both symbols are drawn as filled ^GB boxes on the printer's own dot
 * grid (the same rectangles as the PDF), so what prints is exactly what the tests rasterise and decode;
 * text uses the printer's scalable font 0, positioned at its baseline (^FT).
 */
export function renderZpl(t: LabelTemplate, pages: PlacedLabel[][]): string {
  const d = dot(t);
  const dots = (mm: number) => Math.round(mm / d);
  const out: string[] = [];
  for (const page of pages) {
    for (const label of page) {
      const { qr, code128, texts } = label.drawing;
      const lines = ['^XA', '^CI28', `^PW${dots(t.label.width)}`, `^LL${dots(t.label.height)}`, '^LH0,0'];
      for (const [x, y, w, h] of [...qr.rects, ...code128.rects]) {
        const W = dots(w);
        const Hd = dots(h);
        lines.push(`^FO${dots(x)},${dots(y)}^GB${W},${Hd},${Math.min(W, Hd)},B,0^FS`);
      }
      for (const s of texts) {
        const h = Math.max(10, dots(s.size));
        lines.push(`^FT${dots(s.x)},${dots(s.baseline)}^A0N,${h},${h}^FH_^FD${zplField(s.text)}^FS`);
      }
      lines.push('^PQ1', '^XZ');
      out.push(lines.join('\n'));
    }
  }
  return out.join('\n') + '\n';
}
