import QRCode from 'qrcode';
import { Hono, type Context } from 'hono';
import { can, check } from '../access/policy';
import { onePartner, spansAllHubs } from '../access/scopes';
import { ApplyPage, PartnerListPage, PartnerPage, type Invitation } from '../../views/partners/pages';
import { listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure, type FormFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { publicWriteLimit } from '../http/rate-limit';
import { renderPage } from '../http/render';
import { listRequests, listItemsFor } from '../requests/public';

import { parseInput } from '../shared/validate';
import { applicationSchema, contactSchema, decisionSchema, idSchema, inviteSchema, partnerInputSchema, updatePartnerSchema } from './schema';
import * as partners from './service';

export const partnerRoutes = new Hono<AppEnv>();

/** The one-time link as a QR code (inline SVG: nothing is fetched), so the person opens it on their phone. */
export async function invitation(name: string, email: string, link: string): Promise<Invitation> {
  return { name, email, link, qrSvg: await QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) };
}

// ---- the public application (registered before /partners/:id)

partnerRoutes.get('/partners/apply', async (c) => {
  const hubs = await listHubs(c.get('ctx').db);
  return renderPage(c, c.get('t')('partners.apply.title'), (v) => <ApplyPage v={v} hubs={hubs} />);
});

partnerRoutes.post('/partners/apply', publicWriteLimit('partnerApply'), async (c) => {
  const raw = await readForm(c);
  try {
    const input = parseInput(applicationSchema, raw, c.get('locale'));
    await partners.apply(c.get('ctx'), input, c.get('locale'));
    return renderPage(c, c.get('t')('partners.apply.title'), (v) => <ApplyPage v={v} hubs={[]} done />, { status: 201 });
  } catch (e) {
    const f = formFailure(e, c.get('t'));
    const hubs = await listHubs(c.get('ctx').db);
    return renderPage(c, c.get('t')('partners.apply.title'), (v) => <ApplyPage v={v} hubs={hubs} values={raw} issues={f.issues} error={f.error} />, { status: f.status });
  }
});

// ---- hub staff

async function listPage(c: Context<AppEnv>, extra: { values?: Record<string, unknown> } & Partial<FormFailure> = {}) {
  const actor = requireActor(c);
  const list = await partners.listPartners(c.get('ctx'), actor);
  const hubs = spansAllHubs(actor, 'partner.manage') ? await listHubs(c.get('ctx').db) : null;
  return renderPage(
    c,
    c.get('t')('partners.title'),
    (v) => <PartnerListPage v={v} partners={list} canManage={can(actor, 'partner.manage')} hubs={hubs} values={extra.values} issues={extra.issues} error={extra.error} />,
    { status: extra.status ?? 200 },
  );
}

partnerRoutes.get('/partners', (c) => listPage(c));

partnerRoutes.post('/partners', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    // An empty contact line on the form means no contact.
    const contacts = Array.isArray(raw.contacts) ? raw.contacts.filter((x) => x && typeof x === 'object' && Object.values(x).some((f) => String(f ?? '').trim())) : undefined;
    const input = parseInput(partnerInputSchema, { ...raw, contacts }, c.get('locale'));
    const partner = await partners.createPartner(c.get('ctx'), actor, input);
    return c.redirect(`/partners/${partner.id}?done=created`, 303);
  } catch (e) {
    return listPage(c, { values: raw, ...formFailure(e, c.get('t')) });
  }
});

async function partnerPage(c: Context<AppEnv>, id: number, extra: { invited?: Invitation; notice?: string } & Partial<FormFailure> = {}) {
  const actor = requireActor(c);
  const data = await partners.getPartner(c.get('ctx'), actor, id);
  const canSeeRequests = check(actor, 'request.read', { hubId: data.partner.hub_id }).ok;
  const requests = canSeeRequests ? await listRequests(c.get('ctx').db, { scope: onePartner(id), limit: 100 }) : [];
  const items = await listItemsFor(
    c.get('ctx').db,
    requests.map((r) => r.id),
  );
  const withItems = requests.map((r) => ({ ...r, items: items.filter((i) => i.request_id === r.id) }));
  const done = c.req.query('done');
  const notice = extra.notice ?? (done && ['created', 'contact', 'erased', 'updated', 'refuse'].includes(done) ? c.get('t')(`partners.done.${done}` as never) : undefined);
  return renderPage(c, data.partner.name, (v) => <PartnerPage v={v} {...data} requests={withItems} invited={extra.invited} notice={notice} error={extra.error} issues={extra.issues} />, {
    status: extra.status ?? 200,
  });
}

partnerRoutes.get('/partners/:id', async (c) => partnerPage(c, parseInput(idSchema, c.req.param('id'), c.get('locale'))));

partnerRoutes.post('/partners/:id', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    await partners.updatePartner(c.get('ctx'), actor, id, parseInput(updatePartnerSchema, await readForm(c), c.get('locale')));
    return c.redirect(`/partners/${id}?done=updated`, 303);
  } catch (e) {
    return partnerPage(c, id, formFailure(e, c.get('t')));
  }
});

partnerRoutes.post('/partners/:id/decision', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(decisionSchema, await readForm(c), c.get('locale'));
    const result = await partners.decideApplication(c.get('ctx'), actor, id, input.decision, input.note);
    if (input.decision === 'refuse') return c.redirect(`/partners/${id}?done=refuse`, 303);
    const invited = result.invited ? await invitation(result.invited.name, result.invited.email, result.invited.link) : undefined;
    const notice = c.get('t')(result.invited ? 'partners.done.approve' : result.inviteProblem === 'emailTaken' ? 'partners.done.approveEmailTaken' : 'partners.done.approveNoEmail');
    return partnerPage(c, id, { invited, notice });
  } catch (e) {
    return partnerPage(c, id, formFailure(e, c.get('t')));
  }
});

partnerRoutes.post('/partners/:id/invite', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(inviteSchema, await readForm(c), c.get('locale'));
    const { link } = await partners.invitePartnerUser(c.get('ctx'), actor, id, input);
    return partnerPage(c, id, { invited: await invitation(input.name, input.email, link), status: 201 });
  } catch (e) {
    return partnerPage(c, id, formFailure(e, c.get('t')));
  }
});

partnerRoutes.post('/partners/:id/users/:user/link', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const user = parseInput(idSchema, c.req.param('user'), c.get('locale'));
  const r = await partners.reissueInvitation(c.get('ctx'), actor, id, user);
  return partnerPage(c, id, { invited: await invitation(r.name, r.email, r.link) });
});

partnerRoutes.post('/partners/:id/contacts', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const raw = await readForm(c);
    await partners.addContact(c.get('ctx'), actor, id, parseInput(contactSchema, raw.contact ?? {}, c.get('locale')));
    return c.redirect(`/partners/${id}?done=contact`, 303);
  } catch (e) {
    return partnerPage(c, id, formFailure(e, c.get('t')));
  }
});

partnerRoutes.post('/partners/:id/contacts/:contact/erase', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const contact = parseInput(idSchema, c.req.param('contact'), c.get('locale'));
  await partners.eraseContact(c.get('ctx'), actor, id, contact);
  return c.redirect(`/partners/${id}?done=erased`, 303);
});
