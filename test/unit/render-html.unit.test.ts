import { describe, expect, it } from 'vitest';
import { Fragment, jsx } from 'hono/jsx';
import { toHtml } from '../../src/http/render';

/**
 * Pages are written straight into a buffer instead of through hono/jsx's toString() (which renders
 * inside an AsyncLocalStorage): the HTML must be the very same, escaping included, and a tree with an
 * async part must still render through the library's own path.
 */
const Row = (p: { label: string; value: string | number }) => jsx('tr', {}, jsx('th', {}, p.label), jsx('td', { 'data-v': p.value }, p.value));
const tree = () =>
  jsx(
    Fragment,
    {},
    jsx('h1', { class: 'x "quoted"' }, 'Tom & Jerry <script>alert(1)</script>'),
    jsx('table', {}, jsx(Row, { label: "l'etichetta", value: 'a<b' }), jsx(Row, { label: 'n', value: 3 })),
    jsx('input', { type: 'checkbox', checked: true, disabled: false, name: 'ok' }),
    [null, false, undefined, 'tail & end'],
  );

describe('toHtml', () => {
  it('gives the same HTML as hono/jsx toString(), escaping included', async () => {
    const ours = await toHtml(tree());
    expect(ours).toBe(String(await (tree() as unknown as { toString(): unknown }).toString()));
    expect(ours).toContain('Tom &amp; Jerry &lt;script&gt;');
    expect(ours).toContain('class="x &quot;quoted&quot;"');
  });

  it('renders a tree with an async component through the library', async () => {
    const Later = async (p: { text: string }) => jsx('em', {}, p.text);
    const html = await toHtml(jsx('p', {}, 'before ', jsx(Later, { text: 'a & b' }), ' after'));
    expect(html).toBe('<p>before <em>a &amp; b</em> after</p>');
  });

  it('passes plain strings through unchanged', async () => {
    expect(await toHtml('already <b>html</b>')).toBe('already <b>html</b>');
  });
});
