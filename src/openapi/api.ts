import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { buildDocument } from './document';

export const openApi = new Hono<AppEnv>();

/** The contract, in the language asked for (Accept-Language), for anyone: it holds no data. */
openApi.get('/openapi.json', (c) => {
  c.header('Cache-Control', 'public, max-age=300');
  return c.json(buildDocument(c.get('locale'), c.get('ctx').config.publicBaseUrl));
});
