import { sql, type Insertable, type Kysely, type Selectable, type SelectQueryBuilder, type Transaction, type Updateable } from 'kysely';
import { compiledOnce } from '../db/adapter';
import type { DevicesBehind } from './view-model';
export type { DevicesBehind } from './view-model';
import type { ListScope } from '../access/scopes';
import { whereInScope } from '../access/where';
import type { Database } from '../db/schema';
import type { DeviceState } from '../lifecycle/lifecycle';
import type { DeviceType } from './device-types';

type Db = Kysely<Database> | Transaction<Database>;

export type DeviceRow = Selectable<Database['devices']>;
export type DeviceWithHub = DeviceRow & { hub_code: string; hub_name: string };

const deviceByTag = compiledOnce((db, tag: string) =>
  db.selectFrom('devices').innerJoin('hubs', 'hubs.id', 'devices.hub_id').selectAll('devices').select(['hubs.code as hub_code', 'hubs.name as hub_name']).where('devices.tag', '=', tag),
);

export async function findDeviceByTag(db: Db, tag: string): Promise<DeviceWithHub | undefined> {
  return (await deviceByTag(db, tag))[0];
}

export function findDevicesByTags(db: Db, tags: string[]) {
  if (tags.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('devices')
    .innerJoin('hubs', 'hubs.id', 'devices.hub_id')
    .selectAll('devices')
    .select(['hubs.code as hub_code', 'hubs.name as hub_name'])
    .where('devices.tag', 'in', tags)
    .execute();
}

export function insertDevices(db: Db, rows: Insertable<Database['devices']>[]) {
  return db.insertInto('devices').values(rows).returning(['id', 'tag']).execute();
}

/** Writes the projection only if nobody moved the device since it was read; false means the race was lost. */
export async function updateDeviceIfVersion(db: Db, id: number, version: number, patch: Updateable<Database['devices']>): Promise<boolean> {
  const r = await db
    .updateTable('devices')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertEvent(db: Db, event: Insertable<Database['device_events']>): Promise<number> {
  const { id } = await db.insertInto('device_events').values(event).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function insertEvents(db: Db, events: Insertable<Database['device_events']>[]) {
  return db.insertInto('device_events').values(events).execute();
}

/** A device's history, oldest first, with who acted (compiled once: every device page reads it). */
export const listEvents = compiledOnce((db, deviceId: number) =>
  db
    .selectFrom('device_events')
    .leftJoin('users', 'users.id', 'device_events.actor_user_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'device_events.actor_token_id')
    .leftJoin('hubs', 'hubs.id', 'device_events.hub_id')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([
      'device_events.id',
      'device_events.seq',
      'device_events.action',
      'device_events.from_state',
      'device_events.to_state',
      'device_events.data',
      'device_events.at',
      'hubs.code as hub_code',
      'users.name as user_name',
      'api_tokens.label as token_label',
      // A partner's person acting on a device (cancelling a request frees its reservations): see devices/service.ts#getDevice.
      'users.partner_id as user_partner_id',
      'partners.name as user_partner_name',
      // Who wrote it, for the undo offer (workshop/undo.ts#undoOffer).
      'device_events.actor_user_id',
      'device_events.actor_token_id',
    ])
    .where('device_events.device_id', '=', deviceId)
    .orderBy('device_events.seq', 'asc'),
);

export function lastEvent(db: Db, deviceId: number) {
  return db
    .selectFrom('device_events')
    .leftJoin('users', 'users.id', 'device_events.actor_user_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'device_events.actor_token_id')
    .select(['device_events.action', 'device_events.at', 'users.name as user_name', 'api_tokens.label as token_label'])
    .where('device_events.device_id', '=', deviceId)
    .orderBy('device_events.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function insertErasure(db: Db, row: Insertable<Database['erasures']>) {
  return db.insertInto('erasures').values(row).returning('id').executeTakeFirstOrThrow();
}

export function insertTerms(db: Db, rows: { term: string; device_id: number; hub_id: number }[]) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('device_terms')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute()
    .then(() => undefined);
}

/** A transferred device is searched for in its new hub. */
export function moveTerms(db: Db, deviceId: number, hubId: number) {
  return db.updateTable('device_terms').set({ hub_id: hubId }).where('device_id', '=', deviceId).execute();
}

/** Moves `delta` devices into (or out of) a hub/state/type cell of the running stock. */
export function adjustStock(db: Db, cell: { hubId: number; state: DeviceState; type: DeviceType }, delta: number) {
  return db
    .insertInto('stock_counts')
    .values({ hub_id: cell.hubId, state: cell.state, type: cell.type, count: delta })
    .onConflict((oc) => oc.columns(['hub_id', 'state', 'type']).doUpdateSet((eb) => ({ count: eb('stock_counts.count', '+', delta) })))
    .execute();
}

export function stockByState(db: Db, hubId: number | null) {
  let q = db
    .selectFrom('stock_counts')
    .select(['state', (eb) => eb.fn.sum<number>('count').as('count')])
    .groupBy('state');
  if (hubId !== null) q = q.where('hub_id', '=', hubId);
  return q.execute();
}

export type ListFilter = {
  scope: ListScope;
  state?: DeviceState;
  type?: DeviceType;
  /** See terms.ts: every word prefix-matches a term, or the compact query prefix-matches one. */
  search?: { words: string[]; compact: string };
  exactTag?: string;
  /** Hardware filters on the device's latest specs (device_specs). */
  specs?: { minRamMb?: number; minStorageGb?: number; ssd?: boolean; cpu64?: boolean };
  /** Devices installed with a catalogue image since marked outdated. */
  outdatedImage?: boolean;
  /** Devices with an event of this kind, recorded at the filtered hub (if any), at or after `fromUtc` and before `toUtc`. */
  event?: { action: string; fromUtc: string; toUtc: string };
  /** Set by listDevices when a spec filter matches few devices: the list is drawn from these. */
  specIds?: number[];
  afterId?: number;
  limit: number;
};

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

/**
 * A device's net reuse in a period, as the figures count it: +1 per delivery, -1 per return, at the
 * hub (if any). Delivered and returned in the period: 0; returned from an earlier period's delivery: -1.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely's own type for a query that selects nothing yet
function netReuse(events: SelectQueryBuilder<Database, 'device_events', {}>, ev: NonNullable<ListFilter['event']>, scope: ListScope) {
  const q = events
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>(eb.case().when('device_events.action', '=', 'deliver').then(1).else(-1).end()), eb.lit(0)).as('net'))
    .where('device_events.action', 'in', ['deliver', 'return'])
    .where('device_events.at', '>=', ev.fromUtc)
    .where('device_events.at', '<', ev.toUtc);
  return whereInScope(q, scope, { hub: 'device_events.hub_id' });
}

/** The list's columns and filters, newest first, paged by id (keyset): page 500 costs what page 1 costs. */
function listQuery(db: Db, f: ListFilter) {
  let q = db
    .selectFrom('devices')
    .innerJoin('hubs', 'hubs.id', 'devices.hub_id')
    .select(['devices.id', 'devices.tag', 'devices.type', 'devices.brand', 'devices.model', 'devices.serial', 'devices.state', 'devices.updated_at', 'hubs.code as hub_code'])
    .orderBy('devices.id', 'desc')
    .limit(f.limit);
  if (f.exactTag) q = q.where('devices.tag', '=', f.exactTag);
  // With an event filter the hub is the event's (a device received here may have moved on since).
  if (!f.event) q = whereInScope(q, f.scope, { hub: 'devices.hub_id' });
  if (f.state) q = q.where('devices.state', '=', f.state);
  if (f.type) q = q.where('devices.type', '=', f.type);
  if (f.afterId !== undefined) q = q.where('devices.id', '<', f.afterId);
  const specs = f.specs;
  if (specs && Object.values(specs).some((v) => v !== undefined)) {
    // One primary-key probe per device walked (newest first), so a page stops as soon as it is full.
    q = q.where(({ exists, selectFrom }) => {
      let s = selectFrom('device_specs').select('device_specs.device_id').whereRef('device_specs.device_id', '=', 'devices.id');
      if (specs.minRamMb !== undefined) s = s.where('device_specs.ram_mb', '>=', specs.minRamMb);
      if (specs.minStorageGb !== undefined) s = s.where('device_specs.storage_gb', '>=', specs.minStorageGb);
      if (specs.ssd !== undefined) s = s.where('device_specs.has_ssd', '=', specs.ssd ? 1 : 0);
      if (specs.cpu64 !== undefined) s = s.where('device_specs.cpu_64bit', '=', specs.cpu64 ? 1 : 0);
      return exists(s);
    });
  }
  if (f.specIds) q = q.where('devices.id', 'in', f.specIds);
  if (f.event?.action === 'net') {
    const ev = f.event;
    q = q.where((eb) => eb(netReuse(eb.selectFrom('device_events'), ev, f.scope).where('device_events.device_id', '=', sql.ref<number>('devices.id')), '<>', 0));
  } else if (f.event) {
    const ev = f.event;
    q = q.where(({ exists, selectFrom }) => {
      let e = selectFrom('device_events')
        .select('device_events.device_id')
        .whereRef('device_events.device_id', '=', 'devices.id')
        .where('device_events.action', '=', ev.action)
        .where('device_events.at', '>=', ev.fromUtc)
        .where('device_events.at', '<', ev.toUtc);
      e = whereInScope(e, f.scope, { hub: 'device_events.hub_id' });
      return exists(e);
    });
  }
  if (f.outdatedImage) {
    q = q.where('devices.os_image_id', 'in', (eb) => eb.selectFrom('os_images').select('os_images.id').where('os_images.outdated', '=', 1));
  }
  return q;
}

/**
 * How many devices the whole filter matches (not one page), and with an event filter how many such
 * events they had: a figure counts events, so two deliveries of one device are 2 of 1.
 */
export async function countDevices(db: Db, filter: Omit<ListFilter, 'limit' | 'afterId' | 'search'>): Promise<DevicesBehind> {
  const matching = listQuery(db, { ...filter, limit: 1 })
    .clearSelect()
    .clearOrderBy()
    .clearLimit();
  const { n } = await db
    .selectFrom(matching.select('devices.id').as('m'))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const ev = filter.event;
  if (!ev) return { devices: Number(n), events: null, net: null };
  if (ev.action === 'net') {
    // Each device listed is +1 (delivered, still out) or -1 (an earlier delivery returned).
    const perDevice = netReuse(db.selectFrom('device_events'), ev, filter.scope)
      .select('device_events.device_id')
      .where('device_events.device_id', 'in', matching.select('devices.id'))
      .groupBy('device_events.device_id');
    const rows = await db
      .selectFrom(perDevice.as('d'))
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number | string>(eb.case().when('d.net', '>', 0).then(eb.ref('d.net')).else(0).end()), eb.lit(0)).as('out'),
        eb.fn
          .coalesce(
            eb.fn.sum<number | string>(
              eb
                .case()
                .when('d.net', '<', 0)
                .then(eb.neg(eb.ref('d.net')))
                .else(0)
                .end(),
            ),
            eb.lit(0),
          )
          .as('back'),
      ])
      .executeTakeFirstOrThrow();
    const out = Number(rows.out);
    const back = Number(rows.back);
    return { devices: Number(n), events: null, net: { out, back, total: out - back } };
  }
  let q = db
    .selectFrom('device_events')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('device_events.action', '=', ev.action)
    .where('device_events.at', '>=', ev.fromUtc)
    .where('device_events.at', '<', ev.toUtc)
    .where('device_events.device_id', 'in', matching.select('devices.id'));
  q = whereInScope(q, filter.scope, { hub: 'device_events.hub_id' });
  const events = await q.executeTakeFirstOrThrow();
  return { devices: Number(n), events: Number(events.n), net: null };
}

export async function listDevices(db: Db, filter: ListFilter): Promise<ListRow[]> {
  let f = filter;
  const fewSpecs = await rareSpecMatches(db, f.specs);
  if (fewSpecs) {
    if (fewSpecs.length === 0) return [];
    f = { ...f, specIds: fewSpecs };
  }
  if (!f.search) return listQuery(db, f).execute();
  // Two readings of the query: its words, or its compact form ("orvser5" for a serial typed without dashes).
  const { words, compact } = f.search;
  const alternatives = words.length === 1 && words[0] === compact ? [words] : [words, [compact]].filter((ws) => ws.length > 0 && ws.every(Boolean));
  const found = new Map<number, ListRow>();
  for (const words of alternatives) for (const row of await searchWords(db, f, words)) found.set(row.id, row);
  return [...found.values()].sort((a, b) => b.id - a.id).slice(0, f.limit);
}

/** Devices whose specs match at most this many are listed from their ids; more, and the list walks newest first. */
const RARE_SPECS = 2000;

/**
 * A minimum RAM is read off the (ram_mb, has_ssd) index first: when few devices anywhere have that
 * much ("at least 64 GB"), the list is drawn from them instead of walking a whole hub to find none.
 */
async function rareSpecMatches(db: Db, specs: ListFilter['specs']): Promise<number[] | null> {
  if (specs?.minRamMb === undefined) return null;
  // RAM alone, so the (ram_mb, has_ssd) index answers without reading the table; the other spec
  // filters still apply in the list query.
  const q = db.selectFrom('device_specs').select('device_id').where('ram_mb', '>=', specs.minRamMb);
  // Counted first (one number, from the index alone); the ids are fetched only when they are few.
  const { n } = await db
    .selectFrom(q.limit(RARE_SPECS + 1).as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(n) > RARE_SPECS) return null;
  return (await q.execute()).map((r) => r.device_id);
}

/**
 * Matches counted per word before choosing a plan. Drawing a page from a word's candidates costs about
 * its number of matches m; walking the hub newest first costs about page × hub size / m. They meet
 * near √(50 × 120,000) ≈ 2,500 for the busiest hub of a million devices, so a word with more matches
 * than this is walked. (At 10,000, common model names made every search carry thousands of ids into
 * JavaScript: 3 to 20 ms a search instead of 1 to 3.) The price is the rare search for two common
 * words that never occur together, which walks the whole hub: about 120 ms there.
 */
const RARE = 2_000;

/**
 * Devices whose terms match every word by prefix. A word matching few devices (a serial, a rare model)
 * drives the query from its candidates; when every word is common ("dell"), the hub's devices are
 * walked newest first and the first page fills quickly. Either way the cost is bounded, not
 * proportional to the number of devices.
 */
async function searchWords(db: Db, f: ListFilter, words: string[]): Promise<ListRow[]> {
  let candidates = null as Set<number> | null;
  const common: string[] = [];
  for (const word of words) {
    let probe = db
      .selectFrom('device_terms')
      .select('device_id')
      .where('term', '>=', word)
      .where('term', '<', word + '~');
    probe = whereInScope(probe, f.scope, { hub: 'hub_id' });
    // Counted first, from the index alone: a common word's ten thousand ids are never carried into JavaScript.
    const { n } = await db
      .selectFrom(probe.limit(RARE + 1).as('m'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) > RARE) {
      common.push(word);
      continue;
    }
    const ids = (await probe.execute()).map((r) => r.device_id);
    const previous = candidates;
    candidates = new Set(previous ? ids.filter((id) => previous.has(id)) : ids);
    if (candidates.size === 0) return [];
  }
  const matching = (ids?: number[]) => {
    let q = listQuery(db, f);
    if (ids) q = q.where('devices.id', 'in', ids);
    for (const word of common) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('device_terms')
            .select('device_terms.device_id')
            .whereRef('device_terms.device_id', '=', 'devices.id')
            .where('device_terms.term', '>=', word)
            .where('device_terms.term', '<', word + '~'),
        ),
      );
    }
    return q.execute();
  };
  if (!candidates) return matching();
  // Newest candidates first, a chunk at a time: the first chunk usually fills the page.
  const ordered = [...candidates].filter((id) => f.afterId === undefined || id < f.afterId).sort((a, b) => b - a);
  const rows: ListRow[] = [];
  for (let i = 0; i < ordered.length && rows.length < f.limit; i += CHUNK) {
    rows.push(...(await matching(ordered.slice(i, i + CHUNK))));
  }
  return rows.slice(0, f.limit);
}

