import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { check } from '../access/policy';
import { DeliveryPage } from '../../views/deliveries/page';
import { PortalHome, PortalRequestPage } from '../../views/portal/pages';
import { RequestForm } from '../../views/requests/form';
import { receiptSchema, reportSchema } from '../deliveries/schema';
import * as deliveries from '../deliveries/service';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure, type FormFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { findPartner } from '../partners/public';
import { cancelSchema, idSchema, requestInputSchema } from '../requests/schema';
import * as requests from '../requests/service';
import { AppError } from '../shared/errors';
import { parseInput } from '../shared/validate';

/**
 * The partner portal: a school's or association's own requests and deliveries, on a phone.
 * Every page asks the same services as the hub's pages; they show a partner only what is theirs.
 */
export const portalRoutes = new Hono<AppEnv>();

function partnerOnly(c: Context<AppEnv>) {
  const actor = requireActor(c);
  if (!check(actor, 'portal.use').ok) throw new AppError(403, 'access.denied');
  return actor;
}

portalRoutes.get('/portal', async (c) => {
  const actor = partnerOnly(c);
  const partner = await findPartner(c.get('ctx').db, actor.partnerId!);
  if (!partner) throw new AppError(403, 'access.denied');
  const [list, delivered] = await Promise.all([requests.listOwnRequests(c.get('ctx'), actor), deliveries.listDeliveries(c.get('ctx'), actor)]);
  const done = c.req.query('done');
  const notice = done === 'cancel' ? c.get('t')('requests.done.cancel') : undefined;
  return renderPage(c, partner.name, (v) => <PortalHome v={v} partner={partner} requests={list} deliveries={delivered} notice={notice} />);
});

async function newRequestPage(c: Context<AppEnv>, extra: { values?: Record<string, unknown> } & Partial<FormFailure> = {}) {
  partnerOnly(c);
  return renderPage(
    c,
    c.get('t')('portal.newRequest'),
    (v) => (
      <section>
        <p class="muted">
          <a href="/portal">{v.t('nav.portal')}</a>
        </p>
        <h1>{v.t('portal.newRequest')}</h1>
        <p>{v.t('portal.newRequestIntro')}</p>
        <RequestForm v={v} action="/portal/requests" formKey={randomUUID()} values={extra.values} issues={extra.issues} error={extra.error} />
      </section>
    ),
    { status: extra.status ?? 200 },
  );
}

portalRoutes.get('/portal/requests/new', (c) => newRequestPage(c));

portalRoutes.post('/portal/requests', async (c) => {
  const actor = partnerOnly(c);
  const raw = await readForm(c);
  try {
    // A partner asks for its own organisation: whatever `partner` a form carries is ignored.
    const { id } = await requests.createRequest(c.get('ctx'), actor, { ...parseInput(requestInputSchema, raw, c.get('locale')), partner: undefined });
    return c.redirect(`/portal/requests/${id}?done=created`, 303);
  } catch (e) {
    return newRequestPage(c, { values: raw, ...formFailure(e, c.get('t')) });
  }
});

async function requestPage(c: Context<AppEnv>, id: number, extra: Partial<FormFailure> = {}) {
  const actor = partnerOnly(c);
  const view = await requests.getRequest(c.get('ctx'), actor, id);
  const notice = c.req.query('done') === 'created' ? c.get('t')('portal.requestSent') : undefined;
  return renderPage(c, c.get('t')('requests.show.title', { id }), (v) => <PortalRequestPage v={v} {...view} notice={notice} error={extra.error} issues={extra.issues} />, {
    status: extra.status ?? 200,
  });
}

portalRoutes.get('/portal/requests/:id', (c) => requestPage(c, parseInput(idSchema, c.req.param('id'), c.get('locale'))));

portalRoutes.post('/portal/requests/:id/cancel', async (c) => {
  const actor = partnerOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(cancelSchema, await readForm(c), c.get('locale'));
    await requests.changeRequest(c.get('ctx'), actor, id, 'cancel', input.note);
    return c.redirect(`/portal?done=cancel`, 303);
  } catch (e) {
    return requestPage(c, id, formFailure(e, c.get('t')));
  }
});

async function deliveryPage(c: Context<AppEnv>, id: number, extra: Partial<FormFailure> & { notice?: string } = {}) {
  const actor = partnerOnly(c);
  const view = await deliveries.getDelivery(c.get('ctx'), actor, id);
  const done = c.req.query('done');
  const notice = extra.notice ?? (done === 'received' || done === 'reported' ? c.get('t')(`portal.done.${done}`) : undefined);
  return renderPage(c, view.delivery.label, (v) => <DeliveryPage v={v} {...view} base="/portal/deliveries" notice={notice} error={extra.error} issues={extra.issues} />, {
    status: extra.status ?? 200,
  });
}

portalRoutes.get('/portal/deliveries/:id', (c) => deliveryPage(c, parseInput(idSchema, c.req.param('id'), c.get('locale'))));

portalRoutes.post('/portal/deliveries/:id/receipt', async (c) => {
  const actor = partnerOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(receiptSchema, await readForm(c), c.get('locale'));
    await deliveries.confirmReceipt(c.get('ctx'), actor, id, input.all ? undefined : input.tags);
    return c.redirect(`/portal/deliveries/${id}?done=received`, 303);
  } catch (e) {
    return deliveryPage(c, id, formFailure(e, c.get('t')));
  }
});

portalRoutes.post('/portal/deliveries/:id/reports', async (c) => {
  const actor = partnerOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(reportSchema, await readForm(c), c.get('locale'));
    await deliveries.reportProblem(c.get('ctx'), actor, id, input);
    return c.redirect(`/portal/deliveries/${id}?done=reported`, 303);
  } catch (e) {
    return deliveryPage(c, id, formFailure(e, c.get('t')));
  }
});
