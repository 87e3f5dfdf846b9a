// The limit for a page of a given size: a bare Hono server answering every request with the same
// bytes, held in memory, that the app answered for the scenario (BYTES_FILE, with CONTENT_TYPE).
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.env.PORT ?? 3902);
const bytes = readFileSync(process.env.BYTES_FILE);
const type = process.env.CONTENT_TYPE ?? 'text/html; charset=UTF-8';
const app = new Hono();
const answer = (c) => c.body(bytes, 200, { 'content-type': type });
app.get('*', answer);
app.post('*', answer);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`ready ${port} (${bytes.length} bytes)`));
