/**
 * `npm start`: one app process per core (WEB_CONCURRENCY, default the number of cores) through
 * node:cluster, all listening on the same port. The first process migrates the database, seeds the
 * hubs and creates the administrator, then starts the others and hands out the connections; if one of
 * them dies it starts another. With WEB_CONCURRENCY=1 this process serves requests itself.
 */
import cluster from 'node:cluster';
import { serveApp } from './http/answer-head';
import { createApp } from './app';
import { bootstrapAdmin } from './auth/service';
import { boot } from './boot';
import { loadConfig, type Config } from './config';
import { startMailWorker } from './mail/worker';

const config = loadConfig();

if (cluster.isPrimary) {
  const { ctx, close, migrated, hubsAdded } = await boot(config);
  if (migrated.length) console.log(`Database: applied ${migrated.join(', ')}`);
  if (hubsAdded) console.log(`Hubs: added ${hubsAdded}`);
  const admin = await bootstrapAdmin(ctx);
  const ready = () => {
    const local = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`;
    console.log(`Rigenera is running at ${local}${config.processes > 1 ? ` (${config.processes} processes)` : ''}`);
    if (config.publicBaseUrl !== local) console.log(`Public base URL (labels, links): ${config.publicBaseUrl}`);
    if (admin.created) console.log(`Administrator created: ${admin.created}`);
    if (admin.setupLink) console.log(`No administrator yet. Open this one-time link to create one:\n  ${admin.setupLink}`);
    console.log(config.mail ? `Mail: sending through ${new URL(config.mail.url).host} as ${config.mail.from}` : 'Mail: SMTP_URL not set; notices go to the inbox only');
    if (!config.secureCookies) console.warn('Warning: cookies are not Secure because PUBLIC_BASE_URL is plain http; put HTTPS in front for real use.');
  };
  if (config.processes === 1) await serveHere(config, { ctx, close }, ready);
  else {
    await close();
    superviseWorkers(config.processes, ready);
  }
} else {
  const opened = await boot(config, { prepare: false });
  await serveHere(config, opened);
  // The first process is gone (killed): nobody hands out connections any more.
  process.on('disconnect', () => process.exit(0));
}

async function serveHere(config: Config, { ctx, close }: Pick<Awaited<ReturnType<typeof boot>>, 'ctx' | 'close'>, ready?: () => void) {
  const app = createApp(ctx);
  // Sends queued e-mail (when SMTP_URL is set) and issues reminders; in every app process, safely (mail/worker.ts).
  const mailer = startMailWorker(ctx);
  const server = serveApp({ fetch: app.fetch, port: config.port, hostname: config.host }, () => ready?.());
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (cluster.isPrimary) console.log(`${signal}: closing`);
    server.close(
      () =>
        void mailer
          .stop()
          .then(close)
          .then(() => process.exit(0)),
    );
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function superviseWorkers(n: number, ready: () => void) {
  let stopping = false;
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === n) ready();
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`App process ${worker.process.pid} stopped (${signal ?? code}); starting another.`);
    setTimeout(() => cluster.fork(), 500);
  });
  for (let i = 0; i < n; i++) cluster.fork();
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing ${n} processes`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 6000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
