import { Hono, type Context } from 'hono';
import { HubIdentityPage, ProgrammePage } from '../../views/programme/pages';
import { check } from '../access/policy';
import { listHubs } from '../hubs/public';
import { readForm, readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError } from '../shared/errors';
import { parseInput, hubCodeSchema } from '../shared/validate';
import { hubIdentitySchema, programmeSchema } from './schema';
import * as programme from './service';

export const programmeRoutes = new Hono<AppEnv>();

const asStrings = (raw: Record<string, unknown>) => Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));

function requireProgrammeManager(c: Context<AppEnv>) {
  const actor = requireActor(c);
  if (!check(actor, 'programme.manage').ok) throw new AppError(403, 'access.denied');
  return actor;
}

programmeRoutes.get('/programme', async (c) => {
  requireProgrammeManager(c);
  const p = await programme.programmeIdentity(c.get('ctx').db);
  return renderPage(c, c.get('t')('programme.title'), (v) => <ProgrammePage v={v} programme={p} />);
});

programmeRoutes.post('/programme', async (c) => {
  const actor = requireProgrammeManager(c);
  const raw = await readForm(c);
  try {
    const p = await programme.updateProgramme(c.get('ctx'), actor, parseInput(programmeSchema, raw, c.get('locale')));
    return renderPage(c, c.get('t')('programme.title'), (v) => <ProgrammePage v={v} programme={p} notice={c.get('t')('programme.saved')} />);
  } catch (e) {
    const failure = formFailure(e, c.get('t'));
    const p = await programme.programmeIdentity(c.get('ctx').db);
    return renderPage(c, c.get('t')('programme.title'), (v) => <ProgrammePage v={v} programme={p} {...failure} values={asStrings(raw)} />, { status: failure.status });
  }
});

/** The hub details page of one's own hub; an administrator starts from the first hub. */
programmeRoutes.get('/hubs/identity', async (c) => {
  const actor = requireActor(c);
  if (!check(actor, 'hub.manage').ok) throw new AppError(403, 'access.denied');
  const hubs = await listHubs(c.get('ctx').db);
  const own = hubs.find((h) => h.id === actor.hubId) ?? hubs[0];
  if (!own) throw new AppError(404, 'http.notFound');
  return c.redirect(`/hubs/${own.code}/identity`, 303);
});

async function hubPage(c: Context<AppEnv>, extra: Parameters<typeof HubIdentityPage>[0] extends infer P ? Omit<P, 'v' | 'hub' | 'hubs'> : never = {}, status = 200) {
  const actor = requireActor(c);
  const hub = await programme.editableHub(c.get('ctx'), actor, parseInput(hubCodeSchema, c.req.param('code'), c.get('locale')));
  const hubs = actor.hubId === null ? await listHubs(c.get('ctx').db) : undefined;
  return renderPage(c, c.get('t')('hubs.identity.title', { name: hub.name }), (v) => <HubIdentityPage v={v} hub={hub} hubs={hubs} {...extra} />, { status });
}

programmeRoutes.get('/hubs/:code/identity', (c) => hubPage(c));

programmeRoutes.post('/hubs/:code/identity', async (c) => {
  const actor = requireActor(c);
  const code = parseInput(hubCodeSchema, c.req.param('code'), c.get('locale'));
  const raw = await readForm(c);
  try {
    await programme.updateHubIdentity(c.get('ctx'), actor, code, parseInput(hubIdentitySchema, raw, c.get('locale')));
    return hubPage(c, { notice: c.get('t')('hubs.identity.saved') });
  } catch (e) {
    const failure = formFailure(e, c.get('t'));
    return hubPage(c, { ...failure, values: asStrings(raw) }, failure.status);
  }
});

/** What the API says about a hub's identity: public contacts only. */
export function hubIdentityView(h: {
  code: string;
  name: string;
  comune: string;
  province: string;
  address: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  opening_hours: string | null;
  responsible: string | null;
}) {
  return {
    code: h.code,
    name: h.name,
    comune: h.comune,
    province: h.province,
    address: h.address,
    email: h.contact_email,
    phone: h.contact_phone,
    openingHours: h.opening_hours,
    responsible: h.responsible,
  };
}

export const programmeApi = new Hono<AppEnv>();

programmeApi.get('/programme', async (c) => {
  requireActor(c);
  return c.json(await programme.programmeIdentity(c.get('ctx').db));
});

programmeApi.put('/programme', async (c) => {
  const actor = requireProgrammeManager(c);
  const input = parseInput(programmeSchema, await readJson(c), c.get('locale'));
  return c.json(await programme.updateProgramme(c.get('ctx'), actor, input));
});

programmeApi.get('/hubs/:code/identity', async (c) => {
  const actor = requireActor(c);
  return c.json(hubIdentityView(await programme.editableHub(c.get('ctx'), actor, parseInput(hubCodeSchema, c.req.param('code'), c.get('locale')))));
});

programmeApi.put('/hubs/:code/identity', async (c) => {
  const actor = requireActor(c);
  const code = parseInput(hubCodeSchema, c.req.param('code'), c.get('locale'));
  const input = parseInput(hubIdentitySchema, await readJson(c), c.get('locale'));
  return c.json(hubIdentityView(await programme.updateHubIdentity(c.get('ctx'), actor, code, input)));
});
