/**
 * Volunteers at work, simulated: each one scans a device of their hub (the scan page's resolve), opens
 * it (its state, version and next steps), and applies the next workshop step the way the scan page
 * does (session cookie, CSRF header, an idempotency key per scan). Several volunteers of a hub keep
 * coming back to the same few devices, so some act on the same device at once; some scans are sent
 * twice at the same moment (a double scan). Every answer is recorded, then `verifyAfterLoad` checks
 * what must hold afterwards. `npm run test:load` runs 200 of them for 60 seconds against the real
 * server; test/load.test.ts runs a few for a few seconds against the app in-process.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../src/access/policy';
import { startSession } from '../../src/auth/service';
import type { AppContext } from '../../src/context';
import type { Database } from '../../src/db/schema';
import { registerDonation } from '../../src/donations/service';
import { checkIntegrity } from '../../src/integrity/check';
import { INTAKE_EVENT } from '../../src/lifecycle/lifecycle';
import { insertUser } from '../../src/users/repository';

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export type Volunteer = { hub: string; cookie: string };
export type Prepared = { volunteers: Volunteer[]; pools: Map<string, string[]>; hubs: string[]; maxEventIdBefore: number };

export const CSRF = 'load-csrf-token-0123456789abcdefghijklmnop';

/** Volunteers with their sessions, and per hub devices just received for them to work on. */
export async function prepareLoad(ctx: AppContext, opts: { volunteers: number; devicesPerHub: number; hubs?: string[]; cookiePrefix?: string }): Promise<Prepared> {
  const db = ctx.db;
  const all = await db.selectFrom('hubs').select(['id', 'code']).orderBy('code').execute();
  const hubs = all.filter((h) => !opts.hubs || opts.hubs.includes(h.code));
  const at = ctx.clock.now().toISOString();
  const prefix = opts.cookiePrefix ?? 'rg_';
  const pools = new Map<string, string[]>();
  for (const hub of hubs) {
    const coordinator: Actor = { kind: 'user', id: 0, role: 'coordinator', hubId: hub.id, partnerId: null, name: 'Load' };
    const tags: string[] = [];
    while (tags.length < opts.devicesPerHub) {
      const n = Math.min(500, opts.devicesPerHub - tags.length);
      const types = ['laptop', 'desktop', 'monitor', 'tablet'] as const;
      const r = await registerDonation(ctx, coordinator, {
        hub: hub.code,
        donor: { kind: 'company', name: `Load ${hub.code}` },
        devices: [{ type: types[tags.length % types.length]!, brand: 'Lenovo', model: 'ThinkCentre', quantity: n }],
      } as never);
      tags.push(...r.devices.map((d) => d.tag));
    }
    pools.set(hub.code, tags);
  }
  const volunteers: Volunteer[] = [];
  for (let i = 0; i < opts.volunteers; i++) {
    const hub = hubs[i % hubs.length]!;
    const id = await insertUser(db, { email: `load-${i}-${Date.now()}@load.invalid`, name: `Volontario ${i}`, passwordHash: null, role: 'volunteer', hubId: hub.id, createdBy: null, at });
    volunteers.push({ hub: hub.code, cookie: `${prefix}session=${await startSession(ctx, id)}; ${prefix}csrf=${CSRF}` });
  }
  const max = await db
    .selectFrom('device_events')
    .select((eb) => eb.fn.max<number>('id').as('m'))
    .executeTakeFirstOrThrow();
  return { volunteers, pools, hubs: hubs.map((h) => h.code), maxEventIdBefore: Number(max.m ?? 0) };
}

export type Answer = {
  tag: string;
  action: string;
  key: string;
  status: number;
  eventId?: number;
  replayed?: boolean;
  error?: string;
};

export type LoadRun = {
  answers: Answer[];
  requests: number;
  statuses: Record<string, number>;
  /** Latencies of every request, ms. */
  latencies: number[];
  seconds: number;
  networkErrors: number;
  /** Network errors by their cause (ECONNRESET, UND_ERR_SOCKET…). */
  networkCauses?: Record<string, number>;
};

