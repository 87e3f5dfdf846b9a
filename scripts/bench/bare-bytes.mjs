// The limit for one page: a bare Hono serving that page's exact bytes (BYTES_FILE) from memory, as
// text/html, whatever the path. A page's ratio to this is what the app's own work costs.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.env.PORT ?? 3902);
const page = readFileSync(process.env.BYTES_FILE, 'utf8');
const app = new Hono();
app.get('*', (c) => c.html(page));
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`ready ${port}`));
