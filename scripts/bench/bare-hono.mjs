// The second ceiling, and the yardstick every ratio is measured against: a bare Hono "hello".
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.env.PORT ?? 3901);
const app = new Hono();
app.get('*', (c) => c.text('hello'));
app.post('*', (c) => c.text('hello'));
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`ready ${port}`));
