import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDeviceByTag } from '../src/devices/repository';
import { createTestContext, donate, type TestContext } from './support/context';

/**
 * A hot read compiled once (db/adapter.ts#compiledOnce) goes straight to its prepared statement on
 * SQLite, skipping the query executor's queue for the one connection. It must never read inside another
 * request's open transaction, which shares that connection: it would see writes that may yet be rolled
 * back. On PostgreSQL the read has a connection of its own; the answer must be the same.
 */
let t: TestContext;
let tag: string;

beforeAll(async () => {
  t = await createTestContext();
  const bearer = await t.token('coordinator', 'FOL');
  tag = (await donate(t, bearer, 'FOL', [{ type: 'laptop', brand: 'Lenovo', model: 'ThinkPad T450' }])).devices[0]!.tag;
});
afterAll(() => t.close());

describe('a hot read while another request is writing', () => {
  it('never sees a write that is then rolled back', async () => {
    let read: Promise<unknown> | undefined;
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('devices').set({ brand: 'Uncommitted' }).where('tag', '=', tag).execute();
        // Another request reads meanwhile (not awaited here: on SQLite it waits for this transaction).
        read = findDeviceByTag(t.ctx.db, tag);
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(((await read) as { brand: string }).brand).toBe('Lenovo');
  });

  it('sees a committed write at once', async () => {
    await t.ctx.db.updateTable('devices').set({ brand: 'Dell' }).where('tag', '=', tag).execute();
    expect((await findDeviceByTag(t.ctx.db, tag))?.brand).toBe('Dell');
  });
});

/** Another process on the same database: a connection of its own. */
async function otherProcess(url: string): Promise<{ run(text: string): Promise<void>; close(): Promise<void> }> {
  if (t.kind === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return { run: async (text) => void (await client.query(text)), close: () => client.end() };
  }
  const conn = new SQLite(url);
  return { run: async (text) => void conn.exec(text), close: async () => void conn.close() };
}

describe('a request after another process wrote', () => {
  it('sees the write, even while the reads of the same turn share an older snapshot', async () => {
    const other = await otherProcess(t.config.databaseUrl);
    try {
      // A hot read opens the turn's snapshot on SQLite (db/read-turn.ts); no await lets the turn end.
      const before = findDeviceByTag(t.ctx.db, tag);
      await other.run(`update devices set model = 'ThinkPad X1 Carbon' where tag = '${tag}'`);
      const passport = await t.page(`/d/${tag}`);
      // On SQLite the read ran before the write, and the turn's snapshot is older than it.
      if (t.kind === 'sqlite') expect((await before)?.model).toBe('ThinkPad T450');
      expect(passport.status).toBe(200);
      expect(passport.html).toContain('ThinkPad X1 Carbon');
    } finally {
      await other.close();
    }
  });
});