/** A small deterministic generator, so a run can be repeated. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const FIELDS: Record<string, (rnd: () => number, hubs: string[], hub: string) => Record<string, unknown>> = {
  diagnose: (rnd) => {
    const r = rnd();
    return { outcome: r < 0.85 ? 'refurbish' : r < 0.95 ? 'parts' : 'recycle', hasStorage: rnd() < 0.8 };
  },
  erase: () => ({ method: 'Fill With Zeros', verified: true, tool: 'nwipe 0.34' }),
  install: () => ({ os: 'Linux Mint 22 Xfce' }),
  ready: () => ({}),
  harvest: () => ({}),
  arrive: () => ({}),
  transfer: (rnd, hubs, hub) => {
    const others = hubs.filter((h) => h !== hub);
    return { toHub: others[Math.floor(rnd() * others.length)] };
  },
};

/** Runs the volunteers for `seconds` against `base` (a URL, or '' with an in-process fetch). */
export async function simulateVolunteers(
  fetchImpl: Fetch,
  base: string,
  prepared: Prepared,
  opts: { seconds: number; seed?: number; hotDevices?: number; hotShare?: number; doubleScanShare?: number; transferShare?: number },
): Promise<LoadRun> {
  const rnd = random(opts.seed ?? 7);
  const hot = opts.hotDevices ?? 8;
  const hotShare = opts.hotShare ?? 0.35;
  const doubleShare = opts.doubleScanShare ?? 0.05;
  const transferShare = opts.transferShare ?? 0.03;
  const answers: Answer[] = [];
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let requests = 0;
  let networkErrors = 0;
  const networkCauses: Record<string, number> = {};
  let keys = 0;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;

  const call = async (v: Volunteer, method: string, path: string, body?: unknown) => {
    const t0 = performance.now();
    requests++;
    try {
      const res = await fetchImpl(base + path, {
        method,
        headers: { cookie: v.cookie, accept: 'application/json', ...(body ? { 'content-type': 'application/json', 'x-csrf-token': CSRF } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        /* not JSON: recorded by status */
      }
      return { status: res.status, json };
    } catch (e) {
      networkErrors++;
      const why = networkCause(e);
      networkCauses[why] = (networkCauses[why] ?? 0) + 1;
      return { status: 0, json: { error: why } };
    }
  };

  const pick = (hub: string) => {
    const pool = prepared.pools.get(hub)!;
    if (pool.length === 0) return undefined;
    const n = rnd() < hotShare ? Math.min(hot, pool.length) : pool.length;
    return pool[Math.floor(rnd() * n)];
  };

  const volunteer = async (v: Volunteer) => {
    while (performance.now() < deadline) {
      await yieldTurn();
      const tag = pick(v.hub);
      if (!tag) return;
      const scanned = await call(v, 'GET', `/api/v1/scan/resolve?code=${encodeURIComponent(tag)}`);
      if (scanned.status !== 200) continue;
      await yieldTurn();
      const device = await call(v, 'GET', `/api/v1/devices/${tag}`);
      if (device.status !== 200) continue;
      // A volunteer reads the screen before tapping: others act meanwhile.
      await yieldTurn();
      const next = (device.json.nextActions as string[]) ?? [];
      let action = next.find((a) => a !== 'transfer' && a in FIELDS);
      if (next.includes('transfer') && rnd() < transferShare) action = 'transfer';
      if (!action) {
        // Nothing more for a volunteer to do here (ready, final, or gone to another hub): leave it.
        const pool = prepared.pools.get(v.hub)!;
        const i = pool.indexOf(tag);
        if (i >= 0) pool.splice(i, 1);
        continue;
      }
      // The seed keeps two runs against one database from sharing keys.
      const key = `load-${opts.seed ?? 7}-${String(++keys).padStart(8, '0')}`;
      const body: Record<string, unknown> = { action, ...FIELDS[action]!(rnd, prepared.hubs, v.hub), idempotencyKey: key };
      if (rnd() < 0.7) body.expectedVersion = device.json.version;
      const send = async () => {
        const r = await call(v, 'POST', `/api/v1/devices/${tag}/actions`, body);
        const event = r.json.event as { id?: number } | undefined;
        answers.push({
          tag,
          action,
          key,
          status: r.status,
          eventId: r.status === 200 ? event?.id : undefined,
          replayed: r.json.replayed === true,
          error: r.status === 200 ? undefined : String(r.json.error ?? ''),
        });
        return r;
      };
      const [first] = await Promise.all(rnd() < doubleShare ? [send(), send()] : [send()]);
      // A device sent to another hub is that hub's volunteers' to take in.
      if (action === 'transfer' && first!.status === 200) prepared.pools.get(String(body.toHub))?.push(tag);
    }
  };

  await Promise.all(prepared.volunteers.map(volunteer));
  return { answers, requests, statuses, latencies, seconds: (performance.now() - started) / 1000, networkErrors, networkCauses };
}

/** Why fetch failed, in a few words: undici hides the socket's error code in `cause`. */
export function networkCause(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

/** In-process on SQLite every request resolves without real I/O: give the other volunteers (and timers) a turn. */
const yieldTurn = () => new Promise((r) => setImmediate(r));

export type Verdict = { ok: boolean; checks: { name: string; ok: boolean; detail: string }[] };

/**
 * What must hold after the load: no 5xx; every accepted action has exactly one event (and it is that
 * action on that device) and no refused one left any; each device equals the projection of its
 * events; the running totals equal a full recount.
 */
export async function verifyAfterLoad(db: Kysely<Database>, prepared: Prepared, run: LoadRun): Promise<Verdict> {
  const checks: Verdict['checks'] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const fivexx = Object.entries(run.statuses).filter(([s]) => Number(s) >= 500);
  add(
    'no 5xx',
    fivexx.length === 0 && run.networkErrors === 0,
    fivexx.length
      ? JSON.stringify(Object.fromEntries(fivexx))
      : `${run.requests} requests, ${run.networkErrors} network errors${run.networkErrors ? ` ${JSON.stringify(run.networkCauses ?? {})}` : ''}`,
  );

  const accepted = run.answers.filter((a) => a.status === 200 && !a.replayed);
  const replays = run.answers.filter((a) => a.status === 200 && a.replayed);
  const refused = run.answers.filter((a) => a.status !== 200);
  // The simulated volunteers only ever send what the device's page offered: a refusal can only mean
  // that someone else acted first (409), or sent the device to another hub meanwhile (403), said in words.
  const unexpected = refused.filter((a) => a.status !== 409 && a.status !== 403);
  add(
    'refusals are races lost, with a reason',
    unexpected.length === 0 && refused.every((a) => a.error && a.error.length > 5),
    `${refused.length} refused (${unexpected.length} neither 409 nor 403${unexpected[0] ? `: ${unexpected[0].status} ${unexpected[0].error}` : ''})`,
  );

  const newEvents = await db
    .selectFrom('device_events')
    .innerJoin('devices', 'devices.id', 'device_events.device_id')
    .select(['device_events.id', 'device_events.action', 'devices.tag'])
    .where('device_events.id', '>', prepared.maxEventIdBefore)
    // Devices taken in meanwhile (another phase's pools, an import running alongside) are no volunteer's action.
    .where('device_events.action', '!=', INTAKE_EVENT)
    .execute();
  const byId = new Map(newEvents.map((e) => [e.id, e]));
  const ids = accepted.map((a) => a.eventId);
  const distinct = new Set(ids);
  const matching = accepted.filter((a) => {
    const e = a.eventId !== undefined ? byId.get(a.eventId) : undefined;
    return e && e.tag === a.tag && e.action === a.action;
  });
  add(
    'every accepted action has exactly one event',
    distinct.size === accepted.length && matching.length === accepted.length && newEvents.length === accepted.length,
    `${accepted.length} accepted, ${newEvents.length} new events, ${matching.length} matching, ${accepted.length - distinct.size} duplicates`,
  );
  const replayOk = replays.every((r) => accepted.some((a) => a.key === r.key && a.eventId === r.eventId));
  add('a scan sent twice is applied once', replayOk, `${replays.length} replays answered with the first event`);

  const report = await checkIntegrity(db, { recountFigures: true });
  add(
    'each device equals the projection of its events',
    report.problems.length === 0,
    report.problems.length ? report.problems.slice(0, 5).join('; ') : `${report.devices} devices, ${report.events} events`,
  );
  add('running totals equal a full recount', report.figuresMatch === true, report.figuresMatch ? 'equal' : 'different');
  return { ok: checks.every((c) => c.ok), checks };
}

export function percentile(sorted: number[], q: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
}
