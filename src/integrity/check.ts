/**
 * What must hold in any database, whatever happened to the server (a crash, a full disk, two hundred
 * volunteers at once): each device equals the projection of its own events, its events are numbered
 * 1..version without a gap, every donation is whole, the stock counts equal a count of the devices,
 * and (on request) the circular-economy running totals equal a full recount. The load test, the fault
 * tests and `npm run cli -- check` all ask this one function.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { retryingDeadlocks } from '../db/adapter';
import { toLifecycle } from '../devices/actions';
import { dumpFigures } from '../figures/public';
import { recountFigures } from '../figures/rebuild';
import { INTAKE_EVENT, initialDevice, type LifecycleDevice } from '../lifecycle/lifecycle';
import { projectEvent } from '../lifecycle/undo';

export type IntegrityReport = {
  devices: number;
  events: number;
  donations: number;
  problems: string[];
  /** Only with `recountFigures`: the live running totals equalled a full recount. */
  figuresMatch?: boolean;
};

const DEVICES_PER_ROUND = 5000;
const MAX_PROBLEMS = 50;

/** Fields of the projection compared with the device row (has_storage only once a diagnosis said it). */
const COMPARED: (keyof LifecycleDevice)[] = ['state', 'hubId', 'outcome', 'cycle', 'os', 'recipient', 'deliveryDocument', 'requestId', 'deliveryId', 'transferId', 'transitFromHubId', 'transitState'];

/**
 * Checks the whole database. `recountFigures` also rebuilds the running totals from the event log
 * and compares them with the live ones (the recount is left in place: when they match it changes nothing).
 */
