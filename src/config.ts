import { BlockList, isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { passwordWeakness } from './auth/passwords';
import { fromRoot } from './paths';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default(fromRoot('data', 'rigenera.sqlite')),
  PUBLIC_BASE_URL: z.url().optional(),
  RIGENERA_ADMIN_EMAIL: z.email().optional(),
  RIGENERA_ADMIN_PASSWORD: z.string().min(10).optional(),
  /** Minutes of inactivity after which a session ends. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(60 * 24 * 30)
    .default(12 * 60),
  /** "auto" sets Secure cookies unless the public URL is plain http on a non-loopback host. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** "true": one reverse proxy of your own stands in front, so the last X-Forwarded-For entry is the client. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Your reverse proxies' addresses or ranges (comma-separated, e.g. "10.0.0.0/8,127.0.0.1"): X-Forwarded-For is read from the right past them. */
  TRUSTED_PROXIES: z.string().max(2000).optional(),
  /** The programme's contact address, published on the open-data catalogue (default: opendata@ the public host). */
  RIGENERA_PROGRAMME_EMAIL: z.email().optional(),
  /** The mail server messages go out through, e.g. smtp://user:password@mail.example.it:587 or smtps://…:465. Unset: no e-mail, the inbox only. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'smtp://… or smtps://…')
    .optional(),
  /** The sender of every message, e.g. "Rigenera DigiPASS <rigenera@comune.example.it>". */
  MAIL_FROM: z.string().min(3).max(200).optional(),
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
  /** Who may write X-Forwarded-For: nobody, the one proxy in front, or the listed addresses. */
  proxies: ProxyTrust;
  programmeEmail: string;
  /** Set when SMTP_URL is: messages are then e-mailed as well as shown in the inbox. */
  mail?: { url: string; from: string };
  /** How many app processes serve requests (1: this process alone). */
  processes: number;
};

export type ProxyTrust = { kind: 'none' } | { kind: 'oneHop' } | { kind: 'list'; list: BlockList };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.RIGENERA_ADMIN_PASSWORD && passwordWeakness(e.RIGENERA_ADMIN_PASSWORD, e.RIGENERA_ADMIN_EMAIL)) {
    throw new Error('Invalid configuration:\n  RIGENERA_ADMIN_PASSWORD: one of the most common passwords, or it contains the e-mail: choose another');
  }
  const shownHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/+$/, '');
  const admin = e.RIGENERA_ADMIN_EMAIL && e.RIGENERA_ADMIN_PASSWORD ? { email: e.RIGENERA_ADMIN_EMAIL, password: e.RIGENERA_ADMIN_PASSWORD } : undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    publicBaseUrl,
    admin,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    secureCookies: e.COOKIE_SECURE === 'auto' ? secureByDefault(publicBaseUrl) : e.COOKIE_SECURE === 'true',
    proxies: e.TRUSTED_PROXIES ? { kind: 'list', list: proxyList(e.TRUSTED_PROXIES) } : e.TRUST_PROXY === 'true' ? { kind: 'oneHop' } : { kind: 'none' },
    programmeEmail: e.RIGENERA_PROGRAMME_EMAIL ?? `opendata@${new URL(publicBaseUrl).hostname}`,
    mail: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM ?? `Rigenera <rigenera@${new URL(publicBaseUrl).hostname}>` } : undefined,
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

/** "10.0.0.1, 192.168.0.0/16, ::1" as a set of addresses and ranges; a typo stops the start rather than trusting the wrong peer. */
function proxyList(text: string): BlockList {
  const list = new BlockList();
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, bits] = item.split('/') as [string, string | undefined];
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    if (!family || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128)))) {
      throw new Error(`Invalid configuration:\n  TRUSTED_PROXIES: "${item}" is not an address or a range`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return list;
}
