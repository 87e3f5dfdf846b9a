/** The OpenAPI 3.1 document of /api/v1, generated from the handlers' own zod schemas (operations.ts). */
import { z } from 'zod';
import { translate, type Locale, type MessageKey } from '../i18n/catalogue';
import { OPERATIONS, TAGS, type Operation } from './operations';

type Json = Record<string, unknown>;

/** A schema as a client sends it: the input side of every transform (zod's `io: 'input'`). */
export function jsonSchema(schema: z.ZodType): Json {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  return out;
}

export const operationId = (op: Operation) => op.summary.replace(/^api\.op\./, '');

function parameters(op: Operation): Json[] {
  const out: Json[] = [];
  for (const [name, schema] of Object.entries(op.params ?? {})) out.push({ name, in: 'path', required: true, schema: jsonSchema(schema) });
  if (op.query) {
    const s = jsonSchema(op.query) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(s.properties ?? {})) {
      out.push({ name, in: 'query', required: s.required?.includes(name) ?? false, schema, ...(op.queryExample?.[name] !== undefined ? { example: op.queryExample[name] } : {}) });
    }
  }
  return out;
}

const ERRORS: [number, MessageKey][] = [
  [400, 'api.error.400'],
  [401, 'api.error.401'],
  [403, 'api.error.403'],
  [404, 'api.error.404'],
  [409, 'api.error.409'],
  [413, 'api.error.413'],
  [415, 'api.error.415'],
  [422, 'api.error.422'],
  [503, 'api.error.503'],
  [507, 'api.error.507'],
];

/**
 * The errors an operation can answer: 401/403 need a token; 413 needs a body; 503 (the database
 * cannot be written) and 507 (the disk is full) a write. No /api/v1 route is rate limited (no 429).
 */
function errorsOf(op: Operation): number[] {
  return ERRORS.map(([code]) => code).filter((code) => {
    if (code === 401 || code === 403) return !op.public;
    if (code === 413 || code === 503 || code === 507) return op.method !== 'get';
    return true;
  });
}

export function buildDocument(locale: Locale, serverUrl: string): Json {
  const t = (key: MessageKey) => translate(locale, key);
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const status = String(op.status ?? 200);
    const json = { 'application/json': { schema: { type: 'object' } } };
    const files = [op.produces ?? []].flat();
    const success: Json = files.length
      ? { description: t('api.response.file'), content: Object.fromEntries(files.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) }
      : { description: t('api.response.ok'), content: json };
    // A repeated idempotency key: 200 and the first answer's resource instead of a second 201.
    const replay: Json = { description: t('api.response.replayed'), headers: { 'Idempotent-Replayed': { schema: { type: 'string', const: 'true' } } }, content: json };
    const operation: Json = {
      operationId: operationId(op),
      summary: t(op.summary),
      tags: [op.tag],
      parameters: parameters(op),
      responses: {
        [status]: success,
        ...(op.replays ? { '200': replay } : {}),
        ...Object.fromEntries(errorsOf(op).map((code) => [String(code), { $ref: `#/components/responses/E${code}` }])),
      },
      ...(op.public ? { security: [] } : {}),
    };
    if (op.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(op.body), ...(op.example !== undefined ? { example: op.example } : {}) } },
      };
    } else if (op.bodyType) {
      operation.requestBody = { required: true, content: { [op.bodyType]: { schema: { type: 'string', maxLength: 1_048_576 } } } };
    }
    paths[op.path] = { ...(paths[op.path] ?? {}), [op.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: t('api.title'),
      version: '1',
      description: t('api.description'),
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearerAuth: [] }],
    tags: TAGS.map((name) => ({ name, description: t(`api.tag.${name}` as MessageKey) })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: t('api.auth') } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: { type: 'string' },
            code: { type: 'string', description: t('api.error.code') },
            issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } },
          },
          required: ['error', 'code'],
        },
      },
      responses: Object.fromEntries(ERRORS.map(([code, key]) => [`E${code}`, { description: t(key), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }])),
    },
  };
}
