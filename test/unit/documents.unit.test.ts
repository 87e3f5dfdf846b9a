import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderDocument, type DocBlock } from '../../src/documents/pdf';

const pdftotext = (pdf: Buffer, page?: number) => execFileSync('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), '-', '-'], { input: pdf }).toString('utf8');
const pageCount = (pdf: Buffer) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pdf }).toString())![1]);

describe('the document engine', () => {
  const rows = Array.from({ length: 120 }, (_, i) => [`FOL-${String(i).padStart(5, '0')}`, 'Spoleto → Foligno', '19–20″ · € 1.499,00 · l’hub…']);

  it('numbers every page "Pagina n di m", repeats a table’s header on each page, and adds no page without content', async () => {
    const pdf = await renderDocument({
      title: 'Documento di prova: perché sì',
      subtitle: 'Hub DigiPASS Città di Castello',
      footer: 'Codice di verifica ABC123',
      blocks: [
        {
          kind: 'facts',
          rows: [
            ['Un’etichetta lunga che va a capo più volte, perché è lunga', 'breve'],
            ['Hub', 'DigiPASS Foligno'],
          ],
        },
        {
          kind: 'table',
          columns: [
            { label: 'Codice', width: 2 },
            { label: 'Tratta', width: 2 },
            { label: 'Note', width: 3 },
          ],
          rows,
          footer: ['', 'Totale', '€ 179.880,00'],
        },
        { kind: 'signatures', labels: ['Per l’hub', 'Per il destinatario'] },
        // Space at the very end never makes a page of its own.
        { kind: 'space', mm: 250 },
      ],
    });
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let p = 1; p <= pages; p++) {
      const lines = pdftotext(pdf, p)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      expect(lines.at(-1)).toBe(`Codice di verifica ABC123 · Pagina ${p} di ${pages}`);
      expect(
        lines.some((l) => /^Codice\s+Tratta\s+Note$/.test(l)),
        `header on page ${p}`,
      ).toBe(true);
      expect(lines.length, `page ${p} has more than its footer`).toBeGreaterThan(2);
    }
    const text = pdftotext(pdf);
    // The glyphs the standard Helvetica lacked, exactly.
    expect(text).toContain('Spoleto → Foligno');
    expect(text).toContain('19–20″ · € 1.499,00 · l’hub…');
    expect(text).toContain('Città di Castello');
    expect(text).toContain('FOL-00119');
    expect(text).toMatch(/Totale\s+€ 179\.880,00/);
    // A long label takes its own lines: the next row starts below it, not over it.
    expect(text).toMatch(/Un’etichetta lunga che va a\s+breve/);
    expect(text).toMatch(/lunga\s*\n+\s*Hub\s+DigiPASS Foligno/);
  });

  it('embeds its fonts, and flows a paragraph longer than a page onto the next', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Frase numero ${i} del testo lungo.`).join(' ');
    const blocks: DocBlock[] = [
      { kind: 'notice', text: 'Documento incompleto. Mancano: indirizzo dell’hub.' },
      { kind: 'paragraph', text: long },
    ];
    const pdf = await renderDocument({ title: 'Paragrafo lungo', blocks, locale: 'en' });
    const fonts = execFileSync('pdffonts', ['-'], { input: pdf }).toString().split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) expect(row).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pdftotext(pdf, pages)).toContain(`Page ${pages} of ${pages}`);
    expect(pdftotext(pdf).replace(/\s+/g, ' ')).toContain('Frase numero 399 del testo lungo.');
  });
});
