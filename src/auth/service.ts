import type { Actor } from '../access/policy';
import { HUB_ROLES, type Role } from '../access/roles';
import { recordAudit } from '../audit/public';
import { nowIso, type AppContext } from '../context';
import { storageFailure } from '../db/adapter';
import { isLocale, type Locale } from '../i18n/catalogue';
import { AppError } from '../shared/errors';
import { findUserByEmail, findUserById, insertUser, setUserPassword } from '../users/public';
import { hashPassword, verifyPassword } from './passwords';
import * as repo from './repository';
import { hashSecret, newSecret } from './secrets';
import { cachedSession, forgetSession, forgetUser, rememberSession, sessionEpoch } from './session-cache';

// ---- login and its throttle

/**
 * Failures allowed before each further one locks the key for 2^(n-free) seconds, up to 15 minutes.
 * An address gets more room than an account: a hub's volunteers often share one public address.
 */
const FREE_FAILURES = { email: 5, ip: 20 } as const;
const MAX_LOCK_SECONDS = 15 * 60;

function lockedUntil(ctx: Omit<AppContext, 'db'>, key: string, failures: number): string | null {
  const free = key.startsWith('ip:') ? FREE_FAILURES.ip : FREE_FAILURES.email;
  if (failures < free) return null;
  const seconds = Math.min(2 ** (failures - free), MAX_LOCK_SECONDS);
  return new Date(ctx.clock.now().getTime() + seconds * 1000).toISOString();
}

export type SessionUser = {
  id: number;
  name: string;
  email: string;
  role: Role;
  hubId: number | null;
  partnerId: number | null;
  locale: Locale;
};

/**
 * The attempt is counted before the password is checked, in one short transaction that holds the
 * throttle rows: of 100 attempts at once, only those that find the keys unlocked are evaluated, and
 * each of them has already moved the count. (The check itself, 60 ms of scrypt, runs after the commit:
 * holding SQLite's one connection that long would stop every hub.) A right password gives the
 * account's attempt back.
 */
export async function login(ctx: AppContext, input: { email: string; password: string; ip: string }): Promise<{ sessionToken: string; user: SessionUser }> {
  const email = input.email.trim().toLowerCase();
  const emailKey = `email:${email}`;
  const ipKey = `ip:${input.ip}`;
  const user = await findUserByEmail(ctx.db, email);
  const lockouts = await countAttempt(ctx, [emailKey, ipKey]);
  for (const key of lockouts) {
    // An unknown address's lockout is not worth a line: anyone could write thousands of them.
    if (key === ipKey) await auditSecurity(ctx, null, 'auth.lockout', `ip:${input.ip}`, {});
    else if (user) await auditSecurity(ctx, null, 'auth.lockout', `user:${user.id}`, { ip: input.ip });
  }
  const ok = await verifyPassword(input.password, user?.password_hash ?? null);
  if (!user || !ok || user.disabled_at || user.erased_at) throw new AppError(401, 'auth.invalidCredentials');
  await giveBackAttempt(ctx, emailKey, ipKey);
  await auditSecurity(ctx, user.id, 'auth.login', `user:${user.id}`, { ip: input.ip });
  // A fresh session id at every login: a session fixed before login is worthless after it.
  const sessionToken = await startSession(ctx, user.id);
  return {
    sessionToken,
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      hubId: user.hub_id,
      partnerId: user.partner_id,
      locale: isLocale(user.locale) ? user.locale : 'it',
    },
  };
}

/** Counts one attempt on every key, or refuses with a 429 if one of them is locked; returns the keys this attempt locked. */
async function countAttempt(ctx: AppContext, keys: string[]): Promise<string[]> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await repo.lockThrottle(trx, keys, at);
    const until = rows
      .map((r) => r.locked_until)
      .filter((u): u is string => !!u && new Date(u) > now)
      .sort()
      .at(-1);
    if (until) {
      const seconds = Math.ceil((new Date(until).getTime() - now.getTime()) / 1000);
      throw new AppError(429, 'auth.tooManyAttempts', { seconds }, { retryAfter: seconds });
    }
    const locked: string[] = [];
    for (const r of rows) {
      const failures = r.failures + 1;
      await repo.setThrottle(trx, r.key, { failures, last_failure_at: at, locked_until: lockedUntil(ctx, r.key, failures) });
      if (failures === (r.key.startsWith('ip:') ? FREE_FAILURES.ip : FREE_FAILURES.email)) locked.push(r.key);
    }
    return locked;
  });
}

/** The right password: the account starts afresh, the address gets back the attempt it was charged. */
async function giveBackAttempt(ctx: AppContext, emailKey: string, ipKey: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const rows = await repo.lockThrottle(trx, [ipKey], nowIso(ctx));
    const failures = Math.max(0, (rows[0]?.failures ?? 1) - 1);
    await repo.setThrottle(trx, ipKey, { failures, last_failure_at: rows[0]?.last_failure_at ?? nowIso(ctx), locked_until: lockedUntil(ctx, ipKey, failures) });
    await repo.clearThrottle(trx, [emailKey]);
  });
}

