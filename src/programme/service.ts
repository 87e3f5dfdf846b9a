/**
 * The legal identity that documents print: the programme's (the body that runs it) and each hub's.
 * Other features read it through `programmeIdentity` and `hubIdentity`, and ask `missingIdentity`
 * what a document still lacks, so that it says what is missing and who can fill it in.
 */
import { check, type Actor } from '../access/policy';
import { recordAudit } from '../audit/public';
import { nowIso, type AppContext } from '../context';
import type { Database } from '../db/schema';
import { findHubByCode, findHubById, updateHubIdentity as writeHubIdentity, type Hub } from '../hubs/public';
import type { MessageKey, Translate } from '../i18n/catalogue';
import { AppError } from '../shared/errors';
import type { Kysely, Transaction } from 'kysely';
import * as repo from './repository';
import type { HubIdentityInput, ProgrammeInput } from './schema';
import { actorUserId } from '../shared/write/actor';
import { inTransaction } from '../shared/write/context';

type Db = Kysely<Database> | Transaction<Database>;

export type ProgrammeIdentity = {
  name: string;
  bodyName: string | null;
  taxCode: string | null;
  address: string | null;
  pec: string | null;
  legalRepresentative: string | null;
  privacyController: string | null;
  privacyContact: string | null;
  court: string | null;
};

/** The programme's name until an administrator sets it. */
export const DEFAULT_PROGRAMME_NAME = 'Rigenera';

/** THE read of the programme's identity, for every document, page and open-data file. */
export async function programmeIdentity(db: Db): Promise<ProgrammeIdentity> {
  const row = await repo.findProgramme(db);
  return {
    name: row?.name ?? DEFAULT_PROGRAMME_NAME,
    bodyName: row?.body_name ?? null,
    taxCode: row?.tax_code ?? null,
    address: row?.address ?? null,
    pec: row?.pec ?? null,
    legalRepresentative: row?.legal_representative ?? null,
    privacyController: row?.privacy_controller ?? null,
    privacyContact: row?.privacy_contact ?? null,
    court: row?.court ?? null,
  };
}

/** The body that runs the programme, as certificates and open data name it (its name falls back to the programme's). */
export type ProgrammeBody = { name: string; taxCode: string | null; address: string | null; email: string };

export function programmeBody(p: ProgrammeIdentity, fallbackEmail: string): ProgrammeBody {
  return { name: p.bodyName ?? p.name, taxCode: p.taxCode, address: p.address, email: p.pec ?? fallbackEmail };
}

/** "Comune di X · C.F./P.IVA 123 · Via Y 1": the body in one line, as a certificate prints it. */
export function bodyLine(t: Translate, b: Pick<ProgrammeBody, 'name' | 'taxCode' | 'address'>): string {
  return [b.name, b.taxCode ? t('programme.body.taxCode', { code: b.taxCode }) : null, b.address].filter(Boolean).join(' · ');
}

export type HubIdentity = Hub;

/** THE read of a hub's identity (address, contacts, opening hours, person responsible). */
export function hubIdentity(db: Db, hubId: number): Promise<HubIdentity | undefined> {
  return findHubById(db, hubId);
}

/** `actor` null: the command line, run by whoever runs the server. */
export async function updateProgramme(ctx: AppContext, actor: Actor | null, input: ProgrammeInput): Promise<ProgrammeIdentity> {
  if (actor && !check(actor, 'programme.manage').ok) throw new AppError(403, 'access.denied');
  const at = nowIso(ctx);
  await inTransaction(ctx, async ({ trx, ...ctx }) => {
    await repo.saveProgramme(trx, {
      name: input.name,
      body_name: input.bodyName ?? null,
      tax_code: input.taxCode ?? null,
      address: input.address ?? null,
      pec: input.pec ?? null,
      legal_representative: input.legalRepresentative ?? null,
      privacy_controller: input.privacyController ?? null,
      privacy_contact: input.privacyContact ?? null,
      court: input.court ?? null,
      updated_at: at,
      updated_by_user_id: actorUserId(actor),
    });
    await recordAudit(trx, { actorUserId: actorUserId(actor), action: 'programme.update', target: 'programme', at });
  });
  return programmeIdentity(ctx.db);
}

/** The hub whose identity this actor may see and edit: administrators any, coordinators their own. */
export async function editableHub(ctx: AppContext, actor: Actor | null, code: string): Promise<Hub> {
  const hub = await findHubByCode(ctx.db, code);
  if (!hub) throw new AppError(404, 'hubs.notFound', { code });
  if (actor && !check(actor, 'hub.manage', { hubId: hub.id }).ok) throw new AppError(403, 'access.denied');
  return hub;
}

export async function updateHubIdentity(ctx: AppContext, actor: Actor | null, code: string, input: HubIdentityInput): Promise<Hub> {
  const hub = await editableHub(ctx, actor, code);
  const at = nowIso(ctx);
  await inTransaction(ctx, async ({ trx, ...ctx }) => {
    await writeHubIdentity(trx, hub.id, {
      address: input.address ?? null,
      contact_email: input.email ?? null,
      contact_phone: input.phone ?? null,
      opening_hours: input.openingHours ?? null,
      responsible: input.responsible ?? null,
    });
    await recordAudit(trx, { actorUserId: actorUserId(actor), action: 'hub.identity', target: `hub:${hub.code}`, at });
  });
  return (await findHubById(ctx.db, hub.id))!;
}

/** A field a document needs, and whose it is: the programme's, a hub's or a partner's. */
export type Requirement = { owner: 'programme' | 'hub' | 'partner'; field: string; present: boolean };

const OWNER_WHO: Record<Requirement['owner'], MessageKey> = {
  programme: 'identity.who.programme',
  hub: 'identity.who.hub',
  partner: 'identity.who.partner',
};

/**
 * What a document lacks, in a sentence per owner ("Mancano: ... (li inserisce ...)"), or nothing.
 * Legal documents pass the Italian translator.
 */
export function missingIdentity(t: Translate, needs: Requirement[]): string | null {
  const lines: string[] = [];
  for (const owner of ['programme', 'hub', 'partner'] as const) {
    const missing = needs.filter((n) => n.owner === owner && !n.present).map((n) => t(`identity.${owner}.${n.field}` as MessageKey));
    if (missing.length) lines.push(t('identity.missingLine', { fields: missing.join(', '), who: t(OWNER_WHO[owner]) }));
  }
  return lines.length ? `${t('identity.missingTitle')} ${lines.join(' ')}` : null;
}
