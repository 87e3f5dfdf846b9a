import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/documents/pdf';

const pdftotext = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

describe('renderDocument', () => {
  it('writes every block as real text, with Italian accents, across pages', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`FOL-${String(i).padStart(5, '0')}`, `Seriale-${i}`, 'Cancellato è verificato']);
    const pdf = await renderDocument({
      title: 'Documento di prova: perché sì',
      subtitle: 'Hub DigiPASS Città di Castello',
      footer: 'Codice di verifica ABC123',
      blocks: [
        { kind: 'facts', rows: [['Data', '22/11/2026'], ['Hub', 'DigiPASS Foligno']] },
        { kind: 'table', columns: [{ label: 'Codice', width: 2 }, { label: 'Seriale', width: 2 }, { label: 'Esito', width: 3 }], rows },
        { kind: 'signatures', labels: ['Per l’hub', 'Per il destinatario'] },
      ],
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdftotext(pdf);
    expect(text).toContain('Documento di prova: perché sì');
    expect(text).toContain('Città di Castello');
    expect(text).toContain('Seriale-119');
    expect(text).toContain('Per l’hub');
    expect(text).toMatch(/Codice di verifica ABC123 · 1\/[2-9]/);
  });
});
