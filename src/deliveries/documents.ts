import { euro, legalDocument, Needs, recipientLines, senderLines, type HubParty, type PartnerParty } from '../documents/parties';
import type { DocBlock, DocSpec } from '../documents/pdf';
import type { ProgrammeIdentity } from '../programme/service';
import { translator, type Locale } from '../i18n/catalogue';
import { formatDate, formatNumber } from '../i18n/format';
import { hasKey } from '../i18n/catalogue';
import type { DeliveryView, ErasureSnapshot, SpecsSnapshot } from './service';

/**
 * The delivery's documents, built from what was recorded at handover (never from today's devices):
 * the DDT-style delivery note, for a loan the comodato d'uso agreement, and the receipt for a device
 * that came back. They are legal documents: Italian, whatever the reader's language; `en` makes an
 * English reading copy that says so at the top. The people who sign write their names by hand; the
 * head teacher or legal representative is named, as the organisation gave it.
 */
const day = (locale: Locale, d: string) => formatDate(locale, `${d}T12:00:00.000Z`);

/** No-break spaces keep "8 GB RAM" on one line of a table cell. */
const NBSP = '\u00a0';

/** "Intel Core i5 · 8 GB RAM · 256 GB SSD · 14″". */
export function specsText(locale: Locale, s: SpecsSnapshot | null): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.cpu) parts.push(s.cpu);
  if (s.ramMb) parts.push(`${formatNumber(locale, s.ramMb / 1024, 1)}${NBSP}GB${NBSP}RAM`);
  if (s.storageGb) parts.push(`${formatNumber(locale, s.storageGb, 0)}${NBSP}GB${s.ssd ? `${NBSP}SSD` : s.ssd === false ? `${NBSP}HDD` : ''}`);
  if (s.screen) parts.push(`${formatNumber(locale, s.screen, 1)}″`);
  return parts.join(' · ');
}

export function erasureText(locale: Locale, e: ErasureSnapshot | null): string {
  const t = translator(locale);
  if (!e) return '';
  if (!e.storage) return t('deliveries.doc.noStorage');
  return [e.method, e.at ? formatDate(locale, e.at) : null].filter(Boolean).join(', ');
}

function typeLabel(locale: Locale, type: string) {
  const key = `deviceType.${type}`;
  return hasKey(key) ? translator(locale)(key) : type;
}

function deviceTable(locale: Locale, view: DeliveryView): DocBlock {
  const t = translator(locale);
  const valued = view.devices.some((d) => d.declared_value_cents !== null);
  const total = view.devices.reduce((s, d) => s + (d.declared_value_cents ?? 0), 0);
  return {
    kind: 'table',
    columns: [
      { label: '#', width: 0.5 },
      { label: t('field.tag'), width: 2 },
      { label: t('field.device'), width: 2.5 },
      { label: t('field.serial'), width: 2 },
      { label: t('deliveries.doc.specs'), width: 2.9 },
      { label: t('deliveries.doc.system'), width: 1.7 },
      { label: t('deliveries.doc.erasure'), width: 2 },
      ...(valued ? [{ label: t('doc.declaredValue'), width: 2.1, align: 'right' as const }] : []),
    ],
    rows: view.devices.map((d, i) => [
      String(i + 1),
      d.tag,
      [typeLabel(locale, d.type), d.brand, d.model].filter(Boolean).join(' '),
      d.serial ?? '',
      specsText(locale, d.specs),
      d.os ?? '',
      erasureText(locale, d.erasure),
      ...(valued ? [d.declared_value_cents === null ? '' : euro(locale, d.declared_value_cents)] : []),
    ]),
    ...(valued ? { footer: ['', t('doc.total'), '', '', '', '', '', euro(locale, total)] } : {}),
  };
}

type Delivery = DeliveryView['delivery'];

const hubOf = (d: Delivery): HubParty => ({
  name: d.hub_name,
  comune: d.hub_comune,
  province: d.hub_province,
  address: d.hub_address,
  contact_email: d.hub_email,
  contact_phone: d.hub_phone,
  opening_hours: d.hub_opening_hours,
  responsible: d.hub_responsible,
});

