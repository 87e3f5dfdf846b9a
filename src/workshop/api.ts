import { Hono } from 'hono';
import { z } from 'zod';
import { check } from '../access/policy';
import { DEVICE_TYPES } from '../devices/device-types';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { translate } from '../i18n/catalogue';
import { AppError } from '../shared/errors';
import { parseInput, hubCodeSchema } from '../shared/validate';
import { idParam } from '../hardware/schema';
import { checklistFor, itemLabel } from './checklists';
import { checklistEditSchema, fitPartSchema, imagePatchSchema, imageSchema, shipmentSchema } from './schema';
import * as workshop from './service';

export const workshopApi = new Hono<AppEnv>();

const hubQuery = hubCodeSchema.optional();

workshopApi.get('/checklists/:type', async (c) => {
  const actor = requireActor(c);
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  const type = parseInput(z.enum(DEVICE_TYPES), c.req.param('type'), c.get('locale'));
  const hub = await workshop.actingHub(c.get('ctx'), actor, parseInput(hubQuery, c.req.query('hub'), c.get('locale')));
  const items = await checklistFor(c.get('ctx').db, hub.id, type);
  return c.json({ hub: hub.code, type, items: items.map((i) => ({ key: i.key, label: itemLabel(i, c.get('locale')), custom: !!i.label })) });
});

workshopApi.put('/checklists/:type', async (c) => {
  const actor = requireActor(c);
  const body = (await readJson(c)) as Record<string, unknown>;
  const lines = Array.isArray(body?.items) ? (body.items as unknown[]).map(String).join('\n') : body?.items;
  const input = parseInput(checklistEditSchema, { type: c.req.param('type'), lines }, c.get('locale'));
  const hub = await workshop.actingHub(c.get('ctx'), actor, parseInput(hubQuery, c.req.query('hub'), c.get('locale')));
  const saved = await workshop.editChecklist(c.get('ctx'), actor, hub.id, input.type, input.lines);
  return c.json({ hub: hub.code, type: input.type, items: saved.map((i) => ({ key: i.key, label: itemLabel(i, c.get('locale')), custom: !!i.label })) });
});

const imageJson = (i: Awaited<ReturnType<typeof workshop.imageCatalogue>>[number] | Awaited<ReturnType<typeof workshop.updateImage>>) => ({
  id: i.id,
  name: i.name,
  version: i.version,
  notes: i.notes,
  outdated: i.outdated === 1,
  updatedAt: i.updated_at,
  ...('devices' in i ? { devices: i.devices } : {}),
});

workshopApi.get('/os-images', async (c) => c.json({ items: (await workshop.imageCatalogue(c.get('ctx'), requireActor(c))).map(imageJson) }));

workshopApi.post('/os-images', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(imageSchema, await readJson(c), c.get('locale'));
  const id = await workshop.createImage(c.get('ctx'), actor, input);
  return c.json({ id, ...input, outdated: !!input.outdated }, 201);
});

workshopApi.patch('/os-images/:id', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idParam, c.req.param('id'), c.get('locale'));
  const input = parseInput(imagePatchSchema, await readJson(c), c.get('locale'));
  return c.json(imageJson(await workshop.updateImage(c.get('ctx'), actor, id, input)));
});

workshopApi.get('/parts', async (c) => {
  const actor = requireActor(c);
  const { hub, parts } = await workshop.partsStock(c.get('ctx'), actor, parseInput(hubQuery, c.req.query('hub'), c.get('locale')));
  return c.json({
    hub: hub.code,
    items: parts.map((p) => ({
      id: p.id,
      kind: p.kind,
      label: translate(c.get('locale'), `part.${p.kind}` as never),
      description: p.description,
      serial: p.serial,
      available: p.available,
      quantity: p.quantity,
      from: p.source_tag,
    })),
  });
});

workshopApi.post('/devices/:tag/parts', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(fitPartSchema, await readJson(c), c.get('locale'));
  return c.json(await workshop.fitPart(c.get('ctx'), actor, c.req.param('tag'), input), 201);
});

workshopApi.get('/recycling', async (c) => {
  const actor = requireActor(c);
  const o = await workshop.recyclingOverview(c.get('ctx'), actor, parseInput(hubQuery, c.req.query('hub'), c.get('locale')));
  return c.json({
    hub: o.hub.code,
    pending: o.pending.map((d) => ({ tag: d.tag, type: d.type, brand: d.brand, model: d.model, kg: d.kg })),
    shipments: o.shipments.map((s) => ({ id: s.id, document: s.document_number, date: s.shipped_on, totalKg: s.total_kg, devices: Number(s.devices), note: s.note })),
  });
});

workshopApi.post('/raee-shipments', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(shipmentSchema, await readJson(c), c.get('locale'));
  return c.json(await workshop.createShipment(c.get('ctx'), actor, input), 201);
});
