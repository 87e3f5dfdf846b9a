import { Hono } from 'hono';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { arrivalSchema, idSchema, transferInputSchema } from './schema';
import * as transfers from './service';

export const transferApi = new Hono<AppEnv>();

transferApi.post('/transfers', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(transferInputSchema, await readJson(c), c.get('locale'));
  return c.json(await transfers.createTransfer(c.get('ctx'), actor, input), 201);
});

transferApi.get('/transfers/:id', async (c) => {
  const actor = requireActor(c);
  const view = await transfers.getTransfer(c.get('ctx'), actor, parseInput(idSchema, c.req.param('id'), c.get('locale')));
  const t = view.transfer;
  return c.json({
    id: t.id,
    number: t.label,
    from: t.from_code,
    to: t.to_code,
    date: t.day,
    note: t.note,
    document: `${c.get('ctx').config.publicBaseUrl}/transfers/${t.id}/document.pdf`,
    devices: view.devices.map((d) => ({ tag: d.tag, type: d.type, stateAtDeparture: d.state, arrivedAt: d.arrived_at, onTheWay: d.onTheWay })),
  });
});

transferApi.post('/transfers/:id/arrivals', async (c) => {
  const actor = requireActor(c);
  const id = parseInput(idSchema, c.req.param('id'), c.get('locale'));
  const input = parseInput(arrivalSchema, await readJson(c), c.get('locale'));
  return c.json(await transfers.receiveTransfer(c.get('ctx'), actor, id, input.tags));
});
