import { Hono, type Context } from 'hono';
import { PrivacyPage } from '../../views/privacy/page';
import { readForm, readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { parseInput } from '../shared/validate';
import { erasureSchema, searchSchema } from './schema';
import * as privacy from './service';

export const privacyRoutes = new Hono<AppEnv>();
export const privacyApi = new Hono<AppEnv>();

type Extra = { notice?: string; error?: string };

async function page(c: Context<AppEnv>, q: string, extra: Extra = {}, status = 200) {
  const actor = requireActor(c);
  privacy.requireAdmin(actor);
  const found = q.length >= 2 ? await privacy.findPeople(c.get('ctx'), actor, q) : null;
  return renderPage(c, c.get('t')('privacy.title'), (v) => <PrivacyPage v={v} q={q} found={found} {...extra} />, { status, wide: true });
}

privacyRoutes.get('/admin/privacy', async (c) => {
  const { q } = parseInput(searchSchema, c.req.query(), c.get('locale'));
  const done = c.req.query('done');
  return page(c, q ?? '', { notice: done === 'erased' ? c.get('t')('privacy.erased') : undefined });
});

privacyRoutes.post('/admin/privacy/erase', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const input = parseInput(erasureSchema, raw, c.get('locale'));
    await privacy.erasePerson(c.get('ctx'), actor, input);
    return c.redirect('/admin/privacy?done=erased', 303);
  } catch (e) {
    const f = formFailure(e, c.get('t'));
    return page(c, '', { error: f.error ?? f.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') }, f.status);
  }
});

/** `{ kind: donor|contact|user|borrower, id }` → `{ kind, id, erased: true }`. */
privacyApi.post('/privacy/erasures', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(erasureSchema, await readJson(c), c.get('locale'));
  const r = await privacy.erasePerson(c.get('ctx'), actor, input);
  return c.json({ ...r, erased: true });
});
