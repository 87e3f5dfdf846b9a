import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
const port = Number(process.env.PORT ?? 3902);
const bytes = readFileSync(process.env.BYTES_FILE);
const headers = JSON.parse(readFileSync(process.env.HEADERS_FILE, 'utf8'));
const app = new Hono();
app.get('*', (c) => c.body(bytes, 200, headers));
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`ready ${port}`));
