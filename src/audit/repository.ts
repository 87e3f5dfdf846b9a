import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Records an administrative act. `data` must never hold a password, token or personal detail beyond ids. */
export function recordAudit(db: Db, entry: { actorUserId: number | null; action: string; target: string; data?: Record<string, unknown>; at: string }) {
  return db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      target: entry.target,
      data: entry.data ? JSON.stringify(entry.data) : null,
      at: entry.at,
    })
    .execute();
}

export function listAudit(db: Db, limit = 200) {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** A page of the log, newest first, with who did each act (an erased person stays erased here too). */
export function auditPage(db: Db, opts: { before?: number; action?: string; limit: number }) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.action', 'audit_log.target', 'audit_log.data', 'audit_log.at', 'audit_log.actor_user_id', 'users.name as actor_name', 'users.erased_at as actor_erased'])
    .orderBy('audit_log.id', 'desc')
    .limit(opts.limit);
  if (opts.before !== undefined) q = q.where('audit_log.id', '<', opts.before);
  if (opts.action) q = q.where('audit_log.action', '=', opts.action);
  return q.execute();
}

export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
