import { createRequire } from 'node:module';
import type PDFKit from 'pdfkit';

type PdfDocumentClass = typeof PDFKit;
let loaded: PdfDocumentClass | undefined;

/**
 * pdfkit takes a fifth of a second to load (its fonts, compression and ciphers): a third of the
 * app's cold start. It is loaded the first time something draws a PDF or measures label text.
 */
export function pdfDocumentClass(): PdfDocumentClass {
  return (loaded ??= createRequire(import.meta.url)('pdfkit') as PdfDocumentClass);
}
