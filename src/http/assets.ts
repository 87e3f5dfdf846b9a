import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Hono } from 'hono';
import { fromRoot } from '../paths';
import type { AppEnv } from './env';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

type Asset = { body: Buffer; type: string; hash: string };

/**
 * The app's own static files (views/assets, plus any file a feature registers, such as a decoder
 * from node_modules), held in memory and served from this origin only: no CDN, ever.
 */
export class Assets {
  private files = new Map<string, Asset>();

  constructor(dir = fromRoot('views', 'assets')) {
    for (const name of readdirSync(dir)) this.add(name, join(dir, name));
  }

  add(name: string, path: string): void {
    const body = readFileSync(path);
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    this.files.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 10) });
  }

  /** `/assets/app.css?v=<hash>`: a new file gets a new URL, so the old one can be cached forever. */
  url = (name: string): string => {
    const a = this.files.get(name);
    return a ? `/assets/${name}?v=${a.hash}` : `/assets/${name}`;
  };

  mount(app: Hono<AppEnv>): void {
    app.get('/assets/:name{.+}', (c) => {
      const a = this.files.get(c.req.param('name'));
      if (!a) return c.notFound();
      c.header('Content-Type', a.type);
      c.header('Cache-Control', c.req.query('v') === a.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      return c.body(new Uint8Array(a.body));
    });
  }
}
