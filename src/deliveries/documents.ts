import type { DocBlock, DocSpec } from '../documents/pdf';
import { translator, type Locale } from '../i18n/catalogue';
import { formatDate, formatNumber } from '../i18n/format';
import { hasKey } from '../i18n/catalogue';
import type { DeliveryView, ErasureSnapshot, SpecsSnapshot } from './service';

/**
 * The delivery's documents, built from what was recorded at handover (never from today's devices):
 * the DDT-style delivery note and, for a loan, the comodato d'uso agreement. Personal data stays out:
 * the people who sign write their names by hand.
 */
const day = (locale: Locale, d: string) => formatDate(locale, `${d}T12:00:00.000Z`);

/** No-break spaces keep "8 GB RAM" on one line of a table cell. */
const NBSP = '\u00a0';

/** "Intel Core i5 · 8 GB RAM · 256 GB SSD · 14\"": in the standard PDF fonts, so plain characters only. */
export function specsText(locale: Locale, s: SpecsSnapshot | null): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.cpu) parts.push(s.cpu);
  if (s.ramMb) parts.push(`${formatNumber(locale, s.ramMb / 1024, 1)}${NBSP}GB${NBSP}RAM`);
  if (s.storageGb) parts.push(`${formatNumber(locale, s.storageGb, 0)}${NBSP}GB${s.ssd ? `${NBSP}SSD` : s.ssd === false ? `${NBSP}HDD` : ''}`);
  if (s.screen) parts.push(`${formatNumber(locale, s.screen, 1)}"`);
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
  return {
    kind: 'table',
    columns: [
      { label: '#', width: 0.5 },
      { label: t('field.tag'), width: 2 },
      { label: t('field.device'), width: 2.8 },
      { label: t('field.serial'), width: 2.2 },
      { label: t('deliveries.doc.specs'), width: 3 },
      { label: t('deliveries.doc.system'), width: 2 },
      { label: t('deliveries.doc.erasure'), width: 2.3 },
    ],
    rows: view.devices.map((d, i) => [
      String(i + 1),
      d.tag,
      [typeLabel(locale, d.type), d.brand, d.model].filter(Boolean).join(' '),
      d.serial ?? '',
      specsText(locale, d.specs),
      d.os ?? '',
      erasureText(locale, d.erasure),
    ]),
  };
}

function partnerLine(locale: Locale, d: DeliveryView['delivery']): string {
  const t = translator(locale);
  const codeLabel = d.partner_kind === 'school' ? t('partners.code.school') : t('partners.code.other');
  return [d.partner_name, d.partner_code ? `${codeLabel} ${d.partner_code}` : null].filter(Boolean).join(' · ');
}

function placeLine(address: string | null, municipality: string | null, province?: string | null): string {
  return [address, municipality ? `${municipality}${province ? ` (${province})` : ''}` : null].filter(Boolean).join(', ');
}

export function ddtDocument(locale: Locale, view: DeliveryView): DocSpec {
  const t = translator(locale);
  const d = view.delivery;
  return {
    title: t('deliveries.doc.ddtTitle', { label: d.label }),
    subtitle: `${d.hub_name} · ${day(locale, d.delivered_on)}`,
    footer: `Rigenera · ${t('deliveries.doc.ddtShort', { label: d.label })}`,
    blocks: [
      {
        kind: 'facts',
        rows: [
          [t('deliveries.doc.number'), d.label],
          [t('deliveries.doc.date'), day(locale, d.delivered_on)],
          [t('deliveries.doc.sender'), [d.hub_name, placeLine(d.hub_address, d.hub_comune)].filter(Boolean).join(' · ')],
          [t('deliveries.doc.recipient'), partnerLine(locale, d)],
          [t('deliveries.doc.destination'), placeLine(d.partner_address, d.partner_municipality, d.partner_province)],
          [t('deliveries.doc.reason'), t(d.title === 'loan' ? 'deliveries.doc.reasonLoan' : 'deliveries.doc.reasonDonation')],
          ...(d.title === 'loan' && d.loan_until ? ([[t('deliveries.doc.loanUntil'), day(locale, d.loan_until)]] as [string, string][]) : []),
          [t('deliveries.doc.request'), `#${d.request_id} · ${d.request_purpose}`],
          [t('deliveries.doc.packages'), String(d.device_count)],
          [t('deliveries.doc.carrier'), t('deliveries.doc.carrierSender')],
        ],
      },
      deviceTable(locale, view),
      { kind: 'paragraph', text: t('deliveries.doc.erasedNote') },
      { kind: 'paragraph', text: t('deliveries.doc.receiptNote'), small: true },
      { kind: 'signatures', labels: [t('deliveries.doc.signSender'), t('deliveries.doc.signRecipient')] },
    ],
  };
}

export function comodatoDocument(locale: Locale, view: DeliveryView): DocSpec {
  const t = translator(locale);
  const d = view.delivery;
  const until = d.loan_until ? day(locale, d.loan_until) : '';
  const params = {
    hub: d.hub_name,
    partner: d.partner_name,
    count: d.device_count,
    from: day(locale, d.delivered_on),
    until,
    purpose: d.request_purpose,
    label: d.label,
  };
  return {
    title: t('deliveries.doc.comodatoTitle'),
    subtitle: t('deliveries.doc.comodatoSubtitle', { label: d.label, date: day(locale, d.delivered_on) }),
    footer: `Rigenera · ${t('deliveries.doc.comodatoShort', { label: d.label })}`,
    blocks: [
      { kind: 'heading', text: t('deliveries.doc.parties') },
      {
        kind: 'facts',
        rows: [
          [t('deliveries.doc.lender'), [d.hub_name, placeLine(d.hub_address, d.hub_comune)].filter(Boolean).join(' · ')],
          [t('deliveries.doc.borrower'), [partnerLine(locale, d), placeLine(d.partner_address, d.partner_municipality, d.partner_province)].filter(Boolean).join(' · ')],
          [t('deliveries.doc.borrowerSigner'), '____________________________________'],
        ],
      },
      { kind: 'heading', text: t('deliveries.doc.art1') },
      { kind: 'paragraph', text: t('deliveries.doc.art1Text', params) },
      deviceTable(locale, view),
      { kind: 'heading', text: t('deliveries.doc.art2') },
      { kind: 'paragraph', text: t('deliveries.doc.art2Text', params) },
      { kind: 'heading', text: t('deliveries.doc.art3') },
      { kind: 'paragraph', text: t('deliveries.doc.art3Text', params) },
      { kind: 'heading', text: t('deliveries.doc.art4') },
      { kind: 'paragraph', text: t('deliveries.doc.art4Text', params) },
      { kind: 'heading', text: t('deliveries.doc.art5') },
      { kind: 'paragraph', text: t('deliveries.doc.art5Text', params) },
      { kind: 'heading', text: t('deliveries.doc.art6') },
      { kind: 'paragraph', text: t('deliveries.doc.art6Text', params) },
      { kind: 'heading', text: t('deliveries.doc.art7') },
      { kind: 'paragraph', text: t('deliveries.doc.art7Text', params) },
      { kind: 'paragraph', text: `${d.hub_comune}, ${day(locale, d.delivered_on)}` },
      { kind: 'signatures', labels: [t('deliveries.doc.signLender'), t('deliveries.doc.signBorrower')] },
    ],
  };
}
