import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/adapter';

/**
 * On SQLite a plain integer LIMIT or OFFSET is written into the statement: bound as a parameter it makes
 * SQLite (built with STAT4) prepare the statement again on every run, which costs a device's page more
 * than the read itself. Anything else (a compiledOnce marker, an expression) stays as it was.
 */
const dir = mkdtempSync(join(tmpdir(), 'rigenera-limits-'));
const opened = openDatabase(join(dir, 'limits.sqlite'));
afterAll(async () => {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('LIMIT and OFFSET on SQLite', () => {
  it('are literals when they are integers, in subqueries too', () => {
    const q = opened.db
      .selectFrom('hubs')
      .select((eb) => ['id', eb.selectFrom('devices').select('tag').whereRef('devices.hub_id', '=', 'hubs.id').orderBy('id', 'desc').limit(1).as('last')])
      .where('code', '=', 'PER')
      .limit(20)
      .offset(40)
      .compile();
    expect(q.sql).toMatch(/limit 1\) as "last"/);
    expect(q.sql).toMatch(/limit 20 offset 40$/);
    expect(q.parameters).toEqual(['PER']);
  });

  it('stay parameters when they are not plain integers', () => {
    const q = opened.db
      .selectFrom('hubs')
      .select('id')
      .limit(sql<number>`${5} + 1`)
      .compile();
    expect(q.sql).toMatch(/limit \? \+ 1$/);
    expect(q.parameters).toEqual([5]);
  });

  it('still limit and skip the rows', async () => {
    const fifty = sql<{ n: number }>`(with recursive c(n) as (select 1 union all select n + 1 from c where n < 50) select n from c)`;
    const rows = await opened.db.selectFrom(fifty.as('c')).select('c.n').orderBy('c.n').limit(5).offset(10).execute();
    expect(rows.map((r) => r.n)).toEqual([11, 12, 13, 14, 15]);
  });
});