/** Logins, lockouts and a token seen from a new address, on the record; a database that cannot be written does not stop a login. */
export async function auditSecurity(ctx: AppContext, actorUserId: number | null, action: string, target: string, data: Record<string, unknown>) {
  await recordAudit(ctx.db, { actorUserId, action, target, data, at: nowIso(ctx) }).catch(readOnlyIsFine);
}

const SESSION_MAX_DAYS = 30;

export function startSession(ctx: AppContext, userId: number): Promise<string> {
  return startSessionIn(ctx, ctx.db, userId);
}

/** Last-seen is written at most once a minute, so reading pages does not mean writing to the database. */
const TOUCH_EVERY_MS = 60_000;

export async function resolveSession(ctx: AppContext, token: string): Promise<SessionUser | null> {
  const id = hashSecret(token);
  const now = ctx.clock.now().getTime();
  // The row as read a moment ago (see session-cache.ts), else the database.
  let entry = cachedSession<SessionUser>(ctx.db, id, now);
  if (!entry) {
    const epoch = sessionEpoch(ctx.db);
    const row = await repo.findSessionWithUser(ctx.db, id);
    if (!row) return null;
    if (row.disabled_at) {
      await repo.deleteSession(ctx.db, id);
      return null;
    }
    entry = {
      user: {
        id: row.id,
        name: row.name,
        email: row.email,
        role: row.role,
        hubId: row.hub_id,
        partnerId: row.partner_id,
        locale: isLocale(row.locale) ? row.locale : 'it',
      },
      userId: row.id,
      lastSeenAt: new Date(row.last_seen_at).getTime(),
      expiresAt: new Date(row.expires_at).getTime(),
      loadedAt: now,
    };
    rememberSession(ctx.db, id, entry, epoch);
  }
  if (now > entry.lastSeenAt + ctx.config.sessionIdleMinutes * 60_000 || now > entry.expiresAt) {
    forgetSession(ctx.db, id);
    await repo.deleteSession(ctx.db, id);
    return null;
  }
  if (now - entry.lastSeenAt > TOUCH_EVERY_MS) {
    await repo.touchSession(ctx.db, id, new Date(now).toISOString()).catch(readOnlyIsFine);
    entry.lastSeenAt = now;
  }
  return entry.user;
}

export function endSession(ctx: AppContext, token: string) {
  const id = hashSecret(token);
  forgetSession(ctx.db, id);
  return repo.deleteSession(ctx.db, id);
}

/** Noting when a session or token was last used is bookkeeping: a full or read-only database must not stop anyone reading. */
function readOnlyIsFine(error: unknown) {
  if (!storageFailure(error)) throw error;
}

/** After a person's account changed (disabled, erased, another language): their sessions are read afresh. */
export function sessionsChanged(ctx: AppContext, userId: number) {
  forgetUser(ctx.db, userId);
}

export function actorFromUser(user: SessionUser): Actor {
  return { kind: 'user', id: user.id, role: user.role, hubId: user.hubId, partnerId: user.partnerId, name: user.name };
}

// ---- API tokens

export async function createApiToken(
  ctx: AppContext,
  input: { role: Role; hubId: number | null; partnerId?: number | null; label: string; createdBy: number | null },
): Promise<{ id: number; token: string }> {
  if (HUB_ROLES.includes(input.role) && input.hubId === null) throw new AppError(422, 'users.hubRequired');
  const token = `rg_${newSecret()}`;
  const at = nowIso(ctx);
  const { id } = await repo.insertApiToken(ctx.db, {
    token_hash: hashSecret(token),
    label: input.label,
    role: input.role,
    hub_id: input.hubId,
    partner_id: input.partnerId ?? null,
    created_by: input.createdBy,
    created_at: at,
    last_used_at: null,
    last_used_ip: null,
    revoked_at: null,
  });
  await recordAudit(ctx.db, {
    actorUserId: input.createdBy,
    action: 'token.create',
    target: `token:${id}`,
    data: { role: input.role, hubId: input.hubId, label: input.label },
    at,
  });
  return { id, token };
}

/** The token's actor, or null. A use from another address than the last one goes to the audit log. */
export async function resolveApiToken(ctx: AppContext, token: string, ip: string): Promise<Actor | null> {
  const row = await repo.findApiToken(ctx.db, hashSecret(token));
  if (!row || row.revoked_at) return null;
  const now = ctx.clock.now();
  const moved = row.last_used_ip !== ip;
  if (moved || !row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS) {
    await repo.markApiTokenUsed(ctx.db, row.id, now.toISOString(), ip).catch(readOnlyIsFine);
  }
  if (moved) await auditSecurity(ctx, null, 'token.newAddress', `token:${row.id}`, { ip, previous: row.last_used_ip });
  return { kind: 'token', id: row.id, role: row.role, hubId: row.hub_id, partnerId: row.partner_id, name: row.label };
}

// ---- one-time links: the first administrator's setup, and a new person's welcome

const LINK_TTL_HOURS = { setup: 24 * 7, welcome: 24 * 7 } as const;

