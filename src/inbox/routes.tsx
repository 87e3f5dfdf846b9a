import { Hono } from 'hono';
import { InboxPage } from '../../views/inbox/page';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { parseInput } from '../shared/validate';
import { idSchema } from '../partners/schema';
import * as inbox from './service';

export const inboxRoutes = new Hono<AppEnv>();

inboxRoutes.get('/inbox', async (c) => {
  const data = await inbox.listInbox(c.get('ctx'), requireActor(c));
  return renderPage(c, c.get('t')('inbox.title'), (v) => <InboxPage v={v} {...data} />);
});

inboxRoutes.get('/inbox/:id', async (c) => {
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  return c.redirect(await inbox.openNotice(c.get('ctx'), requireActor(c), id), 303);
});

inboxRoutes.post('/inbox/read', async (c) => {
  await inbox.markAllRead(c.get('ctx'), requireActor(c));
  return c.redirect('/inbox', 303);
});
