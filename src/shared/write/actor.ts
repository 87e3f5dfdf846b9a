/**
 * The actor at the write kernel: what a tag names and loading it for someone about to act on it
 * (400 not a tag, 404 unknown, 403 naming the hub), and how rows record who wrote them. Imports only
 * repositories, so any feature can use it without an import cycle.
 */
import type { Kysely } from 'kysely';
import { check, type Actor, type Capability } from '../../access/policy';
import type { Database } from '../../db/schema';
import { findDeviceByTag, type DeviceWithHub } from '../../devices/public';
import { findAssetByTag, type AssetWithHub } from '../../equipment/public';
import { findBlanks } from '../../labels/public';
import { parseTag } from '../../tags/tag';
import { AppError } from '../errors';
import type { Trx } from './context';

type Db = Kysely<Database> | Trx;

/** The canonical tag, or a 400 that says whether it looks mistyped (bad check character) or is not a tag at all. */
export function requireTag(raw: string): string {
  const parsed = parseTag(raw);
  if (parsed.ok) return parsed.tag;
  if (parsed.reason === 'mistyped') throw new AppError(400, 'tags.mistyped', { tag: raw.slice(0, 40) });
  throw new AppError(400, 'tags.malformed', { tag: raw.slice(0, 40) });
}

type Loaded = { device: DeviceWithHub; asset: AssetWithHub };
export type TaggedKind = keyof Loaded;

const KINDS = {
  device: { find: findDeviceByTag, read: 'device.read', unknown: 'tags.unknown', otherHub: 'access.otherHub' },
  asset: { find: findAssetByTag, read: 'asset.read', unknown: 'equipment.unknown', otherHub: 'equipment.otherHub' },
} as const;

/** A refusal that says which hub the device or asset belongs to when that is the reason. */
export function requireCapability(kind: TaggedKind, actor: Actor | null, capability: Capability, row: { tag: string; hub_id: number; hub_name: string }): void {
  const decision = check(actor, capability, { hubId: row.hub_id });
  if (decision.ok) return;
  if (decision.reason === 'hub') throw new AppError(403, KINDS[kind].otherHub, { tag: row.tag, hub: row.hub_name });
  throw new AppError(403, 'access.denied');
}

/**
 * The device or asset a tag names, for an actor who needs `capability` on it: 400 for a code that is
 * not a tag, 404 for a tag of no such thing, 403 (naming the hub) for someone who may not read it or
 * may not do this. Read access is asked first, so nobody learns more than "not yours".
 */
export async function loadForActor<K extends TaggedKind>(db: Db, actor: Actor | null, kind: K, rawTag: string, capability: Capability): Promise<Loaded[K]> {
  const tag = requireTag(rawTag);
  const row = (await KINDS[kind].find(db, tag)) as Loaded[K] | undefined;
  if (!row) throw new AppError(404, KINDS[kind].unknown, { tag });
  requireCapability(kind, actor, KINDS[kind].read, row);
  requireCapability(kind, actor, capability, row);
  return row;
}

export type BlankLabel = Awaited<ReturnType<typeof findBlanks>>[number];

export type CodeTarget = { kind: 'device'; device: DeviceWithHub } | { kind: 'asset'; asset: AssetWithHub } | { kind: 'blank'; blank: BlankLabel };

/**
 * What a canonical tag names: a device first (a retired asset lives on as the device with its tag),
 * then a current asset, then a blank label; undefined for none. Used by scanning and by `/d/:tag`.
 */
export async function resolveTag(db: Db, tag: string): Promise<CodeTarget | undefined> {
  const device = await findDeviceByTag(db, tag);
  if (device) return { kind: 'device', device };
  const asset = await findAssetByTag(db, tag);
  if (asset) return { kind: 'asset', asset };
  const [blank] = await findBlanks(db, [tag]);
  return blank ? { kind: 'blank', blank } : undefined;
}

/** Who wrote a row, in the `<prefix>_user_id` / `<prefix>_token_id` pair every table names its author with. */
export function actorColumns<P extends string>(actor: Actor, prefix: P): { [K in `${P}_user_id` | `${P}_token_id`]: number | null } {
  return {
    [`${prefix}_user_id`]: actor.kind === 'user' ? actor.id : null,
    [`${prefix}_token_id`]: actor.kind === 'token' ? actor.id : null,
  } as { [K in `${P}_user_id` | `${P}_token_id`]: number | null };
}

/** The user behind an action, for tables that only record people (a token, or no one signed in, has no user). */
export function actorUserId(actor: Actor | null): number | null {
  return actor?.kind === 'user' ? actor.id : null;
}

/** Whether this actor wrote an event (for undoing one's own scan): the same person, or the same token. */
export function isAuthor(actor: Actor, row: { actor_user_id: number | null; actor_token_id: number | null }): boolean {
  return actor.kind === 'user' ? row.actor_user_id === actor.id : row.actor_token_id === actor.id;
}
