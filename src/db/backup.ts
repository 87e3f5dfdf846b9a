/**
 * Online backups and restores, beside the adapter because they are the other place that must know
 * which database is underneath. SQLite: the backup API of better-sqlite3 (a consistent copy while the
 * app goes on serving and writing, in WAL mode). PostgreSQL: pg_dump and pg_restore in custom format.
 * Either way the backup is written next to its destination first and renamed when complete, so a
 * file with the final name is always a whole backup.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { isPostgresUrl } from './adapter';

export type BackupResult = { kind: 'sqlite' | 'postgres'; file: string; bytes: number; seconds: number };
export type RestoreResult = BackupResult & { previous?: string };

const sqlitePath = (url: string) => url.replace(/^sqlite:(\/\/)?/, '');

export async function backupDatabase(url: string, file: string): Promise<BackupResult> {
  const started = performance.now();
  const partial = join(dirname(file), `.${file.split('/').pop()}.partial`);
  rmSync(partial, { force: true });
  try {
    if (isPostgresUrl(url)) {
      await run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${url}`]);
      renameSync(partial, file);
      return { kind: 'postgres', file, bytes: statSync(file).size, seconds: elapsed(started) };
    }
    const source = new SQLite(sqlitePath(url), { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      // After a first step of 100 pages, everything in one step: a writer in another process restarts a
      // step, so one long step is the one that cannot be restarted over and over by a busy app.
      await source.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    } finally {
      source.close();
    }
    // One self-contained file (no -wal beside it), ready to be copied elsewhere.
    const copy = new SQLite(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    verifySqlite(partial);
    renameSync(partial, file);
    return { kind: 'sqlite', file, bytes: statSync(file).size, seconds: elapsed(started) };
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

/**
 * Puts a backup back in place of the database. Stop the app first. On SQLite the database being
 * replaced is kept next to it (`<file>.before-restore-<time>`), and the backup is checked before anything
 * is touched; on PostgreSQL pg_restore replaces every table in one transaction.
 */
export async function restoreDatabase(url: string, file: string): Promise<RestoreResult> {
  const started = performance.now();
  if (!existsSync(file)) throw new Error(`No backup at ${file}.`);
  if (isPostgresUrl(url)) {
    await run(pgTool('pg_restore'), ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url}`, file]);
    return { kind: 'postgres', file, bytes: statSync(file).size, seconds: elapsed(started) };
  }
  verifySqlite(file);
  const target = sqlitePath(url);
  let previous: string | undefined;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const current = new SQLite(target, { fileMustExist: true });
    try {
      await current.backup(previous);
    } finally {
      current.close();
    }
  }
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  verifySqlite(target);
  return { kind: 'sqlite', file, bytes: statSync(file).size, seconds: elapsed(started), previous };
}

/** A whole SQLite database of Rigenera: SQLite's own check passes and the migrations table is there. */
function verifySqlite(file: string) {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${file} is damaged: ${String(check)}`);
    const migrations = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get() as { n: number };
    if (migrations.n !== 1) throw new Error(`${file} is not a Rigenera database.`);
  } finally {
    db.close();
  }
}

/** pg_dump or pg_restore: the newest installed, which can read any older server. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin', name);
  }
  return name;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => reject(new Error(`${cmd}: ${e.message} (install the PostgreSQL client tools)`)));
    // Never echo the connection string: it may hold a password.
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd.split('/').pop()} failed (${code}): ${err.replace(/postgres(ql)?:\/\/[^\s]*/g, '<database>').trim()}`))));
  });
}

const elapsed = (started: number) => Math.round((performance.now() - started) / 100) / 10;
