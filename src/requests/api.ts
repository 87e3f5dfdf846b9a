import { Hono, type Context } from 'hono';
import { deliveryInputSchema } from '../deliveries/schema';
import { deliverDevices } from '../deliveries/service';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { idSchema, requestDecisionSchema, requestInputSchema, reservationSchema } from './schema';
import * as requests from './service';

export const requestApi = new Hono<AppEnv>();

/** The request as JSON: for a partner without the hub's internal note and with the hub's name on the hub's changes. */
async function requestJson(c: Context<AppEnv>, id: number) {
  const actor = requireActor(c);
  const view = await requests.getRequest(c.get('ctx'), actor, id);
  const r = view.request;
  const suggestions = view.canAllocate ? await requests.suggestFor(c.get('ctx'), r, view.lines) : undefined;
  return {
    id: r.id,
    state: r.state,
    hub: r.hub_code,
    partner: { id: r.partner_id, name: r.partner_name, kind: r.partner_kind },
    purpose: r.purpose,
    beneficiaries: { count: r.beneficiaries_count, description: r.beneficiaries_description },
    minSpecs: { ramGb: r.min_ram_mb === null ? null : r.min_ram_mb / 1024, screenInches: r.min_screen_inches, ssd: r.needs_ssd === 1 },
    items: view.lines,
    ...(view.staff ? { internalNote: r.internal_note, reserved: view.reserved.map((d) => d.tag) } : {}),
    deliveries: view.deliveries.map((d) => ({ id: d.id, number: d.label, title: d.title, date: d.delivered_on, devices: d.device_count, received: d.receipt_completed_at !== null })),
    events: view.events.map((e) => ({ action: e.action, from: e.from, to: e.to, note: e.note, at: e.at, by: e.by })),
    ...(suggestions ? { suggestions: suggestions.map((s) => ({ type: s.type, needed: s.needed, tags: s.devices.map((d) => d.tag), specsUnknown: s.alternatives.map((d) => d.tag) })) } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

requestApi.post('/requests', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(requestInputSchema, await readJson(c), c.get('locale'));
  const { id, replayed } = await requests.createRequest(c.get('ctx'), actor, input);
  if (replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(await requestJson(c, id), replayed ? 200 : 201);
});

requestApi.get('/requests/:id', async (c) => c.json(await requestJson(c, parseInput(idSchema, c.req.param('id'), c.get('locale')))));

requestApi.post('/requests/:id/decision', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const input = parseInput(requestDecisionSchema, await readJson(c), c.get('locale'));
  await requests.changeRequest(c.get('ctx'), actor, id, input.decision, input.note);
  return c.json(await requestJson(c, id));
});

requestApi.post('/requests/:id/reservations', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const input = parseInput(reservationSchema, await readJson(c), c.get('locale'));
  const result = await requests.reserveDevices(c.get('ctx'), actor, id, input.tags, input.idempotencyKey);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json({ request: id, reserved: result.reserved }, 200);
});

requestApi.post('/requests/:id/deliveries', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const input = parseInput(deliveryInputSchema, await readJson(c), c.get('locale'));
  const { actions: _a, replayed, ...result } = await deliverDevices(c.get('ctx'), actor, id, input);
  if (replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result, replayed ? 200 : 201);
});
