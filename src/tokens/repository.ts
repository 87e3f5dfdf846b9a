import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Every token, newest first, with its scope's names: never its hash. */
export function listTokens(db: Db) {
  return db
    .selectFrom('api_tokens')
    .leftJoin('hubs', 'hubs.id', 'api_tokens.hub_id')
    .leftJoin('partners', 'partners.id', 'api_tokens.partner_id')
    .leftJoin('users', 'users.id', 'api_tokens.created_by')
    .select([
      'api_tokens.id',
      'api_tokens.label',
      'api_tokens.role',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
      'hubs.code as hub_code',
      'partners.name as partner_name',
      'users.name as created_by_name',
    ])
    .orderBy('api_tokens.id', 'desc')
    .execute();
}

/** Revokes a token that is still live; false if it was already revoked (or never existed). */
export async function revokeToken(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findToken(db: Db, id: number) {
  return db.selectFrom('api_tokens').select(['id', 'label', 'role', 'hub_id', 'partner_id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}
