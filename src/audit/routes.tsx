import { Hono, type Context } from 'hono';
import { AuditPage } from '../../views/audit/page';
import { check } from '../access/policy';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { auditActions, auditPage } from './repository';
import { auditQuerySchema } from './schema';

const PAGE = 100;

/** The audit log: what administrators did to people, roles, tokens and personal data. Administrators only. */
export const auditRoutes = new Hono<AppEnv>();
export const auditApi = new Hono<AppEnv>();

async function readLog(c: Context<AppEnv>) {
  const actor = requireActor(c);
  if (!check(actor, 'audit.read').ok) throw new AppError(403, 'access.denied');
  const q = parseInput(auditQuerySchema, c.req.query(), c.get('locale'));
  const rows = await auditPage(c.get('ctx').db, { before: q.before, action: q.action || undefined, limit: PAGE + 1 });
  const items = rows.slice(0, PAGE);
  return { q, items, next: rows.length > PAGE ? items.at(-1)!.id : null };
}

auditRoutes.get('/admin/audit', async (c) => {
  const { q, items, next } = await readLog(c);
  const actions = await auditActions(c.get('ctx').db);
  return renderPage(c, c.get('t')('audit.title'), (v) => <AuditPage v={v} items={items} next={next} actions={actions} action={q.action ?? ''} />, { wide: true });
});

auditApi.get('/audit', async (c) => {
  const { items, next } = await readLog(c);
  return c.json({
    items: items.map((e) => ({
      id: e.id,
      at: e.at,
      action: e.action,
      target: e.target,
      by: e.actor_user_id === null ? null : { id: e.actor_user_id, name: e.actor_erased ? null : e.actor_name },
      data: e.data ? (JSON.parse(e.data) as unknown) : null,
    })),
    next: next === null ? null : String(next),
  });
});
