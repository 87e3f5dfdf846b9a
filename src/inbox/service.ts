import { can, type Actor } from '../access/policy';
import type { Role } from '../access/roles';
import { actsForPartner, isStaff } from '../access/scopes';
import type { AppContext } from '../context';
import { isNoticeKind, type NoticeKind } from '../mail/notices';
import * as repo from '../mail/public';
import { AppError } from '../shared/errors';

export type InboxEntry = { id: number; kind: NoticeKind; params: Record<string, string | number>; createdAt: string; unread: boolean };

/** The inbox is for staff; partners hear by e-mail and see their requests in the portal. */
function requireStaff(actor: Actor) {
  if (actor.kind !== 'user' || actsForPartner(actor)) throw new AppError(403, 'access.denied');
}

export function hasInbox(user: { role: Role } | null): boolean {
  return isStaff(user);
}

export type OutboxState = { waiting: number; failed: number };

export async function listInbox(ctx: AppContext, actor: Actor): Promise<{ entries: InboxEntry[]; unread: number; mailOn: boolean; outbox: OutboxState | null }> {
  requireStaff(actor);
  const [rows, unread] = await Promise.all([repo.listNotices(ctx.db, actor.id, 200), repo.unreadCount(ctx.db, actor.id)]);
  const entries = rows
    .filter((r) => isNoticeKind(r.kind))
    .map((r) => ({ id: r.id, kind: r.kind as NoticeKind, params: JSON.parse(r.params) as InboxEntry['params'], createdAt: r.created_at, unread: r.read_at === null }));
  // Administrators see whether e-mail is getting out: messages waiting, and those the server refused.
  let outbox: OutboxState | null = null;
  if (can(actor, 'outbox.read') && ctx.config.mail) {
    const counts = await repo.outboxCounts(ctx.db);
    outbox = { waiting: (counts.pending ?? 0) + (counts.sending ?? 0), failed: counts.failed ?? 0 };
  }
  return { entries, unread, mailOn: !!ctx.config.mail, outbox };
}

/** Opening an entry marks it read and goes where it points (always a path inside the app). */
export async function openNotice(ctx: AppContext, actor: Actor, id: number): Promise<string> {
  requireStaff(actor);
  const notice = await repo.findNotice(ctx.db, actor.id, id);
  if (!notice) throw new AppError(404, 'inbox.unknown');
  await repo.markRead(ctx.db, actor.id, ctx.clock.now().toISOString(), id);
  return notice.link.startsWith('/') && !notice.link.startsWith('//') ? notice.link : '/inbox';
}

export async function markAllRead(ctx: AppContext, actor: Actor) {
  requireStaff(actor);
  await repo.markRead(ctx.db, actor.id, ctx.clock.now().toISOString());
}

export function unreadFor(ctx: AppContext, userId: number) {
  return repo.unreadCount(ctx.db, userId);
}
