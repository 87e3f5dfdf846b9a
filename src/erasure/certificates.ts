/**
 * Erasure certificates. For one device, with the fields of the sample certificate in NIST SP 800-88
 * Rev. 1, Appendix G (person, media, sanitization, verification, destination, signatures); for a
 * donation, every disk of every device with its outcome, for the donor's records.
 *
 * Each certificate carries a verification code. The same content asked for again gets the same code;
 * new records make a new one. Anyone can check a code (GET /verify/<code>) and see what the
 * certificate says without the personal data in it: no person, no donor, serials shortened.
 *
 * Wording is plain fact: "erased with method X, verified by Y". Nothing here claims a certification
 * that nobody granted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { check, type Actor } from '../access/policy';
import { nowIso, type AppContext } from '../context';
import { findDeviceByTag, type DeviceWithHub } from '../devices/public';
import { requireTag, toLifecycle } from '../devices/actions';
import { renderDocument, type DocBlock } from '../documents/pdf';
import { Needs } from '../documents/parties';
import * as donationsRepo from '../donations/public';
import { reportedDisks } from '../hardware/disks';
import { findHubById } from '../hubs/public';
import { hasKey, translator, type Locale } from '../i18n/catalogue';
import { formatDateTime, formatNumber } from '../i18n/format';
import { erasureStatus, type ErasureOutcome } from '../lifecycle/lifecycle';
import { bodyLine, programmeBody, programmeIdentity, type ProgrammeBody } from '../programme/service';
import { AppError } from '../shared/errors';
import { erasureFacts } from './guard';
import * as repo from './repository';
import { actorColumns } from '../shared/write/actor';
import { hubDay } from '../shared/hub-time';

export type CertifiedDisk = {
  model: string | null;
  serial: string | null;
  sizeBytes: number | null;
  kind: string | null;
  outcome: ErasureOutcome | 'none';
  method: string | null;
  category: string | null;
  tool: string | null;
  verification: string | null;
  rounds: number | null;
  performedBy: string | null;
  performedAt: string | null;
  recordedAt: string | null;
  startedAt?: string | null;
  /** The operator the tool's log names; the person (or token) who uploaded or recorded it; who confirmed it. */
  operator?: string | null;
  recordedBy?: string | null;
  confirmedBy?: string | null;
  source?: string | null;
  /** The records this line rests on: a later withdrawal of any of them is told by the public check. */
  recordIds?: number[];
};

/** One device in plain words, for the donor: what happened to its storage as a whole. */
export type DeviceVerdict = 'noStorage' | 'erasedVerified' | 'destroyed' | 'removed' | 'secured' | 'partial' | 'notTreated';

type DeviceSnapshot = {
  tag: string;
  type: string;
  brand: string | null;
  model: string | null;
  serial: string | null;
  outcome: string | null;
  hasStorage: boolean | null;
  erased: boolean;
  verdict?: DeviceVerdict;
  cycle?: number;
  disks: CertifiedDisk[];
};

export function verdictOf(d: Pick<DeviceSnapshot, 'hasStorage' | 'erased' | 'disks'>): DeviceVerdict {
  if (d.hasStorage === false) return 'noStorage';
  const outcomes = d.disks.map((k) => k.outcome);
  if (d.erased && outcomes.length > 0) {
    if (outcomes.every((o) => o === 'erased')) return 'erasedVerified';
    if (outcomes.every((o) => o === 'destroyed')) return 'destroyed';
    if (outcomes.every((o) => o === 'removed')) return 'removed';
    return 'secured';
  }
  return outcomes.some((o) => o === 'erased' || o === 'destroyed' || o === 'removed') ? 'partial' : 'notTreated';
}

export type CertificateSnapshot =
  | { kind: 'device'; hub: HubFacts; device: DeviceSnapshot }
  | { kind: 'donation'; hub: HubFacts; donation: { id: number; receivedAt: string; donor: string; donorKind: string }; devices: DeviceSnapshot[] };

