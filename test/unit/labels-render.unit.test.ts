import { describe, expect, it } from 'vitest';
import type { LabelContent } from '../../src/labels/layout';
import { compose, renderPdf, renderSvgPage, renderZpl } from '../../src/labels/render';
import { findTemplate, TEMPLATES } from '../../src/labels/templates';
import { formatTag } from '../../src/tags/tag';
import { crop, decodeAll, inkBox, pdfPageSizesMm, rasteriseZpl, rasterisePdf, upscale } from '../support/labels';

/**
 * Every template printed, read back by poppler and zbar, and measured. The expected geometry below is
 * copied from the label stock makers' layouts, not from the app: if a template drifts, this fails.
 */
const STOCK: Record<string, { page: [number, number]; label: [number, number]; first: [number, number]; pitch: [number, number]; cols: number; rows: number }> = {
  'a4-3x7': { page: [210, 297], label: [63.5, 38.1], first: [7.25, 15.15], pitch: [66, 38.1], cols: 3, rows: 7 },
  'a4-2x7': { page: [210, 297], label: [99.1, 38.1], first: [4.65, 15.15], pitch: [101.6, 38.1], cols: 2, rows: 7 },
  'a4-3x8': { page: [210, 297], label: [63.5, 33.9], first: [7.25, 12.9], pitch: [66, 33.9], cols: 3, rows: 8 },
  'a4-2x8': { page: [210, 297], label: [99.1, 33.9], first: [4.65, 12.9], pitch: [101.6, 33.9], cols: 2, rows: 8 },
  'ql-62-roll': { page: [62, 40], label: [62, 40], first: [0, 0], pitch: [62, 40], cols: 1, rows: 1 },
  'ql-62x29': { page: [62, 29], label: [62, 29], first: [0, 0], pitch: [62, 29], cols: 1, rows: 1 },
  'zpl-50x25': { page: [50, 25], label: [50, 25], first: [0, 0], pitch: [50, 25], cols: 1, rows: 1 },
  'zpl-100x50': { page: [100, 50], label: [100, 50], first: [0, 0], pitch: [100, 50], cols: 1, rows: 1 },
};

const BASES = ['https://rigenera.digipass.umbria.it', 'http://127.0.0.1:3000', 'https://trashware.associazione-esempio.org/rigenera'];
const HUBS = ['FOL', 'PER', 'CDC', 'TER', 'ORV'];

function contents(count: number, seed = 0): LabelContent[] {
  return Array.from({ length: count }, (_, i) => {
    const hub = HUBS[(i + seed) % HUBS.length]!;
    const tag = formatTag(hub, [42, 7, 123456, 99999, 1000001][(i + seed) % 5]! + i);
    return {
      tag,
      url: `${BASES[(i + seed) % BASES.length]}/d/${tag}`,
      hub: `DigiPASS ${['Foligno', 'Perugia', 'Città di Castello', 'Terni', 'Orvieto'][(i + seed) % 5]}`,
      description: i % 4 === 3 ? '' : `Portatile · Lenovo · ThinkPad T${440 + i} «ricondizionato»`,
    };
  });
}

const DPI = 300;
const px = (mm: number) => (mm * DPI) / 25.4;
const mm = (pixels: number) => (pixels * 25.4) / DPI;

describe('every template has the stock’s geometry', () => {
  it('lists the makers’ page size, label size, first position and pitch', () => {
    expect(TEMPLATES.map((t) => t.id).sort()).toEqual(Object.keys(STOCK).sort());
    for (const t of TEMPLATES) {
      const s = STOCK[t.id]!;
      expect([t.page.width, t.page.height], t.id).toEqual(s.page);
      expect([t.label.width, t.label.height], t.id).toEqual(s.label);
      expect([t.origin.x, t.origin.y, t.pitch.x, t.pitch.y, t.columns, t.rows], t.id).toEqual([...s.first, ...s.pitch, s.cols, s.rows]);
      // Labels stay on the page.
      expect(s.first[0] + (s.cols - 1) * s.pitch[0] + s.label[0]).toBeLessThanOrEqual(s.page[0] + 1e-9);
      expect(s.first[1] + (s.rows - 1) * s.pitch[1] + s.label[1]).toBeLessThanOrEqual(s.page[1] + 1e-9);
    }
  });
});

