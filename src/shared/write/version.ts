import type { AppError } from '../errors';

type Stale = () => AppError | Promise<AppError>;

/**
 * The "changed meanwhile" check: a page sent the version it was showing, and the row has moved on
 * since. `stale` words the refusal (who did what meanwhile); it runs only when the check fails.
 * No version sent (a script, a scan) means no check.
 */
export async function requireUnchanged(expected: number | undefined, current: number, stale: Stale): Promise<void> {
  if (expected !== undefined && expected !== current) throw await stale();
}

/** The same check at write time: a conditional update (`... WHERE version = ?`) that changed nothing lost to another write. */
export async function requireWon(won: boolean, stale: Stale): Promise<void> {
  if (!won) throw await stale();
}
