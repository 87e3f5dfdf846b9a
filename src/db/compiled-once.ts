import type { Compilable, CompiledQuery, Kysely, Transaction } from 'kysely';
import { dbKind } from './adapter';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;
type Value = string | number;

/**
 * A hot read, compiled once per dialect: each call binds its values into the compiled statement
 * (where marker values stood) instead of building and compiling the query again. Every value must
 * appear exactly once among the statement's parameters, and the query's shape must not depend on
 * the values (no `if`, no lists): `build` is called once, with markers.
 */
export function compiledOnce<R, A extends Value[]>(build: (db: Db, ...values: A) => Compilable<R>) {
  const compiled = new Map<string, { query: CompiledQuery<R>; at: number[] }>();
  return async (db: Db, ...values: A): Promise<R[]> => {
    const kind = dbKind(db);
    let c = compiled.get(kind);
    if (!c) {
      const marks = values.map((_, i) => `\u0000compiled-once-${i}`) as A;
      const query = build(db, ...marks).compile();
      const at = marks.map((m) => query.parameters.indexOf(m));
      if (at.some((i, n) => i < 0 || query.parameters.lastIndexOf(marks[n]) !== i)) throw new Error('compiledOnce: each value must appear once');
      c = { query, at };
      compiled.set(kind, c);
    }
    const parameters = [...c.query.parameters];
    for (let i = 0; i < values.length; i++) parameters[c.at[i]!] = values[i];
    return (await db.executeQuery<R>({ ...c.query, parameters })).rows;
  };
}
