import { serve } from '@hono/node-server';
import { createApp } from './app';
import { bootstrapAdmin } from './auth/service';
import { boot } from './boot';
import { loadConfig } from './config';
import { startMailWorker } from './mail/worker';

const config = loadConfig();
const { ctx, close, migrated, hubsAdded } = await boot(config);
if (migrated.length) console.log(`Database: applied ${migrated.join(', ')}`);
if (hubsAdded) console.log(`Hubs: added ${hubsAdded}`);

const admin = await bootstrapAdmin(ctx);
const app = createApp(ctx);
// Sends queued e-mail (when SMTP_URL is set) and issues reminders; in every app process, safely.
const mailer = startMailWorker(ctx);
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const local = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${info.port}`;
  console.log(`Rigenera is running at ${local}`);
  if (config.publicBaseUrl !== local) console.log(`Public base URL (labels, links): ${config.publicBaseUrl}`);
  if (admin.created) console.log(`Administrator created: ${admin.created}`);
  if (admin.setupLink) console.log(`No administrator yet. Open this one-time link to create one:\n  ${admin.setupLink}`);
  console.log(config.mail ? `Mail: sending through ${new URL(config.mail.url).host} as ${config.mail.from}` : 'Mail: SMTP_URL not set; notices go to the inbox only');
  if (!config.secureCookies) console.warn('Warning: cookies are not Secure because PUBLIC_BASE_URL is plain http; put HTTPS in front for real use.');
});

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  server.close(() => void mailer.stop().then(close).then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
