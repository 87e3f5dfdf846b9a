/**
 * Benchmark plumbing: servers and the load generator run as separate processes pinned to different
 * cores (taskset), so the numbers measure the server, not the client fighting it for the CPU.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
const pinned = (core: number, cmd: string, args: string[]) => (hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args]) as [string, string[]];

export type Server = { proc: ChildProcess; url: string; startMs: number; stop(): Promise<void>; peakRssMb(): number; cpuMs(): number };

/**
 * Starts a server process pinned to the server core (or, with `everyCore`, free to use them all, as
 * several app processes need); one app process unless `env` says WEB_CONCURRENCY. Resolves when
 * `readyPath` answers 2xx.
 */
export async function startServer(opts: {
  script: string;
  args?: string[];
  nodeArgs?: string[];
  env?: Record<string, string>;
  port: number;
  readyPath?: string;
  everyCore?: boolean;
}): Promise<Server> {
  const url = `http://127.0.0.1:${opts.port}`;
  const started = performance.now();
  const argv = [...(opts.nodeArgs ?? []), opts.script, ...(opts.args ?? [])];
  const [cmd, args] = opts.everyCore ? [process.execPath, argv] : pinned(SERVER_CORE, process.execPath, argv);
  const proc = spawn(cmd, args, { env: { ...process.env, PORT: String(opts.port), HOST: '127.0.0.1', WEB_CONCURRENCY: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${opts.script} exited early:\n${output}`);
    try {
      const r = await fetch(url + (opts.readyPath ?? '/'));
      await r.arrayBuffer();
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${opts.script} did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const startMs = performance.now() - started;
  return {
    proc,
    url,
    startMs,
    // With several app processes, the first one only hands out connections: the workers are its children.
    peakRssMb: () => Math.max(peakRss(proc.pid!), ...childPids(proc.pid!).map(peakRss)),
    cpuMs: () => [proc.pid!, ...childPids(proc.pid!)].reduce((sum, pid) => sum + cpuMs(pid), 0),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The process's high-water resident set, from the kernel's own accounting. */
export function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** User and system CPU time a process has used so far, from the kernel's accounting (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}

/** The process's CPU time so far, in its own code (user) and in the kernel's on its behalf (system). */
export function cpuSplitMs(pid: number): { user: number; system: number } {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(f[11]) * 10, system: Number(f[12]) * 10 };
  } catch {
    return { user: 0, system: 0 };
  }
}

/**
 * Runs a load against a server and notes the server's CPU time per answered request: on a machine
 * others are using, req/s falls with their load, while the CPU a request costs moves much less.
 */
export async function loadWithCpu(server: Server, spec: LoadSpec): Promise<LoadResult & { cpuMsPerRequest: number }> {
  const before = server.cpuMs();
  const r = await load(spec);
  const used = server.cpuMs() - before;
  return { ...r, cpuMsPerRequest: r.total > 0 ? Math.round((used / r.total) * 1000) / 1000 : 0 };
}

export type LoadResult = { rps: number; p50: number; p99: number; total: number; non2xx: number; errors: number; timeouts: number; wrapped?: boolean; statuses?: Record<string, number> };

export type LoadSpec = {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  duration?: number;
  connections?: number;
  /** Each request takes the next path (and body), shared across connections (see load.mjs). */
  rotate?: { path: string; body?: string }[];
  /** The rotation must not wrap around: each entry changes state once (reported as `wrapped`). */
  once?: boolean;
};

/** Runs autocannon in its own process on the load core. */
export function load(spec: LoadSpec): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./load.mjs', import.meta.url));
  let arg = JSON.stringify(spec);
  let specFile: string | undefined;
  // A command-line argument holds at most 128 kB: a long rotation goes through a file.
  if (arg.length > 64_000) {
    specFile = join(mkdtempSync(join(tmpdir(), 'rigenera-load-')), 'spec.json');
    writeFileSync(specFile, arg);
    arg = `@${specFile}`;
  }
  const [cmd, args] = pinned(LOAD_CORE, process.execPath, [script, arg]);
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => {
      if (specFile) rmSync(dirname(specFile), { recursive: true, force: true });
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult);
      else reject(new Error(`load exited ${code}`));
    });
  });
}

export const ratio = (x: number, base: number) => (base > 0 ? Math.round((x / base) * 1000) / 1000 : 0);

/**
 * The pages `bench:ab` and `bench:floor` rotate over, as `npm run bench` picks them: delivered devices for
 * the passport, a sample of the volunteer's hub's (NOR) devices in every state for the device page.
 */
export function rotationTags(databaseFile: string, page: 'passport' | 'devicePage'): string[] {
  const db = new SQLite(databaseFile, { readonly: true });
  try {
    const sql =
      page === 'passport'
        ? "select tag from devices where state = 'delivered' limit 1000"
        : "select tag from devices where hub_id = (select id from hubs where code = 'NOR') and id % 7 = 0 limit 1000";
    return db.prepare(sql).pluck().all() as string[];
  } finally {
    db.close();
  }
}

/**
 * A new volunteer of hub NOR, made with a build's command line and logged in through the app's own form:
 * the cookies a browser then sends (the session and the CSRF cookie, so no page writes a new token), and
 * the token a script echoes in X-CSRF-Token.
 */
export async function logInVolunteer(build: string, databaseFile: string, baseUrl: string): Promise<{ cookie: string; csrf: string }> {
  const email = `bench-${Date.now()}@bench.invalid`;
  const password = 'a benchmark password';
  execFileSync(process.execPath, [join(build, 'dist', 'cli.js'), 'user:create', '--email', email, '--password', password, '--role', 'volunteer', '--hub', 'NOR'], {
    env: { ...process.env, DATABASE_URL: databaseFile },
  });
  const csrf = 'bench'.repeat(7);
  const r = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `rg_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  });
  const session = r.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (r.status !== 303 || !session.some((c) => c.startsWith('rg_session='))) throw new Error(`login refused (${r.status})`);
  return { cookie: [`rg_csrf=${csrf}`, ...session].join('; '), csrf };
}
