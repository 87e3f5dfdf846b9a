import type { Actor } from '../../access/policy';

/** Who wrote a row, in the `<prefix>_user_id` / `<prefix>_token_id` pair every table names its author with. */
export function actorColumns<P extends string>(actor: Actor, prefix: P): { [K in `${P}_user_id` | `${P}_token_id`]: number | null } {
  return {
    [`${prefix}_user_id`]: actor.kind === 'user' ? actor.id : null,
    [`${prefix}_token_id`]: actor.kind === 'token' ? actor.id : null,
  } as { [K in `${P}_user_id` | `${P}_token_id`]: number | null };
}

/** The user behind an action, for tables that only record people (a token, or no one signed in, has no user). */
export function actorUserId(actor: Actor | null): number | null {
  return actor?.kind === 'user' ? actor.id : null;
}

/** Whether this actor wrote an event (for undoing one's own scan): the same person, or the same token. */
export function isAuthor(actor: Actor, row: { actor_user_id: number | null; actor_token_id: number | null }): boolean {
  return actor.kind === 'user' ? row.actor_user_id === actor.id : row.actor_token_id === actor.id;
}
