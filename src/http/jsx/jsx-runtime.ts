/**
 * The JSX runtime every view compiles against (tsconfig's, esbuild's and vitest's `jsxImportSource` is
 * `#jsx`, mapped in package.json's "imports"). It writes the same HTML as hono/jsx, and an HTML element
 * is a plain node, never one of hono/jsx's special elements. hono/jsx gives <head>, <svg>, <title>,
 * <meta>, <link>, <script>, <style>, <form>, <input> and <button> client-side behaviour (hoisting into
 * <head>, form actions as functions, a context that follows a render across `await`). Our views use none of it, and it costs every page: it enters an
 * AsyncLocalStorage, which on Node 20 turns promise hooks on for the whole process, and once a <head> or
 * <svg> has been rendered it asks that storage for the current namespace at every element.
 * The HTML is the same (test/unit/render-html.unit.test.ts renders each view both ways).
 *
 * An element also writes itself faster than hono/jsx's does for what views are made of (string, number
 * and boolean attributes), with the same result: test/unit/jsx-writer.unit.test.ts compares the two on
 * thousands of generated trees. Anything else (a style object, inner HTML, an attribute that is an
 * object or a promise, an <svg>'s own attributes) is written by hono/jsx itself. Function components and
 * fragments are written here too (the same test generates them), a component called without a copy of
 * its props.
 */
import { Fragment, jsxDEV as honoJsx } from 'hono/jsx/jsx-dev-runtime';
import { escapeToBuffer, type StringBuffer } from 'hono/utils/html';

export type { JSX } from 'hono/jsx/jsx-runtime';
export { Fragment };

type Node = { key?: unknown; toStringToBuffer(buffer: unknown): void };
type NodeClass = new (tag: string, props: Record<string, unknown>, children: unknown[]) => Node;

/** hono/jsx's element class, which it does not export: the parent of its fragment's class. */
const ElementNode = Object.getPrototypeOf(Object.getPrototypeOf(Fragment({ children: [] }))).constructor as NodeClass;
if (typeof ElementNode?.prototype?.toStringToBuffer !== 'function') throw new Error('hono/jsx: its element class was not found');

