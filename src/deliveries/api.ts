import { Hono, type Context } from 'hono';
import type { Actor } from '../access/policy';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { idSchema, receiptSchema, reportSchema, returnSchema } from './schema';
import * as deliveries from './service';

export const deliveryApi = new Hono<AppEnv>();

function deliveryJson(view: deliveries.DeliveryView) {
  const d = view.delivery;
  return {
    id: d.id,
    number: d.label,
    hub: d.hub_code,
    request: d.request_id,
    partner: { id: d.partner_id, name: d.partner_name },
    title: d.title,
    date: d.delivered_on,
    loanUntil: d.loan_until,
    receiptCompletedAt: d.receipt_completed_at,
    documents: view.documents,
    devices: view.devices.map((x) => ({
      tag: x.tag,
      type: x.type,
      brand: x.brand,
      model: x.model,
      serial: x.serial,
      os: x.os,
      specs: x.specs,
      erasure: x.erasure,
      receivedAt: x.received_at,
      receivedBy: x.received_by,
      withPartner: x.withPartner,
      ...(view.staff ? { state: x.current_state } : {}),
    })),
    reports: view.reports.map((r) => ({ id: r.id, tag: r.tag, kind: r.kind, description: r.description, state: r.state, outcome: r.outcome, at: r.created_at })),
  };
}

async function json(c: Context<AppEnv>, actor: Actor, id: number) {
  return deliveryJson(await deliveries.getDelivery(c.get('ctx'), actor, id));
}

deliveryApi.get('/deliveries/:id', async (c) => {
  const actor = requireActor(c);
  return c.json(await json(c, actor, parseInput(idSchema, c.req.param('id'), c.get('locale'))));
});

/** The partner confirms receipt: `{}` or `{ all: true }` for every device, `{ tags: [...] }` for some. */
deliveryApi.post('/deliveries/:id/receipt', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  // A POST with no body at all confirms every device; a body must be JSON and say which.
  const body = c.req.header('content-type') || (await c.req.text()).trim() ? await readJson(c) : { all: true };
  const input = parseInput(receiptSchema, body, c.get('locale'));
  const { confirmed, view } = await deliveries.confirmReceipt(c.get('ctx'), actor, id, input.all ? undefined : input.tags);
  return c.json({ confirmed, ...deliveryJson(view) });
});

deliveryApi.post('/deliveries/:id/reports', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const input = parseInput(reportSchema, await readJson(c), c.get('locale'));
  return c.json(await deliveries.reportProblem(c.get('ctx'), actor, id, input), 201);
});

deliveryApi.post('/deliveries/:id/returns', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const input = parseInput(returnSchema, await readJson(c), c.get('locale'));
  return c.json(await deliveries.recordReturn(c.get('ctx'), actor, id, input));
});