describe.each(TEMPLATES.filter((t) => t.output === 'pdf').map((t) => [t.id]))('PDF template %s', (id) => {
  it('prints each label at its position, from the chosen start, and both symbols decode to the URL and the tag', async () => {
    const t = findTemplate(id)!;
    const s = STOCK[id]!;
    const perPage = s.cols * s.rows;
    const start = perPage > 1 ? 2 : 1;
    const items = contents(perPage > 1 ? perPage + 1 : 3, id.length);
    const pdf = await renderPdf(t, compose(t, items, { start }));
    const sizes = pdfPageSizesMm(pdf);
    const expectedPages = perPage > 1 ? 2 : 3;
    expect(sizes).toHaveLength(expectedPages);
    for (const size of sizes) {
      expect(size.width).toBeCloseTo(s.page[0], 1);
      expect(size.height).toBeCloseTo(s.page[1], 1);
    }

    const pages = rasterisePdf(pdf, DPI);
    const cells: { page: number; slot: number; item: number | null; image: ReturnType<typeof crop> }[] = [];
    let item = 0;
    pages.forEach((img, p) => {
      for (let slot = 0; slot < perPage; slot++) {
        const x = s.first[0] + (slot % s.cols) * s.pitch[0];
        const y = s.first[1] + Math.floor(slot / s.cols) * s.pitch[1];
        const used = (p > 0 || slot >= start - 1) && item < items.length;
        cells.push({ page: p, slot, item: used ? item++ : null, image: crop(img, px(x), px(y), px(s.label[0]), px(s.label[1])) });
      }
    });
    expect(item).toBe(items.length);

    const decoded = decodeAll(cells.map((c) => c.image));
    cells.forEach((cell, i) => {
      const where = `${id} page ${cell.page + 1} position ${cell.slot + 1}`;
      if (cell.item === null) {
        expect(inkBox(cell.image), `${where} should be left blank`).toBeNull();
        return;
      }
      const want = items[cell.item]!;
      expect(decoded[i]!.map((d) => `${d.type}:${d.text}`).sort(), where).toEqual([`CODE-128:${want.tag}`, `QR-Code:${want.url}`]);
      // Nothing is printed in the label's safety margin: a sheet fed a little askew still prints whole labels.
      const ink = inkBox(cell.image)!;
      expect(mm(ink.x), where).toBeGreaterThanOrEqual(t.inset - 0.2);
      expect(mm(ink.y), where).toBeGreaterThanOrEqual(t.inset - 0.2);
      expect(mm(ink.x + ink.w), where).toBeLessThanOrEqual(s.label[0] - t.inset + 0.2);
      expect(mm(ink.y + ink.h), where).toBeLessThanOrEqual(s.label[1] - t.inset + 0.2);
    });
  });

  it('draws a QR code at least 15 mm wide and square, on the left of the label', async () => {
    const t = findTemplate(id)!;
    const s = STOCK[id]!;
    // The shortest URL gives the fewest modules, hence the smallest symbol.
    const tag = formatTag('FOL', 1);
    const pdf = await renderPdf(t, compose(t, [{ tag, url: `http://a.it/d/${tag}`, hub: 'H', description: '' }]));
    const page = rasterisePdf(pdf, DPI)[0]!;
    const label = crop(page, px(s.first[0]), px(s.first[1]), px(t.qrLeft + t.qrBox), px(s.label[1]));
    const qr = inkBox(label)!;
    expect(mm(qr.w)).toBeGreaterThanOrEqual(15);
    expect(Math.abs(qr.w - qr.h)).toBeLessThanOrEqual(2);
    expect(decodeAll([label])[0]).toEqual([{ type: 'QR-Code', text: `http://a.it/d/${tag}` }]);
  });
});