const CHUNK = 250;

/** Erasure outcomes after which no data is left on the disk: what the public passport may say. */
const SAFE_OUTCOMES = ['erased', 'destroyed', 'removed'] as const;

/** The latest erasure that counts, of the device's current cycle: what the public passport may say. */
export function latestSafeErasure(db: Db, deviceId: number, cycle: number) {
  return (
    db
      .selectFrom('erasures')
      .select(['method', 'at'])
      .where('device_id', '=', deviceId)
      .where('cycle', '=', cycle)
      .where('outcome', 'in', SAFE_OUTCOMES)
      // Only a record that counts (erasure/review.ts): never one waiting for a coordinator, refused, withdrawn or unfit.
      .where('standing', '=', 'counts')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  );
}

function passportQuery(db: Db, tag: string) {
  return db
    .selectFrom('devices')
    .innerJoin('hubs', 'hubs.id', 'devices.hub_id')
    .leftJoin('device_specs', 'device_specs.device_id', 'devices.id')
    .leftJoin('erasures', (join) =>
      join.on('erasures.id', '=', (eb) =>
        eb
          .selectFrom('erasures as e')
          .select((e) => e.fn.max('e.id').as('id'))
          .whereRef('e.device_id', '=', 'devices.id')
          .whereRef('e.cycle', '=', 'devices.cycle')
          .where('e.outcome', 'in', SAFE_OUTCOMES)
          .where('e.standing', '=', 'counts'),
      ),
    )
    .selectAll('devices')
    .select(['hubs.code as hub_code', 'hubs.name as hub_name', 'hubs.contact_email', 'hubs.contact_phone', 'hubs.address', 'hubs.comune', 'hubs.opening_hours'])
    .select([
      'device_specs.device_id as specs_device_id',
      'device_specs.specs as specs_json',
      'device_specs.updated_at as specs_updated_at',
      'device_specs.cpu_model',
      'device_specs.ram_mb',
      'device_specs.storage_gb',
      'device_specs.has_ssd',
      'device_specs.screen_inches',
    ])
    .select(['erasures.method as erasure_method', 'erasures.at as erasure_at'])
    .select((eb) =>
      eb
        .selectFrom('device_events')
        .select('device_events.at')
        .whereRef('device_events.device_id', '=', 'devices.id')
        .where('device_events.action', 'in', ['install', 'ready'])
        .orderBy('device_events.seq', 'desc')
        .limit(1)
        .as('refurbished_at'),
    )
    .where('devices.tag', '=', tag);
}

export type PassportRow = NonNullable<Awaited<ReturnType<ReturnType<typeof passportQuery>['executeTakeFirst']>>>;

const passport = compiledOnce((db, tag: string) => passportQuery(db, tag));

/**
 * Everything the public passport shows, in one statement: the device, its hub's contacts, its public
 * specifications (allow-listed by the passport), the latest erasure that counts in its current cycle
 * and when it was last installed or made ready. Compiled once; each request only binds the tag.
 */
export async function findPassport(db: Db, tag: string): Promise<PassportRow | undefined> {
  return (await passport(db, tag))[0];
}
