import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { escapeToBuffer, type StringBuffer } from 'hono/utils/html';
import { Layout, navItems, UnreadBadge } from '../../views/layout';
import type { View } from '../../views/view';
import type { Assets } from './assets';
import type { AppEnv } from './env';
import { hasInbox, unreadFor } from '../inbox/service';

let assets: Assets | undefined;
export function useAssets(a: Assets) {
  assets = a;
  shells.clear();
}

export function viewOf(c: Context<AppEnv>): View {
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    user: c.get('user'),
    csrf: c.get('csrf'),
    path: c.req.path,
    asset: (name) => assets?.url(name) ?? `/assets/${name}`,
  };
}

/** Where each request's own values go in a rendered shell. */
const SLOTS = { title: '%%rg-title%%', csrf: '%%rg-csrf%%', path: '%%rg-path%%', badge: '%%rg-badge%%', main: '%%rg-main%%' } as const;
type Slot = keyof typeof SLOTS;
const SLOT_OF = new Map<string, Slot>(Object.entries(SLOTS).map(([k, marker]) => [marker, k as Slot]));
const MARKERS = new RegExp(Object.values(SLOTS).join('|'), 'g');

/** The layout as text between the slots: `text[0] slot[0] text[1] … slot[n-1] text[n]`. */
type Shell = { text: string[]; slots: Slot[] };

/**
 * The layout (head, navigation, language and logout forms, footer) depends only on the language, the
 * person's role, which nav link is the current page and the page width, so it is rendered once for each
 * of those and each request only fills in its title, form token, path, unread badge and body.
 */
const shells = new Map<string, Shell>();
let navHrefs: Set<string> | undefined;

async function shellFor(v: View, wide: boolean): Promise<Shell> {
  navHrefs ??= new Set(navItems(v).map((n) => n.href));
  const current = navHrefs.has(v.path) ? v.path : '';
  const u = v.user;
  const key = `${v.locale}|${u ? `${u.role}|${u.partnerId === null}` : '-'}|${wide}|${current}`;
  let shell = shells.get(key);
  if (shell) return shell;
  const marked: View = { ...v, csrf: SLOTS.csrf, path: SLOTS.path, unread: undefined };
  const html = await toHtml(
    <Layout v={marked} title={SLOTS.title} wide={wide} current={current} badge={SLOTS.badge}>
      {SLOTS.main}
    </Layout>,
  );
  // The title is rendered as "<title> · Rigenera": its slot marker is inside the text.
  shell = { text: html.split(MARKERS), slots: [...html.matchAll(MARKERS)].map((m) => SLOT_OF.get(m[0])!) };
  shells.set(key, shell);
  return shell;
}

/**
 * A JSX tree as HTML. hono/jsx's own `toString()` enters an AsyncLocalStorage on every call (for
 * `useContext` across async components); our views are synchronous and use no JSX context, so the tree
 * is written straight into a buffer, as `toString()` itself does. A tree that turns out to hold an async
 * part (a promise in the buffer, or callbacks) is rendered again by the library's own path. (The views'
 * JSX runtime, src/http/jsx, keeps <head>, <svg> and the other elements hono/jsx treats specially out of
 * that storage too.)
 */
export async function toHtml(node: unknown): Promise<string> {
  const tree = node as { toStringToBuffer?: (buffer: StringBuffer) => void };
  if (tree && typeof tree.toStringToBuffer === 'function') {
    const buffer: StringBuffer = [''];
    tree.toStringToBuffer(buffer);
    if (buffer.length === 1 && !('callbacks' in buffer)) return buffer[0] as string;
  }
  return String(await (node as { toString(): unknown }).toString());
}

function escape(s: string): string {
  const out: [string] = [''];
  escapeToBuffer(s, out);
  return out[0];
}

/** Renders a full page in the layout. */
export async function renderPage(c: Context<AppEnv>, title: string, body: (v: View) => Child, opts: { status?: number; wide?: boolean } = {}) {
  const v = viewOf(c);
  if (hasInbox(v.user)) v.unread = await unreadFor(c.get('ctx'), v.user!.id);
  const shell = await shellFor(v, !!opts.wide);
  const values: Record<Slot, string> = {
    title: escape(title),
    csrf: escape(v.csrf),
    path: escape(v.path),
    badge: v.unread ? await toHtml(<UnreadBadge v={v} />) : '',
    main: await toHtml(<>{body(v)}</>),
  };
  let html = '<!doctype html>' + shell.text[0];
  for (let i = 0; i < shell.slots.length; i++) html += values[shell.slots[i]!] + shell.text[i + 1];
  return c.html(html, (opts.status ?? 200) as 200);
}
