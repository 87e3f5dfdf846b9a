import { Hono, type Context } from 'hono';
import { TransferPage, TransfersPage } from '../../views/transfers/pages';
import { renderDocument } from '../documents/pdf';
import { listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure, type FormFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { parseInput } from '../shared/validate';
import { programmeIdentity } from '../programme/service';
import { transferDocument } from './documents';
import { arrivalSchema, idSchema, transferInputSchema } from './schema';
import * as transfers from './service';

export const transferRoutes = new Hono<AppEnv>();

async function listPage(c: Context<AppEnv>, extra: { values?: Record<string, unknown> } & Partial<FormFailure> = {}) {
  const actor = requireActor(c);
  const [data, hubs] = await Promise.all([transfers.listTransfers(c.get('ctx'), actor), listHubs(c.get('ctx').db)]);
  return renderPage(c, c.get('t')('transfers.title'), (v) => <TransfersPage v={v} {...data} hubs={hubs} values={extra.values} issues={extra.issues} error={extra.error} />, {
    status: extra.status ?? 200,
  });
}

transferRoutes.get('/transfers', (c) => listPage(c));

transferRoutes.post('/transfers', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const result = await transfers.createTransfer(c.get('ctx'), actor, parseInput(transferInputSchema, raw, c.get('locale')));
    return c.redirect(`/transfers/${result.id}?done=sent`, 303);
  } catch (e) {
    return listPage(c, { values: raw, ...formFailure(e, c.get('t')) });
  }
});

async function transferPage(c: Context<AppEnv>, id: number, extra: Partial<FormFailure> = {}) {
  const actor = requireActor(c);
  const view = await transfers.getTransfer(c.get('ctx'), actor, id);
  const done = c.req.query('done');
  const notice = done === 'sent' || done === 'received' ? c.get('t')(`transfers.done.${done}`, { label: view.transfer.label }) : undefined;
  return renderPage(c, view.transfer.label, (v) => <TransferPage v={v} {...view} notice={notice} error={extra.error} />, { status: extra.status ?? 200 });
}

transferRoutes.get('/transfers/:id', (c) => transferPage(c, parseInput(idSchema, c.req.param('id'), c.get('locale'))));

transferRoutes.get('/transfers/:id/document.pdf', async (c) => {
  const actor = requireActor(c);
  const view = await transfers.getTransfer(c.get('ctx'), actor, parseInput(idSchema, c.req.param('id'), c.get('locale')));
  // A legal document: Italian whatever the reader's language; ?copy=en is an English reading copy.
  const locale = c.req.query('copy') === 'en' ? 'en' : 'it';
  const pdf = await renderDocument(transferDocument(locale, view, await programmeIdentity(c.get('ctx').db)));
  const name = `trasferimento-${view.transfer.from_code}-${view.transfer.number}-${view.transfer.year}${locale === 'it' ? '' : '-reading-copy-en'}.pdf`;
  return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${name}"`, 'Cache-Control': 'private, no-store' });
});

transferRoutes.post('/transfers/:id/arrivals', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(arrivalSchema, await readForm(c), c.get('locale'));
    await transfers.receiveTransfer(c.get('ctx'), actor, id, input.tags);
    return c.redirect(`/transfers/${id}?done=received`, 303);
  } catch (e) {
    return transferPage(c, id, formFailure(e, c.get('t')));
  }
});
