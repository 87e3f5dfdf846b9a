import { can, check, creatableRoles, type Actor } from '../access/policy';
import { HUB_ROLES } from '../access/roles';
import { listScope, managesRole, spansAllHubs } from '../access/scopes';
import { recordAudit } from '../audit/public';
import { deleteUserSessions, revokeTokensCreatedBy } from '../auth/public';
import { createOneTimeLink, sessionsChanged } from '../auth/service';
import { nowIso, type AppContext } from '../context';
import { findHubByCode } from '../hubs/public';
import { AppError } from '../shared/errors';
import * as repo from './repository';
import type { NewUserInput } from './schema';
import { actorUserId } from '../shared/write/actor';
import { inTransaction } from '../shared/write/context';

/** The people this actor may see and manage: their hub's for a coordinator, everyone for an administrator. */
export async function listManageableUsers(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'volunteer.manage')) throw new AppError(403, 'access.denied');
  const rows = await repo.listUsers(ctx.db, { scope: listScope(actor, 'volunteer.manage') });
  return rows.map((u) => ({ ...u, manageable: managesRole(actor, u.role) }));
}

/**
 * Adds a person without a password: they get a one-time welcome link to choose their own,
 * so no password ever travels by chat or email.
 */
export async function addUser(ctx: AppContext, actor: Actor, input: NewUserInput): Promise<{ id: number; welcomeLink: string }> {
  if (!creatableRoles(actor).includes(input.role)) throw new AppError(403, 'users.roleNotAllowed');
  let hubId: number | null = null;
  if (HUB_ROLES.includes(input.role)) {
    if (!spansAllHubs(actor, 'volunteer.manage')) hubId = actor.hubId;
    else {
      if (!input.hub) throw new AppError(422, 'users.hubRequired');
      const hub = await findHubByCode(ctx.db, input.hub);
      if (!hub) throw new AppError(422, 'hubs.unknown', { hub: input.hub });
      hubId = hub.id;
    }
  }
  if (await repo.findUserByEmail(ctx.db, input.email)) throw new AppError(409, 'users.emailTaken');
  const at = nowIso(ctx);
  const id = await repo.insertUser(ctx.db, {
    email: input.email,
    name: input.name,
    passwordHash: null,
    role: input.role,
    hubId,
    createdBy: actorUserId(actor),
    at,
  });
  await recordAudit(ctx.db, { actorUserId: actorUserId(actor), action: 'user.create', target: `user:${id}`, data: { role: input.role, hubId }, at });
  return { id, welcomeLink: await createOneTimeLink(ctx, 'welcome', id) };
}

async function requireManageable(ctx: AppContext, actor: Actor, userId: number) {
  const user = await repo.findUserById(ctx.db, userId);
  // Someone else's volunteer looks exactly like no one: no hint that the account exists.
  if (!user || user.erased_at) throw new AppError(404, 'users.unknown');
  if (can(actor, 'user.manage')) return user;
  if (!managesRole(actor, user.role) || !check(actor, 'volunteer.manage', { hubId: user.hub_id }).ok || user.hub_id !== actor.hubId) {
    throw new AppError(404, 'users.unknown');
  }
  return user;
}

export async function setDisabled(ctx: AppContext, actor: Actor, userId: number, disabled: boolean) {
  const user = await requireManageable(ctx, actor, userId);
  if (actor.kind === 'user' && actor.id === user.id) throw new AppError(409, 'users.notYourself');
  const at = nowIso(ctx);
  await inTransaction(ctx, async ({ trx, ...ctx }) => {
    await repo.setUserDisabled(trx, user.id, disabled ? at : null);
    // A disabled person keeps nothing that still works: no session, no token they handed out (a revoked token stays revoked on enabling).
    const revokedTokens = disabled ? await revokeTokensCreatedBy(trx, user.id, at) : 0;
    if (disabled) await deleteUserSessions(trx, user.id);
    await recordAudit(trx, {
      actorUserId: actorUserId(actor),
      action: disabled ? 'user.disable' : 'user.enable',
      target: `user:${user.id}`,
      data: revokedTokens ? { revokedTokens } : undefined,
      at,
    });
  });
  sessionsChanged(ctx, user.id);
  return user;
}

/** A fresh welcome link, for a person who lost theirs or forgot their password. */
export async function reissueWelcome(ctx: AppContext, actor: Actor, userId: number) {
  const user = await requireManageable(ctx, actor, userId);
  await recordAudit(ctx.db, { actorUserId: actorUserId(actor), action: 'user.relink', target: `user:${user.id}`, at: nowIso(ctx) });
  return { user, welcomeLink: await createOneTimeLink(ctx, 'welcome', user.id) };
}
