import type { Context } from 'hono';
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

/** A submitted form as a nested object: `devices.0.type` becomes `{ devices: [{ type }] }`. */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) throw new AppError(415, 'http.expectedForm');
  // A multipart body without its boundary, or cut short, cannot be read: that is the sender's mistake.
  const body = await c.req.parseBody({ all: true }).catch(() => {
    throw new AppError(400, 'http.badRequest');
  });
  return unflatten(body);
}

const MAX_INDEX = 5000;

export function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (key === '_csrf') continue;
    const path = key.split('.');
    if (path.length > 4 || path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]!);
      const slot: string | number = Array.isArray(node) ? Number(seg) : seg;
      if (Array.isArray(node) && (!/^\d+$/.test(seg) || Number(seg) > MAX_INDEX)) break;
      const container = node as Record<string | number, unknown>;
      if (last) container[slot] = value;
      else {
        container[slot] ??= nextIsIndex ? [] : {};
        node = container[slot] as Record<string, unknown> | unknown[];
        if (typeof node !== 'object' || node === null) break;
      }
    }
  }
  compactArrays(root);
  return root;
}

/** Rows a person removed from a form leave holes; drop them. */
function compactArrays(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i--) if (node[i] === undefined) node.splice(i, 1);
    node.forEach(compactArrays);
  } else if (node && typeof node === 'object') {
    Object.values(node).forEach(compactArrays);
  }
}
