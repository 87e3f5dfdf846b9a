import { Hono, type Context } from 'hono';
import { can, creatableRoles } from '../access/policy';
import { UsersPage } from '../../views/users/page';
import { listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { newUserSchema, userIdSchema } from './schema';
import * as users from './service';

export const userRoutes = new Hono<AppEnv>();

type Extra = Omit<Parameters<typeof UsersPage>[0], 'v' | 'users' | 'roles' | 'everyone' | 'hubs'>;

async function page(c: Context<AppEnv>, extra: Extra = {}, status = 200) {
  const actor = requireActor(c);
  const [list, hubs] = await Promise.all([users.listManageableUsers(c.get('ctx'), actor), listHubs(c.get('ctx').db)]);
  const everyone = can(actor, 'user.manage');
  const title = everyone ? c.get('t')('users.title.admin') : c.get('t')('users.title.coordinator');
  return renderPage(c, title, (v) => <UsersPage v={v} users={list} roles={creatableRoles(actor)} everyone={everyone} hubs={hubs} {...extra} />, { status });
}

userRoutes.get('/users', (c) => page(c));

userRoutes.post('/users', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  const values = Object.fromEntries(Object.entries(raw).map(([k, val]) => [k, String(val)]));
  try {
    const input = parseInput(newUserSchema, raw, c.get('locale'));
    const { welcomeLink } = await users.addUser(c.get('ctx'), actor, input);
    return page(c, { created: { name: input.name, link: welcomeLink } }, 201);
  } catch (e) {
    if (e instanceof ValidationError) return page(c, { issues: e.issues, values }, 422);
    if (e instanceof AppError && e.status !== 403) return page(c, { error: c.get('t')(e.key, e.params), values }, e.status);
    throw e;
  }
});

userRoutes.post('/users/:id/:op{disable|enable|link}', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(userIdSchema, c.req.param('id'), c.get('locale'));
  const op = c.req.param('op');
  if (op === 'link') {
    const { user, welcomeLink } = await users.reissueWelcome(c.get('ctx'), actor, id);
    return page(c, { created: { name: user.name, link: welcomeLink } });
  }
  const user = await users.setDisabled(c.get('ctx'), actor, id, op === 'disable');
  return page(c, { notice: c.get('t')(op === 'disable' ? 'users.disabledNotice' : 'users.enabledNotice', { name: user.name }) });
});
