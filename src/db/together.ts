/**
 * Statements of one transaction sent together (pipelined on PostgreSQL, see adapter.ts), like
 * Promise.all but settling every one before failing. With Promise.all, the first failure would let the
 * transaction roll back while a sibling still had statements to send: those would then run outside the
 * transaction, on a connection already handed back, and be committed on their own.
 */
export async function together<T extends readonly unknown[] | []>(work: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(work);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
