/**
 * THE engine for plain A4 documents (certificates, delivery notes, agreements, receipts, registers,
 * reports), drawn with pdfkit. Features describe their document as blocks; this module lays them out
 * and paginates:
 * - text is set in DejaVu Sans, embedded (subset) from the dejavu-fonts-ttf npm package, so every
 *   glyph the app prints exists (à è ì ò ù → ″ € ’ – …) and nothing is downloaded;
 * - the foot of every page says "Pagina n di m", in a band that body text never enters, so writing it
 *   never makes a new page;
 * - a page is added only when something is about to be drawn on it, so no page is empty;
 * - a table that breaks across pages repeats its header row.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pdfDocumentClass } from './pdfkit';

export type DocBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; small?: boolean }
  /** A boxed warning, e.g. what is missing from the document and who can fill it in. */
  | { kind: 'notice'; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'table'; columns: { label: string; width: number; align?: 'left' | 'right' }[]; rows: string[][]; footer?: string[] }
  | { kind: 'signatures'; labels: string[] }
  | { kind: 'space'; mm?: number };

export type DocSpec = {
  title: string;
  subtitle?: string;
  /** Shown at the foot of every page before the page number, e.g. the verification code. */
  footer?: string;
  /** Document metadata (PDF Info dictionary). */
  author?: string;
  /** The language of the page numbers; legal documents are always Italian (the default). */
  locale?: 'it' | 'en';
  blocks: DocBlock[];
};

const MM = 72 / 25.4;
const MARGIN = 18 * MM;
const FOOT_BAND = 12 * MM;
const PAGE = { width: 210 * MM, height: 297 * MM };
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
/** Body text stops here; the footer is written below it, inside the band. */
const BOTTOM = PAGE.height - MARGIN - FOOT_BAND;

const REGULAR = 'Sans';
const BOLD = 'Sans-Bold';

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** The TTF files, read once from the npm package (resolved next to node_modules, from src/ and dist/ alike). */
export function documentFonts(): { regular: Buffer; bold: Buffer } {
  if (!fonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fonts = { regular: readFileSync(join(dir, 'DejaVuSans.ttf')), bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')) };
  }
  return fonts;
}

export function pageLabel(locale: 'it' | 'en', n: number, of: number): string {
  return locale === 'en' ? `Page ${n} of ${of}` : `Pagina ${n} di ${of}`;
}

/** What never fits: a single cell or value longer than this is cut with an ellipsis. */
const MAX_CELL_HEIGHT = (BOTTOM - MARGIN) / 3;

export function renderDocument(spec: DocSpec): Promise<Buffer> {
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOT_BAND, left: MARGIN, right: MARGIN },
    info: { Title: spec.title, Author: spec.author ?? 'Rigenera', Creator: 'Rigenera' },
    bufferPages: true,
    autoFirstPage: true,
  });
  const { regular, bold } = documentFonts();
  doc.registerFont(REGULAR, regular);
  doc.registerFont(BOLD, bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  /** Starts a new page when `height` more points would not fit on this one. */
  const ensure = (height: number) => {
    if (doc.y + height > BOTTOM && doc.y > MARGIN + 1) {
      doc.addPage();
      doc.x = MARGIN;
      doc.y = MARGIN;
    }
  };

  doc.font(BOLD).fontSize(15).text(spec.title, MARGIN, MARGIN, { width: CONTENT_WIDTH });
  if (spec.subtitle) doc.font(REGULAR).fontSize(10).fillColor('#333333').text(spec.subtitle, { width: CONTENT_WIDTH }).fillColor('black');
  doc.moveDown(0.8);

  for (const block of spec.blocks) {
    switch (block.kind) {
      case 'heading':
        // A heading is kept with at least a few lines of what follows it.
        ensure(50);
        doc.moveDown(0.4).font(BOLD).fontSize(11.5).text(block.text, MARGIN, doc.y, { width: CONTENT_WIDTH }).moveDown(0.3);
        break;
      case 'paragraph': {
        doc.font(REGULAR).fontSize(block.small ? 8.5 : 10);
        ensure(doc.currentLineHeight(true) * 2);
        doc.text(block.text, MARGIN, doc.y, { width: CONTENT_WIDTH, align: 'left' }).moveDown(0.5);
        break;
      }
      case 'notice': {
        doc.font(BOLD).fontSize(9.5);
        const h = Math.min(doc.heightOfString(block.text, { width: CONTENT_WIDTH - 12 }), MAX_CELL_HEIGHT) + 10;
        ensure(h + 4);
        const y = doc.y;
        doc.rect(MARGIN, y, CONTENT_WIDTH, h).lineWidth(1).strokeColor('#b00020').stroke().strokeColor('black');
        doc
          .fillColor('#b00020')
          .text(block.text, MARGIN + 6, y + 5, { width: CONTENT_WIDTH - 12, height: h - 8, ellipsis: '…' })
          .fillColor('black');
        doc.x = MARGIN;
        doc.y = y + h + 8;
        break;
      }
      case 'facts':
        drawFacts(doc, block, ensure);
        break;
      case 'table':
        drawTable(doc, block, ensure);
        break;
      case 'signatures': {
        ensure(70);
        doc.moveDown(1.5);
        const w = CONTENT_WIDTH / block.labels.length;
        const y = doc.y + 24;
        block.labels.forEach((label, i) => {
          const x = MARGIN + i * w;
          doc
            .moveTo(x, y)
            .lineTo(x + w - 20, y)
            .lineWidth(0.5)
            .stroke();
          doc
            .font(REGULAR)
            .fontSize(9)
            .text(label, x, y + 4, { width: w - 20 });
        });
        doc.y = y + 34;
        doc.x = MARGIN;
        break;
      }
      case 'space':
        // Space at the foot of a page is simply dropped: it never starts a page of its own.
        doc.y = Math.min(doc.y + (block.mm ?? 5) * MM, BOTTOM);
        break;
    }
  }

  const range = doc.bufferedPageRange();
  const locale = spec.locale ?? 'it';
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const foot = [spec.footer, pageLabel(locale, i + 1 - range.start, range.count)].filter(Boolean).join(' · ');
    // Inside the foot band, with a fixed height: pdfkit never starts a page for it.
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#333333')
      .text(foot, MARGIN, BOTTOM + FOOT_BAND * 0.45, { width: CONTENT_WIDTH, align: 'center', height: FOOT_BAND, lineBreak: false, ellipsis: '…' });
    doc.fillColor('black');
  }
  doc.end();
  return done;
}

