/**
 * The JSX runtime every view compiles against (tsconfig's, esbuild's and vitest's `jsxImportSource` is
 * `#jsx`, mapped in package.json's "imports"). It is hono/jsx with one difference: an HTML element is a
 * plain hono/jsx node. hono/jsx gives <head>, <svg>, <title>, <meta>, <link>, <script>, <style>, <form>,
 * <input> and <button> client-side behaviour (hoisting into <head>, form actions as functions, a context
 * that follows a render across `await`). Our views use none of it, and it costs every page: it enters an
 * AsyncLocalStorage, which on Node 20 turns promise hooks on for the whole process, and once a <head> or
 * <svg> has been rendered it asks that storage for the current namespace at every element.
 * The HTML is the same (test/unit/render-html.unit.test.ts renders each view both ways).
 */
import { Fragment, jsxDEV } from 'hono/jsx/jsx-dev-runtime';

export type { JSX } from 'hono/jsx/jsx-runtime';
export { Fragment };

type Node = { key?: unknown; toStringToBuffer(buffer: unknown): void };
type NodeClass = new (tag: string, props: Record<string, unknown>, children: unknown[]) => Node;

/** hono/jsx's element class, which it does not export: the parent of its fragment's class. */
const ElementNode = Object.getPrototypeOf(Object.getPrototypeOf(Fragment({ children: [] }))).constructor as NodeClass;
if (typeof ElementNode?.prototype?.toStringToBuffer !== 'function') throw new Error('hono/jsx: its element class was not found');

export function jsx(tag: string | ((props: Record<string, unknown>) => unknown), props: Record<string, unknown>, key?: string): Node {
  if (typeof tag !== 'string') return jsxDEV(tag, props, key) as unknown as Node;
  const children = props.children;
  const node = new ElementNode(tag, props, children === undefined ? [] : Array.isArray(children) ? children : [children]);
  node.key = key;
  return node;
}

export { jsx as jsxs, jsx as jsxDEV };
