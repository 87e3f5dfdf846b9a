import { serve } from '@hono/node-server';
import { createApp } from './app';
import { bootstrapAdmin } from './auth/service';
import { boot } from './boot';
import { loadConfig } from './config';

const config = loadConfig();
const { ctx, close, migrated, hubsAdded } = await boot(config);
if (migrated.length) console.log(`Database: applied ${migrated.join(', ')}`);
if (hubsAdded) console.log(`Hubs: added ${hubsAdded}`);

const admin = await bootstrapAdmin(ctx);
const app = createApp(ctx);
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const local = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${info.port}`;
  console.log(`Rigenera is running at ${local}`);
  if (config.publicBaseUrl !== local) console.log(`Public base URL (labels, links): ${config.publicBaseUrl}`);
  if (admin.created) console.log(`Administrator created: ${admin.created}`);
  if (admin.setupLink) console.log(`No administrator yet. Open this one-time link to create one:\n  ${admin.setupLink}`);
  if (!config.secureCookies) console.warn('Warning: cookies are not Secure because PUBLIC_BASE_URL is plain http; put HTTPS in front for real use.');
});

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  server.close(() => void close().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