export async function checkIntegrity(db: Kysely<Database>, opts: { recountFigures?: boolean } = {}): Promise<IntegrityReport> {
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else if (problems.length === MAX_PROBLEMS) problems.push('… and more');
  };
  let devices = 0;
  let events = 0;

  const range = await db
    .selectFrom('devices')
    .select((eb) => [eb.fn.min<number>('id').as('lo'), eb.fn.max<number>('id').as('hi')])
    .executeTakeFirstOrThrow();
  const lo = range.lo === null ? null : Number(range.lo);
  const hi = range.hi === null ? null : Number(range.hi);
  if (lo !== null && hi !== null) {
    for (let start = lo; start <= hi; start += DEVICES_PER_ROUND) {
      const end = start + DEVICES_PER_ROUND - 1;
      const [rows, evs] = await snapshot(db, (trx) =>
        Promise.all([
          trx.selectFrom('devices').selectAll().where('id', '>=', start).where('id', '<=', end).orderBy('id').execute(),
          trx
            .selectFrom('device_events')
            .select(['device_id', 'seq', 'action', 'from_state', 'to_state', 'hub_id', 'data'])
            .where('device_id', '>=', start)
            .where('device_id', '<=', end)
            .orderBy('device_id')
            .orderBy('seq')
            .execute(),
        ]),
      );
      events += evs.length;
      let i = 0;
      for (const d of rows) {
        devices++;
        while (i < evs.length && evs[i]!.device_id < d.id) i++;
        let j = i;
        while (j < evs.length && evs[j]!.device_id === d.id) j++;
        const own = evs.slice(i, j);
        i = j;
        if (own.length === 0) {
          problem(`${d.tag}: no events`);
          continue;
        }
        if (own.some((e, k) => e.seq !== k + 1)) problem(`${d.tag}: events numbered ${own.map((e) => e.seq).join(',')}`);
        if (own.length !== d.version) problem(`${d.tag}: version ${d.version} but ${own.length} events`);
        const first = own[0]!;
        if (first.action !== INTAKE_EVENT) {
          problem(`${d.tag}: first event is ${first.action}`);
          continue;
        }
        let p = initialDevice(first.hub_id, d.has_storage === null ? null : d.has_storage === 1);
        let prevTo = first.to_state;
        for (const e of own.slice(1)) {
          if (e.from_state !== prevTo) problem(`${d.tag}: event ${e.seq} starts from ${e.from_state}, the one before ended in ${prevTo}`);
          prevTo = e.to_state;
          // Compensations (an undo, a corrected diagnosis) move it too; other events (a part fitted) leave it as it is.
          p = projectEvent(p, e.action, parse(e.data), e.to_state);
        }
        const row = toLifecycle(d);
        for (const k of COMPARED) {
          if ((row[k] ?? null) !== (p[k] ?? null)) problem(`${d.tag}: ${k} is ${JSON.stringify(row[k])}, its events say ${JSON.stringify(p[k])}`);
        }
      }
    }
  }

  // Every donation wholly there: as many devices as it says, each with its intake event (checked above).
  // One statement: one state of the database, on both.
  const donations = await db
    .selectFrom('donations')
    .leftJoin('devices', 'devices.donation_id', 'donations.id')
    .select(['donations.id', 'donations.device_count', (eb) => eb.fn.count<number>('devices.id').as('n')])
    .groupBy(['donations.id', 'donations.device_count'])
    .execute();
  for (const d of donations) if (Number(d.n) !== d.device_count) problem(`donation ${d.id}: says ${d.device_count} devices, has ${d.n}`);

  // Stock counts: the running count per hub, state and type equals a count of the devices.
  const [counted, live] = await snapshot(db, (trx) =>
    Promise.all([
      trx
        .selectFrom('devices')
        .select(['hub_id', 'state', 'type', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['hub_id', 'state', 'type'])
        .execute(),
      trx.selectFrom('stock_counts').select(['hub_id', 'state', 'type', 'count']).execute(),
    ]),
  );
  const key = (r: { hub_id: number; state: string; type: string }) => `${r.hub_id}|${r.state}|${r.type}`;
  const liveMap = new Map(live.filter((r) => Number(r.count) !== 0).map((r) => [key(r), Number(r.count)]));
  const countedMap = new Map(counted.map((r) => [key(r), Number(r.n)]));
  for (const k of new Set([...liveMap.keys(), ...countedMap.keys()])) {
    if ((liveMap.get(k) ?? 0) !== (countedMap.get(k) ?? 0)) problem(`stock ${k}: running count ${liveMap.get(k) ?? 0}, devices ${countedMap.get(k) ?? 0}`);
  }

  const report: IntegrityReport = { devices, events, donations: donations.length, problems };
  if (opts.recountFigures) {
    // The live totals and the recount are read in the one transaction that rebuilds them, so a write that
    // lands during the check cannot show as a difference. On SQLite it holds the write lock from its start;
    // on PostgreSQL it reads one snapshot, and a write to the totals meanwhile makes it fail (a
    // serialization error, or a deadlock with the write) instead of comparing two moments: it is run again,
    // and after three such failures the error is the answer (run the check again later).
    const { before, after } = await retryingDeadlocks(() =>
      db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const before = await dumpFigures(trx);
          await recountFigures(trx);
          return { before, after: await dumpFigures(trx) };
        }),
    );
    report.figuresMatch = JSON.stringify(before) === JSON.stringify(after);
    if (!report.figuresMatch) {
      for (const part of ['counts', 'members', 'stock'] as const) {
        const a = new Set(before[part].map((r) => JSON.stringify(r)));
        const b = new Set(after[part].map((r) => JSON.stringify(r)));
        for (const r of a) if (!b.has(r)) problem(`figures ${part}: live ${r} not in the recount`);
        for (const r of b) if (!a.has(r)) problem(`figures ${part}: recount ${r} not in the live totals`);
      }
    }
  }
  return report;
}

/**
 * Reads that must see one state of a live database: a read-only transaction, which on SQLite takes no
 * lock (its snapshot starts at its first read) and on PostgreSQL is one repeatable-read snapshot.
 */
function snapshot<T>(db: Kysely<Database>, read: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}

function parse(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const v = JSON.parse(data) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
