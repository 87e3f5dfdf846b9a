import type { Insertable, Kysely, Transaction } from 'kysely';
import { HUB_ROLES, type Role } from '../access/roles';
import { claimableRows, containsInsensitive } from '../db/adapter';
import { compiledOnce } from '../db/adapter';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

export type Audience = 'hub' | 'region' | 'partner';

/** People who may hear of something in a hub or about a partner: active accounts only. */
export function listCandidates(db: Db, f: { audiences: readonly Audience[]; hubId: number | null; partnerId: number | null }) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'hub_id', 'partner_id', 'locale'])
    .where('disabled_at', 'is', null)
    .where('erased_at', 'is', null)
    .where((eb) => {
      const any = [];
      if (f.audiences.includes('hub') && f.hubId !== null) any.push(eb.and([eb('role', 'in', HUB_ROLES as Role[]), eb('hub_id', '=', f.hubId)]));
      if (f.audiences.includes('region')) any.push(eb('role', '=', 'region'));
      if (f.audiences.includes('partner') && f.partnerId != null) any.push(eb.and([eb('role', '=', 'partner'), eb('partner_id', '=', f.partnerId)]));
      return any.length ? eb.or(any) : eb.val(false);
    })
    .orderBy('id')
    .execute();
}

export function insertNotice(db: Db, row: Insertable<Database['notices']>) {
  return db.insertInto('notices').values(row).execute();
}

export function insertOutbox(db: Db, row: Insertable<Database['outbox']>) {
  return db.insertInto('outbox').values(row).execute();
}

/** Records that a periodic notice was issued; false when it already was. */
export async function markOnce(db: Db, key: string, at: string): Promise<boolean> {
  const existing = await db.selectFrom('notice_marks').select('key').where('key', '=', key).executeTakeFirst();
  if (existing) return false;
  await db.insertInto('notice_marks').values({ key, created_at: at }).execute();
  return true;
}

/**
 * Claims up to `limit` messages that are due (or whose previous claim has lapsed) for one worker, in
 * one statement: on PostgreSQL the candidate rows are locked with SKIP LOCKED, so two workers never
 * take the same row; SQLite runs one writing statement at a time.
 */
export function claimDue(db: Db, f: { worker: string; now: string; until: string; limit: number }) {
  const due = db
    .selectFrom('outbox')
    .select('id')
    .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', f.now)]), eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<=', f.now)])]))
    .orderBy('id')
    .limit(f.limit);
  return db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sending', claimed_by: f.worker, claimed_until: f.until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', claimableRows(db, due))
    .returning(['id', 'recipient_email', 'subject', 'body', 'attempts', 'created_at', 'locale', 'kind'])
    .execute();
}

export type ClaimedMessage = Awaited<ReturnType<typeof claimDue>>[number];

/** Only the worker that still holds the claim records the outcome. */
export function markSent(db: Db, id: number, worker: string, at: string) {
  return db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: at, body: null, claimed_until: null, last_error: null })
    .where('id', '=', id)
    .where('claimed_by', '=', worker)
    .where('status', '=', 'sending')
    .execute();
}

export function markFailedAttempt(db: Db, id: number, worker: string, f: { retryAt: string | null; error: string }) {
  return db
    .updateTable('outbox')
    .set(f.retryAt ? { status: 'pending', next_attempt_at: f.retryAt, claimed_until: null, last_error: f.error } : { status: 'failed', claimed_until: null, last_error: f.error, body: null })
    .where('id', '=', id)
    .where('claimed_by', '=', worker)
    .where('status', '=', 'sending')
    .execute();
}

export async function outboxCounts(db: Db) {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<string, number>>;
}

// ---- the inbox

const unreadOf = compiledOnce((db: Db, userId: number) =>
  db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null),
);

export async function unreadCount(db: Db, userId: number): Promise<number> {
  return Number((await unreadOf(db, userId))[0]!.n);
}

export function listNotices(db: Db, userId: number, limit: number) {
  return db.selectFrom('notices').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute();
}

export function findNotice(db: Db, userId: number, id: number) {
  return db.selectFrom('notices').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export function markRead(db: Db, userId: number, at: string, id?: number) {
  let q = db.updateTable('notices').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== undefined) q = q.where('id', '=', id);
  return q.execute();
}

// ---- what periodic notices look for

/** Deliveries handed over before `before` whose receipt is not confirmed yet. */
export function unconfirmedDeliveries(db: Db, before: string, limit: number) {
  return db
    .selectFrom('deliveries')
    .innerJoin('hubs', 'hubs.id', 'deliveries.hub_id')
    .innerJoin('partners', 'partners.id', 'deliveries.partner_id')
    .select([
      'deliveries.id',
      'deliveries.hub_id',
      'deliveries.partner_id',
      'deliveries.year',
      'deliveries.number',
      'deliveries.delivered_on',
      'hubs.code as hub_code',
      'hubs.name as hub_name',
      'partners.name as partner_name',
    ])
    .where('deliveries.receipt_completed_at', 'is', null)
    .where('deliveries.created_at', '<', before)
    .orderBy('deliveries.id')
    .limit(limit)
    .execute();
}

/** Which of these hubs have submitted any version of the quarter's report. */
export async function hubsThatSubmitted(db: Db, year: number, quarter: number): Promise<Set<number>> {
  const rows = await db.selectFrom('quarterly_reports').select('hub_id').distinct().where('year', '=', year).where('quarter', '=', quarter).execute();
  return new Set(rows.map((r) => r.hub_id));
}

// ---- personal data

/**
 * A person erased: their inbox and the e-mails to them go; an erased borrower's name goes with the
 * notices about their loan (and with such e-mails not sent yet; sent ones keep no body).
 */
export async function forgetPerson(db: Db, who: { userId?: number; email?: string | null; loanId?: number }) {
  if (who.userId !== undefined) {
    await db.deleteFrom('notices').where('user_id', '=', who.userId).execute();
    await db.deleteFrom('outbox').where('recipient_user_id', '=', who.userId).execute();
  }
  if (who.email) await db.deleteFrom('outbox').where('recipient_email', '=', who.email.trim().toLowerCase()).execute();
  if (who.loanId !== undefined) {
    const link = `/equipment/loans/${who.loanId}`;
    await db.deleteFrom('notices').where('kind', '=', 'loan.overdue').where('link', '=', link).execute();
    await db
      .deleteFrom('outbox')
      .where('kind', '=', 'loan.overdue')
      .where('body', 'is not', null)
      .where((eb) => containsInsensitive(db as Kysely<Database>, eb.ref('body'), `${link}\n`))
      .execute();
  }
}

/** Sent and failed e-mails are kept a while (to see what went out), then only their count matters. */
export function purgeOutbox(db: Db, before: string) {
  return db.deleteFrom('outbox').where('status', 'in', ['sent', 'failed']).where('created_at', '<', before).execute();
}
