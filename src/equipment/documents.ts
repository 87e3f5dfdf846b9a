/**
 * The equipment's documents: the loan receipt with its conditions of use, and the register of the
 * assets bought with one funding source (CSV and PDF) for the funder's spending reports.
 */
import { euro as money, legalDocument, Needs, senderLines, type HubParty } from '../documents/parties';
import type { ProgrammeIdentity } from '../programme/service';
import type { DocSpec } from '../documents/pdf';
import { hasKey, translator, type Locale, type Translate } from '../i18n/catalogue';
import { formatDate, formatDateTime } from '../i18n/format';
import { toCsv } from '../shared/csv';
import type { AssetWithHub, LoanRow } from './repository';
import { hubDay } from '../shared/hub-time';

export function categoryLabel(t: Translate, category: string): string {
  const key = `assetCategory.${category}`;
  return hasKey(key) ? t(key) : category;
}

export function describeAsset(t: Translate, a: { category: string; make: string | null; model: string | null }): string {
  return [categoryLabel(t, a.category), a.make, a.model].filter(Boolean).join(' · ');
}

const stateLabel = (t: Translate, s: string) => (hasKey(`state.${s}`) ? t(`state.${s}` as never) : s);

export const CONDITIONS = [1, 2, 3, 4, 5, 6] as const;

/** The receipt: what was lent, when, until when, the conditions of use, and signature lines (names by hand). */
export function loanReceipt(locale: Locale, loan: LoanRow, hub: HubParty, programme: ProgrammeIdentity): DocSpec {
  const t = translator(locale);
  const needs = new Needs(t);
  const facts: [string, string][] = [
    [t('equipment.receipt.asset'), `${loan.tag} · ${describeAsset(t, loan)}${loan.serial ? ` · ${t('field.serial')} ${loan.serial}` : ''}`],
    [t('field.hub'), senderLines(t, needs, programme, hub)],
    [t('equipment.receipt.borrower'), t(`borrowerKind.${loan.borrower_kind}` as never)],
    [t('equipment.receipt.lentAt'), formatDateTime(locale, loan.lent_at)],
    [t('equipment.receipt.dueAt'), formatDateTime(locale, loan.due_at)],
  ];
  if (loan.returned_at) facts.push([t('equipment.receipt.returned'), formatDateTime(locale, loan.returned_at)]);
  return legalDocument(locale, programme, needs, {
    title: t('equipment.receipt.title', { id: loan.id }),
    subtitle: `${programme.name} · ${hub.name}`,
    footer: t('equipment.receipt.title', { id: loan.id }),
    blocks: [
      { kind: 'facts', rows: facts },
      { kind: 'heading', text: t('equipment.receipt.conditions') },
      ...CONDITIONS.map((n) => ({ kind: 'paragraph' as const, text: `${n}. ${t(`equipment.receipt.condition.${n}`)}` })),
      { kind: 'signatures', labels: [t('equipment.receipt.signBorrower'), t('equipment.receipt.signHub')] },
      { kind: 'paragraph', text: t('equipment.receipt.noNames'), small: true },
    ],
  });
}

export type RegisterData = { source: { name: string }; hub: { name: string; code: string } | undefined; rows: AssetWithHub[]; generatedAt: string };

const euros = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));

/**
 * The register as open data (AgID conventions): UTF-8, comma-separated, one header row, ISO 8601 dates,
 * units in the column names, codes rather than labels. Never a borrower or anything about a person.
 */
export function registerCsv(data: RegisterData): string {
  const header = [
    'codice_bene',
    'hub',
    'categoria',
    'marca',
    'modello',
    'numero_di_serie',
    'collocazione',
    'data_acquisto',
    'costo_eur',
    'fonte_di_finanziamento',
    'fornitore',
    'riferimento_fattura',
    'fine_garanzia',
    'stato',
  ];
  return toCsv(
    header,
    data.rows.map((a) => [
      a.tag,
      a.hub_code,
      a.category,
      a.make,
      a.model,
      a.serial,
      a.location,
      a.purchased_on,
      euros(a.cost_cents),
      a.funding_name,
      a.supplier,
      a.invoice_ref,
      a.warranty_end,
      a.state,
    ]),
  );
}

export function registerPdf(locale: Locale, data: RegisterData): DocSpec {
  const t = translator(locale);
  const total = data.rows.reduce((s, a) => s + (a.cost_cents ?? 0), 0);
  const date = formatDate(locale, data.generatedAt);
  const title = t('equipment.register.title', { funding: data.source.name });
  return {
    title,
    subtitle: t('equipment.register.subtitle', { hub: data.hub ? data.hub.name : t('equipment.register.allHubs'), date }),
    footer: `Rigenera · ${data.source.name} · ${hubDay(data.generatedAt)}`,
    locale,
    blocks: [
      { kind: 'paragraph', text: t('equipment.register.total', { count: data.rows.length, total: money(locale, total) }) },
      {
        kind: 'table',
        columns: [
          { label: t('field.tag'), width: 2 },
          ...(data.hub ? [] : [{ label: t('field.hub'), width: 0.9 }]),
          { label: t('field.device'), width: 2.8 },
          { label: t('field.serial'), width: 1.8 },
          { label: t('field.location'), width: 1.8 },
          { label: t('field.purchasedOn'), width: 1.6 },
          { label: t('field.cost'), width: 1.4 },
          { label: t('field.state'), width: 2 },
        ],
        rows: data.rows.map((a) => [
          a.tag,
          ...(data.hub ? [] : [a.hub_code]),
          describeAsset(t, a),
          a.serial ?? '',
          a.location ?? '',
          a.purchased_on ? formatDate(locale, `${a.purchased_on}T12:00:00Z`) : '',
          a.cost_cents === null ? '' : money(locale, a.cost_cents),
          stateLabel(t, a.state),
        ]),
      },
    ],
  };
}
