/**
 * Erasing a person at their request: a donor who is a private citizen, a partner's contact person, a
 * volunteer or any other account, the borrower of a laptop. Their personal data is replaced, never the
 * row deleted: donations, deliveries and their document numbers, events and every running total keep
 * pointing at the same rows, so every count stays what it was. Administrators only; every erasure goes
 * to the audit log, which names the row and never the person.
 */
import { forgetPerson } from '../mail/public';
import { check, type Actor } from '../access/policy';
import { recordAudit } from '../audit/public';
import { sessionsChanged } from '../auth/service';
import { nowIso, type AppContext } from '../context';
import { compactAfterErasure } from '../db/adapter';
import type { Database } from '../db/schema';
import { translate } from '../i18n/catalogue';
import { AppError } from '../shared/errors';
import * as repo from './repository';
import type { ErasureInput } from './schema';

export type PersonKind = ErasureInput['kind'];

export function requireAdmin(actor: Actor) {
  // Only a person decides to erase a person, never a token.
  if (!check(actor, 'person.erase').ok || actor.kind !== 'user') throw new AppError(403, 'access.denied');
}

export async function findPeople(ctx: AppContext, actor: Actor, q: string) {
  requireAdmin(actor);
  const [donors, contacts, users, borrowers] = await Promise.all([repo.findDonors(ctx.db, q), repo.findContacts(ctx.db, q), repo.findUsers(ctx.db, q), repo.findBorrowers(ctx.db, q)]);
  return { donors, contacts, users, borrowers };
}

export async function erasePerson(ctx: AppContext, actor: Actor, input: ErasureInput): Promise<{ kind: PersonKind; id: number }> {
  requireAdmin(actor);
  const at = nowIso(ctx);
  const { kind, id } = input;
  await ctx.db.transaction().execute(async (trx) => {
    let data: Record<string, unknown> | undefined;
    switch (kind) {
      case 'donor': {
        const donor = await repo.findDonor(trx, id);
        if (!donor || donor.erased_at) throw new AppError(404, 'privacy.unknown');
        await repo.scrubImports(trx, [donor.name, donor.tax_code, donor.email, donor.phone]);
        await repo.scrubCertificates(trx, donor.name, '');
        await repo.eraseDonor(trx, id, at);
        data = { donorKind: donor.kind };
        break;
      }
      case 'contact': {
        const contact = await repo.findContact(trx, id);
        if (!contact || contact.erased_at) throw new AppError(404, 'privacy.unknown');
        await repo.scrubImports(trx, [contact.name, contact.email, contact.phone]);
        await forgetPerson(trx, { email: contact.email });
        await repo.eraseContact(trx, id, at);
        data = { partnerId: contact.partner_id };
        break;
      }
      case 'user': {
        if (id === actor.id) throw new AppError(409, 'privacy.notYourself');
        const user = await repo.findUser(trx, id);
        if (!user || user.erased_at || !(await repo.eraseUser(trx, id, at))) throw new AppError(404, 'privacy.unknown');
        // Certificates and erasure records are documents: they keep saying a volunteer did the work, not who.
        const role = translate('it', `role.${user.role}`);
        await repo.scrubCertificates(trx, user.name, role);
        await repo.renameErasureWorker(trx, user.name, role);
        await repo.forgetThrottle(trx, user.email);
        await forgetPerson(trx, { userId: id });
        break;
      }
      case 'borrower': {
        const loan = await repo.findLoan(trx, id);
        if (!loan || loan.erased_at || loan.borrower_name === null) throw new AppError(404, 'privacy.unknown');
        // While the laptop is out, who has it is what the hub needs to get it back.
        if (loan.returned_at === null && loan.lost_at === null) throw new AppError(409, 'privacy.loanOpen');
        await repo.eraseBorrower(trx, id, at);
        await forgetPerson(trx, { loanId: id });
        break;
      }
    }
    await recordAudit(trx, { actorUserId: actor.id, action: `person.erase.${kind}`, target: `${kind}:${id}`, data, at });
  });
  if (kind === 'user') sessionsChanged(ctx, id);
  await compact(ctx, kind);
  return { kind, id };
}

/** The tables each kind of person can leave a trace in (see repository.ts). */
const TRACES: Record<PersonKind, (keyof Database & string)[]> = {
  donor: ['donors', 'import_rows', 'imports', 'certificates'],
  contact: ['partner_contacts', 'import_rows', 'imports'],
  user: ['users', 'sessions', 'one_time_links', 'login_throttle', 'certificates', 'erasures'],
  borrower: ['asset_loans'],
};

/**
 * The erasure is committed; now the old values leave the database files too (adapter.ts). A failure here
 * does not undo the erasure: it is logged, and the next erasure or the next VACUUM finishes the job.
 */
async function compact(ctx: AppContext, kind: PersonKind) {
  try {
    await compactAfterErasure(ctx.db, TRACES[kind]);
  } catch (e) {
    console.error(`[privacy] compacting after an erasure failed: ${(e as Error).message}`);
  }
}
