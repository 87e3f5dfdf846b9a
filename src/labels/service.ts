/**
 * Labels: which labels a request names (tags, a donation, a batch of blanks), what each one says,
 * and the file for a template. Blank pre-numbered tags are allocated here and claimed at intake.
 */
import type { Transaction } from 'kysely';
import { check, type Actor } from '../access/policy';
import { listScope } from '../access/scopes';
import { nowIso, type AppContext } from '../context';
import type { Database } from '../db/schema';
import { findHubByCode, findHubById } from '../hubs/public';
import { hasKey, type Translate } from '../i18n/catalogue';
import { AppError } from '../shared/errors';
import { describeAsset } from '../equipment/documents';
import { findLabelAssets } from '../equipment/public';
import { allocateTags } from '../tags/public';
import { parseTag } from '../tags/tag';
import type { LabelContent } from './layout';
import { compose, renderPdf, renderZpl } from './render';
import * as repo from './repository';
import { MAX_LABELS, type BlankBatchInput, type LabelQuery } from './schema';
import { findTemplate, perPage, TEMPLATES, type LabelTemplate } from './templates';
import { actorColumns } from '../shared/write/actor';
import { inTransaction } from '../shared/write/context';

export const labelUrl = (ctx: AppContext, tag: string) => `${ctx.config.publicBaseUrl}/d/${tag}`;

/** Canonical tags, or a 400 naming the first one that is mistyped or not a tag at all. */
function canonicalTags(raw: string[]): string[] {
  const out: string[] = [];
  for (const r of raw) {
    const parsed = parseTag(r);
    if (!parsed.ok) throw new AppError(400, parsed.reason === 'mistyped' ? 'tags.mistyped' : 'tags.malformed', { tag: r.slice(0, 40) });
    if (!out.includes(parsed.tag)) out.push(parsed.tag);
  }
  return out;
}

function describe(t: Translate, d: { type: string; brand: string | null; model: string | null }): string {
  const key = `deviceType.${d.type}`;
  return [hasKey(key) ? t(key) : d.type, d.brand, d.model].filter(Boolean).join(' · ');
}

/**
 * The labels a request asks for, in its order: its tags, a donation's devices, or a batch of blanks.
 * Anyone who may read devices may print their labels (a label shows nothing a device page does not).
 */
export async function selectLabels(ctx: AppContext, actor: Actor, q: Pick<LabelQuery, 'tags' | 'donation' | 'batch'>, t: Translate): Promise<LabelContent[]> {
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  let tags: string[] = [];
  if (q.tags?.length) tags = canonicalTags(q.tags);
  if (q.donation !== undefined) {
    const donation = await repo.findDonationHub(ctx.db, q.donation);
    if (!donation || !check(actor, 'device.read', { hubId: donation.hub_id }).ok) throw new AppError(404, 'donations.unknown');
    tags.push(...(await repo.listDonationTags(ctx.db, q.donation)).map((r) => r.tag));
  }
  if (q.batch !== undefined) {
    const batch = await repo.findBatch(ctx.db, q.batch);
    if (!batch || !check(actor, 'device.read', { hubId: batch.hub_id }).ok) throw new AppError(404, 'labels.batchUnknown');
    tags.push(...(await repo.listBatchTags(ctx.db, q.batch)).map((r) => r.tag));
  }
  tags = [...new Set(tags)];
  if (tags.length === 0) throw new AppError(422, 'labels.empty');
  if (tags.length > MAX_LABELS) throw new AppError(422, 'labels.tooMany', { max: MAX_LABELS });

  const devices = new Map((await repo.findLabelDevices(ctx.db, tags)).map((d) => [d.tag, d]));
  // The hub's own assets print on the same labels, from the same tag counter.
  const assets = new Map(
    (
      await findLabelAssets(
        ctx.db,
        tags.filter((tag) => !devices.has(tag)),
      )
    ).map((a) => [a.tag, a]),
  );
  const blanks = new Map(
    (
      await repo.findBlanks(
        ctx.db,
        tags.filter((tag) => !devices.has(tag) && !assets.has(tag)),
      )
    ).map((b) => [b.tag, b]),
  );
  const unknown = tags.filter((tag) => !devices.has(tag) && !assets.has(tag) && !blanks.has(tag));
  if (unknown.length) throw new AppError(404, 'labels.unknownTags', { tags: unknown.slice(0, 10).join(', ') });
  return tags.map((tag) => {
    const d = devices.get(tag);
    if (d) return { tag, url: labelUrl(ctx, tag), hub: d.hub_name, description: describe(t, d) };
    const a = assets.get(tag);
    if (a) return { tag, url: labelUrl(ctx, tag), hub: a.hub_name, description: describeAsset(t, a) };
    const b = blanks.get(tag)!;
    return { tag, url: labelUrl(ctx, tag), hub: b.hub_name, description: '' };
  });
}

export function requireTemplate(id: string): LabelTemplate {
  const t = findTemplate(id);
  if (!t) throw new AppError(422, 'labels.unknownFormat', { format: id });
  return t;
}

