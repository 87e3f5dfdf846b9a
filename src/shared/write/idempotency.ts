import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../access/policy';
import type { AppContext } from '../../context';
import type { Database } from '../../db/schema';
import { isUniqueViolation } from '../../db/adapter';
import { AppError } from '../errors';
import { inTransaction, type Trx, type WriteContext } from './context';

type Db = Kysely<Database> | Trx;
export type Replayable<T> = T & { replayed?: true };

function keyOf(actor: Actor, scope: string, key: string): string {
  return `${actor.kind}:${actor.id}:${scope}:${key}`;
}

function fingerprintOf(input: unknown): string {
  return hash('sha256', JSON.stringify(input), 'hex');
}

function findKey(db: Db, key: string) {
  return db.selectFrom('idempotency_keys').select(['fingerprint', 'response']).where('key', '=', key).executeTakeFirst();
}

function replay<T>(prior: { fingerprint: string; response: string }, input: unknown): T & { replayed: true } {
  if (prior.fingerprint !== fingerprintOf(input)) throw new AppError(422, 'devices.idempotencyKeyReused');
  return { ...(JSON.parse(prior.response) as T), replayed: true };
}

/**
 * Runs a write once per client key, inside the caller's transaction. A repeated key with the same
 * input answers the first result again (`replayed: true`); with another input it is refused. Without
 * a key the write simply runs. `input` is what makes two submissions the same one (never the key).
 * `at` dates the stored answer; a function takes it from the result (an event's own time).
 */
export async function withIdempotency<T extends object>(
  trx: Trx,
  actor: Actor,
  scope: string,
  key: string | undefined,
  input: unknown,
  run: () => Promise<T>,
  at: string | ((result: T) => string) = new Date().toISOString(),
): Promise<Replayable<T>> {
  if (!key) return run();
  const full = keyOf(actor, scope, key);
  const prior = await findKey(trx, full);
  if (prior) return replay<T>(prior, input);
  const result = await run();
  await trx
    .insertInto('idempotency_keys')
    .values({ key: full, fingerprint: fingerprintOf(input), response: JSON.stringify(result), created_at: typeof at === 'function' ? at(result) : at })
    .execute();
  return result;
}

/**
 * After a keyed write's transaction failed: when it lost a race with the same key (the winner's
 * row made its insert or its version check fail), the winner's answer; otherwise nothing, and the
 * caller rethrows. Reads outside the failed transaction.
 */
export async function replayAfterRace<T extends object>(
  db: Kysely<Database>,
  actor: Actor,
  scope: string,
  key: string | undefined,
  input: unknown,
  error: unknown,
): Promise<(T & { replayed: true }) | undefined> {
  if (!key) return undefined;
  if (!isUniqueViolation(error) && !(error instanceof AppError && error.status === 409)) return undefined;
  const prior = await findKey(db, keyOf(actor, scope, key));
  return prior ? replay<T>(prior, input) : undefined;
}

/**
 * A keyed write in a transaction of its own, the way most services write: `withIdempotency` inside,
 * and the loser of a race with the same key answered with the winner's result. Any other failure is
 * rethrown.
 */
export async function runKeyed<T extends object>(
  ctx: AppContext,
  actor: Actor,
  scope: string,
  key: string | undefined,
  input: unknown,
  run: (w: WriteContext) => Promise<T>,
  at?: string | ((result: T) => string),
): Promise<Replayable<T>> {
  try {
    return await inTransaction(ctx, (w) => withIdempotency(w.trx, actor, scope, key, input, () => run(w), at));
  } catch (error) {
    const replayed = await replayAfterRace<T>(ctx.db, actor, scope, key, input, error);
    if (replayed) return replayed;
    throw error;
  }
}
