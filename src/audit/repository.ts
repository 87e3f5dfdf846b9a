import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Records an administrative act. `data` must never hold a password, token or personal detail beyond ids. */
export function recordAudit(
  db: Db,
  entry: { actorUserId: number | null; action: string; target: string; data?: Record<string, unknown>; at: string },
) {
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
