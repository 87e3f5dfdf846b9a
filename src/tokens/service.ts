/**
 * API tokens, kept by administrators in the app: created with a name and a scope (role, hub or
 * partner), shown once, listed with when each was last used, and revoked. Creation and revocation go
 * to the audit log (creation through auth/service.ts#createApiToken, the one place tokens are made).
 */
import { check, type Actor } from '../access/policy';
import { actsForPartner } from '../access/scopes';
import { HUB_ROLES } from '../access/roles';
import { recordAudit } from '../audit/public';
import { createApiToken } from '../auth/service';
import { nowIso, type AppContext } from '../context';
import { findHubByCode } from '../hubs/public';
import { findPartner } from '../partners/public';
import { AppError } from '../shared/errors';
import * as repo from './repository';
import type { NewTokenInput } from './schema';
import { inTransaction } from '../shared/write/context';

function adminOnly(actor: Actor) {
  if (!check(actor, 'token.manage').ok) throw new AppError(403, 'access.denied');
  // Tokens act on their own: only a person, never another token, hands them out.
  if (actor.kind !== 'user') throw new AppError(403, 'access.denied');
}

export async function listTokens(ctx: AppContext, actor: Actor) {
  adminOnly(actor);
  return repo.listTokens(ctx.db);
}

export async function createToken(ctx: AppContext, actor: Actor, input: NewTokenInput) {
  adminOnly(actor);
  let hubId: number | null = null;
  let partnerId: number | null = null;
  if (HUB_ROLES.includes(input.role)) {
    if (!input.hub) throw new AppError(422, 'users.hubRequired');
    const hub = await findHubByCode(ctx.db, input.hub);
    if (!hub) throw new AppError(422, 'hubs.unknown', { hub: input.hub });
    hubId = hub.id;
  } else if (actsForPartner(input)) {
    const partner = input.partner ? await findPartner(ctx.db, input.partner) : undefined;
    if (!partner) throw new AppError(422, 'tokens.partnerRequired');
    partnerId = partner.id;
  }
  return createApiToken(ctx, { role: input.role, hubId, partnerId, label: input.label, createdBy: actor.id });
}

export async function revokeToken(ctx: AppContext, actor: Actor, id: number) {
  adminOnly(actor);
  const token = await repo.findToken(ctx.db, id);
  if (!token) throw new AppError(404, 'tokens.unknown');
  const at = nowIso(ctx);
  await inTransaction(ctx, async ({ trx, ...ctx }) => {
    if (!(await repo.revokeToken(trx, id, at))) throw new AppError(409, 'tokens.alreadyRevoked', { label: token.label });
    await recordAudit(trx, { actorUserId: actor.id, action: 'token.revoke', target: `token:${id}`, data: { role: token.role, hubId: token.hub_id, label: token.label }, at });
  });
  return token;
}
