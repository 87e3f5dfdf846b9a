import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../shared/errors';
import type { AppEnv } from './env';

/** The JSON body, or a clear 415/400 instead of a crash on the wrong content type or broken JSON. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError(415, 'http.expectedJson');
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, 'http.badJson');
  }
}

/**
 * Fields a form may carry. Nobody signed in sends more than a login or an application form; the
 * largest form a signed-in person sends is a RAEE shipment with 2,000 ticked devices.
 */
export const MAX_FORM_FIELDS = { anonymous: 200, signedIn: 2_100 } as const;
/** An array index may run ahead of the rows already read by this much (rows removed from a form leave gaps). */
export const MAX_INDEX_GAP = 100;
const MAX_DEPTH = 4;
const MAX_KEY_LENGTH = 200;

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * Counts a form's fields in its raw bytes and refuses one with too many, before anything parses it
 * (the CSRF check reads the form too). One pass over a body the size limit has already bounded.
 */
export function formFieldLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const type = c.req.header('content-type') ?? '';
    if (!FORM_TYPE.test(type)) return next();
    const buffer = await c.req.arrayBuffer();
    // Hono keeps the bytes for parseBody; a route that reads the raw stream itself (its own body limit) gets a fresh one.
    c.req.raw = new Request(c.req.raw, { body: buffer, duplex: 'half' } as RequestInit);
    const bytes = new Uint8Array(buffer);
    const max = c.get('actor') ? MAX_FORM_FIELDS.signedIn : MAX_FORM_FIELDS.anonymous;
    const boundary = multipartBoundary(type);
    const fields = boundary === undefined ? countUrlEncodedFields(bytes) : countParts(bytes, boundary);
    if (fields > max) throw new AppError(413, 'http.tooManyFields', { max });
    return next();
  };
}

function multipartBoundary(type: string): string | undefined {
  if (!/^multipart\//i.test(type)) return undefined;
  for (const param of type.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq > 0 && param.slice(0, eq).trim().toLowerCase() === 'boundary')
      return param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return '';
}

/** `a=1&&b=2` has two fields: empty pieces between `&` are not fields. */
export function countUrlEncodedFields(bytes: Uint8Array): number {
  let fields = 0;
  let empty = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x26) {
      if (!empty) fields++;
      empty = true;
    } else empty = false;
  }
  return empty ? fields : fields + 1;
}

/** The parts of a multipart body: one fewer than its delimiter lines. A body without a boundary has none to parse. */
export function countParts(bytes: Uint8Array, boundary: string): number {
  if (!boundary) return 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  let count = 0;
  for (let at = buf.indexOf(delimiter); at >= 0; at = buf.indexOf(delimiter, at + delimiter.length)) count++;
  return Math.max(0, count - 1);
}

/** A submitted form as a nested object: `devices.0.type` becomes `{ devices: [{ type }] }`. */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!FORM_TYPE.test(type)) throw new AppError(415, 'http.expectedForm');
  // A multipart body without its boundary, or cut short, cannot be read: that is the sender's mistake.
  const body = await c.req.parseBody({ all: true }).catch(() => {
    throw new AppError(400, 'http.badRequest');
  });
  return unflatten(body);
}

/** An array being filled: its rows by index, in the order the form sent them. */
class Rows {
  readonly byIndex = new Map<number, unknown>();
}

type Branch = Record<string, unknown> | Rows;

/**
 * Builds the nested form. Arrays are kept as maps from index to row while filling, then made dense
 * in one pass at the end, so the rows a person removed leave no holes and cost nothing. An index far
 * beyond the rows read so far is refused: no form numbers its rows like that.
 */
export function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (key === '_csrf' || key.length > MAX_KEY_LENGTH) continue;
    const path = key.split('.', MAX_DEPTH + 1);
    if (path.length > MAX_DEPTH || path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let node: Branch = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      let slot: string | number = seg;
      if (node instanceof Rows) {
        if (!isIndex(seg)) break;
        slot = Number(seg);
        if (slot > node.byIndex.size + MAX_INDEX_GAP) throw new AppError(400, 'http.badFormIndex', { field: key.slice(0, 60) });
      }
      const existing = get(node, slot);
      if (last) {
        set(node, slot, value);
        break;
      }
      let child = existing;
      if (child === undefined) {
        child = isIndex(path[i + 1]!) ? new Rows() : {};
        set(node, slot, child);
      }
      if (!(child instanceof Rows) && (typeof child !== 'object' || child === null || Array.isArray(child) || child instanceof Blob)) break;
      node = child as Branch;
    }
  }
  return settle(root) as Record<string, unknown>;
}

const isIndex = (seg: string) => seg.length <= 6 && /^\d+$/.test(seg);
const get = (node: Branch, slot: string | number) => (node instanceof Rows ? node.byIndex.get(slot as number) : Object.hasOwn(node, slot) ? node[slot as string] : undefined);
function set(node: Branch, slot: string | number, value: unknown) {
  if (node instanceof Rows) node.byIndex.set(slot as number, value);
  else node[slot as string] = value;
}

/** Rows become dense arrays in index order, once, all the way down. */
function settle(node: unknown): unknown {
  if (node instanceof Rows) return [...node.byIndex].sort((a, b) => a[0] - b[0]).map(([, v]) => settle(v));
  if (node && typeof node === 'object' && !Array.isArray(node) && !(node instanceof Blob)) {
    const out = node as Record<string, unknown>;
    for (const k of Object.keys(out)) out[k] = settle(out[k]);
  }
  return node;
}
