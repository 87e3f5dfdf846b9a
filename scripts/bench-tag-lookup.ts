/**
 * What the first /d/:tag handler costs for a device's tag: before the write kernel it looked the tag up
 * as an asset (a miss) and let the device handler take over; now it asks resolveTag (a device hit).
 * SQLite, 5,000 devices, 20,000 lookups per round. Noisy on a shared machine.
 *
 *   npx tsx scripts/bench-tag-lookup.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/adapter';
import { migrateToLatest } from '../src/db/migrate';
import { seedHubs } from '../src/hubs/seed';
import { loadConfig } from '../src/config';
import { registerDonation } from '../src/donations/service';
import { findAssetByTag } from '../src/equipment/repository';
import { resolveTag } from '../src/shared/write/actor';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'rigenera-tag-bench-'));
  const url = join(dir, 'b.sqlite');
  const { db, kind, close } = openDatabase(url);
  await migrateToLatest(db);
  await seedHubs(db);
  const ctx = { db, dbKind: kind, config: loadConfig({ DATABASE_URL: url, PUBLIC_BASE_URL: 'http://x', COOKIE_SECURE: 'false' }), clock: { now: () => new Date() } };
  const actor = { kind: 'user' as const, id: 1, role: 'admin' as const, hubId: null, partnerId: null, name: 'a' };
  const tags: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await registerDonation(ctx as never, actor as never, { hub: 'FOL', donor: { kind: 'company', name: 'X' }, devices: [{ type: 'laptop', quantity: 1000 }] } as never);
    tags.push(...r.devices.map((d) => d.tag));
  }
  const N = 20000;
  for (const [name, f] of [
    ['before: findAssetByTag (miss)', (t: string) => findAssetByTag(db, t)],
    ['after: resolveTag (device hit)', (t: string) => resolveTag(db, t)],
  ] as const) {
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      for (let i = 0; i < N; i++) await f(tags[i % tags.length]!);
      const ms = performance.now() - t0;
      console.log(`${name}: ${((ms * 1000) / N).toFixed(1)} µs per lookup (round ${round + 1})`);
    }
  }
  await close();
  rmSync(dir, { recursive: true, force: true });
}
void main();