/** As hono/jsx names them (its utils.ts). */
const RENAMED = new Map([
  ['className', 'class'],
  ['htmlFor', 'for'],
  ['crossOrigin', 'crossorigin'],
  ['httpEquiv', 'http-equiv'],
  ['itemProp', 'itemprop'],
  ['fetchPriority', 'fetchpriority'],
  ['noModule', 'nomodule'],
  ['formAction', 'formaction'],
]);
/** As hono/jsx's base.ts. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const BOOLEAN = new Set([
  'allowfullscreen',
  'async',
  'autofocus',
  'autoplay',
  'checked',
  'controls',
  'default',
  'defer',
  'disabled',
  'download',
  'formnovalidate',
  'hidden',
  'inert',
  'ismap',
  'itemscope',
  'loop',
  'multiple',
  'muted',
  'nomodule',
  'novalidate',
  'open',
  'playsinline',
  'readonly',
  'required',
  'reversed',
  'selected',
  'shadowrootclonable',
  'shadowrootdelegatesfocus',
  'shadowrootserializable',
]);
/** hono/jsx's isValidAttributeName, as one test on the whole name. */
const INVALID_NAME = /[\s"'<>/=`\\\x00-\x1f\x7f-\x9f]/;
/** Each prop's attribute name, or null when hono/jsx would leave the prop out. */
const names = new Map<string, string | null>();

function attributeName(key: string): string | null {
  let name = names.get(key);
  if (name === undefined) {
    const renamed = RENAMED.get(key) ?? key;
    name = renamed.length === 0 || INVALID_NAME.test(renamed) ? null : renamed;
    if (names.size < 1024) names.set(key, name);
  }
  return name;
}

/** hono/jsx's buffer: the text being written first, then any promise parts it had to leave for later. */
type Buffer = StringBuffer & { 0: string; callbacks?: unknown[] };
type Escaped = { isEscaped?: boolean; callbacks?: unknown[] };

class Element extends ElementNode {
  declare tag: string;
  declare props: Record<string, unknown>;
  declare children: unknown[];

  override toStringToBuffer(buffer: Buffer): void {
    const start = buffer[0];
    if (this.tag === 'svg' || !this.writeOpening(buffer)) {
      buffer[0] = start;
      super.toStringToBuffer(buffer);
      return;
    }
    const children = this.children;
    if (VOID.has(this.tag) && children.length === 0) {
      buffer[0] += '/>';
      return;
    }
    buffer[0] += '>';
    writeChildren(children, buffer);
    buffer[0] += `</${this.tag}>`;
  }

  /** `<tag attributes`, or false when an attribute needs hono/jsx's own writer. */
  private writeOpening(buffer: Buffer): boolean {
    const props = this.props;
    buffer[0] += `<${this.tag}`;
    for (const key in props) {
      const name = attributeName(key);
      if (name === null || name === 'children' || name === 'ref') continue;
      const v = props[key];
      if (v === null || v === undefined) continue;
      if (typeof v === 'string') {
        buffer[0] += ` ${name}="`;
        escapeToBuffer(v, buffer);
        buffer[0] += '"';
      } else if (typeof v === 'number') buffer[0] += ` ${name}="${v}"`;
      else if (typeof v === 'boolean') {
        if (!BOOLEAN.has(name)) buffer[0] += ` ${name}="${v}"`;
        else if (v) buffer[0] += ` ${name}=""`;
      } else return false;
    }
    return true;
  }
}

/** hono/jsx passes a component one child as itself, not as an array of one. */
function onlyChild(children: unknown): unknown {
  return Array.isArray(children) && children.length === 1 ? children[0] : children;
}

/**
 * A function component, called when written as hono/jsx's function node calls it, without copying its
 * props (a component gets the object the JSX call made: views never change their props). Its result is
 * written as hono/jsx writes it; a promise (an async component, which no view is) goes to hono/jsx's own
 * node, which calls the component again.
 */
class Component extends ElementNode {
  declare tag: (props: Record<string, unknown>) => unknown;
  declare props: Record<string, unknown>;

  override toStringToBuffer(buffer: Buffer): void {
    const children = this.props.children;
    const only = onlyChild(children);
    const props = only === children ? this.props : { ...this.props, children: only };
    const res = this.tag.call(null, props);
    if (typeof res === 'boolean' || res === null || res === undefined) return;
    if (res instanceof Promise) {
      res.catch(() => undefined);
      (honoJsx(this.tag as never, this.props) as unknown as Node).toStringToBuffer(buffer);
    } else if (res instanceof ElementNode) (res as Node).toStringToBuffer(buffer);
    else if (Array.isArray(res)) writeChildren(res, buffer);
    else if (typeof res === 'number' || (res as Escaped).isEscaped) {
      buffer[0] += res as string;
      const callbacks = (res as Escaped).callbacks;
      if (callbacks) (buffer.callbacks ||= []).push(...callbacks);
    } else escapeToBuffer(res as string, buffer);
  }
}

/** A fragment: its children, written in place. */
class FragmentNode extends ElementNode {
  declare children: unknown[];
  override toStringToBuffer(buffer: Buffer): void {
    writeChildren(this.children, buffer);
  }
}

/** hono/jsx's childrenToStringToBuffer, kind by kind. */
function writeChildren(children: ArrayLike<unknown>, buffer: Buffer): void {
  for (let i = 0, len = children.length; i < len; i++) {
    const child = children[i];
    if (typeof child === 'string') escapeToBuffer(child, buffer);
    else if (typeof child === 'boolean' || child === null || child === undefined) continue;
    else if (child instanceof ElementNode) (child as Node).toStringToBuffer(buffer);
    else if (typeof child === 'number') buffer[0] += child;
    else if ((child as Escaped).isEscaped) {
      buffer[0] += child as string;
      const callbacks = (child as Escaped).callbacks;
      if (callbacks) (buffer.callbacks ||= []).push(...callbacks);
    } else if (child instanceof Promise) buffer.unshift('', child as never);
    else writeChildren(child as ArrayLike<unknown>, buffer);
  }
}

export function jsx(tag: string | ((props: Record<string, unknown>) => unknown), props: Record<string, unknown>, key?: string): Node {
  let node: Node;
  if (typeof tag === 'string') {
    const children = props.children;
    node = new Element(tag, props, children === undefined ? [] : Array.isArray(children) ? children : [children]);
  } else if (tag === Fragment) {
    const only = onlyChild(props.children);
    // As hono/jsx's Fragment: a falsy only child (0, '') is left out.
    node = new FragmentNode('', props, Array.isArray(only) ? only : only ? [only] : []);
  } else node = new Component(tag as never, props, []);
  node.key = key;
  return node;
}

export { jsx as jsxs, jsx as jsxDEV };
