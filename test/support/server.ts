/**
 * The real server (src/server.ts) as a child process on a database of the test's, for what only a
 * real process can show: being killed mid-request, started again, and loaded from outside.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { serveApp } from '../../src/http/answer-head';
import { freePort } from './postgres-server';

export type ServerProcess = {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  kill(): Promise<void>;
  /** SIGTERM, as an operator stops it. */
  stop(): Promise<void>;
};

export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL: url, COOKIE_SECURE: 'false', WEB_CONCURRENCY: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const r = await fetch(`${url}/healthz`);
      await r.arrayBuffer();
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return { url, proc, output: () => output, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

/** The app over real HTTP in this process, served as src/server.ts serves it (serveApp); port 0: any free one. */
export async function serveInProcess(fetch: Parameters<typeof serveApp>[0]['fetch'], port = 0): Promise<{ server: ServerType; url: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serveApp({ fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
