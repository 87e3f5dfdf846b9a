/**
 * How close a page is to its floor: `npm run bench:floor [-- --scenario passport|devicePage --rounds 6 --seconds 8]`.
 *
 * Three servers run at once on the server core, each under its own load from the load core, as in
 * `npm run bench:ab`: this checkout's build of the app (`npm run build` first), the floor (a server that
 * answers only that page, with its own statements, page and headers and nothing else:
 * floor-passport.mjs, floor-device.mjs) and a bare Hono serving the app's page bytes from memory. Half
 * the rounds start the app first, half the floor. Each round prints CPU per request and each server's
 * ratio to the same bytes by CPU: the targets are 0.30 for the passport and 0.15 for a device
 * page, and the floor shows what a server that does nothing else gets.
 * Uses bench-results/dataset-<BENCH_DEVICES>.sqlite, made by `npm run bench`.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fromRoot } from '../../src/paths';
import { cpuSplitMs, load, logInVolunteer, ratio, rotationTags, startServer, type Server } from './harness';

const { values } = parseArgs({ options: { scenario: { type: 'string', default: 'passport' }, rounds: { type: 'string', default: '6' }, seconds: { type: 'string', default: '8' } } });
const device = values.scenario === 'devicePage';
if (!device && values.scenario !== 'passport') throw new Error('--scenario passport or devicePage');
const devices = Number(process.env.BENCH_DEVICES ?? 100_000);
const dataset = fromRoot('bench-results', `dataset-${devices}.sqlite`);
if (!existsSync(dataset)) throw new Error(`${dataset} is missing: npm run bench makes it`);
if (!existsSync(fromRoot('dist', 'server.js'))) throw new Error('no dist/server.js: run npm run build first');

const dir = mkdtempSync(join(tmpdir(), 'rigenera-floor-'));
const url = join(dir, 'floor.sqlite');
copyFileSync(dataset, url);
const rotate = rotationTags(url, device ? 'devicePage' : 'passport').map((tag) => ({ path: `/d/${tag}` }));

const servers: Server[] = [];
try {
  const app = () =>
    startServer({ script: fromRoot('dist', 'server.js'), port: 3965, readyPath: '/healthz', env: { DATABASE_URL: url, PUBLIC_BASE_URL: 'http://127.0.0.1:3965', COOKIE_SECURE: 'false' } });
  const floor = () => startServer({ script: fromRoot('scripts', 'bench', device ? 'floor-device.mjs' : 'floor-passport.mjs'), port: 3966, readyPath: '/healthz', env: { DATABASE_URL: url } });
  const first = await app();
  servers.push(first);
  // The floor takes any session cookie.
  const headers: Record<string, string> = device ? { cookie: (await logInVolunteer(fromRoot(), url, first.url)).cookie } : {};
  const sample = await fetch(`${first.url}${rotate[0]!.path}`, { headers });
  if (!sample.ok) throw new Error(`${rotate[0]!.path}: ${sample.status}`);
  const bytesFile = join(dir, 'passport.html');
  writeFileSync(bytesFile, Buffer.from(await sample.arrayBuffer()));
  await first.stop();
  servers.length = 0;
  const bare = await startServer({ script: fromRoot('scripts', 'bench', 'bare-bytes.mjs'), port: 3967, env: { BYTES_FILE: bytesFile, CONTENT_TYPE: 'text/html; charset=UTF-8' } });
  servers.push(bare);

  const round = async (measured: Server[], seconds: number) => {
    const cpu0 = measured.map((s) => cpuSplitMs(s.proc.pid!));
    const results = await Promise.all(measured.map((s) => load({ url: s.url, headers, rotate, duration: seconds, connections: 10 })));
    return results.map((r, i) => {
      if (r.non2xx || r.errors) throw new Error(`server ${i + 1}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      const cpu = cpuSplitMs(measured[i]!.proc.pid!);
      const systemUs = ((cpu.system - cpu0[i]!.system) * 1000) / r.total;
      return { cpuUs: ((cpu.user - cpu0[i]!.user) * 1000) / r.total + systemUs, systemUs };
    });
  };
  const us = (x: { cpuUs: number; systemUs: number }) => `${x.cpuUs.toFixed(1)} (${x.systemUs.toFixed(1)})`;
  console.log(`${values.scenario} (${sample.headers.get('content-length')} bytes): the app, its floor and the same bytes, all three at once on one core`);
  console.log('| round | started first | app: CPU µs per request (system) | floor (system) | same bytes (system) | app × same bytes | floor × same bytes |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  const ratios = { app: [] as number[], floor: [] as number[] };
  const total = Number(values.rounds);
  for (const order of ['app', 'floor'] as const) {
    const started = order === 'app' ? { app: await app(), floor: await floor() } : { floor: await floor(), app: await app() };
    servers.push(started.app, started.floor);
    const measured = order === 'app' ? [started.app, started.floor, bare] : [started.floor, started.app, bare];
    await round(measured, 6);
    const rounds = order === 'app' ? Math.ceil(total / 2) : Math.floor(total / 2);
    for (let i = 0; i < rounds; i++) {
      const [p, q, s] = await round(measured, Number(values.seconds));
      const [a, f] = order === 'app' ? [p!, q!] : [q!, p!];
      ratios.app.push(s!.cpuUs / a.cpuUs);
      ratios.floor.push(s!.cpuUs / f.cpuUs);
      console.log(`| ${ratios.app.length} | ${order} | ${us(a)} | ${us(f)} | ${us(s!)} | ${ratio(s!.cpuUs, a.cpuUs)} | ${ratio(s!.cpuUs, f.cpuUs)} |`);
    }
    await Promise.all([started.app.stop(), started.floor.stop()]);
    servers.splice(1);
  }
  const mean = (xs: number[]) => Math.exp(xs.reduce((sum, x) => sum + Math.log(x), 0) / xs.length).toFixed(3);
  console.log(`\n× same bytes by CPU, geometric mean of ${ratios.app.length} rounds: app ${mean(ratios.app)}, floor ${mean(ratios.floor)} (target ${device ? '0.15' : '0.30'})`);
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}
