import { check, type Actor } from '../access/policy';
import { listScope, spansAllHubs } from '../access/scopes';
import { recordAudit } from '../audit/public';
import { createOneTimeLink } from '../auth/service';
import { nowIso, type AppContext } from '../context';
import { isUniqueViolation } from '../db/adapter';
import { findHubByCode, findHubById } from '../hubs/public';
import { AppError } from '../shared/errors';
import { findUserByEmail, insertUser } from '../users/public';
import type { Locale } from '../i18n/catalogue';
import { notify } from '../mail/notify';
import * as repo from './repository';
import type { ApplicationInput, ContactInput, PartnerInput } from './schema';
import type { PartnerStatus } from './tables';
import { actorColumns, actorUserId } from '../shared/write/actor';
import { inTransaction } from '../shared/write/context';

/**
 * The organisation, if this person may see it: a coordinator their hub's, the region and
 * administrators all, a partner its own. Anything else is answered exactly like a missing id.
 */
export async function requirePartner(ctx: AppContext, actor: Actor, id: number, capability: 'partner.read' | 'partner.manage' = 'partner.read') {
  const partner = await repo.findPartner(ctx.db, id);
  if (!partner || !check(actor, capability, { hubId: partner.hub_id }).ok) throw new AppError(404, 'partners.unknown');
  return partner;
}

/** The hub a coordinator works in, or the one an administrator names. */
async function targetHub(ctx: AppContext, actor: Actor, code: string | undefined) {
  if (!spansAllHubs(actor, 'partner.read')) {
    if (actor.hubId === null) throw new AppError(422, 'users.hubRequired');
    if (code) {
      const named = await findHubByCode(ctx.db, code);
      if (named && named.id !== actor.hubId) throw new AppError(403, 'partners.otherHub', { hub: named.name });
    }
    return (await findHubById(ctx.db, actor.hubId))!;
  }
  if (!code) throw new AppError(422, 'users.hubRequired');
  const hub = await findHubByCode(ctx.db, code);
  if (!hub) throw new AppError(422, 'hubs.unknown', { hub: code });
  return hub;
}

async function refuseDuplicateCode(ctx: AppContext, code: string | undefined) {
  if (!code) return;
  const existing = await repo.findPartnerByCode(ctx.db, code);
  if (existing) throw new AppError(409, 'partners.codeTaken', { code });
}

/** A coordinator registers an organisation they already know: it is active at once. */
export async function createPartner(ctx: AppContext, actor: Actor, input: PartnerInput) {
  if (!check(actor, 'partner.manage').ok) throw new AppError(403, 'access.denied');
  const hub = await targetHub(ctx, actor, input.hub);
  if (!check(actor, 'partner.manage', { hubId: hub.id }).ok) throw new AppError(403, 'partners.otherHub', { hub: hub.name });
  await refuseDuplicateCode(ctx, input.code);
  const at = nowIso(ctx);
  try {
    const id = await inTransaction(ctx, async ({ trx, ...ctx }) => {
      const id = await repo.insertPartner(trx, {
        hub_id: hub.id,
        kind: input.kind,
        name: input.name,
        code: input.code ?? null,
        address: input.address ?? null,
        tax_code: input.taxCode ?? null,
        representative: input.representative ?? null,
        municipality: input.municipality,
        province: input.province ?? null,
        status: 'active',
        open_data_consent: input.openDataConsent ? 1 : 0,
        internal_note: input.internalNote ?? null,
        decision_note: null,
        decided_at: at,
        decided_by_user_id: actorUserId(actor),
        created_at: at,
        ...actorColumns(actor, 'created_by'),
      });
      for (const c of input.contacts ?? []) await insertContactRow(trx, id, c, at);
      return id;
    });
    await recordAudit(ctx.db, { actorUserId: actorUserId(actor), action: 'partner.create', target: `partner:${id}`, data: { hubId: hub.id, kind: input.kind }, at });
    return (await repo.findPartner(ctx.db, id))!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, 'partners.codeTaken', { code: input.code ?? '' });
    throw e;
  }
}

function insertContactRow(db: Parameters<typeof repo.insertContact>[0], partnerId: number, c: ContactInput, at: string) {
  return repo.insertContact(db, { partner_id: partnerId, name: c.name, role: c.role ?? null, email: c.email ?? null, phone: c.phone ?? null, created_at: at, erased_at: null });
}

