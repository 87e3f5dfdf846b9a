import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce, freshReads, openDatabase } from '../../src/db/adapter';
import { sharedCacheTrusted } from '../../src/db/notify';
import { migrateToLatest } from '../../src/db/migrate';
import { insertMissingHubs } from '../../src/hubs/repository';

/**
 * On SQLite the reads of one turn of the event loop share one read transaction (db/read-turn.ts), and
 * rows are read as arrays and made into objects by a function made once per statement
 * (db/sqlite-statements.ts). Neither may change what anyone reads: a request sees every commit made
 * before it started, by this process or another; a write never lands inside a read transaction; and a
 * row is the same object better-sqlite3 would have built.
 */
const dir = mkdtempSync(join(tmpdir(), 'rigenera-reads-'));
const file = join(dir, 'reads.sqlite');
const opened = openDatabase(file);
const db = opened.db;
/** Another process on the same file. */
const other = new SQLite(file);
const hubName = compiledOnce((d, code: string) => d.selectFrom('hubs').select('name').where('code', '=', code));
const nameNow = async () => (await hubName(db, 'PER'))[0]?.name;
const rename = (name: string) => other.prepare("update hubs set name = ? where code = 'PER'").run(name);

beforeAll(async () => {
  await migrateToLatest(db);
  await insertMissingHubs(db, [{ code: 'PER', name: 'Perugia', zona_sociale: 2, comune: 'Perugia', istat_code: '054039', province: 'PG' }]);
});
afterAll(async () => {
  other.close();
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the reads of one turn', () => {
  it('share one snapshot, and a request starts a new one', async () => {
    rename('Perugia');
    await new Promise((resolve) => setImmediate(resolve));
    // No await between these: one turn, as one page's reads are.
    const first = hubName(db, 'PER');
    rename('Perugia centro');
    const second = hubName(db, 'PER');
    freshReads(db); // what the request middleware does first
    const third = hubName(db, 'PER');
    expect((await first)[0]?.name).toBe('Perugia');
    expect((await second)[0]?.name).toBe('Perugia');
    expect((await third)[0]?.name).toBe('Perugia centro');
  });

  it('let the snapshot go at the end of the turn', async () => {
    await nameNow();
    rename('Perugia est');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await nameNow()).toBe('Perugia est');
  });

  it('serve no read from a snapshot older than a millisecond (code that waited for another process)', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    const first = hubName(db, 'PER');
    rename('Perugia sud');
    const until = performance.now() + 3;
    while (performance.now() < until); // a synchronous wait, as for a child process
    const after = hubName(db, 'PER');
    expect((await first)[0]?.name).not.toBe('Perugia sud');
    expect((await after)[0]?.name).toBe('Perugia sud');
  });

  it('let the snapshot go when another process is noticed to have committed, before a cache refills', async () => {
    expect(sharedCacheTrusted(db)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    other.pragma('synchronous = OFF');
    const first = hubName(db, 'PER');
    rename('Perugia alta');
    const noticedAt = performance.now();
    expect(sharedCacheTrusted(db)).toBe(true); // sees data_version move
    const after = hubName(db, 'PER');
    expect((await after)[0]?.name).toBe('Perugia alta');
    // Meaningful only within the snapshot's millisecond, which a commit without fsync leaves.
    if (performance.now() - noticedAt < 0.5) expect((await first)[0]?.name).not.toBe('Perugia alta');
  });

  it('never hold a write: this process writes after another one did, and reads its own write', async () => {
    await nameNow(); // opens the turn's snapshot
    rename('Perugia ovest'); // another process commits meanwhile
    // A write started inside the stale read transaction would fail (SQLITE_BUSY_SNAPSHOT, or BEGIN within BEGIN).
    await db.transaction().execute((trx) => trx.updateTable('hubs').set({ name: 'Perugia nord' }).where('code', '=', 'PER').execute());
    await db.updateTable('hubs').set({ opening_hours: 'lun-ven' }).where('code', '=', 'PER').execute();
    expect(await nameNow()).toBe('Perugia nord');
    expect(other.prepare("select name, opening_hours from hubs where code = 'PER'").get()).toEqual({ name: 'Perugia nord', opening_hours: 'lun-ven' });
  });
});

describe('rows made from arrays', () => {
  it('are the objects better-sqlite3 builds: same keys in the same order, a repeated name keeps its last value', async () => {
    const text = `select 1 as a, 'b' as b, null as c, 2.5 as d, x'00ff' as e, 3 as a, 9007199254740993 as big`;
    const ours = (await sql.raw(text).execute(db)).rows[0] as Record<string, unknown>;
    const theirs = other.prepare(text).get() as Record<string, unknown>;
    expect(ours).toEqual(theirs);
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(ours.a).toBe(3);
  });

  it('keep a column named __proto__ as a plain property, never as the prototype', async () => {
    const row = (await sql.raw(`select 'p' as "__proto__", 1 as n`).execute(db)).rows[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('p');
  });

  it('follow a schema changed by another process under a kept statement', async () => {
    await sql`create table kept_probe (id integer primary key, v text)`.execute(db);
    await sql`insert into kept_probe (v) values ('one')`.execute(db);
    const read = async () => (await sql<Record<string, unknown>>`select *, 'end' as tail from kept_probe`.execute(db)).rows[0];
    expect(await read()).toEqual({ id: 1, v: 'one', tail: 'end' });
    await new Promise((resolve) => setImmediate(resolve));
    other.exec(`alter table kept_probe add column c text default 'new'`);
    expect(await read()).toEqual({ id: 1, v: 'one', c: 'new', tail: 'end' });
  });
});
