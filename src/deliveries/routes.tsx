import { listHubs } from '../hubs/public';
import { actsForPartner, spansAllHubs } from '../access/scopes';
import { Hono, type Context } from 'hono';
import { DeliveryListPage, DeliveryPage } from '../../views/deliveries/page';
import { renderDocument } from '../documents/pdf';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure, type FormFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { programmeIdentity } from '../programme/service';
import { comodatoDocument, ddtDocument, returnReceiptDocument } from './documents';
import { idSchema, returnSchema } from './schema';
import * as deliveries from './service';

export const deliveryRoutes = new Hono<AppEnv>();

const documentLocale = (c: Context<AppEnv>) => (c.req.query('copy') === 'en' ? 'en' : 'it');

function pdfResponse(c: Context<AppEnv>, pdf: Buffer, name: string) {
  return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${name}"`, 'Cache-Control': 'private, no-store' });
}

function staffOnly(c: Context<AppEnv>) {
  const actor = requireActor(c);
  if (actsForPartner(actor)) throw new AppError(403, 'access.denied');
  return actor;
}

deliveryRoutes.get('/deliveries', async (c) => {
  const actor = staffOnly(c);
  const list = await deliveries.listDeliveries(c.get('ctx'), actor);
  const exportHubs = spansAllHubs(actor, 'delivery.read') ? await listHubs(c.get('ctx').db) : null;
  return renderPage(c, c.get('t')('nav.deliveries'), (v) => <DeliveryListPage v={v} deliveries={list} base="/deliveries" exportHubs={exportHubs} />, { wide: true });
});

async function deliveryPage(c: Context<AppEnv>, id: number, extra: Partial<FormFailure> = {}) {
  const actor = staffOnly(c);
  const view = await deliveries.getDelivery(c.get('ctx'), actor, id);
  const done = c.req.query('done');
  const notice = done && /^(created|returned|resolved)$/.test(done) ? c.get('t')(`deliveries.done.${done}` as never, { label: view.delivery.label }) : undefined;
  return renderPage(c, view.delivery.label, (v) => <DeliveryPage v={v} {...view} base="/deliveries" notice={notice} error={extra.error} issues={extra.issues} />, {
    status: extra.status ?? 200,
  });
}

deliveryRoutes.get('/deliveries/:id', (c) => deliveryPage(c, parseInput(idSchema, c.req.param('id'), c.get('locale'))));

/** The documents: for the hub's staff and for the receiving partner alike (the service decides who). */
deliveryRoutes.get('/deliveries/:id/:doc{ddt\\.pdf|comodato\\.pdf}', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const view = await deliveries.getDelivery(c.get('ctx'), actor, id);
  const which = c.req.param('doc') === 'ddt.pdf' ? 'ddt' : 'comodato';
  if (which === 'comodato' && view.delivery.title !== 'loan') throw new AppError(404, 'deliveries.noComodato');
  // A legal document is Italian whatever the reader's language; ?copy=en is an English reading copy beside it.
  const locale = documentLocale(c);
  const programme = await programmeIdentity(c.get('ctx').db);
  const spec = which === 'ddt' ? ddtDocument(locale, view, programme) : comodatoDocument(locale, view, programme);
  const name = `${which === 'ddt' ? 'DDT' : 'comodato'}-${view.delivery.hub_code}-${view.delivery.number}-${view.delivery.year}${locale === 'it' ? '' : '-reading-copy-en'}.pdf`;
  return pdfResponse(c, await renderDocument(spec), name);
});

/** The receipt for a device that came back: for the hub's staff and the partner that returned it. */
deliveryRoutes.get('/deliveries/:id/returns/:tag{[A-Za-z0-9-]+\\.pdf}', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const tag = c.req.param('tag').replace(/\.pdf$/, '');
  const view = await deliveries.getDelivery(c.get('ctx'), actor, id);
  const returned = await deliveries.returnOf(c.get('ctx'), view, tag);
  const locale = documentLocale(c);
  const spec = returnReceiptDocument(locale, view, await programmeIdentity(c.get('ctx').db), returned);
  return pdfResponse(c, await renderDocument(spec), `restituzione-${returned.tag}${locale === 'it' ? '' : '-reading-copy-en'}.pdf`);
});

deliveryRoutes.post('/deliveries/:id/returns', async (c) => {
  const actor = staffOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(returnSchema, await readForm(c), c.get('locale'));
    await deliveries.recordReturn(c.get('ctx'), actor, id, input);
    return c.redirect(`/deliveries/${id}?done=returned`, 303);
  } catch (e) {
    return deliveryPage(c, id, formFailure(e, c.get('t')));
  }
});

deliveryRoutes.post('/deliveries/:id/reports/:report/resolve', async (c) => {
  const actor = staffOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const report = parseInput(idSchema, c.req.param('report'), c.get('locale'));
  try {
    await deliveries.resolveReport(c.get('ctx'), actor, id, report);
    return c.redirect(`/deliveries/${id}?done=resolved`, 303);
  } catch (e) {
    return deliveryPage(c, id, formFailure(e, c.get('t')));
  }
});
