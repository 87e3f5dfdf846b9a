import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { fromRoot } from './paths';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default(fromRoot('data', 'rigenera.sqlite')),
  PUBLIC_BASE_URL: z.url().optional(),
  RIGENERA_ADMIN_EMAIL: z.email().optional(),
  RIGENERA_ADMIN_PASSWORD: z.string().min(10).optional(),
  /** Minutes of inactivity after which a session ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(60 * 24 * 30).default(12 * 60),
  /** "auto" sets Secure cookies unless the public URL is plain http on a non-loopback host. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Trust X-Forwarded-For for the client address (only behind your own reverse proxy). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** App processes `npm start` runs (node:cluster); by default one per core. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string;
  publicBaseUrl: string;
  admin?: { email: string; password: string };
  sessionIdleMinutes: number;
  secureCookies: boolean;
  trustProxy: boolean;
  /** How many app processes serve requests (1: this process alone). */
  processes: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const shownHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/+$/, '');
  const admin =
    e.RIGENERA_ADMIN_EMAIL && e.RIGENERA_ADMIN_PASSWORD
      ? { email: e.RIGENERA_ADMIN_EMAIL, password: e.RIGENERA_ADMIN_PASSWORD }
      : undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    publicBaseUrl,
    admin,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    secureCookies: e.COOKIE_SECURE === 'auto' ? secureByDefault(publicBaseUrl) : e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY === 'true',
    // A database in memory belongs to one process.
    processes: e.DATABASE_URL.endsWith(':memory:') ? 1 : (e.WEB_CONCURRENCY ?? availableParallelism()),
  };
}

/** Browsers drop Secure cookies on plain http except on loopback, where login would otherwise silently fail. */
function secureByDefault(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  if (url.protocol === 'https:') return true;
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
