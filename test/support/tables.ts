import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';

/**
 * Every table of the database, every row, in a stable order and with numbers as numbers (PostgreSQL
 * hands some back as strings): two databases with equal dumps hold the same data.
 */
export async function dumpAllTables(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_migration_lock'));
  const out: Record<string, string[]> = {};
  for (const name of tables.sort()) {
    const rows = await db
      .selectFrom(name as keyof Database)
      .selectAll()
      .execute();
    out[name] = rows.map((r) => JSON.stringify(normalise(r as Record<string, unknown>))).sort();
  }
  return out;
}

function normalise(row: Record<string, unknown>) {
  const keys = Object.keys(row).sort();
  return keys.map((k) => {
    const v = row[k];
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return v.toISOString();
    if (Buffer.isBuffer(v)) return v.toString('base64');
    return v;
  });
}
