import { listHubs } from '../hubs/public';
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { check } from '../access/policy';
import { actsForPartner, listScope, spansAllHubs } from '../access/scopes';
import { AllocationPage } from '../../views/requests/overview';
import { RequestForm } from '../../views/requests/form';
import { RequestPage } from '../../views/requests/page';
import { deliveryInputSchema } from '../deliveries/schema';
import { deliverDevices, listOpenReports } from '../deliveries/service';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure, type FormFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { listPartners } from '../partners/public';
import { AppError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { idSchema, internalNoteSchema, requestDecisionSchema, requestInputSchema, splitTags } from './schema';
import * as requests from './service';

export const requestRoutes = new Hono<AppEnv>();

function staffOnly(c: Context<AppEnv>) {
  const actor = requireActor(c);
  // A partner's own pages are the portal's; the allocation pages are the hub's.
  if (actsForPartner(actor) || !check(actor, 'request.read').ok) throw new AppError(403, 'access.denied');
  return actor;
}

requestRoutes.get('/requests', async (c) => {
  const actor = staffOnly(c);
  const [overview, reports] = await Promise.all([requests.allocationOverview(c.get('ctx'), actor), listOpenReports(c.get('ctx'), actor)]);
  const exportHubs = spansAllHubs(actor, 'request.read') ? await listHubs(c.get('ctx').db) : null;
  return renderPage(c, c.get('t')('requests.title'), (v) => <AllocationPage v={v} {...overview} reports={reports} canCreate={check(actor, 'request.create').ok} exportHubs={exportHubs} />, {
    wide: true,
  });
});

async function newRequestPage(c: Context<AppEnv>, extra: { values?: Record<string, unknown> } & Partial<FormFailure> = {}) {
  const actor = staffOnly(c);
  if (!check(actor, 'request.create').ok) throw new AppError(403, 'access.denied');
  const partners = await listPartners(c.get('ctx').db, { scope: listScope(actor, 'request.create'), statuses: ['active'] });
  return renderPage(
    c,
    c.get('t')('requests.new.staff'),
    (v) => (
      <section>
        <h1>{v.t('requests.new.staff')}</h1>
        <RequestForm v={v} action="/requests" formKey={randomUUID()} partners={partners} values={extra.values} issues={extra.issues} error={extra.error} />
      </section>
    ),
    { status: extra.status ?? 200 },
  );
}

requestRoutes.get('/requests/new', (c) => newRequestPage(c));

requestRoutes.post('/requests', async (c) => {
  const actor = staffOnly(c);
  const raw = await readForm(c);
  try {
    const { id } = await requests.createRequest(c.get('ctx'), actor, parseInput(requestInputSchema, raw, c.get('locale')));
    return c.redirect(`/requests/${id}?done=created`, 303);
  } catch (e) {
    return newRequestPage(c, { values: raw, ...formFailure(e, c.get('t')) });
  }
});

async function requestPage(c: Context<AppEnv>, id: number, extra: Partial<FormFailure> & { notice?: string } = {}) {
  const actor = staffOnly(c);
  const view = await requests.getRequest(c.get('ctx'), actor, id);
  const suggestions = view.canAllocate ? await requests.suggestFor(c.get('ctx'), view.request, view.lines) : [];
  const done = c.req.query('done');
  const count = Number(c.req.query('n') ?? 0);
  const notice = extra.notice ?? (done && /^(created|approve|refuse|cancel|reserved|unreserved|note)$/.test(done) ? c.get('t')(`requests.done.${done}` as never, { count }) : undefined);
  return renderPage(
    c,
    c.get('t')('requests.show.title', { id }),
    (v) => <RequestPage v={v} {...view} suggestions={suggestions} formKey={randomUUID()} base="/requests" notice={notice} error={extra.error} issues={extra.issues} />,
    { status: extra.status ?? 200 },
  );
}

requestRoutes.get('/requests/:id', (c) => requestPage(c, parseInput(idSchema, c.req.param('id'), c.get('locale'))));

requestRoutes.post('/requests/:id/decision', async (c) => {
  const actor = staffOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(requestDecisionSchema, await readForm(c), c.get('locale'));
    await requests.changeRequest(c.get('ctx'), actor, id, input.decision, input.note);
    return c.redirect(`/requests/${id}?done=${input.decision}`, 303);
  } catch (e) {
    return requestPage(c, id, formFailure(e, c.get('t')));
  }
});

/** Every tag a form sent: ticked suggestions (pick0.1, alt2.0...), a `tags` list, and tags typed or scanned into `extra`. */
function tagsFrom(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (/^(pick|alt)\d+$/.test(key) || key === 'tags') {
      for (const x of Array.isArray(value) ? value : [value]) if (typeof x === 'string' && x.trim()) out.push(x.trim());
    }
  }
  if (typeof raw.extra === 'string') out.push(...splitTags(raw.extra));
  return out;
}

requestRoutes.post('/requests/:id/reservations', async (c) => {
  const actor = staffOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const raw = await readForm(c);
    const tags = tagsFrom(raw);
    if (tags.length === 0) throw new AppError(422, 'requests.noDevicesChosen');
    const key = typeof raw.idempotencyKey === 'string' && /^[A-Za-z0-9_.:-]{8,100}$/.test(raw.idempotencyKey) ? raw.idempotencyKey : undefined;
    const result = await requests.reserveDevices(c.get('ctx'), actor, id, tags.slice(0, 500), key);
    return c.redirect(`/requests/${id}?done=reserved&n=${result.reserved.length}`, 303);
  } catch (e) {
    return requestPage(c, id, formFailure(e, c.get('t')));
  }
});

requestRoutes.post('/requests/:id/unreserve', async (c) => {
  const actor = staffOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const tags = tagsFrom(await readForm(c));
    if (tags.length === 0) throw new AppError(422, 'requests.noDevicesChosen');
    await requests.unreserveDevices(c.get('ctx'), actor, id, tags.slice(0, 500));
    return c.redirect(`/requests/${id}?done=unreserved&n=${tags.length}`, 303);
  } catch (e) {
    return requestPage(c, id, formFailure(e, c.get('t')));
  }
});

requestRoutes.post('/requests/:id/deliveries', async (c) => {
  const actor = staffOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const raw = await readForm(c);
    const tags = tagsFrom(raw);
    if (tags.length === 0) throw new AppError(422, 'requests.noDevicesChosen');
    const input = parseInput(deliveryInputSchema, { ...raw, tags }, c.get('locale'));
    const result = await deliverDevices(c.get('ctx'), actor, id, input);
    return c.redirect(`/deliveries/${result.id}?done=created`, 303);
  } catch (e) {
    return requestPage(c, id, formFailure(e, c.get('t')));
  }
});

requestRoutes.post('/requests/:id/note', async (c) => {
  const actor = staffOnly(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  try {
    const input = parseInput(internalNoteSchema, await readForm(c), c.get('locale'));
    await requests.setInternalNote(c.get('ctx'), actor, id, input.internalNote);
    return c.redirect(`/requests/${id}?done=note`, 303);
  } catch (e) {
    return requestPage(c, id, formFailure(e, c.get('t')));
  }
});
