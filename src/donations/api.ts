import { Hono } from 'hono';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { requireActor } from '../http/middleware';
import { parseInput } from '../shared/validate';
import { donationInputSchema } from './schema';
import * as donations from './service';

export const donationApi = new Hono<AppEnv>();

donationApi.post('/donations', async (c) => {
  const actor = requireActor(c);
  const input = parseInput(donationInputSchema, await readJson(c), c.get('locale'));
  const result = await donations.registerDonation(c.get('ctx'), actor, input);
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result, result.replayed ? 200 : 201);
});
