import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ChecklistsPage, ImagesPage, PartsPage, RecyclingPage, WorkshopIndex } from '../../views/workshop/pages';
import { can, check } from '../access/policy';
import { DEVICE_TYPES, type DeviceType } from '../devices/device-types';
import { renderDevice } from '../devices/public-pages';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError, ValidationError } from '../shared/errors';
import { hubDay } from '../shared/hub-time';
import { parseInput } from '../shared/validate';
import { idParam } from '../hardware/schema';
import { checklistFor } from './checklists';
import { checklistEditSchema, correctFormSchema, fitPartSchema, imagePatchSchema, imageSchema, shipmentSchema, undoFormSchema } from './schema';
import { correctDiagnosis, undoEvent } from './undo';
import { MAX_REPORT_CHARS, reportFromText } from './report-form';
import { hardwareReportSchema } from '../hardware/schema';
import { submitReport } from '../hardware/service';
import * as workshop from './service';

export const workshopRoutes = new Hono<AppEnv>();

type Msg = { done?: string; error?: string; issues?: { path: string; message: string }[] };

/** A user-fixable refusal re-renders the form with the reason; anything else goes to the error page. */
function failure(c: Context<AppEnv>, e: unknown): { msg: Msg; status: number } {
  if (e instanceof ValidationError) return { msg: { issues: e.issues }, status: 422 };
  if (e instanceof AppError && e.status !== 401) return { msg: { error: c.get('t')(e.key, e.params) }, status: e.status };
  throw e;
}

const strings = (raw: Record<string, unknown>) => Object.fromEntries(Object.entries(raw).map(([k, val]) => [k, typeof val === 'string' ? val : ''])) as Record<string, string>;

workshopRoutes.get('/workshop', (c) => {
  const actor = requireActor(c);
  if (!can(actor, 'device.read')) throw new AppError(403, 'access.denied');
  return renderPage(c, c.get('t')('workshop.title'), (v) => (
    <WorkshopIndex v={v} can={{ checklists: can(actor, 'checklist.manage'), images: can(actor, 'image.manage'), shipments: can(actor, 'shipment.manage') }} />
  ));
});

// ---- checklists

async function checklistsPage(c: Context<AppEnv>, type: DeviceType, msg: Msg = {}, status = 200) {
  const actor = requireActor(c);
  if (!can(actor, 'device.read')) throw new AppError(403, 'access.denied');
  const hub = await workshop.actingHub(c.get('ctx'), actor, c.req.query('hub'));
  const items = await checklistFor(c.get('ctx').db, hub.id, type);
  return renderPage(
    c,
    c.get('t')('checklist.title'),
    (v) => <ChecklistsPage v={v} type={type} items={items} hub={hub.name} canEdit={check(actor, 'checklist.manage', { hubId: hub.id }).ok} {...msg} />,
    {
      status,
    },
  );
}

workshopRoutes.get('/workshop/checklists', (c) => checklistsPage(c, parseInput(z.enum(DEVICE_TYPES).default('laptop'), c.req.query('type') || undefined, c.get('locale'))));

workshopRoutes.post('/workshop/checklists', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  const type = DEVICE_TYPES.includes(raw.type as DeviceType) ? (raw.type as DeviceType) : 'laptop';
  try {
    const input = parseInput(checklistEditSchema, raw, c.get('locale'));
    const hub = await workshop.actingHub(c.get('ctx'), actor, c.req.query('hub'));
    await workshop.editChecklist(c.get('ctx'), actor, hub.id, input.type, input.lines);
    return checklistsPage(c, input.type, { done: c.get('t')('checklist.saved') });
  } catch (e) {
    const f = failure(c, e);
    return checklistsPage(c, type, f.msg, f.status);
  }
});

// ---- images

async function imagesPage(c: Context<AppEnv>, msg: Msg & { values?: Record<string, string> } = {}, status = 200) {
  const actor = requireActor(c);
  const images = await workshop.imageCatalogue(c.get('ctx'), actor);
  return renderPage(c, c.get('t')('images.title'), (v) => <ImagesPage v={v} images={images} canEdit={can(actor, 'image.manage')} {...msg} />, { status, wide: true });
}

workshopRoutes.get('/workshop/images', (c) => imagesPage(c));

workshopRoutes.post('/workshop/images', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    await workshop.createImage(c.get('ctx'), actor, parseInput(imageSchema, raw, c.get('locale')));
    return imagesPage(c, { done: c.get('t')('images.saved') }, 201);
  } catch (e) {
    const f = failure(c, e);
    return imagesPage(c, { ...f.msg, values: strings(raw) }, f.status);
  }
});

workshopRoutes.post('/workshop/images/:id', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const id = parseInput(idParam, c.req.param('id'), c.get('locale'));
    await workshop.updateImage(c.get('ctx'), actor, id, parseInput(imagePatchSchema, raw, c.get('locale')));
    return imagesPage(c, { done: c.get('t')('images.saved') });
  } catch (e) {
    const f = failure(c, e);
    return imagesPage(c, f.msg, f.status);
  }
});

