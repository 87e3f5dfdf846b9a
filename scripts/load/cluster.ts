/**
 * The load test's cluster mode: the same volunteers, spread over several app processes on one
 * database. Volunteers alternate between the processes, so those of a hub race on the same devices
 * from different processes; the second copy of a double scan goes to another process than the first;
 * and one volunteer is disabled, through another process, in the middle of the run. Afterwards the
 * usual checks (scripts/load/simulate.ts#verifyAfterLoad) and one more: nothing that volunteer sent
 * was accepted later than 100 ms after the disabling had been answered.
 *
 * Used by `LOAD_MODE=cluster npm run test:load` (scripts/load/run-cluster.ts) and, shortened, by
 * test/load-cluster.test.ts.
 */
import type { Kysely } from 'kysely';
import { startSession } from '../../src/auth/service';
import type { AppContext } from '../../src/context';
import type { Database } from '../../src/db/schema';
import { insertUser } from '../../src/users/repository';
import { CSRF, simulateVolunteers, verifyAfterLoad, type Fetch, type LoadRun, type Prepared, type Verdict } from './simulate';

export const DISABLE_LIMIT_MS = 100;

export type ClusterPeople = {
  /** The volunteer disabled mid-run, and the administrator who does it. */
  victim: { id: number; cookie: string };
  admin: { cookie: string };
};

/** Adds the volunteer to be disabled (working like the others) and an administrator to `prepared`. */
export async function prepareClusterPeople(ctx: AppContext, prepared: Prepared, cookiePrefix = 'rg_'): Promise<ClusterPeople> {
  const at = ctx.clock.now().toISOString();
  const hub = prepared.hubs[0]!;
  const hubRow = await ctx.db.selectFrom('hubs').select('id').where('code', '=', hub).executeTakeFirstOrThrow();
  const cookie = (token: string) => `${cookiePrefix}session=${token}; ${cookiePrefix}csrf=${CSRF}`;
  const victimId = await insertUser(ctx.db, {
    email: `load-victim-${Date.now()}@load.invalid`,
    name: 'Volontario disattivato',
    passwordHash: null,
    role: 'volunteer',
    hubId: hubRow.id,
    createdBy: null,
    at,
  });
  const adminId = await insertUser(ctx.db, { email: `load-admin-${Date.now()}@load.invalid`, name: 'Amministrazione', passwordHash: null, role: 'admin', hubId: null, createdBy: null, at });
  const victim = { id: victimId, cookie: cookie(await startSession(ctx, victimId)) };
  prepared.volunteers.push({ hub, cookie: victim.cookie });
  return { victim, admin: { cookie: cookie(await startSession(ctx, adminId)) } };
}

type Sent = { at: number; status: number; method: string };

export type ClusterRun = LoadRun & {
  /** When the disabling was answered: performance.now() of this process, and the wall clock. */
  disabledAt: number;
  disabledWall: Date;
  victimRequests: Sent[];
  perServer: number[];
};

/**
 * Runs the volunteers against `servers` (base URLs), volunteer i on server i mod n; disables the victim
 * through the server the victim does NOT use, at half time.
 */
export async function simulateCluster(servers: string[], prepared: Prepared, people: ClusterPeople, opts: Parameters<typeof simulateVolunteers>[3]): Promise<ClusterRun> {
  const home = new Map(prepared.volunteers.map((v, i) => [v.cookie, i % servers.length]));
  const keyServer = new Map<string, number>();
  const perServer = servers.map(() => 0);
  const victimRequests: Sent[] = [];
  const route: Fetch = async (path, init) => {
    const cookie = String((init?.headers as Record<string, string> | undefined)?.cookie ?? '');
    let n = home.get(cookie) ?? 0;
    // A scan sent twice: the second copy to another process than the first.
    if (typeof init?.body === 'string') {
      const key = (JSON.parse(init.body) as { idempotencyKey?: string }).idempotencyKey;
      if (key) {
        const first = keyServer.get(key);
        if (first !== undefined) n = (first + 1) % servers.length;
        else keyServer.set(key, n);
      }
    }
    const victim = cookie === people.victim.cookie;
    // Signed out, the person tries again now and then rather than as fast as the loop goes.
    if (victim && victimRequests.some((r) => r.status === 401)) await new Promise((r) => setTimeout(r, 50));
    perServer[n]!++;
    const at = performance.now();
    const res = await fetch(servers[n]! + path, init);
    if (victim) victimRequests.push({ at, status: res.status, method: init?.method ?? 'GET' });
    return res;
  };

  let disabledAt = Number.POSITIVE_INFINITY;
  let disabledWall = new Date(8.64e15);
  const victimServer = home.get(people.victim.cookie) ?? 0;
  const other = servers[(victimServer + 1) % servers.length]!;
  const disabling = (async () => {
    await new Promise((r) => setTimeout(r, (opts.seconds * 1000) / 2));
    const res = await fetch(`${other}/users/${people.victim.id}/disable`, {
      method: 'POST',
      headers: { cookie: people.admin.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: other },
      body: new URLSearchParams({ _csrf: CSRF }),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`disabling the volunteer answered ${res.status}`);
    disabledAt = performance.now();
    disabledWall = new Date();
  })();
  const run = await simulateVolunteers(route, '', prepared, opts);
  await disabling;
  return { ...run, disabledAt, disabledWall, victimRequests, perServer };
}

/**
 * verifyAfterLoad, with the disabled volunteer's refusals (401 once disabled) set apart, and the check
 * that nothing they sent was accepted more than 100 ms after the disabling was answered, neither
 * by an answer nor by an event in the database.
 */
export async function verifyClusterRun(db: Kysely<Database>, prepared: Prepared, people: ClusterPeople, run: ClusterRun): Promise<Verdict> {
  const signedOut = run.answers.filter((a) => a.status === 401);
  const verdict = await verifyAfterLoad(db, prepared, { ...run, answers: run.answers.filter((a) => a.status !== 401) });
  const add = (name: string, ok: boolean, detail: string) => verdict.checks.push({ name, ok, detail });

  const late = run.victimRequests.filter((r) => r.at > run.disabledAt + DISABLE_LIMIT_MS && r.status < 400);
  const after = run.victimRequests.filter((r) => r.at > run.disabledAt);
  const lastOk = Math.max(0, ...run.victimRequests.filter((r) => r.status < 400).map((r) => r.at - run.disabledAt));
  const lateEvents = await db
    .selectFrom('device_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('actor_user_id', '=', people.victim.id)
    .where('at', '>', new Date(run.disabledWall.getTime() + DISABLE_LIMIT_MS).toISOString())
    .executeTakeFirstOrThrow();
  const others401 = signedOut.length - run.victimRequests.filter((r) => r.status === 401 && r.method === 'POST').length;
  add(
    `nothing by the disabled person accepted > ${DISABLE_LIMIT_MS} ms after`,
    Number.isFinite(run.disabledAt) && late.length === 0 && Number(lateEvents.n) === 0 && after.length > 0 && others401 <= 0,
    `${after.length} requests after the disabling, ${late.length} accepted later than ${DISABLE_LIMIT_MS} ms, ${Number(lateEvents.n)} events later than that; last accepted ${Math.round(lastOk)} ms after`,
  );
  verdict.ok = verdict.checks.every((c) => c.ok);
  return verdict;
}
