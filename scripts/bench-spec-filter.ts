/**
 * How the device list's hardware filters ("laptops with at least 4 GB RAM and an SSD") behave at a
 * million devices, on SQLite (the default database). Builds a throwaway database, then times the
 * list query of src/devices/repository.ts for a first page and a deep page, with and without the
 * spec filters, and prints each as milliseconds and as a ratio to the same list without filters.
 *
 *   npm run bench:specs                    1,000,000 devices
 *   BENCH_DEVICES=200000 npm run bench:specs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ALL, oneHub } from '../src/access/scopes';
import { openDatabase } from '../src/db/adapter';
import { migrateToLatest } from '../src/db/migrate';
import { listDevices, type ListFilter } from '../src/devices/repository';
import { seedHubs } from '../src/hubs/seed';

const N = Number(process.env.BENCH_DEVICES ?? 1_000_000);
const RUNS = 25;
const dir = mkdtempSync(join(tmpdir(), 'rigenera-bench-specs-'));
const { db, close } = openDatabase(join(dir, 'bench.sqlite'));

/** A small deterministic generator, so every run builds the same database. */
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

async function build() {
  await migrateToLatest(db);
  await seedHubs(db);
  const hubs = (await db.selectFrom('hubs').select('id').orderBy('id').execute()).map((h) => h.id);
  const at = new Date().toISOString();
  const BATCH = 500;
  for (let start = 0; start < N; start += BATCH) {
    const devices: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++) {
      const r = rnd();
      devices.push({
        tag: `B${i}`,
        hub_id: hubs[i % hubs.length]!,
        type: r < 0.5 ? 'laptop' : r < 0.8 ? 'desktop' : r < 0.9 ? 'monitor' : 'tablet',
        state: rnd() < 0.3 ? 'ready' : 'received',
        cycle: 1,
        version: 1,
        received_at: at,
        updated_at: at,
      });
    }
    await db.transaction().execute(async (trx) => {
      const ids = await trx
        .insertInto('devices')
        .values(devices as never)
        .returning('id')
        .execute();
      // Seven devices in ten have a hardware report: RAM from 1 to 32 GB, an SSD in four of ten.
      const specs = ids
        .filter(() => rnd() < 0.7)
        .map(({ id }) => {
          const ramGb = [1, 2, 2, 4, 4, 4, 8, 8, 16, 32][Math.floor(rnd() * 10)]!;
          return {
            device_id: id,
            ram_mb: ramGb * 1024,
            storage_gb: [120, 250, 320, 500, 1000][Math.floor(rnd() * 5)]!,
            has_ssd: rnd() < 0.4 ? 1 : 0,
            cpu_64bit: rnd() < 0.9 ? 1 : 0,
            disk_count: 1,
            specs: '{}',
            updated_at: at,
          };
        });
      if (specs.length) await trx.insertInto('device_specs').values(specs).execute();
    });
    if (start % 100_000 === 0) process.stderr.write(`  ${start} devices…\n`);
  }
  await sql`ANALYZE`.execute(db);
}

async function time(filter: ListFilter): Promise<{ median: number; p95: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    rows = (await listDevices(db, filter)).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)]!, p95: times[Math.floor(RUNS * 0.95)]!, rows };
}

async function main() {
  const t0 = performance.now();
  await build();
  console.log(`Built ${N.toLocaleString('en')} devices with specs in ${((performance.now() - t0) / 1000).toFixed(1)} s (SQLite, ${process.version}).`);
  const hub = (await db.selectFrom('hubs').select('id').where('code', '=', 'FOL').executeTakeFirstOrThrow()).id;
  // A deep page: the id a person reaches after paging 50 times through 50 laptops.
  const deep = (await db.selectFrom('devices').select('id').where('hub_id', '=', hub).where('type', '=', 'laptop').orderBy('id', 'desc').offset(2500).limit(1).executeTakeFirstOrThrow()).id;
  const here = oneHub(hub);
  const cases: [string, ListFilter, ListFilter][] = [
    ['hub, laptops, ≥4 GB and SSD, page 1', { scope: here, type: 'laptop', limit: 51, specs: { minRamMb: 4096, ssd: true } }, { scope: here, type: 'laptop', limit: 51 }],
    [
      'hub, laptops, ≥4 GB and SSD, page 50',
      { scope: here, type: 'laptop', limit: 51, afterId: deep, specs: { minRamMb: 4096, ssd: true } },
      { scope: here, type: 'laptop', limit: 51, afterId: deep },
    ],
    ['hub, ready, ≥8 GB, 64-bit', { scope: here, state: 'ready', limit: 51, specs: { minRamMb: 8192, cpu64: true } }, { scope: here, state: 'ready', limit: 51 }],
    ['all hubs, laptops, ≥4 GB and SSD', { scope: ALL, type: 'laptop', limit: 51, specs: { minRamMb: 4096, ssd: true } }, { scope: ALL, type: 'laptop', limit: 51 }],
    ['hub, ≥32 GB and SSD (rare)', { scope: here, limit: 51, specs: { minRamMb: 32768, ssd: true } }, { scope: here, limit: 51 }],
    ['hub, ≥64 GB (no device has that much)', { scope: here, limit: 51, specs: { minRamMb: 65536 } }, { scope: here, limit: 51 }],
  ];
  console.log('\n| query | rows | median ms | p95 ms | unfiltered median ms | ratio |\n|---|---|---|---|---|---|');
  for (const [name, filtered, plain] of cases) {
    const f = await time(filtered);
    const p = await time(plain);
    console.log(`| ${name} | ${f.rows} | ${f.median.toFixed(2)} | ${f.p95.toFixed(2)} | ${p.median.toFixed(2)} | ${(f.median / p.median).toFixed(1)} |`);
  }
}

main()
  .then(() => close())
  .finally(() => rmSync(dir, { recursive: true, force: true }))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
