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
  /** The programme's contact address, published on the open-data catalogue (default: opendata@ the public host). */
  RIGENERA_PROGRAMME_EMAIL: z.email().optional(),
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
  programmeEmail: string;
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
    programmeEmail: e.RIGENERA_PROGRAMME_EMAIL ?? `opendata@${new URL(publicBaseUrl).hostname}`,
  };
}

/** Browsers drop Secure cookies on plain http except on loopback, where login would otherwise silently fail. */
function secureByDefault(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  if (url.protocol === 'https:') return true;
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