export function checkStart(t: LabelTemplate, start: number | undefined) {
  if (start !== undefined && start > perPage(t)) throw new AppError(422, 'labels.startTooLarge', { max: perPage(t) });
}

export type LabelFile = { body: Uint8Array; contentType: string; filename: string };

/** The printable file: a PDF (sheets, Brother QL) or ZPL (Zebra). */
export async function labelFile(t: LabelTemplate, contents: LabelContent[], opts: Pick<LabelQuery, 'start' | 'dx' | 'dy'>): Promise<LabelFile> {
  checkStart(t, opts.start);
  const pages = compose(t, contents, opts);
  const name = `rigenera-${t.id}-${contents.length === 1 ? contents[0]!.tag : contents.length}`;
  if (t.output === 'zpl') return { body: new TextEncoder().encode(renderZpl(t, pages)), contentType: 'application/x-zpl; charset=utf-8', filename: `${name}.zpl` };
  return { body: new Uint8Array(await renderPdf(t, pages, `Rigenera · ${contents.length} labels`)), contentType: 'application/pdf', filename: `${name}.pdf` };
}

/** Every format with its geometry, for people and for label-printing scripts. */
export function listFormats(t: Translate) {
  return TEMPLATES.map((tp) => ({
    id: tp.id,
    name: t(`labels.format.${tp.id}` as never),
    kind: tp.kind,
    output: tp.output,
    mediaType: tp.output === 'zpl' ? 'application/x-zpl' : 'application/pdf',
    page: { widthMm: tp.page.width, heightMm: tp.page.height },
    label: { widthMm: tp.label.width, heightMm: tp.label.height },
    columns: tp.columns,
    rows: tp.rows,
    perPage: perPage(tp),
    firstLabel: { xMm: tp.origin.x, yMm: tp.origin.y },
    pitch: { xMm: tp.pitch.x, yMm: tp.pitch.y },
    marginMm: tp.inset,
    dpi: tp.dpi,
    stock: tp.stock,
  }));
}

// ---- blank pre-numbered tags

/** Allocates `count` tags from the hub's own counter (so no device ever gets one of them) and records them as blanks. */
export async function createBlankBatch(ctx: AppContext, actor: Actor, input: BlankBatchInput) {
  const hub = input.hub ? await findHubByCode(ctx.db, input.hub) : actor.hubId !== null ? await findHubById(ctx.db, actor.hubId) : undefined;
  if (!hub) throw input.hub ? new AppError(422, 'hubs.unknown', { hub: input.hub }) : new AppError(422, 'users.hubRequired');
  const decision = check(actor, 'label.blanks', { hubId: hub.id });
  if (!decision.ok) throw decision.reason === 'hub' ? new AppError(403, 'labels.blanksOtherHub', { hub: hub.name }) : new AppError(403, 'access.denied');
  const at = nowIso(ctx);
  return inTransaction(ctx, async ({ trx, ...ctx }) => {
    const tags = await allocateTags(trx, hub, input.count);
    const id = await repo.insertBatch(trx, {
      hub_id: hub.id,
      count: tags.length,
      first_tag: tags[0]!,
      last_tag: tags[tags.length - 1]!,
      ...actorColumns(actor, 'created_by'),
      created_at: at,
    });
    for (let i = 0; i < tags.length; i += 200) {
      await repo.insertBlanks(
        trx,
        tags.slice(i, i + 200).map((tag) => ({ tag, hub_id: hub.id, batch_id: id, created_at: at, claimed_at: null, donation_id: null })),
      );
    }
    return { id, hub: hub.code, tags };
  });
}

export async function listBlankBatches(ctx: AppContext, actor: Actor) {
  // Labels are the hubs' tool: a partner's account sees none of the hubs' batches.
  if (!check(actor, 'device.read').ok) throw new AppError(403, 'access.denied');
  const batches = await repo.listBatches(ctx.db, listScope(actor, 'device.read'));
  const claimed = await repo.countClaimed(
    ctx.db,
    batches.map((b) => b.id),
  );
  return batches.map((b) => ({ ...b, claimed: claimed.get(b.id) ?? 0 }));
}

/** What a scanned tag that names no device is: an unclaimed (or claimed) blank of some hub, or nothing. */
/**
 * Claims blank tags for the devices of a donation being registered, inside its transaction: each must
 * be a blank of the donation's hub that nobody claimed yet. One of two simultaneous claims wins; the
 * other is told the tag is taken and its whole registration is rolled back.
 */
export async function claimBlankTags(trx: Transaction<Database>, hub: { id: number; name: string }, tags: string[], donationId: number, at: string) {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (seen.has(tag)) throw new AppError(422, 'labels.blankTwice', { tag });
    seen.add(tag);
    if (await repo.claimBlank(trx, tag, hub.id, donationId, at)) continue;
    const blank = (await repo.findBlanks(trx, [tag]))[0];
    if (!blank) throw new AppError(422, 'labels.notBlank', { tag });
    if (blank.hub_id !== hub.id) throw new AppError(422, 'labels.blankOtherHub', { tag, hub: blank.hub_name });
    throw new AppError(409, 'labels.blankClaimed', { tag });
  }
}
