import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { adjustStock } from './repository';
import { registeredProjections, type DeviceChange, type StockCell } from './registry';
import { together } from '../db/together';

export type { DeviceChange, StockCell } from './registry';

/**
 * Keeps every running total in step with the event log, inside the events' own transaction:
 * figures are then read, never recounted. Takes a batch (a donation's intake is hundreds of events)
 * and writes each changed cell once. Features that count more register a projection (devices/registry.ts).
 */
export async function applyProjections(trx: Transaction<Database>, changes: readonly DeviceChange[]): Promise<void> {
  const deltas = new Map<string, { cell: StockCell; delta: number }>();
  const bump = (cell: StockCell, delta: number) => {
    const key = `${cell.hubId}|${cell.state}|${cell.type}`;
    const entry = deltas.get(key) ?? { cell, delta: 0 };
    entry.delta += delta;
    deltas.set(key, entry);
  };
  for (const { before, after } of changes) {
    if (before && before.hubId === after.hubId && before.state === after.state) continue;
    if (before) bump(before, -1);
    bump(after, +1);
  }
  // The three kinds of totals touch different tables: their statements are sent together (one round
  // trip on PostgreSQL, see the adapter's pipelining).
  await together([
    ...[...deltas.values()].filter((d) => d.delta !== 0).map(({ cell, delta }) => adjustStock(trx, cell, delta)),
    // What features keep besides (registered in devices/plugins.ts): the image a device runs, the circular-economy figures.
    ...registeredProjections().map((projection) => projection(trx, changes)),
  ]);
}