// ---- parts

async function partsPage(c: Context<AppEnv>, msg: Msg & { values?: Record<string, string> } = {}, status = 200) {
  const actor = requireActor(c);
  const { hub, parts } = await workshop.partsStock(c.get('ctx'), actor, c.req.query('hub'));
  return renderPage(c, c.get('t')('parts.title'), (v) => <PartsPage v={v} hub={hub.name} parts={parts} canFit={check(actor, 'part.fit', { hubId: hub.id }).ok} {...msg} />, { status, wide: true });
}

workshopRoutes.get('/workshop/parts', (c) => partsPage(c));

workshopRoutes.post('/workshop/parts', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const input = parseInput(fitPartSchema.extend({ tag: z.string().trim().min(1).max(40) }), raw, c.get('locale'));
    const r = await workshop.fitPart(c.get('ctx'), actor, input.tag, input);
    return partsPage(c, { done: c.get('t')('parts.fitted', { tag: r.tag }) });
  } catch (e) {
    const f = failure(c, e);
    return partsPage(c, { ...f.msg, values: strings(raw) }, f.status);
  }
});

/** From the device page: the part goes into this device. */
workshopRoutes.post('/d/:tag/parts', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  try {
    const r = await workshop.fitPart(c.get('ctx'), actor, tag, parseInput(fitPartSchema, raw, c.get('locale')));
    return c.redirect(`/d/${r.tag}?done=fitPart#parts`, 303);
  } catch (e) {
    const f = failure(c, e);
    return renderDevice(c, tag, f.msg, f.status);
  }
});

// ---- a hardware report from the device page: a file from the phone or pasted text

workshopRoutes.post('/d/:tag/hardware-reports', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  try {
    const file = raw.file;
    const text = file instanceof File && file.size > 0 ? (file.size > MAX_REPORT_CHARS * 4 ? '' : await file.text()) : typeof raw.text === 'string' ? raw.text : '';
    if (file instanceof File && file.size > MAX_REPORT_CHARS * 4) throw new AppError(413, 'bench.report.tooBig');
    const report = reportFromText(text);
    const input = parseInput(hardwareReportSchema, report, c.get('locale'));
    const r = await submitReport(c.get('ctx'), actor, tag, input, JSON.stringify(report));
    return c.redirect(`/d/${r.tag}?done=hardwareReport#specs`, 303);
  } catch (e) {
    const f = failure(c, e);
    return renderDevice(c, tag, f.msg, f.status);
  }
});

// ---- undo and correction (from the device page)

workshopRoutes.post('/d/:tag/undo', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  try {
    const input = parseInput(undoFormSchema, raw, c.get('locale'));
    const r = await undoEvent(c.get('ctx'), actor, tag, input.seq, input.reason);
    return c.redirect(`/d/${r.tag}?done=undo#next-steps`, 303);
  } catch (e) {
    const f = failure(c, e);
    return renderDevice(c, tag, f.msg, f.status);
  }
});

workshopRoutes.post('/d/:tag/correct', async (c) => {
  const actor = requireActor(c);
  const tag = c.req.param('tag');
  const raw = await readForm(c);
  try {
    const r = await correctDiagnosis(c.get('ctx'), actor, tag, parseInput(correctFormSchema, raw, c.get('locale')));
    return c.redirect(`/d/${r.tag}?done=correct#next-steps`, 303);
  } catch (e) {
    const f = failure(c, e);
    return renderDevice(c, tag, f.msg, f.status);
  }
});

// ---- recycling

async function recyclingPage(c: Context<AppEnv>, msg: Msg & { values?: Record<string, string> } = {}, status = 200) {
  const actor = requireActor(c);
  const o = await workshop.recyclingOverview(c.get('ctx'), actor, c.req.query('hub'));
  return renderPage(
    c,
    c.get('t')('recycling.title'),
    (v) => (
      <RecyclingPage
        v={v}
        hub={o.hub.name}
        pending={o.pending}
        shipments={o.shipments}
        canShip={check(actor, 'shipment.manage', { hubId: o.hub.id }).ok}
        today={hubDay(c.get('ctx').clock.now())}
        {...msg}
      />
    ),
    { status, wide: true },
  );
}

workshopRoutes.get('/workshop/recycling', (c) => recyclingPage(c));

workshopRoutes.post('/workshop/recycling', async (c) => {
  const actor = requireActor(c);
  const raw = await readForm(c);
  try {
    const input = parseInput(shipmentSchema, { ...raw, hub: c.req.query('hub') }, c.get('locale'));
    const r = await workshop.createShipment(c.get('ctx'), actor, input);
    return recyclingPage(c, { done: c.get('t')('recycling.created', { document: r.document, kg: r.totalKg }) }, 201);
  } catch (e) {
    const f = failure(c, e);
    return recyclingPage(c, { ...f.msg, values: strings(raw) }, f.status);
  }
});
