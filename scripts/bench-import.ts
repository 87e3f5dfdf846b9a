/**
 * How long a 10,000-row spreadsheet import takes (read, dry run, and the background run in chunks
 * through the intake rules), as a ratio to inserting the same rows into a plain table with one bare
 * prepared statement in one transaction. Throwaway SQLite database (the default); prints the figures
 * and writes them to bench-results/import.json.
 *
 *   npm run bench:import
 *   BENCH_ROWS=20000 npm run bench:import
 */
import '../src/devices/plugins';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../src/access/policy';
import { loadConfig } from '../src/config';
import { systemClock, type AppContext } from '../src/context';
import { openDatabase } from '../src/db/adapter';
import { migrateToLatest } from '../src/db/migrate';
import { findHubByCode } from '../src/hubs/repository';
import { seedHubs } from '../src/hubs/seed';
import { createImport, kick, loadImport, saveMapping, settingsOf, startImport } from '../src/imports/service';
import { fromRoot } from '../src/paths';
import { toCsv } from '../src/shared/csv';
import { insertUser } from '../src/users/repository';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const TYPES = ['Portatile', 'Computer fisso', 'Monitor', 'Tablet', 'Stampante'];
const BRANDS = ['Lenovo', 'Dell', 'HP', 'Acer', 'Asus', 'Apple'];

const rows = Array.from({ length: ROWS }, (_, i) => [
  TYPES[i % TYPES.length]!,
  BRANDS[i % BRANDS.length]!,
  `Modello ${i % 97}`,
  `SN-BENCH-${String(i).padStart(6, '0')}`,
  ((i % 40) / 10 + 1).toFixed(1).replace('.', ','),
  i % 9 === 0 ? 'sì' : '',
]);
const header = ['Tipo', 'Marca', 'Modello', 'Numero di serie', 'Peso (kg)', 'Disco'];
const file = new TextEncoder().encode(toCsv(header, rows));

const dir = mkdtempSync(join(tmpdir(), 'rigenera-bench-import-'));
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** The floor: the same rows, one prepared INSERT each, in one transaction, nothing else. */
function bare(): number {
  const db = new Database(join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE devices (id INTEGER PRIMARY KEY, tag TEXT UNIQUE, type TEXT, brand TEXT, model TEXT, serial TEXT, weight_kg REAL, has_storage INTEGER)');
  const insert = db.prepare('INSERT INTO devices (tag, type, brand, model, serial, weight_kg, has_storage) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const start = process.hrtime.bigint();
  db.transaction(() => {
    rows.forEach((r, i) => insert.run(`FOL-${i}`, r[0], r[1], r[2], r[3], Number(r[4]!.replace(',', '.')), r[5] ? 1 : null));
  })();
  const t = ms(start);
  db.close();
  return t;
}

async function main() {
  const { db, kind, close } = openDatabase(join(dir, 'bench.sqlite'));
  await migrateToLatest(db);
  await seedHubs(db);
  const ctx: AppContext = { db, dbKind: kind, config: loadConfig({ DATABASE_URL: join(dir, 'bench.sqlite') }), clock: systemClock };
  const hub = (await findHubByCode(db, 'FOL'))!;
  const userId = await insertUser(db, {
    email: 'bench@example.invalid',
    name: 'bench',
    passwordHash: 'x',
    role: 'coordinator',
    hubId: hub.id,
    partnerId: null,
    createdBy: null,
    at: new Date().toISOString(),
  });
  const actor: Actor = { kind: 'user', id: userId, role: 'coordinator', hubId: hub.id, partnerId: null, name: 'bench' };

  const t0 = process.hrtime.bigint();
  const id = await createImport(ctx, actor, { fileName: 'bench.csv', bytes: file });
  const upload = ms(t0);
  const t1 = process.hrtime.bigint();
  const imp = await loadImport(ctx, actor, id);
  const check = await saveMapping(ctx, actor, id, { columns: settingsOf(imp).mapping, donorKind: 'company', donorName: 'Bench Srl' }, 'it');
  const dry = ms(t1);
  if (check.okRows !== ROWS) throw new Error(`dry run: ${check.okRows} rows ready of ${ROWS}`);
  const t2 = process.hrtime.bigint();
  await startImport(ctx, actor, id, { locale: 'it' });
  await kick(ctx, id, actor, { locale: 'it' });
  const run = ms(t2);
  const done = await loadImport(ctx, actor, id);
  if (done.status !== 'done' || done.created_count !== ROWS) throw new Error(`import ended ${done.status} with ${done.created_count} devices`);
  await close();

  const floor = bare();
  const total = upload + dry + run;
  const result = {
    rows: ROWS,
    database: 'sqlite',
    uploadMs: Math.round(upload),
    dryRunMs: Math.round(dry),
    runMs: Math.round(run),
    totalMs: Math.round(total),
    barePreparedInsertMs: Math.round(floor * 10) / 10,
    ratioRunToBare: Math.round((run / floor) * 10) / 10,
    ratioTotalToBare: Math.round((total / floor) * 10) / 10,
    rowsPerSecond: Math.round(ROWS / (run / 1000)),
  };
  console.log(`import of ${ROWS.toLocaleString('en')} rows (SQLite, chunks of 500, intake events and running totals included):`);
  console.log(`  upload and read:      ${result.uploadMs} ms`);
  console.log(`  dry run:              ${result.dryRunMs} ms`);
  console.log(`  background run:       ${result.runMs} ms (${result.rowsPerSecond} rows/s)`);
  console.log(`  bare prepared INSERT: ${result.barePreparedInsertMs} ms`);
  console.log(`  ratio run / bare:     ${result.ratioRunToBare}×   (everything / bare: ${result.ratioTotalToBare}×)`);
  mkdirSync(fromRoot('bench-results'), { recursive: true });
  writeFileSync(fromRoot('bench-results', 'import.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('  written to bench-results/import.json');
  rmSync(dir, { recursive: true, force: true });
}

await main();
