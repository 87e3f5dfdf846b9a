import { Hono } from 'hono';
import { applyDeviceAction, requireTag } from './actions';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { actionInputSchema, listQuerySchema } from './schema';
import * as devices from './service';
import { parseSpecs } from '../hardware/disks';

export const deviceApi = new Hono<AppEnv>();

deviceApi.get('/devices', async (c) => {
  const actor = requireActor(c);
  const query = parseInput(listQuerySchema, c.req.query(), c.get('locale'));
  const { items, next } = await devices.listDevices(c.get('ctx'), actor, query);
  return c.json({
    items: items.map((d) => ({
      tag: d.tag,
      hub: d.hub_code,
      type: d.type,
      brand: d.brand,
      model: d.model,
      serial: d.serial,
      state: d.state,
      updatedAt: d.updated_at,
    })),
    next: next === null ? null : String(next),
  });
});

deviceApi.get('/devices/:tag', async (c) => {
  const { device: d, events, erasures, allowed, specsRow } = await devices.getDevice(c.get('ctx'), requireActor(c), c.req.param('tag'));
  return c.json({
    tag: d.tag,
    hub: d.hub_code,
    state: d.state,
    type: d.type,
    brand: d.brand,
    model: d.model,
    serial: d.serial,
    weightKg: d.weight_kg,
    hasStorage: d.has_storage === null ? null : d.has_storage === 1,
    conditionNote: d.condition_note,
    outcome: d.outcome,
    os: d.os,
    recipient: d.recipient,
    deliveryDocument: d.delivery_document,
    cycle: d.cycle,
    version: d.version,
    donationId: d.donation_id,
    receivedAt: d.received_at,
    updatedAt: d.updated_at,
    // The normalised specs of the latest applied hardware report (see hardware/specs.ts).
    specs: parseSpecs(specsRow?.specs),
    nextActions: allowed,
    erasures: erasures.map((e) => ({
      outcome: e.outcome,
      method: e.method,
      tool: e.tool,
      verified: e.verified === 1,
      diskSerial: e.disk_serial,
      diskModel: e.disk_model,
      cycle: e.cycle,
      at: e.at,
    })),
    events: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      from: e.from_state,
      to: e.to_state,
      hub: e.hub_code,
      by: e.user_name ?? e.token_label,
      at: e.at,
      data: e.data ? JSON.parse(e.data) : null,
    })),
  });
});

deviceApi.post('/devices/:tag/actions', async (c) => {
  const actor = requireActor(c);
  const tag = requireTag(c.req.param('tag'));
  const input = parseInput(actionInputSchema, await readJson(c), c.get('locale'));
  // Delivering makes a delivery with its documents (a route deliveries registers); the rest is the lifecycle's.
  const result = await applyDeviceAction(c.get('ctx'), actor, tag, input);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result, 200);
});
