import { describe, expect, it } from 'vitest';
import { Fragment as HonoFragment } from 'hono/jsx';
import { raw } from 'hono/html';
import { jsxDEV as honoJsx } from 'hono/jsx/jsx-dev-runtime';
import { jsx as ours } from '#jsx/jsx-runtime';
import { toHtml } from '../../src/http/render';

/**
 * The views' elements write themselves (src/http/jsx/jsx-runtime.ts) instead of through hono/jsx's
 * writer: the HTML must be the very same, byte for byte. Thousands of generated trees, with every kind
 * of attribute and child the two writers tell apart, are written both ways and compared.
 */
type Make = (tag: unknown, props: Record<string, unknown>, children: unknown[]) => unknown;
type NodeClass = new (tag: string, props: Record<string, unknown>, children: unknown[]) => unknown;
/** hono/jsx's own element class (which it does not export), with its own writer. */
const HonoElement = Object.getPrototypeOf(Object.getPrototypeOf(HonoFragment({ children: [] }))).constructor as NodeClass;
const kidsOf = (children: unknown[]) => (children.length === 0 ? undefined : children.length === 1 ? children[0] : children);
/** The same element as the views' runtime makes (children as the automatic JSX runtime passes them), written by hono/jsx. */
const viaHono: Make = (tag, props, children) => {
  const kids = kidsOf(children);
  const all = kids === undefined ? { ...props } : { ...props, children: kids };
  if (tag === 'fragment') return honoJsx(HonoFragment as never, all);
  if (typeof tag === 'string' && tag.startsWith('component:')) return honoJsx(components(viaHono)[tag.slice(10)] as never, all);
  return new HonoElement(tag as string, all, kids === undefined ? [] : Array.isArray(kids) ? kids : [kids]);
};
const viaOurs: Make = (tag, props, children) => {
  const kids = kidsOf(children);
  const all = kids === undefined ? { ...props } : { ...props, children: kids };
  if (tag === 'fragment') return ours(HonoFragment as never, all);
  if (typeof tag === 'string' && tag.startsWith('component:')) return ours(components(viaOurs)[tag.slice(10)] as never, all);
  return ours(tag as string, all);
};

/** Function components of every kind of result, each building its own elements with the same writer as its caller. */
function components(make: Make): Record<string, (props: Record<string, unknown>) => unknown> {
  return {
    pass: ({ children }) => children,
    wrap: ({ children, title }) => make('section', { title }, [children]),
    text: ({ title }) => title,
    raw: () => raw('<b>kept & raw</b>'),
    list: ({ children }) => [make('li', {}, ['first']), children],
    none: ({ title }) => (title ? null : false),
    // What the component was handed: one child as itself, several as an array.
    shape: ({ children }) => (Array.isArray(children) ? `array of ${children.length}` : typeof children),
  };
}
const COMPONENTS = ['pass', 'wrap', 'text', 'raw', 'list', 'none', 'shape'];

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const TAGS = ['div', 'p', 'span', 'a', 'input', 'br', 'img', 'option', 'select', 'textarea', 'td', 'li', 'button', 'form', 'label', 'meta', 'link', 'svg', 'rect', 'title', 'script', 'hr'];
const KEYS = [
  'class',
  'className',
  'htmlFor',
  'id',
  'href',
  'value',
  'checked',
  'disabled',
  'selected',
  'hidden',
  'required',
  'data-x',
  'aria-hidden',
  'aria-label',
  'style',
  'title',
  'name',
  'type',
  'rows',
  'colspan',
  'ref',
  'onClick',
  'formAction',
  'httpEquiv',
  'viewBox',
  'strokeWidth',
  'a b',
  'x"y',
  'dangerouslySetInnerHTML',
  'open',
  'defer',
  '',
];
const TEXTS = ['', 'plain', 'Tom & Jerry', '<script>alert(1)</script>', `l'etichetta "doppia"`, 'àèìòù €', 'a > b < c', '  spaced  '];

function attributeValue(r: ReturnType<typeof random>, key: string): unknown {
  if (key === 'onClick') return () => undefined;
  if (key === 'dangerouslySetInnerHTML' && r.next() < 0.5) return { __html: '<b>bold</b>' };
  if (key === 'style' && r.next() < 0.4) return { color: 'red', fontSize: 12, 'margin-top': '1px', zIndex: 3 };
  return r.pick<unknown>([...TEXTS, 0, -1, 1.5, 42, true, false, null, undefined, raw('<i>raw</i>'), new Date(0), ['a', 'b']]);
}

function tree(r: ReturnType<typeof random>, make: Make, depth: number): unknown {
  const roll = r.next();
  if (depth > 3 || roll < 0.25) return r.pick<unknown>([...TEXTS, 0, 7, 2.5, true, false, null, undefined, raw('<em>kept</em>')]);
  if (roll < 0.3) return [tree(r, make, depth + 1), tree(r, make, depth + 1)];
  const tag = roll < 0.35 ? 'fragment' : roll < 0.45 ? `component:${r.pick(COMPONENTS)}` : r.pick(TAGS);
  const props: Record<string, unknown> = {};
  if (tag.startsWith('component:')) props.title = r.pick<unknown>([...TEXTS, 0, 3, true, null, undefined]);
  else if (tag !== 'fragment') {
    const n = Math.floor(r.next() * 5);
    for (let i = 0; i < n; i++) {
      const key = r.pick(KEYS);
      props[key] = attributeValue(r, key);
    }
  }
  const children: unknown[] = [];
  const n = props.dangerouslySetInnerHTML && typeof props.dangerouslySetInnerHTML === 'object' ? 0 : Math.floor(r.next() * 4);
  for (let i = 0; i < n; i++) children.push(tree(r, make, depth + 1));
  // A single child that is itself an array of one: hono/jsx hands a component that one child.
  if (children.length === 1 && r.next() < 0.2) return make(tag, props, [[children[0]]]);
  return make(tag, props, children);
}

async function both(seed: number): Promise<[string | Error, string | Error]> {
  const write = async (make: Make) => {
    try {
      const node = tree(random(seed), make, 0);
      return make === viaHono ? String(await (make('div', {}, [node]) as { toString(): unknown }).toString()) : await toHtml(make('div', {}, [node]));
    } catch (error) {
      return error as Error;
    }
  };
  return [await write(viaHono), await write(viaOurs)];
}

describe("the views' element writer", () => {
  it('writes what hono/jsx writes, on 5,000 generated trees of elements, fragments and components', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 5000; seed++) {
      const [theirs, mine] = await both(seed);
      if (theirs instanceof Error || mine instanceof Error) {
        // A function that is not an event handler is refused by both, with the same message.
        expect(String(mine), `seed ${seed}`).toBe(String(theirs));
        continue;
      }
      expect(mine, `seed ${seed}`).toBe(theirs);
      compared++;
    }
    expect(compared).toBeGreaterThan(4000);
  });

  it('escapes attribute values and text, and writes void elements and boolean attributes as hono/jsx does', async () => {
    const html = await toHtml(
      viaOurs('p', { class: 'a "b" <c>', 'data-n': 3, hidden: true, 'aria-hidden': false, disabled: false }, ['x & y', viaOurs('br', {}, []), viaOurs('input', { checked: true, value: "it's" }, [])]),
    );
    expect(html).toBe('<p class="a &quot;b&quot; &lt;c&gt;" data-n="3" hidden="" aria-hidden="false">x &amp; y<br/><input checked="" value="it&#39;s"/></p>');
  });
});