/**
 * An organisation applies from the public page. Nothing is given away: the answer is the same
 * whether or not the hub knows it, except for a code already registered, which is public anyway.
 */
export async function apply(ctx: AppContext, input: ApplicationInput, locale: Locale = 'it'): Promise<{ id: number } | null> {
  // The hidden field is filled only by robots: say thanks and keep nothing.
  if (input.website) return null;
  const hub = await findHubByCode(ctx.db, input.hub);
  if (!hub) throw new AppError(422, 'hubs.unknown', { hub: input.hub });
  await refuseDuplicateCode(ctx, input.code);
  const at = nowIso(ctx);
  try {
    return await inTransaction(ctx, async ({ trx, ...ctx }) => {
      const id = await repo.insertPartner(trx, {
        hub_id: hub.id,
        kind: input.kind,
        name: input.name,
        code: input.code ?? null,
        address: input.address ?? null,
        tax_code: input.taxCode ?? null,
        representative: input.representative ?? null,
        municipality: input.municipality,
        province: input.province ?? null,
        status: 'applied',
        open_data_consent: input.openDataConsent ? 1 : 0,
        internal_note: null,
        decision_note: null,
        decided_at: null,
        decided_by_user_id: null,
        created_at: at,
        created_by_user_id: null,
        created_by_token_id: null,
      });
      await insertContactRow(trx, id, input.contact, at);
      await notify(trx, ctx, { kind: 'partner.applied', hubId: hub.id, params: { name: input.name, municipality: input.municipality, hub: hub.name }, link: `/partners/${id}` });
      if (input.contact.email)
        await notify(trx, ctx, {
          kind: 'partner.received',
          hubId: hub.id,
          params: { name: input.name, hub: hub.name },
          link: '/partners/apply',
          to: { email: input.contact.email, name: input.contact.name, locale },
        });
      return { id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, 'partners.codeTaken', { code: input.code ?? '' });
    throw e;
  }
}

export type Decision = { status: PartnerStatus; invited?: { name: string; email: string; link: string }; inviteProblem?: 'emailTaken' | 'noEmail' };

/**
 * Approving an application makes the organisation active and, when its applicant gave an e-mail
 * nobody uses yet, creates their account with a one-time welcome link for the coordinator to hand over.
 */
export async function decideApplication(ctx: AppContext, actor: Actor, id: number, decision: 'approve' | 'refuse', note: string | undefined): Promise<Decision> {
  const partner = await requirePartner(ctx, actor, id, 'partner.manage');
  if (partner.status !== 'applied') throw new AppError(409, 'partners.notApplied', { name: partner.name });
  if (decision === 'refuse' && !note) throw new AppError(422, 'partners.refusalNeedsNote');
  const at = nowIso(ctx);
  const status: PartnerStatus = decision === 'approve' ? 'active' : 'refused';
  const outcome = await inTransaction(ctx, async ({ trx, ...ctx }) => {
    await repo.updatePartner(trx, id, { status, decision_note: note ?? null, decided_at: at, decided_by_user_id: actorUserId(actor) });
    const applicant = (await repo.listContacts(trx, id))[0];
    const hub = { name: partner.hub_name };
    if (decision === 'refuse') {
      if (applicant?.email)
        await notify(trx, ctx, {
          kind: 'partner.refused',
          hubId: partner.hub_id,
          params: { name: partner.name, hub: hub.name, note: note ?? '' },
          link: '/partners/apply',
          to: { email: applicant.email, name: applicant.name, locale: 'it' },
        });
      return {};
    }
    if (!applicant?.email) return { problem: 'noEmail' as const };
    if (await findUserByEmail(trx, applicant.email)) return { problem: 'emailTaken' as const };
    const userId = await insertUser(trx, { email: applicant.email, name: applicant.name, passwordHash: null, role: 'partner', hubId: null, partnerId: id, createdBy: actorUserId(actor), at });
    // The link is made in the transaction, so the e-mail that carries it is queued with the approval.
    const link = await createOneTimeLink({ ...ctx, db: trx }, 'welcome', userId);
    await notify(trx, ctx, {
      kind: 'partner.approved',
      hubId: partner.hub_id,
      params: { name: partner.name, hub: hub.name },
      link,
      to: { email: applicant.email, name: applicant.name, locale: 'it', userId },
    });
    return { user: { id: userId, name: applicant.name, email: applicant.email, link } };
  });
  await recordAudit(ctx.db, { actorUserId: actorUserId(actor), action: `partner.${decision}`, target: `partner:${id}`, at });
  if (!outcome.user) return { status, inviteProblem: outcome.problem };
  return { status, invited: { name: outcome.user.name, email: outcome.user.email, link: outcome.user.link } };
}

/** A coordinator invites a person of an active organisation: an account without a password, and a one-time link. */
export async function invitePartnerUser(ctx: AppContext, actor: Actor, id: number, input: { name: string; email: string }) {
  const partner = await requirePartner(ctx, actor, id, 'partner.manage');
  if (partner.status !== 'active') throw new AppError(409, 'partners.notActive', { name: partner.name });
  if (await findUserByEmail(ctx.db, input.email)) throw new AppError(409, 'users.emailTaken');
  const at = nowIso(ctx);
  const userId = await insertUser(ctx.db, { email: input.email, name: input.name, passwordHash: null, role: 'partner', hubId: null, partnerId: id, createdBy: actorUserId(actor), at });
  await recordAudit(ctx.db, { actorUserId: actorUserId(actor), action: 'partner.invite', target: `user:${userId}`, data: { partnerId: id }, at });
  return { userId, link: await createOneTimeLink(ctx, 'welcome', userId) };
}

/** The access link of an invited person who has not used it, shown again: a new one, the old one ends. */
export async function reissueInvitation(ctx: AppContext, actor: Actor, id: number, userId: number) {
  await requirePartner(ctx, actor, id, 'partner.manage');
  const user = (await repo.listPartnerUsers(ctx.db, id)).find((u) => u.id === userId);
  if (!user || user.password_hash !== null || user.disabled_at) throw new AppError(404, 'partners.unknown');
  const link = await createOneTimeLink(ctx, 'welcome', userId);
  await recordAudit(ctx.db, { actorUserId: actorUserId(actor), action: 'partner.invite.reissue', target: `user:${userId}`, data: { partnerId: id }, at: nowIso(ctx) });
  return { name: user.name, email: user.email, link };
}

export async function addContact(ctx: AppContext, actor: Actor, id: number, input: ContactInput) {
  await requirePartner(ctx, actor, id, 'partner.manage');
  await insertContactRow(ctx.db, id, input, nowIso(ctx));
}

export async function eraseContact(ctx: AppContext, actor: Actor, id: number, contactId: number) {
  await requirePartner(ctx, actor, id, 'partner.manage');
  const at = nowIso(ctx);
  if (!(await repo.eraseContact(ctx.db, id, contactId, at))) throw new AppError(404, 'partners.contactUnknown');
  await recordAudit(ctx.db, { actorUserId: actorUserId(actor), action: 'partner.contact.erase', target: `partner:${id}`, at });
}

export async function updatePartner(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { address?: string; taxCode?: string; representative?: string; municipality: string; openDataConsent: boolean; internalNote?: string },
) {
  await requirePartner(ctx, actor, id, 'partner.manage');
  await repo.updatePartner(ctx.db, id, {
    address: input.address ?? null,
    tax_code: input.taxCode ?? null,
    representative: input.representative ?? null,
    municipality: input.municipality,
    open_data_consent: input.openDataConsent ? 1 : 0,
    internal_note: input.internalNote ?? null,
  });
}

/** The organisation's page for hub staff: contacts and accounts only for those whose role needs them. */
export async function getPartner(ctx: AppContext, actor: Actor, id: number) {
  const partner = await requirePartner(ctx, actor, id);
  const showPeople = check(actor, 'partner.contacts', { hubId: partner.hub_id }).ok;
  const [contacts, users] = showPeople ? await Promise.all([repo.listContacts(ctx.db, id), repo.listPartnerUsers(ctx.db, id)]) : [[], []];
  return {
    partner,
    contacts,
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, active: !u.disabled_at, hasPassword: u.password_hash !== null })),
    showPeople,
    canManage: check(actor, 'partner.manage', { hubId: partner.hub_id }).ok,
  };
}

export async function listPartners(ctx: AppContext, actor: Actor) {
  if (!check(actor, 'partner.read').ok) throw new AppError(403, 'access.denied');
  return repo.listPartners(ctx.db, { scope: listScope(actor, 'partner.read') });
}
