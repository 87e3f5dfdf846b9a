import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity } from '../src/integrity/check';
import { createTestContext, donate, type Person, type TestContext } from './support/context';
import { startServerProcess, type ServerProcess } from './support/server';

/**
 * Faults a real deployment meets: the server killed with SIGKILL in the middle of writing (a power
 * cut, the OOM killer), a full disk, a database that cannot be written. After each, what was
 * acknowledged is there, what was not is wholly absent, and every invariant holds.
 */
let t: TestContext;
let token: string;
let volunteer: Person;

beforeAll(async () => {
  t = await createTestContext({ realClock: true });
  token = await t.token('coordinator', 'FOL');
  volunteer = await t.person('volunteer', 'FOL');
});
afterAll(() => t.close());

const DEVICES = 2000;
// The largest registration the app takes: four lines of 500 identical items.
const bigDonation = (donor: string) => ({
  hub: 'FOL',
  donor: { kind: 'company', name: donor },
  devices: (['monitor', 'desktop', 'laptop', 'printer'] as const).map((type) => ({ type, brand: 'Dell', model: 'Serie 7', quantity: DEVICES / 4 })),
});

function post(server: ServerProcess, path: string, body: unknown, headers: Record<string, string>) {
  return fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function donationOf(donor: string) {
  const rows = await t.db
    .selectFrom('donations')
    .innerJoin('donors', 'donors.id', 'donations.donor_id')
    .leftJoin('devices', 'devices.donation_id', 'donations.id')
    .select(['donations.id', (eb) => eb.fn.count<number>('devices.id').as('n')])
    .where('donors.name', '=', donor)
    .groupBy('donations.id')
    .execute();
  return rows.map((r) => Number(r.n));
}

async function expectIntact() {
  const report = await checkIntegrity(t.db, { recountFigures: true });
  expect(report.problems).toEqual([]);
  expect(report.figuresMatch).toBe(true);
}

describe('the server killed with SIGKILL', () => {
  it(`in the middle of registering a donation of ${DEVICES} devices: after a restart it is wholly there or wholly absent`, async () => {
    // How long one takes on a freshly started server, so the kills land while it is being written.
    let server = await startServerProcess(t.config.databaseUrl);
    const t0 = performance.now();
    const first = await post(server, '/api/v1/donations', bigDonation('Baseline Srl'), { authorization: `Bearer ${token}` });
    const took = performance.now() - t0;
    expect(first.status).toBe(201);
    await server.kill();

    const outcomes: string[] = [];
    for (const fraction of [0.25, 0.55, 0.85]) {
      server = await startServerProcess(t.config.databaseUrl);
      const donor = `Killed at ${fraction}`;
      const answer = post(server, '/api/v1/donations', bigDonation(donor), { authorization: `Bearer ${token}` }).then(
        (r) => r.status,
        () => 'no answer',
      );
      await new Promise((r) => setTimeout(r, took * fraction));
      await server.kill();
      const status = await answer;
      const found = await donationOf(donor);
      // Wholly there (every device) or wholly absent; and there only if it may have been acknowledged.
      expect(found.length === 0 || (found.length === 1 && found[0] === DEVICES), `${donor}: ${JSON.stringify(found)}`).toBe(true);
      if (status === 'no answer') outcomes.push(found.length ? 'committed, unanswered' : 'absent');
      else {
        expect(status).toBe(201);
        expect(found).toEqual([DEVICES]);
        outcomes.push('answered');
      }
      await expectIntact();
    }
    // At least one kill came before the commit.
    expect(outcomes, outcomes.join(', ')).toContain('absent');

    // The server starts again on what was left and goes on: the next donation's tags follow on.
    server = await startServerProcess(t.config.databaseUrl);
    const after = await post(server, '/api/v1/donations', bigDonation('After the kills'), { authorization: `Bearer ${token}` });
    expect(after.status).toBe(201);
    await server.stop();
    expect(await donationOf('After the kills')).toEqual([DEVICES]);
    await expectIntact();
  }, 240_000);

  it('in the middle of batch scans: every acknowledged scan is there, and the batch resumed after a restart applies each device once', async () => {
    const { devices } = await donate(t, token, 'FOL', [{ type: 'laptop', quantity: 300 }]);
    const tags = devices.map((d) => d.tag);
    const headers = { cookie: volunteer.cookie, 'x-csrf-token': t.csrf, accept: 'application/json' };
    // As the scan page sends them: one at a time per phone, the idempotency key from the batch and the tag.
    const scan = (server: ServerProcess, tag: string) =>
      post(server, `/api/v1/devices/${tag}/actions`, { action: 'diagnose', outcome: 'refurbish', hasStorage: true, idempotencyKey: `b-1-${tag}` }, headers).then(
        async (r) => ({ tag, status: r.status, replayed: (await r.json()).replayed === true }),
        () => ({ tag, status: 0, replayed: false }),
      );
    const phones = [tags.slice(0, 150), tags.slice(150)];

    let server = await startServerProcess(t.config.databaseUrl);
    const acknowledged: string[] = [];
    let killed = false;
    const running = phones.map(async (list) => {
      for (const tag of list) {
        if (killed) return;
        const r = await scan(server, tag);
        if (r.status === 200) acknowledged.push(tag);
        else if (r.status !== 0) throw new Error(`${tag}: ${r.status}`);
      }
    });
    while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await server.kill();
    await Promise.all(running);
    expect(acknowledged.length).toBeLessThan(tags.length);

    // Every scan the phones were told succeeded is in the log, once.
    const diagnosed = await t.db
      .selectFrom('device_events')
      .innerJoin('devices', 'devices.id', 'device_events.device_id')
      .select(['devices.tag', (eb) => eb.fn.countAll<number>().as('n')])
      .where('device_events.action', '=', 'diagnose')
      .where('devices.tag', 'in', tags)
      .groupBy('devices.tag')
      .execute();
    const once = new Map(diagnosed.map((r) => [r.tag, Number(r.n)]));
    for (const tag of acknowledged) expect(once.get(tag), tag).toBe(1);
    await expectIntact();

    // The phones send the whole batch again after the restart: what was done is recognised, the rest is done.
    server = await startServerProcess(t.config.databaseUrl);
    const results = [];
    for (const list of phones) for (const tag of list) results.push(await scan(server, tag));
    await server.stop();
    expect(results.every((r) => r.status === 200)).toBe(true);
    for (const r of results) if (acknowledged.includes(r.tag)) expect(r.replayed, r.tag).toBe(true);
    const events = await t.db
      .selectFrom('device_events')
      .innerJoin('devices', 'devices.id', 'device_events.device_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('device_events.action', '=', 'diagnose')
      .where('devices.tag', 'in', tags)
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(tags.length);
    await expectIntact();
  }, 240_000);
});

/**
 * A full disk and a database that refuses writes. SQLite gets the real thing (a page limit, query-only
 * mode); PostgreSQL, which has neither per database, gets a trigger raising its real error codes
 * (disk_full, read_only_sql_transaction) inside the same transaction.
 */
async function refuse(kind: 'full' | 'readonly') {
  if (t.kind === 'sqlite') {
    if (kind === 'full') {
      const { page_count } = (await sql<{ page_count: number }>`PRAGMA page_count`.execute(t.db)).rows[0]!;
      await sql.raw(`PRAGMA max_page_count = ${page_count + 8}`).execute(t.db);
    } else await sql`PRAGMA query_only = ON`.execute(t.db);
    return;
  }
  const code = kind === 'full' ? 'disk_full' : 'read_only_sql_transaction';
  await sql.raw(`CREATE OR REPLACE FUNCTION rigenera_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '${code}'; END $$ LANGUAGE plpgsql`).execute(t.db);
  await sql`CREATE TRIGGER rigenera_test_refuse BEFORE INSERT ON device_events FOR EACH ROW EXECUTE FUNCTION rigenera_test_refuse()`.execute(t.db);
}

async function allow() {
  if (t.kind === 'sqlite') {
    await sql`PRAGMA query_only = OFF`.execute(t.db);
    await sql`PRAGMA max_page_count = 4294967294`.execute(t.db);
    return;
  }
  await sql`DROP TRIGGER IF EXISTS rigenera_test_refuse ON device_events`.execute(t.db);
}

const TABLES = ['donations', 'donors', 'devices', 'device_events', 'device_terms', 'stock_counts', 'figure_counts', 'idempotency_keys', 'tag_counters'];
const counts = () => Promise.all(TABLES.map((tb) => t.count(tb)));

describe('a full disk, a database that cannot be written', () => {
  for (const kind of ['full', 'readonly'] as const) {
    const status = kind === 'full' ? 507 : 503;
    it(`${kind === 'full' ? 'disk full' : 'not writable'}: a clear ${status} in the user's language, on the API and on the form, and nothing half-written`, async () => {
      const coordinator = await t.person('coordinator', 'FOL');
      const { devices } = await donate(t, token, 'FOL', [{ type: 'laptop' }]);
      const before = await counts();
      const tagCounter = await t.db.selectFrom('tag_counters').selectAll().orderBy('hub_id').execute();
      await refuse(kind);
      try {
        const api = await t.api('POST', '/api/v1/donations', token, bigDonation('Disco pieno Srl'));
        expect(api.status, api.text).toBe(status);
        expect(api.json.error).toMatch(kind === 'full' ? /spazio per i dati è esaurito: non è stato salvato nulla/ : /non può essere scritto in questo momento: non è stato salvato nulla/);
        // In English: a scan when nothing can be written; another large registration when the disk is full
        // (a single small change may still fit in pages SQLite already has).
        const en =
          kind === 'readonly'
            ? await t.api('POST', '/api/v1/devices/' + devices[0]!.tag + '/actions', token, { action: 'diagnose', outcome: 'refurbish', hasStorage: true }, { 'accept-language': 'en' })
            : await t.api('POST', '/api/v1/donations', token, bigDonation('Full Ltd'), { 'accept-language': 'en' });
        expect(en.status, en.text).toBe(status);
        expect(en.json.error).toMatch(kind === 'full' ? /storage for the data is full: nothing of this operation was saved/ : /cannot be written just now: nothing of this operation was saved/);
        if (status === 503) expect(en.headers.get('retry-after')).toBe('30');

        const form = await t.form('/donations', coordinator.cookie, {
          'donor.kind': 'company',
          'donor.name': 'Disco pieno Srl',
          ...Object.fromEntries(
            ['monitor', 'desktop', 'laptop', 'printer'].flatMap((type, i) => [
              [`devices.${i}.type`, type],
              [`devices.${i}.quantity`, 500],
            ]),
          ),
        });
        expect(form.status, form.html.slice(0, 400)).toBe(status);
        expect(form.html).toContain('lang="it"');
        expect(form.html).toContain('non è stato salvato nulla');
        // Reading goes on: the device's page and the list still answer.
        expect((await t.page(`/d/${devices[0]!.tag}`, coordinator.cookie)).status).toBe(200);
        expect((await t.api('GET', '/api/v1/devices?hub=FOL', token)).status).toBe(200);
      } finally {
        await allow();
      }
      expect(await counts()).toEqual(before);
      expect(await t.db.selectFrom('tag_counters').selectAll().orderBy('hub_id').execute()).toEqual(tagCounter);
      await expectIntact();
      // Once there is room again, the same registration goes through.
      expect((await t.api('POST', '/api/v1/donations', token, bigDonation('Disco pieno Srl'))).status).toBe(201);
    }, 120_000);
  }
});