/** A new link for a person replaces their older ones: only the latest link handed out can be used. */
export async function createOneTimeLink(ctx: AppContext, purpose: 'setup' | 'welcome', userId: number | null): Promise<string> {
  const token = newSecret();
  const now = ctx.clock.now();
  const write = async (trx: typeof ctx.db) => {
    if (userId !== null) await repo.deleteUnusedLinks(trx, userId, purpose);
    await repo.insertOneTimeLink(trx, {
      token_hash: hashSecret(token),
      purpose,
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + LINK_TTL_HOURS[purpose] * 3600_000).toISOString(),
      used_at: null,
    });
  };
  // Inside a caller's transaction (a partner's approval writes the link with the approval), join it.
  await (ctx.db.isTransaction ? write(ctx.db) : ctx.db.transaction().execute(write));
  return `${ctx.config.publicBaseUrl}/${purpose}/${token}`;
}

/**
 * The link's row if it can still be used; otherwise a 404 that does not say whether it ever existed.
 * A setup link is worthless once any administrator exists; a welcome link, once its person is disabled.
 */
export async function usableLink(ctx: AppContext, purpose: 'setup' | 'welcome', token: string, db: Parameters<typeof repo.findOneTimeLink>[0] = ctx.db) {
  const row = await repo.findOneTimeLink(db, hashSecret(token));
  if (!row || row.purpose !== purpose || row.used_at || ctx.clock.now() > new Date(row.expires_at)) {
    throw new AppError(404, 'auth.linkInvalid');
  }
  if (purpose === 'setup' && (await repo.countAdmins(db)) > 0) throw new AppError(404, 'auth.linkInvalid');
  if (purpose === 'welcome') {
    const user = row.user_id === null ? undefined : await findUserById(db, row.user_id);
    if (!user || user.disabled_at || user.erased_at) throw new AppError(404, 'auth.linkInvalid');
  }
  return row;
}

export async function completeSetup(ctx: AppContext, token: string, input: { name: string; email: string; password: string }): Promise<string> {
  await usableLink(ctx, 'setup', token);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    await usableLink(ctx, 'setup', token, trx);
    if (!(await repo.consumeOneTimeLink(trx, hashSecret(token), nowIso(ctx)))) throw new AppError(404, 'auth.linkInvalid');
    if (await findUserByEmail(trx, input.email)) throw new AppError(409, 'users.emailTaken');
    const id = await insertUser(trx, { ...input, passwordHash, role: 'admin', hubId: null, createdBy: null, at: nowIso(ctx) });
    await recordAudit(trx, { actorUserId: id, action: 'admin.setup', target: `user:${id}`, at: nowIso(ctx) });
    return startSessionIn(ctx, trx, id);
  });
}

/** A new password through a welcome link: every other session of the person ends, whoever held it. */
export async function completeWelcome(ctx: AppContext, token: string, password: string): Promise<string> {
  const link = await usableLink(ctx, 'welcome', token);
  const passwordHash = await hashPassword(password);
  const userId = link.user_id!;
  const session = await ctx.db.transaction().execute(async (trx) => {
    await usableLink(ctx, 'welcome', token, trx);
    if (!(await repo.consumeOneTimeLink(trx, hashSecret(token), nowIso(ctx)))) throw new AppError(404, 'auth.linkInvalid');
    await setUserPassword(trx, userId, passwordHash);
    await repo.deleteUserSessions(trx, userId);
    await recordAudit(trx, { actorUserId: userId, action: 'user.welcome', target: `user:${userId}`, at: nowIso(ctx) });
    return startSessionIn(ctx, trx, userId);
  });
  sessionsChanged(ctx, userId);
  return session;
}

async function startSessionIn(ctx: Omit<AppContext, 'db'>, trx: Parameters<typeof repo.insertSession>[0], userId: number) {
  const token = newSecret();
  const now = ctx.clock.now();
  await repo.insertSession(trx, {
    id: hashSecret(token),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_MAX_DAYS * 86400_000).toISOString(),
  });
  return token;
}

// ---- first start

/**
 * Makes sure someone can administer the app: the administrator from the environment if given,
 * else a one-time setup link while there is no administrator yet.
 */
export async function bootstrapAdmin(ctx: AppContext): Promise<{ created?: string; setupLink?: string }> {
  const admin = ctx.config.admin;
  if (admin) {
    if (await findUserByEmail(ctx.db, admin.email)) return {};
    const id = await insertUser(ctx.db, {
      email: admin.email,
      name: 'Administrator',
      passwordHash: await hashPassword(admin.password),
      role: 'admin',
      hubId: null,
      createdBy: null,
      at: nowIso(ctx),
    });
    await recordAudit(ctx.db, { actorUserId: null, action: 'admin.bootstrap', target: `user:${id}`, at: nowIso(ctx) });
    return { created: admin.email };
  }
  if ((await repo.countAdmins(ctx.db)) > 0) return {};
  return { setupLink: await createOneTimeLink(ctx, 'setup', null) };
}
