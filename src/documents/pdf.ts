/**
 * Plain A4 documents (certificates, delivery notes, agreements, reports) drawn with pdfkit: vector
 * text in the standard Helvetica, which pdfkit ships inside its npm package (nothing is downloaded).
 * Features describe their document as blocks; this module lays them out and paginates.
 */
import { pdfDocumentClass } from './pdfkit';

export type DocBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; small?: boolean }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'table'; columns: { label: string; width: number }[]; rows: string[][] }
  | { kind: 'signatures'; labels: string[] }
  | { kind: 'space'; mm?: number };

export type DocSpec = {
  title: string;
  subtitle?: string;
  /** Shown at the foot of every page, e.g. the verification code and where to check it. */
  footer?: string;
  /** Document metadata (PDF Info dictionary). */
  author?: string;
  blocks: DocBlock[];
};

const MM = 72 / 25.4;
const MARGIN = 18 * MM;
const PAGE = { width: 210 * MM, height: 297 * MM };
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN - 10 * MM;

export function renderDocument(spec: DocSpec): Promise<Buffer> {
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: spec.title, Author: spec.author ?? 'Rigenera', Creator: 'Rigenera' },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const ensure = (height: number) => {
    if (doc.y + height > BOTTOM) doc.addPage();
  };

  doc.font('Helvetica-Bold').fontSize(16).text(spec.title, { width: CONTENT_WIDTH });
  if (spec.subtitle) doc.font('Helvetica').fontSize(10).fillColor('#333333').text(spec.subtitle, { width: CONTENT_WIDTH }).fillColor('black');
  doc.moveDown(0.8);

  for (const block of spec.blocks) {
    switch (block.kind) {
      case 'heading':
        ensure(40);
        doc.moveDown(0.4).font('Helvetica-Bold').fontSize(12).text(block.text, MARGIN, doc.y, { width: CONTENT_WIDTH }).moveDown(0.3);
        break;
      case 'paragraph':
        doc.font('Helvetica').fontSize(block.small ? 8.5 : 10).text(block.text, MARGIN, doc.y, { width: CONTENT_WIDTH, align: 'left' }).moveDown(0.5);
        break;
      case 'facts': {
        const labelWidth = CONTENT_WIDTH * 0.35;
        doc.fontSize(10);
        for (const [label, value] of block.rows) {
          const h = Math.max(doc.font('Helvetica').heightOfString(value || '—', { width: CONTENT_WIDTH - labelWidth - 6 }), 12);
          ensure(h + 2);
          const y = doc.y;
          doc.font('Helvetica-Bold').text(label, MARGIN, y, { width: labelWidth });
          doc.font('Helvetica').text(value || '—', MARGIN + labelWidth + 6, y, { width: CONTENT_WIDTH - labelWidth - 6 });
          doc.y = y + h + 2;
        }
        doc.moveDown(0.4);
        break;
      }
      case 'table':
        drawTable(doc, block, ensure);
        break;
      case 'signatures': {
        ensure(60);
        doc.moveDown(2);
        const w = CONTENT_WIDTH / block.labels.length;
        const y = doc.y + 20;
        block.labels.forEach((label, i) => {
          const x = MARGIN + i * w;
          doc.moveTo(x, y).lineTo(x + w - 20, y).lineWidth(0.5).stroke();
          doc.font('Helvetica').fontSize(9).text(label, x, y + 4, { width: w - 20 });
        });
        doc.y = y + 30;
        doc.x = MARGIN;
        break;
      }
      case 'space':
        doc.y += (block.mm ?? 5) * MM;
        break;
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const foot = `${spec.footer ? spec.footer + ' · ' : ''}${i + 1}/${range.count}`;
    // The footer sits in the bottom margin: without lifting the margin, pdfkit would start a new (blank) page for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#333333').text(foot, MARGIN, PAGE.height - MARGIN, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, block: Extract<DocBlock, { kind: 'table' }>, ensure: (h: number) => void) {
  const total = block.columns.reduce((s, c) => s + c.width, 0);
  const widths = block.columns.map((c) => (c.width / total) * CONTENT_WIDTH);
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || '—', { width: widths[i]! - 4 }))) + 4;
    ensure(h);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c || '—', x + 2, y + 2, { width: widths[i]! - 4 });
      x += widths[i]!;
    });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + CONTENT_WIDTH, y + h).lineWidth(0.3).strokeColor('#888888').stroke().strokeColor('black');
    doc.y = y + h;
  };
  drawRow(block.columns.map((c) => c.label), true);
  for (const row of block.rows) drawRow(row, false);
  doc.x = MARGIN;
  doc.moveDown(0.6);
}
