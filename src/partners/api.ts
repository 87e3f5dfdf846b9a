import { Hono } from 'hono';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { decisionSchema, idSchema, inviteSchema, partnerInputSchema } from './schema';
import * as partners from './service';

export const partnerApi = new Hono<AppEnv>();

/** What the API says about an organisation: no contact people, no internal note. */
function publicView(p: { id: number; kind: string; name: string; code: string | null; municipality: string; province: string | null; status: string; open_data_consent: number; hub_code: string }) {
  return { id: p.id, hub: p.hub_code, kind: p.kind, name: p.name, code: p.code, municipality: p.municipality, province: p.province, status: p.status, openDataConsent: p.open_data_consent === 1 };
}

partnerApi.post('/partners', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(partnerInputSchema, await readJson(c), c.get('locale'));
  return c.json(publicView(await partners.createPartner(c.get('ctx'), actor, input)), 201);
});

partnerApi.get('/partners/:id', async (c) => {
  const actor = requireActor(c);
  const { partner } = await partners.getPartner(c.get('ctx'), actor, parseInput(idSchema, c.req.param('id'), c.get('locale')));
  return c.json(publicView(partner));
});

partnerApi.post('/partners/:id/decision', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const input = parseInput(decisionSchema, await readJson(c), c.get('locale'));
  const result = await partners.decideApplication(c.get('ctx'), actor, id, input.decision, input.note);
  return c.json({ id, status: result.status, welcomeLink: result.invited?.link ?? null, inviteProblem: result.inviteProblem ?? null });
});

partnerApi.post('/partners/:id/invitations', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const input = parseInput(inviteSchema, await readJson(c), c.get('locale'));
  const { userId, link } = await partners.invitePartnerUser(c.get('ctx'), actor, id, input);
  return c.json({ user: userId, welcomeLink: link }, 201);
});
