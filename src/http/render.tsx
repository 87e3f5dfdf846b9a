import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { Layout } from '../../views/layout';
import type { View } from '../../views/view';
import type { Assets } from './assets';
import type { AppEnv } from './env';
import { hasInbox, unreadFor } from '../inbox/service';

let assets: Assets | undefined;
export function useAssets(a: Assets) {
  assets = a;
}

export function viewOf(c: Context<AppEnv>): View {
  return {
    t: c.var.t,
    locale: c.var.locale,
    user: c.var.user,
    csrf: c.var.csrf,
    path: c.req.path,
    asset: (name) => assets?.url(name) ?? `/assets/${name}`,
  };
}

/** Renders a full page in the layout. */
export async function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: (v: View) => Child,
  opts: { status?: number; wide?: boolean } = {},
) {
  const v = viewOf(c);
  if (hasInbox(v.user)) v.unread = await unreadFor(c.var.ctx, v.user!.id);
  const html = await (
    <Layout v={v} title={title} wide={opts.wide}>
      {body(v)}
    </Layout>
  ).toString();
  return c.html('<!doctype html>' + html, (opts.status ?? 200) as 200);
}