function drawFacts(doc: PDFKit.PDFDocument, block: Extract<DocBlock, { kind: 'facts' }>, ensure: (h: number) => void) {
  const labelWidth = CONTENT_WIDTH * 0.32;
  const valueWidth = CONTENT_WIDTH - labelWidth - 8;
  doc.fontSize(9.5);
  for (const [label, value] of block.rows) {
    // The taller of label and value sets the row: a long label never runs into the next row.
    const hl = doc.font(BOLD).heightOfString(label, { width: labelWidth });
    const hv = doc.font(REGULAR).heightOfString(value, { width: valueWidth });
    const h = Math.min(Math.max(hl, hv, 11), MAX_CELL_HEIGHT);
    ensure(h + 3);
    const y = doc.y;
    doc.font(BOLD).text(label, MARGIN, y, { width: labelWidth, height: h, ellipsis: '…' });
    doc.font(REGULAR).text(value, MARGIN + labelWidth + 8, y, { width: valueWidth, height: h, ellipsis: '…' });
    doc.x = MARGIN;
    doc.y = y + h + 3;
  }
  doc.moveDown(0.4);
}

function drawTable(doc: PDFKit.PDFDocument, block: Extract<DocBlock, { kind: 'table' }>, ensure: (h: number) => void) {
  const total = block.columns.reduce((s, c) => s + c.width, 0);
  const widths = block.columns.map((c) => (c.width / total) * CONTENT_WIDTH);
  const measure = (cells: string[], font: string) => {
    doc.font(font).fontSize(8.5);
    return Math.min(Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 4 }))), MAX_CELL_HEIGHT) + 5;
  };
  const put = (cells: string[], font: string, h: number, shade: boolean) => {
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y, CONTENT_WIDTH, h).fillColor('#eeeeee').fill().fillColor('black');
    doc.font(font).fontSize(8.5);
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 2.5, { width: widths[i]! - 4, height: h - 3, ellipsis: '…', align: block.columns[i]?.align ?? 'left' });
      x += widths[i]!;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + CONTENT_WIDTH, y + h)
      .lineWidth(0.3)
      .strokeColor('#888888')
      .stroke()
      .strokeColor('black');
    doc.x = MARGIN;
    doc.y = y + h;
  };
  const header = block.columns.map((c) => c.label);
  const headerHeight = measure(header, BOLD);
  const drawHeader = () => put(header, BOLD, headerHeight, true);

  const rows = block.footer ? [...block.rows, block.footer] : block.rows;
  // The header never ends a page alone: it is drawn with room for its first row.
  ensure(headerHeight + (rows[0] ? measure(rows[0], REGULAR) : 0));
  drawHeader();
  rows.forEach((row, i) => {
    const isFooter = block.footer !== undefined && i === rows.length - 1;
    const h = measure(row, isFooter ? BOLD : REGULAR);
    if (doc.y + h > BOTTOM) {
      doc.addPage();
      doc.y = MARGIN;
      drawHeader();
    }
    put(row, isFooter ? BOLD : REGULAR, h, false);
  });
  doc.x = MARGIN;
  doc.moveDown(0.6);
}
