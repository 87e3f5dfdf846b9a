import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Fragment as HonoFragment, jsx as honoJsx } from 'hono/jsx';
import { jsx as ours } from '#jsx/jsx-runtime';
import { toHtml } from '../../src/http/render';
import { translators } from '../../src/i18n/catalogue';
import { BarChart } from '../../views/figures/charts';
import { Layout } from '../../views/layout';
import type { View } from '../../views/view';

/**
 * Views compile against src/http/jsx (`#jsx`): hono/jsx without the client-side behaviour of <head>,
 * <svg>, <title>, <meta>, <link>, <script>, <style>, <form>, <input> and <button>. The HTML must be
 * the same as hono/jsx's for every way the views use those elements, and rendering a page must never
 * enter an AsyncLocalStorage (which turns Node's promise hooks on for every promise of the process).
 */
type Make = (tag: unknown, props: Record<string, unknown>, ...children: unknown[]) => unknown;
const viaHono: Make = (tag, props, ...children) => honoJsx(tag as string, props, ...(children as never[]));
const viaOurs: Make = (tag, props, ...children) => {
  const kids = children.length === 0 ? undefined : children.length === 1 ? children[0] : children;
  return ours(tag === 'fragment' ? (HonoFragment as never) : (tag as string), kids === undefined ? props : { ...props, children: kids });
};

/** The elements hono/jsx treats specially, used as the views use them. */
function page(h: Make) {
  const frag = (...c: unknown[]) => (h === viaHono ? honoJsx(HonoFragment, {}, ...(c as never[])) : h('fragment', {}, ...c));
  return h(
    'html',
    { lang: 'it' },
    h(
      'head',
      {},
      h('meta', { charset: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', {}, 'Dispositivo · Rigenera'),
      h('link', { rel: 'stylesheet', href: '/assets/app.css' }),
      h('script', { src: '/assets/app.js', defer: true }),
    ),
    h(
      'body',
      { class: 'wide' },
      h('link', { rel: 'stylesheet', href: '/assets/scan.css' }),
      h('style', {}, '.x{color:red}'),
      h(
        'form',
        { method: 'post', action: '/d/PER-00001-X/actions' },
        h('input', { type: 'hidden', name: 'csrf', value: 'a"b' }),
        h('button', { type: 'submit', disabled: false, formAction: '/x' }, 'Invia'),
      ),
      h(
        'svg',
        { viewBox: '0 0 10 10', width: '100%', role: 'img', 'aria-label': 'Grafico', xmlns: 'http://www.w3.org/2000/svg' },
        h('title', {}, 'Grafico & dati'),
        h('rect', { x: 0, y: 1, width: 5, height: 2 }),
        h('text', { x: 1, 'text-anchor': 'end' }, '5'),
      ),
      frag(h('p', { style: { color: 'red', 'font-size': '1em' } }, 'a < b'), null, false, 0),
      h('script', { src: '/assets/progress.js', defer: true }),
    ),
  );
}

const v: View = { t: translators.it, locale: 'it', user: null, csrf: 'token', path: '/', asset: (name) => `/assets/${name}` };

describe('the JSX runtime of the views', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes the same HTML as hono/jsx for head, svg, title, meta, link, script, style and form elements', async () => {
    const theirs = String(await (page(viaHono) as { toString(): unknown }).toString());
    expect(await toHtml(page(viaOurs))).toBe(theirs);
    expect(theirs).toContain('<title>Grafico &amp; dati</title><rect x="0"');
    expect(theirs).toContain('<head><meta charset="utf-8"/>');
  });

  it('renders the layout and a chart without entering an AsyncLocalStorage', async () => {
    const run = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    const enter = vi.spyOn(AsyncLocalStorage.prototype, 'enterWith');
    const html = await toHtml(
      <Layout v={v} title="Prova">
        <BarChart title="Dispositivi" items={[{ label: 'Laptop', value: 3 }]} locale="it" empty="Nessuno" />
      </Layout>,
    );
    expect(html).toContain('<title>Prova · Rigenera</title>');
    expect(html).toContain('<svg viewBox=');
    expect(run).not.toHaveBeenCalled();
    expect(enter).not.toHaveBeenCalled();
    // The spy sees hono/jsx's own elements enter the storage: without this runtime the test fails.
    await toHtml(page(viaHono));
    expect(run).toHaveBeenCalled();
  });
});
