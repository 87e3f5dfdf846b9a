/**
 * Reading printed labels back, as a scanner would: PDFs rasterised by poppler (pdftoppm), ZPL drawn
 * dot by dot from its ^GB boxes, and every symbol decoded by zbar (zbarimg). Nothing here knows how
 * the app lays a label out; the tests compare what comes back with what they asked for.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An 8-bit grey image: 0 black, 255 white. */
export type Gray = { width: number; height: number; data: Uint8Array };

export function parsePgm(buf: Buffer): Gray {
  // P5 <width> <height> <max>\n<bytes>
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    if (buf[pos] === 0x23) {
      while (buf[pos] !== 0x0a) pos++;
      continue;
    }
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) tok += String.fromCharCode(buf[pos++]!);
    tokens.push(tok);
  }
  pos++;
  if (tokens[0] !== 'P5') throw new Error('not a binary PGM');
  const width = Number(tokens[1]);
  const height = Number(tokens[2]);
  return { width, height, data: new Uint8Array(buf.subarray(pos, pos + width * height)) };
}

export function toPgm(img: Gray): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${img.width} ${img.height}\n255\n`), Buffer.from(img.data)]);
}

export function crop(img: Gray, x: number, y: number, w: number, h: number): Gray {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const width = Math.min(img.width - x0, Math.round(w));
  const height = Math.min(img.height - y0, Math.round(h));
  const data = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) data.set(img.data.subarray((y0 + r) * img.width + x0, (y0 + r) * img.width + x0 + width), r * width);
  return { width, height, data };
}

/** Bounding box of the dark pixels (< 128), or null when the image is blank. */
export function inkBox(img: Gray): { x: number; y: number; w: number; h: number } | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  for (let r = 0; r < img.height; r++) {
    for (let c = 0; c < img.width; c++) {
      if (img.data[r * img.width + c]! < 128) {
        if (c < minX) minX = c;
        if (c > maxX) maxX = c;
        if (r < minY) minY = r;
        if (r > maxY) maxY = r;
      }
    }
  }
  return maxX < 0 ? null : { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 };
}

/** Every page of a PDF as a grey image at `dpi`. */
export function rasterisePdf(pdf: Buffer, dpi = 300): Gray[] {
  const dir = mkdtempSync(join(tmpdir(), 'labels-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', join(dir, 'in.pdf'), join(dir, 'p')]);
    const files = execFileSync('ls', [dir])
      .toString()
      .split('\n')
      .filter((f) => f.endsWith('.pgm'))
      .sort();
    return files.map((f) => parsePgm(execFileSync('cat', [join(dir, f)], { maxBuffer: 1 << 28 })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Page sizes in millimetres, from poppler's pdfinfo. */
export function pdfPageSizesMm(pdf: Buffer): { width: number; height: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'labels-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9999', join(dir, 'in.pdf')]).toString();
    return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({
      width: (Number(m[1]) * 25.4) / 72,
      height: (Number(m[2]) * 25.4) / 72,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type Decoded = { type: string; text: string };

/** Decodes every image with zbarimg in one run; the answer keeps the images' order. */
export function decodeAll(images: Gray[]): Decoded[][] {
  const dir = mkdtempSync(join(tmpdir(), 'zbar-'));
  try {
    const files = images.map((img, i) => {
      const f = join(dir, `${String(i).padStart(4, '0')}.pgm`);
      writeFileSync(f, toPgm(img));
      return f;
    });
    let xml = '';
    try {
      xml = execFileSync('zbarimg', ['--xml', '-q', ...files], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 }).toString();
    } catch (e) {
      // zbarimg exits 4 when some image holds no symbol; its output is still complete.
      xml = (e as { stdout?: Buffer }).stdout?.toString() ?? '';
    }
    const bySource = new Map<string, Decoded[]>();
    for (const src of xml.matchAll(/<source href='([^']+)'>([\s\S]*?)<\/source>/g)) {
      const symbols = [...src[2]!.matchAll(/<symbol type='([^']+)'[^>]*><data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g)].map((m) => ({ type: m[1]!, text: m[2]! }));
      bySource.set(src[1]!, symbols);
    }
    return files.map((f) => bySource.get(f) ?? []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Scales an image up by an integer factor (nearest neighbour): one printer dot becomes `k` × `k` pixels. */
export function upscale(img: Gray, k: number): Gray {
  const out = new Uint8Array(img.width * k * img.height * k);
  for (let r = 0; r < img.height * k; r++) {
    for (let c = 0; c < img.width * k; c++) out[r * img.width * k + c] = img.data[Math.floor(r / k) * img.width + Math.floor(c / k)]!;
  }
  return { width: img.width * k, height: img.height * k, data: out };
}

/**
 * What a Zebra printer would print for each ^XA…^XZ format, as far as the symbols go: the label
 * (^PW × ^LL dots) with every filled ^GB box drawn black. Also returns each format's text fields.
 */
export function rasteriseZpl(zpl: string): { image: Gray; fields: { x: number; y: number; text: string }[]; pw: number; ll: number }[] {
  return [...zpl.matchAll(/\^XA([\s\S]*?)\^XZ/g)].map((m) => {
    const body = m[1]!;
    const pw = Number(/\^PW(\d+)/.exec(body)?.[1]);
    const ll = Number(/\^LL(\d+)/.exec(body)?.[1]);
    const data = new Uint8Array(pw * ll).fill(255);
    for (const b of body.matchAll(/\^FO(\d+),(\d+)\^GB(\d+),(\d+),(\d+)(?:,B)?(?:,\d)?\^FS/g)) {
      const [x, y, w, h, t] = b.slice(1, 6).map(Number) as [number, number, number, number, number];
      if (t < Math.min(w, h)) throw new Error('only filled boxes are expected');
      for (let r = y; r < Math.min(ll, y + h); r++) for (let c = x; c < Math.min(pw, x + w); c++) data[r * pw + c] = 0;
    }
    const fields = [...body.matchAll(/\^FT(\d+),(\d+)\^A0N,\d+,\d+\^FH_\^FD([^^]*)\^FS/g)].map((f) => ({
      x: Number(f[1]),
      y: Number(f[2]),
      text: f[3]!.replace(/_([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    }));
    return { image: { width: pw, height: ll, data }, fields, pw, ll };
  });
}
