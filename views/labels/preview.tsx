import { raw } from 'hono/html';
import type { LabelTemplate } from '../../src/labels/templates';
import type { View } from '../view';

/**
 * A print-ready document: each page an SVG in millimetres inside a box of the page's exact size, and
 * a named CSS page of that size with no margins, so printing at 100 % puts labels where the PDF does.
 */
export function PrintPreview(p: { v: View; template: LabelTemplate; pagesSvg: string[]; back: string; pagesCss: string; title: string }) {
  const { v, template: t } = p;
  return (
    <html lang={v.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · Rigenera`}</title>
        <link rel="stylesheet" href={v.asset('labels.css')} />
        <link rel="stylesheet" href={p.pagesCss} />
        <script src={v.asset('labels.js')} defer></script>
      </head>
      <body class="print-preview">
        <div class="print-toolbar">
          <a href={p.back}>← {v.t('labels.back')}</a>
          <button type="button" data-print>
            {v.t('labels.print')}
          </button>
          <p>{v.t(t.kind === 'sheet' ? 'labels.printHint' : t.output === 'zpl' ? 'labels.zplHint' : 'labels.qlHint')}</p>
        </div>
        {p.pagesSvg.map((svg) => (
          <section class={`sheet fmt-${t.id}`}>{raw(svg)}</section>
        ))}
      </body>
    </html>
  );
}
