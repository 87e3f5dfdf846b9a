import { legalDocument, Needs, senderLines } from '../documents/parties';
import type { DocSpec } from '../documents/pdf';
import { hasKey, translator, type Locale } from '../i18n/catalogue';
import { formatDate } from '../i18n/format';
import type { ProgrammeIdentity } from '../programme/service';
import type { TransferView } from './service';

/**
 * The transfer document: which devices left which hub for which, on which day; signed at both ends.
 * Both hubs act for the same programme's body. Italian whatever the reader's language (`en`: a reading copy).
 */
export function transferDocument(locale: Locale, view: TransferView, programme: ProgrammeIdentity): DocSpec {
  const t = translator(locale);
  const tr = view.transfer;
  const date = formatDate(locale, `${tr.day}T12:00:00.000Z`);
  const needs = new Needs(t);
  const hub = (side: 'from' | 'to') =>
    senderLines(t, needs, programme, {
      name: tr[`${side}_name`],
      comune: tr[`${side}_comune`],
      province: tr[`${side}_province`],
      address: tr[`${side}_address`],
      contact_email: tr[`${side}_email`],
      contact_phone: tr[`${side}_phone`],
      responsible: tr[`${side}_responsible`],
    });
  const from = hub('from');
  const to = hub('to');
  const stateLabel = (s: string) => (hasKey(`state.${s}`) ? t(`state.${s}` as never) : s);
  const typeLabel = (s: string) => (hasKey(`deviceType.${s}`) ? t(`deviceType.${s}` as never) : s);
  return legalDocument(locale, programme, needs, {
    title: t('transfers.doc.title', { label: tr.label }),
    subtitle: `${tr.from_name} → ${tr.to_name} · ${date}`,
    footer: tr.label,
    blocks: [
      {
        kind: 'facts',
        rows: [
          [t('deliveries.doc.number'), tr.label],
          [t('deliveries.doc.date'), date],
          [t('transfers.doc.from'), from],
          [t('transfers.doc.to'), to],
          [t('deliveries.doc.reason'), t('transfers.doc.reason')],
          [t('deliveries.doc.packages'), String(view.devices.length)],
          ...(tr.note ? ([[t('field.note'), tr.note]] as [string, string][]) : []),
        ],
      },
      {
        kind: 'table',
        columns: [
          { label: '#', width: 0.5 },
          { label: t('field.tag'), width: 2 },
          { label: t('field.device'), width: 3.5 },
          { label: t('field.serial'), width: 2.5 },
          { label: t('transfers.doc.stateAtDeparture'), width: 2.2 },
          { label: t('transfers.doc.arrived'), width: 1.8 },
        ],
        rows: view.devices.map((d, i) => [
          String(i + 1),
          d.tag,
          [typeLabel(d.type), d.brand, d.model].filter(Boolean).join(' '),
          d.serial ?? '',
          stateLabel(d.state),
          d.arrived_at ? formatDate(locale, d.arrived_at) : '',
        ]),
      },
      { kind: 'paragraph', text: t('doc.placeDate', { place: tr.from_comune, date }) },
      { kind: 'signatures', labels: [t('transfers.doc.signFrom'), t('transfers.doc.signCarrier'), t('transfers.doc.signTo')] },
    ],
  });
}
