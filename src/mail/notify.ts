/**
 * `notify` is called by a feature's service inside the transaction of the event that causes the
 * notice: the inbox entries and the e-mails to send are committed with the event, or not at all.
 */
import type { Kysely, Transaction } from 'kysely';
import { check, type Actor } from '../access/policy';
import { isStaff } from '../access/scopes';
import type { AppContext } from '../context';
import type { Database } from '../db/schema';
import type { Locale, Params } from '../i18n/catalogue';
import { composeMail, NOTICES, type NoticeKind } from './notices';
import * as repo from './repository';

export type Notice = {
  kind: NoticeKind;
  /** The hub the event belongs to (its staff are told), and the partner organisation it concerns. */
  hubId: number | null;
  partnerId?: number | null;
  params: Params;
  /** A path inside the app, or (for a one-time link) a full URL. */
  link: string;
  /** Where a partner's person goes instead (the portal), when the staff's page is not theirs. */
  partnerLink?: string;
  /** The person whose act caused it: they know already. */
  actorUserId?: number | null;
  /** Someone told directly: an applicant, by the address they gave. */
  to?: { email: string; name: string; locale: Locale; userId?: number | null };
};

/** What sending a notice needs besides the transaction: never `db`, so it can run inside one. */
type NoticeContext = Pick<AppContext, 'clock' | 'config'>;

type Recipient = { userId: number | null; email: string; name: string; locale: Locale; staff: boolean; link: string };

export async function notify(trx: Kysely<Database> | Transaction<Database>, ctx: NoticeContext, notice: Notice): Promise<void> {
  const def = NOTICES[notice.kind];
  const capability = def.capability as (typeof def)['capability'] | null;
  const partnerId = notice.partnerId ?? null;
  const recipients: Recipient[] = [];
  if (notice.to) recipients.push({ userId: notice.to.userId ?? null, email: notice.to.email, name: notice.to.name, locale: notice.to.locale, staff: false, link: notice.link });
  if (capability) {
    const candidates = await repo.listCandidates(trx, { audiences: def.audiences, hubId: notice.hubId, partnerId });
    for (const u of candidates) {
      if (u.id === notice.actorUserId) continue;
      const actor: Actor = { kind: 'user', id: u.id, role: u.role, hubId: u.hub_id, partnerId: u.partner_id, name: u.name };
      if (!check(actor, capability, { hubId: notice.hubId, ...(partnerId !== null ? { partnerId } : {}) }).ok) continue;
      const staff = isStaff(actor);
      recipients.push({ userId: u.id, email: u.email, name: u.name, locale: u.locale, staff, link: staff ? notice.link : (notice.partnerLink ?? notice.link) });
    }
  }
  const at = ctx.clock.now().toISOString();
  for (const r of recipients) {
    // Staff read it in the inbox (in whatever language they use then); partners and applicants by e-mail.
    if (r.staff && r.userId !== null) {
      await repo.insertNotice(trx, { user_id: r.userId, kind: notice.kind, hub_id: notice.hubId, params: JSON.stringify(notice.params), link: r.link, created_at: at, read_at: null });
    }
    // Without a mail server nothing is queued: a backlog sent the day one is configured would be stale.
    if (!ctx.config.mail) continue;
    const url = /^https?:\/\//.test(r.link) ? r.link : `${ctx.config.publicBaseUrl}${r.link}`;
    const { subject, body } = composeMail(r.locale, notice.kind, notice.params, r.name, url);
    await repo.insertOutbox(trx, {
      kind: notice.kind,
      recipient_user_id: r.userId,
      recipient_email: r.email.trim().toLowerCase(),
      locale: r.locale,
      subject,
      body,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      claimed_by: null,
      claimed_until: null,
      last_error: null,
      created_at: at,
      sent_at: null,
    });
  }
}

/** A periodic notice, issued once for its key (a second scan, or a second process, finds the mark). */
export async function notifyOnce(trx: Kysely<Database> | Transaction<Database>, ctx: NoticeContext, key: string, notice: Notice): Promise<boolean> {
  if (!(await repo.markOnce(trx, key, ctx.clock.now().toISOString()))) return false;
  await notify(trx, ctx, notice);
  return true;
}
