/**
 * How long a 500-label A4 PDF takes, as a ratio to generating the same 500 QR symbols alone.
 * Target: at most 4×. Run with `npm run bench:labels` (or `npx tsx scripts/bench-labels.ts`).
 */
import QRCode from 'qrcode';
import { compose, renderPdf } from '../src/labels/render';
import { findTemplate } from '../src/labels/templates';
import { formatTag } from '../src/tags/tag';

const COUNT = 500;
const RUNS = 7;
const BASE = 'https://rigenera.digipass.umbria.it';
const template = findTemplate(process.argv[2] ?? 'a4-3x7')!;

const contents = Array.from({ length: COUNT }, (_, i) => {
  const tag = formatTag(['FOL', 'PER', 'TER', 'CDC'][i % 4]!, 1000 + i);
  return { tag, url: `${BASE}/d/${tag}`, hub: 'DigiPASS Città di Castello', description: `Portatile · Lenovo · ThinkPad T${400 + (i % 90)}` };
});

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const qrOnly = () => {
  for (const c of contents) QRCode.create(c.url, { errorCorrectionLevel: 'M' });
};
let bytes = 0;
const pdf = async () => {
  bytes = (await renderPdf(template, compose(template, contents))).length;
};

// Warm up both (JIT, font metrics), then alternate the runs so both see the same machine load.
await time(qrOnly);
await time(pdf);
const qrTimes: number[] = [];
const pdfTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  qrTimes.push(await time(qrOnly));
  pdfTimes.push(await time(pdf));
}
const q = median(qrTimes);
const p = median(pdfTimes);
const pages = Math.ceil(COUNT / (template.columns * template.rows));
console.log(`labels: ${COUNT} on ${template.id} (${pages} pages, ${(bytes / 1024).toFixed(0)} KiB), median of ${RUNS} runs`);
console.log(`  ${COUNT} QR symbols alone:  ${q.toFixed(1)} ms`);
console.log(`  ${COUNT}-label PDF:         ${p.toFixed(1)} ms`);
console.log(`  ratio PDF / QR alone:    ${(p / q).toFixed(2)}× (target ≤ 4×)`);
process.exitCode = p / q <= 4 ? 0 : 1;