describe('offsets for a printer that shifts the page', () => {
  it('moves every label by dx, dy millimetres', async () => {
    const t = findTemplate('a4-3x7')!;
    const items = contents(1);
    const ink = async (dx: number, dy: number) => inkBox(rasterisePdf(await renderPdf(t, compose(t, items, { dx, dy })), DPI)[0]!)!;
    const plain = await ink(0, 0);
    const moved = await ink(1.5, -2);
    // One 300 dpi pixel is 0.085 mm.
    expect(Math.abs(mm(moved.x - plain.x) - 1.5)).toBeLessThan(0.1);
    expect(Math.abs(mm(moved.y - plain.y) + 2)).toBeLessThan(0.1);
  });
});

describe.each(TEMPLATES.filter((t) => t.output === 'zpl').map((t) => [t.id]))('ZPL template %s', (id) => {
  it('is one format per label at 8 dots/mm whose boxes print a QR code and a Code 128 that decode', () => {
    const t = findTemplate(id)!;
    const s = STOCK[id]!;
    const items = contents(5, 3);
    const zpl = renderZpl(t, compose(t, items));
    const labels = rasteriseZpl(zpl);
    expect(labels).toHaveLength(items.length);
    expect(zpl).toContain('^CI28');
    const decoded = decodeAll(labels.map((l) => upscale(l.image, 4)));
    labels.forEach((l, i) => {
      expect([l.pw, l.ll]).toEqual([s.label[0] * 8, s.label[1] * 8]);
      expect(decoded[i]!.map((d) => `${d.type}:${d.text}`).sort()).toEqual([`CODE-128:${items[i]!.tag}`, `QR-Code:${items[i]!.url}`]);
      expect(l.fields.map((f) => f.text)).toContain(items[i]!.tag);
      expect(l.fields.map((f) => f.text)).toContain(items[i]!.hub);
      for (const f of l.fields) {
        expect(f.x).toBeGreaterThanOrEqual(0);
        expect(f.y).toBeLessThanOrEqual(l.ll);
      }
      // The QR code alone: the left part of the label, above the barcode band if there is one.
      const qr = inkBox(crop(l.image, 0, 0, t.qrLeft * 8 + t.qrBox * 8, l.ll - (t.barcodeBand ?? 0) * 8))!;
      // Beside the Code 128 it is at least 15 mm; on the 50 mm label, with the Code 128 along the bottom, at least 10 mm.
      expect(qr.w / 8).toBeGreaterThanOrEqual(t.barcodeBand ? 10 : 15);
    });
  });

  it('prints Code 128 modules at least 2 dots wide, so a cheap hub scanner reads them, and QR modules at least 3', () => {
    const t = findTemplate(id)!;
    for (const item of contents(3)) {
      const drawing = compose(t, [item])[0]![0]!.drawing;
      expect(Math.round(drawing.code128.module / 0.125), item.tag).toBeGreaterThanOrEqual(2);
      expect(Math.round(drawing.qr.module / 0.125), item.tag).toBeGreaterThanOrEqual(3);
    }
  });

  it('escapes ZPL control characters in text fields', () => {
    const t = findTemplate(id)!;
    const tag = formatTag('FOL', 5);
    const zpl = renderZpl(t, compose(t, [{ tag, url: `http://x.it/d/${tag}`, hub: 'Hub ^XZ~JA_', description: 'a^b' }]));
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(rasteriseZpl(zpl)[0]!.fields.map((f) => f.text)).toContain('Hub ^XZ~JA_');
  });
});

describe('the SVG print preview', () => {
  it('has the page size in millimetres and the same shapes as the printed file', () => {
    for (const t of TEMPLATES) {
      const pages = compose(t, contents(2));
      const svg = renderSvgPage(t, pages[0]!, { outlines: true });
      expect(svg).toContain(`width="${t.page.width}mm" height="${t.page.height}mm" viewBox="0 0 ${t.page.width} ${t.page.height}"`);
      const first = pages[0]![0]!;
      const [x, y, w] = first.drawing.qr.rects[0]!;
      const r = (v: number) => String(Math.round(v * 1000) / 1000);
      expect(svg).toContain(`M${r(first.x + x)} ${r(first.y + y)}h${r(w)}`);
      expect(svg).toContain(`>${first.content.tag}</text>`);
    }
  });
});