type HubFacts = { name: string; address: string | null; email: string | null; phone: string | null; body?: CertifiedBody };
/** The body that runs the programme, frozen with the certificate (older ones read today's). */
type CertifiedBody = Pick<ProgrammeBody, 'name' | 'taxCode' | 'address'>;

async function currentBody(ctx: AppContext): Promise<CertifiedBody> {
  const { name, taxCode, address } = programmeBody(await programmeIdentity(ctx.db), ctx.config.programmeEmail);
  return { name, taxCode, address };
}

const certifiedBody = async (ctx: AppContext, hub: HubFacts) => hub.body ?? currentBody(ctx);

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** RG-XXXX-XXXX-XXXX: 60 random bits in Crockford's base 32 (no I, L, O or U to misread). */
export function newCode(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (let i = 0; i < 12; i++) s += CROCKFORD[bytes[i]! % 32];
  return `RG-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

export function normaliseCode(raw: string): string | null {
  const s = raw
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const body = s.startsWith('RG') ? s.slice(2) : s;
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(body)) return null;
  return `RG-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}`;
}

async function hubFacts(ctx: AppContext, hubId: number): Promise<HubFacts> {
  const hub = (await findHubById(ctx.db, hubId))!;
  return { name: hub.name, address: hub.address, email: hub.contact_email, phone: hub.contact_phone, body: await currentBody(ctx) };
}

/** The device's disks as the current cycle's records leave them: the latest record of each disk. */
async function deviceSnapshot(ctx: AppContext, device: DeviceWithHub): Promise<DeviceSnapshot> {
  const [records, facts, reported] = await Promise.all([repo.listErasureRecords(ctx.db, device.id), erasureFacts(ctx.db, device.id), reportedDisks(ctx.db, device.id)]);
  // Only records that count: a pending, refused, withdrawn or unfit one is no evidence on paper either.
  const current = records.filter((r) => r.cycle === device.cycle && r.standing === 'counts');
  const latest = new Map<string, (typeof current)[number]>();
  for (const r of current) latest.set(r.disk_serial ?? '', r);
  const serials = new Set<string>([...(facts.knownDiskSerials ?? []), ...latest.keys()]);
  const disks: CertifiedDisk[] = [...serials].map((serial) => {
    const r = latest.get(serial);
    const d = reported.disks.find((x) => x.serial === serial);
    return {
      model: r?.disk_model ?? d?.model ?? null,
      serial: serial === '' ? null : serial,
      sizeBytes: r?.disk_size_bytes ?? d?.sizeBytes ?? null,
      kind: d?.kind ?? r?.disk_kind ?? null,
      outcome: r?.outcome ?? 'none',
      method: r?.method ?? null,
      category: r?.nist_category ?? null,
      tool: r?.tool ?? null,
      verification: r?.verification ?? null,
      rounds: r?.rounds ?? null,
      performedBy: r ? (r.performed_by_name ?? r.operator_name ?? r.user_name ?? r.token_label ?? null) : null,
      performedAt: r?.performed_at ?? null,
      recordedAt: r?.at ?? null,
      startedAt: r?.started_at ?? null,
      operator: r?.operator_name ?? null,
      recordedBy: r ? (r.user_name ?? r.token_label ?? null) : null,
      confirmedBy: r?.reviewer_name ?? null,
      source: r?.source ?? null,
      recordIds: r ? [r.id] : [],
    };
  });
  return {
    tag: device.tag,
    type: device.type,
    brand: device.brand,
    model: device.model,
    serial: device.serial,
    outcome: device.outcome,
    hasStorage: device.has_storage === null ? null : device.has_storage === 1,
    erased: erasureStatus(toLifecycle(device), facts).satisfied,
    cycle: device.cycle,
    disks,
  };
}

/**
 * A disk appears under one device only: if two devices of a donation name the same serial (a disk
 * moved in the workshop), it stays under the device whose record of it is the latest.
 */
function oneDeviceEachDisk(snaps: DeviceSnapshot[]): DeviceSnapshot[] {
  const owner = new Map<string, { i: number; at: string; id: number }>();
  snaps.forEach((d, i) =>
    d.disks.forEach((k) => {
      if (!k.serial) return;
      const at = k.recordedAt ?? '';
      const id = Math.max(0, ...(k.recordIds ?? []));
      const prior = owner.get(k.serial);
      if (!prior || at > prior.at || (at === prior.at && id > prior.id)) owner.set(k.serial, { i, at, id });
    }),
  );
  return snaps.map((d, i) => ({ ...d, disks: d.disks.filter((k) => !k.serial || owner.get(k.serial)!.i === i) }));
}

/** The code of a certificate with exactly this content, issuing a new one when the content is new. */
async function issue(ctx: AppContext, actor: Actor, snapshot: CertificateSnapshot, subject: { deviceId?: number; donationId?: number; hubId: number }) {
  const contentHash = createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');
  const kind = snapshot.kind;
  const subjectId = (kind === 'device' ? subject.deviceId : subject.donationId)!;
  const existing = await repo.findCertificate(ctx.db, kind, subjectId, contentHash);
  if (existing) return existing;
  for (let attempt = 0; ; attempt++) {
    try {
      return await repo.insertCertificate(ctx.db, {
        code: newCode(),
        kind,
        device_id: subject.deviceId ?? null,
        donation_id: subject.donationId ?? null,
        hub_id: subject.hubId,
        content_hash: contentHash,
        snapshot: JSON.stringify(snapshot),
        ...actorColumns(actor, 'issued_by'),
        issued_at: nowIso(ctx),
      });
    } catch (e) {
      // Two people asking at once: the same content may have just been issued; else a code collided.
      const again = await repo.findCertificate(ctx.db, kind, subjectId, contentHash);
      if (again) return again;
      if (attempt >= 3) throw e;
    }
  }
}

export async function deviceCertificate(ctx: AppContext, actor: Actor, rawTag: string, locale: Locale) {
  const tag = requireTag(rawTag);
  const device = await findDeviceByTag(ctx.db, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  if (!check(actor, 'device.read', { hubId: device.hub_id }).ok) throw new AppError(403, 'access.denied');
  if (device.has_storage === 0) throw new AppError(409, 'erasure.certificate.noStorage', { tag });
  const snap = await deviceSnapshot(ctx, device);
  if (!snap.erased || snap.disks.length === 0) throw new AppError(409, 'erasure.certificate.notErased', { tag });
  snap.verdict = verdictOf(snap);
  const snapshot: CertificateSnapshot = { kind: 'device', hub: await hubFacts(ctx, device.hub_id), device: snap };
  const cert = await issue(ctx, actor, snapshot, { deviceId: device.id, hubId: device.hub_id });
  const pdf = await renderCertificate(ctx, snapshot, cert, locale);
  return { code: cert.code, pdf, filename: `erasure-${device.tag}.pdf` };
}

export async function donationCertificate(ctx: AppContext, actor: Actor, donationId: number, locale: Locale) {
  const donation = await donationsRepo.findDonation(ctx.db, donationId);
  if (!donation || !check(actor, 'device.read', { hubId: donation.hub_id }).ok) throw new AppError(404, 'donations.unknown');
  if (!check(actor, 'donor.read', { hubId: donation.hub_id }).ok) throw new AppError(403, 'access.denied');
  const devices = await donationsRepo.listDonationDevices(ctx.db, donationId);
  const snaps: DeviceSnapshot[] = [];
  for (const d of devices) {
    const device = await findDeviceByTag(ctx.db, d.tag);
    if (device) snaps.push(await deviceSnapshot(ctx, device));
  }
  // Each device's verdict is its own; the disks are then listed under one device each.
  const unique = oneDeviceEachDisk(snaps.map((d) => ({ ...d, verdict: verdictOf(d) })));
  const snapshot: CertificateSnapshot = {
    kind: 'donation',
    hub: await hubFacts(ctx, donation.hub_id),
    donation: { id: donation.id, receivedAt: donation.received_at, donor: donation.donor_erased_at ? '' : donation.donor_name, donorKind: donation.donor_kind },
    devices: unique,
  };
  const cert = await issue(ctx, actor, snapshot, { donationId, hubId: donation.hub_id });
  const pdf = await renderCertificate(ctx, snapshot, cert, locale);
  return { code: cert.code, pdf, filename: `erasure-donation-${donationId}.pdf` };
}

// ---- the public check

/** "…2591": enough to match the paper in hand, not enough to be an identifier. */
export function shortSerial(serial: string | null): string | null {
  return serial ? `…${serial.slice(-4)}` : null;
}

export type PublicDisk = {
  model: string | null;
  serial: string | null;
  sizeBytes: number | null;
  outcome: string;
  method: string | null;
  category: string | null;
  tool: string | null;
  verification: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Kept for clients that read a day: the finish (or the record) date, YYYY-MM-DD. */
  date: string | null;
};

export type PublicCertificate = {
  code: string;
  kind: 'device' | 'donation';
  issuedAt: string;
  hub: string;
  /** The body that runs the programme: name, codice fiscale, address. */
  body: CertifiedBody;
  superseded: boolean;
  /** A record this certificate rests on was withdrawn since: it no longer proves what it says. */
  withdrawn: boolean;
  devices: { tag: string; type: string; brand: string | null; model: string | null; erased: boolean; verdict: DeviceVerdict; disks: PublicDisk[] }[];
};

export async function verifyCertificate(ctx: AppContext, raw: string): Promise<PublicCertificate> {
  const code = normaliseCode(raw);
  if (!code) throw new AppError(400, 'erasure.certificate.badCode');
  const row = await repo.findCertificateByCode(ctx.db, code);
  if (!row) throw new AppError(404, 'erasure.certificate.unknown', { code });
  const snapshot = JSON.parse(row.snapshot) as CertificateSnapshot;
  const subject = row.kind === 'device' ? row.device_id : row.donation_id;
  const newer = subject ? await repo.newerCertificate(ctx.db, row.id, row.kind as 'device' | 'donation', subject) : undefined;
  const devices = snapshot.kind === 'device' ? [snapshot.device] : snapshot.devices;
  const ids = devices.flatMap((d) => d.disks.flatMap((k) => k.recordIds ?? []));
  const withdrawn = (await repo.standingOf(ctx.db, ids)).some((r) => r.standing === 'withdrawn');
  // Allow-listed, field by field: no person, no donor, no device serial; disk serials shortened.
  return {
    code: row.code,
    kind: row.kind as 'device' | 'donation',
    issuedAt: row.issued_at,
    hub: row.hub_name,
    body: await certifiedBody(ctx, snapshot.hub),
    superseded: !!newer,
    withdrawn,
    devices: devices.map((d) => ({
      tag: d.tag,
      type: d.type,
      brand: d.brand,
      model: d.model,
      erased: d.erased && !withdrawn,
      verdict: d.verdict ?? verdictOf(d),
      disks: d.disks.map((k) => ({
        model: k.model,
        serial: shortSerial(k.serial),
        sizeBytes: k.sizeBytes,
        outcome: k.outcome,
        method: k.method,
        category: k.category,
        tool: k.tool,
        verification: k.verification,
        startedAt: k.startedAt ?? null,
        finishedAt: k.performedAt ?? k.recordedAt,
        date: (() => {
          const at = k.performedAt ?? k.recordedAt;
          return at ? hubDay(at) : null;
        })(),
      })),
    })),
  };
}

// ---- the PDF

function verifyUrl(ctx: AppContext, code: string) {
  return `${ctx.config.publicBaseUrl.replace(/\/$/, '')}/verify/${code}`;
}

/** "2023-01-24T15:48:41" (a log's local clock) or an ISO instant, as a day. */
function day(locale: Locale, value: string | null): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return locale === 'it' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`;
}