const partnerOf = (d: Delivery): PartnerParty => ({
  name: d.partner_name,
  kind: d.partner_kind,
  code: d.partner_code,
  tax_code: d.partner_tax_code,
  address: d.partner_address,
  municipality: d.partner_municipality,
  province: d.partner_province,
  representative: d.partner_representative,
});

/** Signed where the hub is, on the day of the delivery. */
const placeDate = (locale: Locale, d: Delivery): DocBlock => ({ kind: 'paragraph', text: translator(locale)('doc.placeDate', { place: d.hub_comune, date: day(locale, d.delivered_on) }) });

export function ddtDocument(locale: Locale, view: DeliveryView, programme: ProgrammeIdentity): DocSpec {
  const t = translator(locale);
  const d = view.delivery;
  const needs = new Needs(t);
  const sender = senderLines(t, needs, programme, hubOf(d));
  const recipient = recipientLines(t, needs, partnerOf(d));
  const valued = view.devices.some((x) => x.declared_value_cents !== null);
  const facts: [string, string][] = [
    [t('deliveries.doc.number'), d.label],
    [t('deliveries.doc.date'), day(locale, d.delivered_on)],
    [t('deliveries.doc.sender'), sender],
    [t('deliveries.doc.recipient'), recipient],
    [t('deliveries.doc.destination'), [d.partner_address, `${d.partner_municipality}${d.partner_province ? ` (${d.partner_province})` : ''}`].filter(Boolean).join(', ')],
    [t('deliveries.doc.reason'), t(d.title === 'loan' ? 'deliveries.doc.reasonLoan' : 'deliveries.doc.reasonDonation')],
    ...(d.title === 'loan' && d.loan_until ? ([[t('deliveries.doc.loanUntil'), day(locale, d.loan_until)]] as [string, string][]) : []),
    [t('deliveries.doc.request'), `#${d.request_id} · ${d.request_purpose}`],
    [t('deliveries.doc.packages'), String(d.device_count)],
    [t('deliveries.doc.carrier'), t('deliveries.doc.carrierSender')],
  ];
  return legalDocument(locale, programme, needs, {
    title: t('deliveries.doc.ddtTitle', { label: d.label }),
    subtitle: `${programme.name} · ${d.hub_name} · ${day(locale, d.delivered_on)}`,
    footer: t('deliveries.doc.ddtShort', { label: d.label }),
    blocks: [
      { kind: 'facts', rows: facts },
      deviceTable(locale, view),
      ...(valued ? [{ kind: 'paragraph' as const, text: t('doc.valueNote'), small: true }] : []),
      { kind: 'paragraph', text: t('deliveries.doc.erasedNote') },
      { kind: 'paragraph', text: t('deliveries.doc.receiptNote'), small: true },
      placeDate(locale, d),
      { kind: 'signatures', labels: [t('deliveries.doc.signSender'), t('deliveries.doc.signRecipient')] },
    ],
  });
}

