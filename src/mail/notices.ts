/**
 * What Rigenera tells people, and who may be told. A notice names the capability its content needs:
 * a person hears of it only if the access rules let their role see that in this hub (or for this
 * partner), so a borrower's name never reaches the region and a partner never hears of another.
 */
import type { Capability } from '../access/policy';
import { formatDate } from '../i18n/format';
import { catalogue, hasKey, translate, type Locale, type MessageKey, type Params } from '../i18n/catalogue';
import type { Audience } from './repository';

type NoticeDef = { audiences: readonly Audience[]; capability: Capability | null };

export const NOTICES = {
  // To the applicant (who has no account yet, or a new one): the `to` of the notice, nobody else.
  'partner.received': { audiences: [], capability: null },
  'partner.approved': { audiences: [], capability: null },
  'partner.refused': { audiences: [], capability: null },
  'partner.applied': { audiences: ['hub'], capability: 'partner.manage' },
  'request.submitted': { audiences: ['hub'], capability: 'request.decide' },
  'request.changed': { audiences: ['partner', 'hub'], capability: 'request.read' },
  'delivery.made': { audiences: ['partner'], capability: 'delivery.read' },
  'delivery.reminder': { audiences: ['partner'], capability: 'delivery.confirm' },
  'problem.fault': { audiences: ['hub'], capability: 'device.return' },
  'problem.return': { audiences: ['hub'], capability: 'device.return' },
  'transfer.incoming': { audiences: ['hub'], capability: 'transfer.read' },
  // Names the borrower: only for those who may see borrowers.
  'loan.overdue': { audiences: ['hub'], capability: 'loan.borrower' },
  'report.due': { audiences: ['hub', 'region'], capability: 'report.read' },
} as const satisfies Record<string, NoticeDef>;

export type NoticeKind = keyof typeof NOTICES;

export function isNoticeKind(kind: string): kind is NoticeKind {
  return kind in NOTICES;
}

const pluralRules: Record<Locale, Intl.PluralRules> = { it: new Intl.PluralRules('it-IT'), en: new Intl.PluralRules('en-GB') };

/** A key, or its plural form for {count} when the catalogue has one (`key.one`, `key.other`…). */
function pick(locale: Locale, key: string, params: Params): MessageKey {
  if (typeof params.count === 'number') {
    const plural = `${key}.${pluralRules[locale].select(params.count)}`;
    if (hasKey(plural)) return plural;
    if (hasKey(`${key}.other`)) return `${key}.other` as MessageKey;
  }
  return key as MessageKey;
}

/** A plural-aware translation, for the inbox's counts too. */
export function translatePlural(locale: Locale, key: string, params: Params): string {
  return translate(locale, pick(locale, key, params), params);
}

/** Dates are kept as ISO days and shown in the reader's language. */
function localised(locale: Locale, params: Params): Params {
  return typeof params.date === 'string' ? { ...params, date: formatDate(locale, params.date) } : params;
}

export function subjectOf(locale: Locale, kind: NoticeKind, params: Params): string {
  return translatePlural(locale, `mail.${kind}.subject`, localised(locale, params));
}

export function lineOf(locale: Locale, kind: NoticeKind, params: Params): string {
  return translatePlural(locale, `mail.${kind}.line`, localised(locale, params));
}

/** The plain-text e-mail: greeting, the line, the link, the footer. */
export function composeMail(locale: Locale, kind: NoticeKind, params: Params, name: string, url: string): { subject: string; body: string } {
  const t = (key: MessageKey, p?: Params) => translate(locale, key, p);
  const body = [t('mail.greeting', { name }), '', lineOf(locale, kind, params), '', t('mail.open'), url, '', '-- ', t('mail.footer'), ''].join('\n');
  return {
    subject: subjectOf(locale, kind, params)
      .replace(/[\r\n]+/g, ' ')
      .slice(0, 200),
    body,
  };
}

// Every kind has its subject and line in both languages (checked when the module loads, and by the tests).
for (const kind of Object.keys(NOTICES)) {
  for (const part of ['subject', 'line']) {
    const key = `mail.${kind}.${part}`;
    if (!(key in catalogue.it) && !(`${key}.other` in catalogue.it)) throw new Error(`missing message ${key}`);
  }
}
