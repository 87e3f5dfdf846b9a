import { Hono } from 'hono';
import { ApiReferencePage } from '../../views/openapi/reference';
import type { AppEnv } from '../http/env';
import { renderPage } from '../http/render';
import { buildDocument } from './document';

export const openApiRoutes = new Hono<AppEnv>();

/** The API reference, rendered here from the same document as /api/v1/openapi.json: nothing loaded from elsewhere. */
openApiRoutes.get('/api-reference', (c) => {
  const doc = buildDocument(c.get('locale'), c.get('ctx').config.publicBaseUrl);
  return renderPage(c, c.get('t')('api.title'), (v) => <ApiReferencePage v={v} doc={doc as never} />, { wide: true });
});
