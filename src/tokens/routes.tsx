import { Hono, type Context } from 'hono';
import { TokensPage } from '../../views/tokens/page';
import { ALL } from '../access/scopes';
import { listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { listPartners } from '../partners/public';
import { parseInput } from '../shared/validate';
import { confirmSchema } from '../imports/schema';
import { newTokenSchema, tokenIdSchema } from './schema';
import * as tokens from './service';

export const tokenRoutes = new Hono<AppEnv>();

type Extra = Omit<Parameters<typeof TokensPage>[0], 'v' | 'tokens' | 'hubs' | 'partners'>;

async function page(c: Context<AppEnv>, extra: Extra = {}, status = 200) {
  const actor = requireActor(c);
  const list = await tokens.listTokens(c.get('ctx'), actor);
  const [hubs, partners] = await Promise.all([listHubs(c.get('ctx').db), listPartners(c.get('ctx').db, { scope: ALL, statuses: ['active'] })]);
  return renderPage(c, c.get('t')('tokens.title'), (v) => <TokensPage v={v} tokens={list} hubs={hubs} partners={partners} {...extra} />, { status, wide: true });
}

tokenRoutes.get('/tokens', (c) => page(c));

tokenRoutes.post('/tokens', async (c) => {
  const actor = requireActor(c);
  await tokens.listTokens(c.get('ctx'), actor);
  const raw = await readForm(c);
  const values = Object.fromEntries(Object.entries(raw).map(([k, val]) => [k, String(val)]));
  try {
    const input = parseInput(newTokenSchema, raw, c.get('locale'));
    const { token } = await tokens.createToken(c.get('ctx'), actor, input);
    // Shown once, now: only its hash is kept.
    c.header('Cache-Control', 'no-store');
    return page(c, { created: { label: input.label, token } }, 201);
  } catch (e) {
    const f = formFailure(e, c.get('t'));
    return page(c, { error: f.error, issues: f.issues, values }, f.status);
  }
});

tokenRoutes.post('/tokens/:id/revoke', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(tokenIdSchema, c.req.param('id'), c.get('locale'));
  const raw = await readForm(c);
  try {
    parseInput(confirmSchema, raw, c.get('locale'));
    const token = await tokens.revokeToken(c.get('ctx'), actor, id);
    return page(c, { notice: c.get('t')('tokens.revoked', { label: token.label }) });
  } catch (e) {
    const f = formFailure(e, c.get('t'));
    return page(c, { error: f.error, issues: f.issues }, f.status);
  }
});