/** A log's local clock ("2023-01-24T15:48:41") or an ISO instant, as a day and a time. */
function moment(locale: Locale, value: string | null): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return day(locale, value);
  if (/Z$|[+-]\d\d:\d\d$/.test(value)) return formatDateTime(locale, value);
  return `${day(locale, value)} ${m[4]}:${m[5]}`;
}

function gb(locale: Locale, bytes: number | null) {
  return bytes === null ? '—' : `${formatNumber(locale, Math.round(bytes / 1e9))} GB`;
}

async function renderCertificate(ctx: AppContext, snapshot: CertificateSnapshot, cert: { code: string; issued_at: string }, locale: Locale) {
  const t = translator(locale);
  const outcome = (o: string) => t(`erasure.${o}` as never);
  const category = (c: string | null) => (c ? t(`erasure.category.${c}` as never) : '—');
  const hub = snapshot.hub;
  const footer = t('erasure.certificate.footer', { code: cert.code, url: verifyUrl(ctx, cert.code) });
  const needs = new Needs(t);
  const hubFacts: [string, string][] = [
    [t('programme.body.label'), bodyLine(t, await certifiedBody(ctx, hub))],
    [t('erasure.certificate.organisation'), hub.name],
    // What the hub has not filled in is named, and the notice at the top says who fills it in (documents/parties.ts).
    [t('erasure.certificate.location'), needs.value('hub', 'address', hub.address)],
    [t('erasure.certificate.contact'), [needs.value('hub', 'contact_email', hub.email), hub.phone].filter(Boolean).join(' · ')],
  ];
  const statement = (k: CertifiedDisk) => {
    const details = [k.rounds ? t('erasure.certificate.rounds', { n: k.rounds }) : null].filter(Boolean).join(', ');
    switch (k.outcome) {
      case 'erased':
        return t('erasure.certificate.statement.erased', { method: k.method ?? '—', details: details ? ` (${details})` : '', verification: k.verification ?? '—', tool: k.tool ?? '—' });
      case 'destroyed':
        return t('erasure.certificate.statement.destroyed', { how: k.method ?? '—', who: k.performedBy ?? '—', date: day(locale, k.performedAt ?? k.recordedAt) });
      case 'removed':
        return t('erasure.certificate.statement.removed');
      case 'none':
        return t('erasure.certificate.statement.none');
      default:
        return t('erasure.certificate.statement.notErased', { outcome: outcome(k.outcome), method: k.method ?? '—' });
    }
  };

  const blocks: DocBlock[] = [];
  if (snapshot.kind === 'device') {
    const d = snapshot.device;
    blocks.push(
      { kind: 'paragraph', text: t('erasure.certificate.intro') },
      { kind: 'heading', text: t('erasure.certificate.person') },
      {
        kind: 'facts',
        rows: [[t('erasure.certificate.performedBy'), [...new Set(d.disks.map((k) => k.performedBy).filter(Boolean))].join(', ') || '—'], ...hubFacts],
      },
      { kind: 'heading', text: t('erasure.certificate.device') },
      {
        kind: 'facts',
        rows: [
          [t('field.tag'), d.tag],
          [t('field.device'), [t(`deviceType.${d.type}` as never), d.brand, d.model].filter(Boolean).join(' · ')],
          [t('field.serial'), d.serial ?? '—'],
          [t('erasure.certificate.destination'), t(`erasure.certificate.destination.${d.outcome ?? 'refurbish'}` as never)],
        ],
      },
    );
    d.disks.forEach((k, i) => {
      blocks.push(
        { kind: 'heading', text: t('erasure.certificate.media', { n: i + 1, of: d.disks.length }) },
        {
          kind: 'facts',
          rows: [
            [t('erasure.certificate.makeModel'), k.model ?? '—'],
            [t('erasure.certificate.serial'), k.serial ?? '—'],
            [t('erasure.certificate.mediaType'), k.kind ? (hasKey(`hardware.kind.${k.kind}`) ? t(`hardware.kind.${k.kind}` as never) : k.kind) : '—'],
            [t('erasure.certificate.size'), gb(locale, k.sizeBytes)],
            [t('erasure.certificate.outcome'), outcome(k.outcome)],
            [t('erasure.certificate.category'), category(k.category)],
            [t('erasure.certificate.method'), k.method ?? '—'],
            [t('erasure.certificate.tool'), k.tool ?? '—'],
            [t('erasure.certificate.verification'), k.verification ?? '—'],
            [t('erasure.certificate.started'), moment(locale, k.startedAt ?? null)],
            [t('erasure.certificate.finished'), moment(locale, k.performedAt ?? k.recordedAt)],
            [t('erasure.certificate.operator'), k.operator ?? '—'],
            [t('erasure.certificate.recordedBy'), k.recordedBy ?? '—'],
            // A person's record: who confirmed it (or that a coordinator recorded it, which counts at once).
            ...(k.outcome !== 'none' && (k.source !== 'nwipe' || k.confirmedBy)
              ? [[t('erasure.certificate.confirmedBy'), k.confirmedBy ?? t('erasure.certificate.ownRecord')] as [string, string]]
              : []),
          ],
        },
        { kind: 'paragraph', text: statement(k), small: true },
      );
    });
  } else {
    // The headline counts only devices with storage; those without are said apart.
    const withStorage = snapshot.devices.filter((d) => d.hasStorage !== false);
    const secured = withStorage.filter((d) => ['erasedVerified', 'destroyed', 'removed', 'secured'].includes(d.verdict ?? verdictOf(d))).length;
    const diskLine = (k: CertifiedDisk) => `${k.serial ?? '—'} · ${outcome(k.outcome)}`;
    blocks.push(
      { kind: 'paragraph', text: t('erasure.donationCertificate.intro') },
      {
        kind: 'facts',
        rows: [
          [t('field.donor'), snapshot.donation.donor || t('common.erasedPerson')],
          [t('field.receivedAt'), day(locale, snapshot.donation.receivedAt)],
          [t('field.devices'), String(snapshot.devices.length)],
          [t('erasure.donationCertificate.summary'), t('erasure.donationCertificate.summaryValue', { done: secured, total: withStorage.length })],
          [t('erasure.donationCertificate.withoutStorage'), String(snapshot.devices.length - withStorage.length)],
          ...hubFacts,
        ],
      },
      {
        kind: 'table',
        // Serials are never wrapped: the disk column is wide enough for 20 characters and its outcome.
        columns: [
          { label: t('field.tag'), width: 2.2 },
          { label: t('field.device'), width: 2.4 },
          { label: t('erasure.certificate.outcome'), width: 2.8 },
          { label: t('field.disks'), width: 5.4 },
          { label: t('erasure.certificate.date'), width: 1.8 },
        ],
        rows: snapshot.devices.map((d) => {
          const latest =
            d.disks
              .map((k) => k.performedAt ?? k.recordedAt)
              .filter((x): x is string => !!x)
              .sort()
              .pop() ?? null;
          return [
            d.tag,
            [t(`deviceType.${d.type}` as never), d.brand, d.model].filter(Boolean).join(' '),
            t(`erasure.verdict.${d.verdict ?? verdictOf(d)}` as never),
            d.disks.length ? d.disks.map(diskLine).join('\n') : '—',
            day(locale, latest),
          ];
        }),
      },
    );
  }
  blocks.push(
    { kind: 'paragraph', text: t('erasure.certificate.honesty'), small: true },
    { kind: 'paragraph', text: t('erasure.certificate.check', { code: cert.code, url: verifyUrl(ctx, cert.code) }) },
    { kind: 'signatures', labels: [t('erasure.certificate.signPerformer'), t('erasure.certificate.signValidator')] },
  );
  blocks.unshift(...needs.notice());
  return renderDocument({
    title: snapshot.kind === 'device' ? t('erasure.certificate.title') : t('erasure.donationCertificate.title', { id: snapshot.donation.id }),
    subtitle: `${hub.name} · ${t('erasure.certificate.issued', { date: day(locale, cert.issued_at), code: cert.code })}`,
    footer,
    author: hub.name,
    blocks,
  });
}