export function comodatoDocument(locale: Locale, view: DeliveryView, programme: ProgrammeIdentity): DocSpec {
  const t = translator(locale);
  const d = view.delivery;
  const needs = new Needs(t);
  const lender = senderLines(t, needs, programme, hubOf(d));
  const borrower = recipientLines(t, needs, partnerOf(d));
  const until = d.loan_until ? day(locale, d.loan_until) : '';
  const params = {
    hub: d.hub_name,
    partner: d.partner_name,
    count: d.device_count,
    from: day(locale, d.delivered_on),
    until,
    purpose: d.request_purpose,
    label: d.label,
    place: [d.hub_address, d.hub_comune].filter(Boolean).join(', '),
    court: needs.value('programme', 'court', programme.court),
    controller: needs.value('programme', 'privacyController', programme.privacyController),
    contact: needs.value('programme', 'privacyContact', programme.privacyContact),
  };
  const article = (heading: string, text: string): DocBlock[] => [
    { kind: 'heading', text: heading },
    { kind: 'paragraph', text },
  ];
  return legalDocument(locale, programme, needs, {
    title: t('deliveries.doc.comodatoTitle'),
    subtitle: t('deliveries.doc.comodatoSubtitle', { label: d.label, date: day(locale, d.delivered_on) }),
    footer: t('deliveries.doc.comodatoShort', { label: d.label }),
    blocks: [
      { kind: 'heading', text: t('deliveries.doc.parties') },
      {
        kind: 'facts',
        rows: [
          [t('deliveries.doc.lender'), lender],
          [t('deliveries.doc.borrower'), borrower],
          [t('deliveries.doc.borrowerSigner'), d.partner_representative ?? '____________________________________'],
        ],
      },
      ...article(t('deliveries.doc.art1'), t('deliveries.doc.art1Text', params)),
      deviceTable(locale, view),
      ...article(t('deliveries.doc.art2'), t('deliveries.doc.art2Text', params)),
      ...article(t('deliveries.doc.art3'), t('deliveries.doc.art3Text', params)),
      ...article(t('deliveries.doc.art4'), t('deliveries.doc.art4Text', params)),
      ...article(t('doc.loan.artDamage'), t('doc.loan.artDamageText', params)),
      ...article(t('doc.loan.artReturn'), t('doc.loan.artReturnText', params)),
      ...article(t('doc.loan.artData'), t('deliveries.doc.art6Text', params)),
      ...article(t('doc.loan.artCourt'), t('doc.loan.artCourtText', params)),
      ...article(t('doc.loan.artPrivacy'), t('doc.loan.artPrivacyText', params)),
      ...article(t('doc.loan.artLaw'), t('deliveries.doc.art7Text', params)),
      placeDate(locale, d),
      { kind: 'signatures', labels: [t('deliveries.doc.signLender'), t('deliveries.doc.signBorrower')] },
    ],
  });
}

export type ReturnFacts = { tag: string; type: string; brand: string | null; model: string | null; serial: string | null; returnedAt: string; reason: string | null };

/** The receipt for a lent (or given) device that came back to the hub: the partner downloads it from its portal. */
export function returnReceiptDocument(locale: Locale, view: DeliveryView, programme: ProgrammeIdentity, r: ReturnFacts): DocSpec {
  const t = translator(locale);
  const d = view.delivery;
  const needs = new Needs(t);
  const hub = senderLines(t, needs, programme, hubOf(d));
  const partner = recipientLines(t, needs, partnerOf(d));
  return legalDocument(locale, programme, needs, {
    title: t('doc.return.title', { tag: r.tag }),
    subtitle: `${programme.name} · ${d.hub_name} · ${formatDate(locale, r.returnedAt)}`,
    footer: t('doc.return.title', { tag: r.tag }),
    blocks: [
      { kind: 'paragraph', text: t('doc.return.intro', { label: d.label, date: day(locale, d.delivered_on) }) },
      {
        kind: 'facts',
        rows: [
          [t('doc.return.device'), [r.tag, [typeLabel(locale, r.type), r.brand, r.model].filter(Boolean).join(' '), r.serial ? `${t('field.serial')} ${r.serial}` : null].filter(Boolean).join(' · ')],
          [t('doc.return.delivery'), `${d.label} · ${t(d.title === 'loan' ? 'deliveries.doc.reasonLoan' : 'deliveries.doc.reasonDonation')}`],
          [t('doc.return.returnedOn'), formatDate(locale, r.returnedAt)],
          [t('doc.return.from'), partner],
          [t('doc.return.to'), hub],
          ...(r.reason ? ([[t('doc.return.reason'), r.reason]] as [string, string][]) : []),
        ],
      },
      { kind: 'paragraph', text: t('doc.return.note') },
      { kind: 'paragraph', text: t('doc.placeDate', { place: d.hub_comune, date: formatDate(locale, r.returnedAt) }) },
      { kind: 'signatures', labels: [t('doc.return.signHub'), t('doc.return.signPartner')] },
    ],
  });
}
