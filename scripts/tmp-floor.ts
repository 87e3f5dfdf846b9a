import { readFileSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { fromRoot } from '../src/paths';
import { load, startServer, type Server } from './bench/harness';
const dir = mkdtempSync(join(tmpdir(), 'floor-'));
const url = join(dir, 'ab.sqlite');
copyFileSync(fromRoot('bench-results', 'dataset-100000.sqlite'), url);
const db = new SQLite(url, { readonly: true });
const rotate = (db.prepare("select tag from devices where state = 'delivered' limit 1000").pluck().all() as string[]).map((t) => ({ path: `/d/${t}` }));
db.close();
const servers: Server[] = [];
try {
  const app = await startServer({ script: fromRoot('dist', 'server.js'), port: 3971, readyPath: '/healthz', env: { DATABASE_URL: url, PUBLIC_BASE_URL: 'http://127.0.0.1:3971', COOKIE_SECURE: 'false' } });
  servers.push(app);
  const sample = await fetch(`${app.url}${rotate[0]!.path}`);
  writeFileSync(join(dir, 'p.html'), Buffer.from(await sample.arrayBuffer()));
  const h: Record<string, string> = {};
  sample.headers.forEach((v, k) => { if (!['content-length', 'date', 'connection', 'keep-alive'].includes(k)) h[k] = v; });
  
  writeFileSync(join(dir, 'h.json'), JSON.stringify(h));
  servers.push(await startServer({ script: fromRoot('scripts', 'bench', 'bare-bytes.mjs'), env: { BYTES_FILE: join(dir, 'p.html') }, port: 3972 }));
  servers.push(await startServer({ script: fromRoot('scripts', 'bench', 'tmp-bare-headers.mjs'), env: { BYTES_FILE: join(dir, 'p.html'), HEADERS_FILE: join(dir, 'h.json') }, port: 3973 }));
  const us = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return [Number(f[11]) * 10000, Number(f[12]) * 10000]; };
  const round = async (s: number) => {
    const c0 = servers.map((x) => us(x.proc.pid!));
    const r = await Promise.all(servers.map((x) => load({ url: x.url, rotate, duration: s, connections: 10 })));
    return r.map((x, i) => { const c = us(servers[i]!.proc.pid!); return `${((c[0]! - c0[i]![0]!) / x.total).toFixed(1)}u+${((c[1]! - c0[i]![1]!) / x.total).toFixed(1)}s`; });
  };
  await round(2);
  for (let i = 0; i < 3; i++) console.log((await round(6)).join(' | '));
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}
