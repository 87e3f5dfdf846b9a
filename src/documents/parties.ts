/**
 * The parties as legal documents name them: the programme's body with its hub (the sender or lender)
 * and the partner organisation (the recipient or borrower), each "in full". A field a document needs
 * and nobody filled in is printed as "[manca: ...]" and listed in the notice at the top, which says
 * who can fill it in (see programme/service.ts#missingIdentity).
 */
import { translator, type Translate } from '../i18n/catalogue';
import type { DocBlock, DocSpec } from './pdf';
import { missingIdentity, type ProgrammeIdentity, type Requirement } from '../programme/service';

export type HubParty = {
  name: string;
  comune: string;
  province?: string | null;
  address: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  opening_hours?: string | null;
  responsible: string | null;
};

export type PartnerParty = {
  name: string;
  kind: string;
  code: string | null;
  tax_code: string | null;
  address: string | null;
  municipality: string;
  province: string | null;
  representative: string | null;
};

/** An amount in euro with its cents, as the language writes it (1.499,00 · 1,499.00). */
export function euro(locale: 'it' | 'en', cents: number): string {
  return new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
}

/** Collects what a document needs, and prints a value or the placeholder for a missing one. */
export class Needs {
  readonly list: Requirement[] = [];
  constructor(private readonly t: Translate) {}

  value(owner: Requirement['owner'], field: string, v: string | null | undefined): string {
    this.list.push({ owner, field, present: Boolean(v) });
    return v || this.t('doc.missingValue', { field: this.t(`identity.${owner}.${field}` as never) });
  }

  /** The notice block at the top of the document, or nothing when it is complete. */
  notice(): DocBlock[] {
    const text = missingIdentity(this.t, this.list);
    return text ? [{ kind: 'notice', text }] : [];
  }
}

export const place = (address: string | null, comune: string, province?: string | null) => [address, `${comune}${province ? ` (${province})` : ''}`].filter(Boolean).join(', ');

/** The sender or lender: the body that runs the programme, then the hub that acts for it. */
export function senderLines(t: Translate, needs: Needs, p: ProgrammeIdentity, hub: HubParty): string {
  return [
    `${needs.value('programme', 'bodyName', p.bodyName)} (${t('doc.programme', { name: p.name })})`,
    [t('doc.taxCode', { code: needs.value('programme', 'taxCode', p.taxCode) }), p.pec ? t('doc.pec', { pec: p.pec }) : null].filter(Boolean).join(' · '),
    t('doc.seat', { address: needs.value('programme', 'address', p.address) }),
    p.legalRepresentative ? t('doc.legalRepresentative', { name: p.legalRepresentative }) : null,
    t('doc.hub', { name: hub.name, place: place(needs.value('hub', 'address', hub.address), hub.comune, hub.province) }),
    hub.contact_phone || hub.contact_email ? [hub.contact_phone, hub.contact_email].filter(Boolean).join(' · ') : null,
    hub.opening_hours ? t('doc.hours', { hours: hub.opening_hours }) : null,
    t('doc.responsible', { name: needs.value('hub', 'responsible', hub.responsible) }),
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The recipient or borrower: a school with its codice meccanografico, codice fiscale and head teacher;
 * an association with its codice fiscale and legal representative; others with what they gave.
 */
export function recipientLines(t: Translate, needs: Needs, partner: PartnerParty): string {
  const school = partner.kind === 'school';
  const strict = school || partner.kind === 'association';
  const code = strict ? needs.value('partner', 'code', partner.code) : partner.code;
  const codeLabel = school ? t('partners.code.school') : t('partners.code.other');
  const rep = strict ? needs.value('partner', 'representative', partner.representative) : partner.representative;
  return [
    partner.name,
    code ? `${codeLabel} ${code}` : null,
    school ? t('doc.schoolTaxCode', { code: needs.value('partner', 'taxCode', partner.tax_code) }) : null,
    place(strict ? needs.value('partner', 'address', partner.address) : partner.address, partner.municipality, partner.province),
    rep ? t(school ? 'doc.headTeacher' : 'doc.representative', { name: rep }) : null,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * A legal document's frame: the body as its author, the programme's name in every footer, and above
 * the content the reading-copy warning (any language but Italian) and what is missing (if anything).
 */
export function legalDocument(locale: 'it' | 'en', programme: ProgrammeIdentity, needs: Needs, doc: { title: string; subtitle: string; footer: string; blocks: DocBlock[] }): DocSpec {
  return {
    title: doc.title,
    subtitle: doc.subtitle,
    footer: `${programme.name} · ${doc.footer}`,
    author: programme.bodyName ?? programme.name,
    locale,
    blocks: [...(locale === 'it' ? [] : [{ kind: 'notice' as const, text: translator(locale)('doc.readingCopy') }]), ...needs.notice(), ...doc.blocks],
  };
}
