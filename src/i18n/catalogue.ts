/**
 * The one message catalogue. Each feature keeps its strings in messages/<feature>.ts;
 * this file merges them, so a key exists in both languages or the build fails.
 */
import auth from './messages/auth';
import common from './messages/common';
import devices from './messages/devices';
import deliveries from './messages/deliveries';
import donations from './messages/donations';
import equipment from './messages/equipment';
import exportsMessages from './messages/exports';
import tokens from './messages/tokens';
import openapi from './messages/openapi';
import pwa from './messages/pwa';
import erasure from './messages/erasure';
import figures from './messages/figures';
import hardware from './messages/hardware';
import imports from './messages/imports';
import inbox from './messages/inbox';
import mail from './messages/mail';
import labels from './messages/labels';
import opendata from './messages/opendata';
import lifecycle from './messages/lifecycle';
import partners from './messages/partners';
import portal from './messages/portal';
import privacy from './messages/privacy';
import programme from './messages/programme';
import documents from './messages/documents';
import reports from './messages/reports';
import requests from './messages/requests';
import resilience from './messages/resilience';
import scan from './messages/scan';
import transfers from './messages/transfers';
import users from './messages/users';
import workshop from './messages/workshop';
import { renderPlurals } from './format';

/** Each feature's messages, by file name: a key belongs to exactly one of them (test/unit/catalogue). */
export const catalogueParts = {
  common,
  auth,
  users,
  lifecycle,
  devices,
  donations,
  labels,
  scan,
  partners,
  requests,
  deliveries,
  transfers,
  portal,
  hardware,
  erasure,
  workshop,
  equipment,
  figures,
  reports,
  opendata,
  imports,
  resilience,
  exports: exportsMessages,
  tokens,
  openapi,
  pwa,
  privacy,
  programme,
  documents,
  mail,
  inbox,
};

const parts = Object.values(catalogueParts);

type Part = (typeof catalogueParts)[keyof typeof catalogueParts];
type Keys<P> = P extends { it: Record<infer K, string> } ? K : never;
export type MessageKey = Keys<Part>;

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'it';

export const catalogue: Record<Locale, Record<MessageKey, string>> = {
  it: Object.assign({}, ...parts.map((p) => p.it)),
  en: Object.assign({}, ...parts.map((p) => p.en)),
};

export type Params = Record<string, string | number | null | undefined>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Parameters that carry a code (a state, an action...) are shown by their label in the same language. */
const LABELLED_PARAMS: Record<string, string> = {
  state: 'state',
  action: 'action',
  outcome: 'outcome',
  type: 'deviceType',
  requestState: 'requestState',
  partnerKind: 'partnerKind',
  assetAction: 'assetAction',
  assetCategory: 'assetCategory',
  deviceClass: 'deviceClass',
};

/** Parameters that are quantities: shown with the language's grouping (1.234 in Italian, 1,234 in English). Ids, years and numbers of documents are not. */
const QUANTITY_PARAMS = new Set(['count', 'n', 'total', 'done', 'created', 'skipped', 'rows', 'devices', 'arrived', 'pending', 'kg']);
const quantity: Record<Locale, Intl.NumberFormat> = {
  it: new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2, useGrouping: 'always' } as Intl.NumberFormatOptions),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, useGrouping: 'always' } as Intl.NumberFormatOptions),
};

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const message = catalogue[locale][key] ?? catalogue.it[key] ?? key;
  if (!params) return message;
  // Plurals first (format.ts#renderPlurals), then the plain placeholders, in their branches too.
  if (message.includes(', plural, ')) {
    const template = renderPlurals(locale, message, params, (n) => quantity[locale].format(n));
    return template.replace(PLACEHOLDER, (whole, name: string) => fill(locale, whole, name, params));
  }
  const parts = split(message);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += fill(locale, `{${parts[i]!}}`, parts[i]!, params) + parts[i + 1]!;
  return out;
}

const PLACEHOLDER = /\{(\w+)\}/g;
const PLACEHOLDER_ONCE = new RegExp(PLACEHOLDER.source);
/** A message without plurals, cut once at its placeholders: text, name, text, … text. */
const splitMessages = new Map<string, string[]>();
function split(message: string): string[] {
  let parts = splitMessages.get(message);
  if (!parts) {
    parts = message.split(PLACEHOLDER_ONCE);
    // The catalogue's messages, and a key without one (shown as itself): never more than these.
    if (splitMessages.size < 20_000) splitMessages.set(message, parts);
  }
  return parts;
}

function fill(locale: Locale, whole: string, name: string, params: Params): string {
  const value = params[name];
  if (value === undefined || value === null) return whole;
  // A refusal inside a larger one ("FOL-00003-K: <why>"): `because` names the inner message, which shares the params.
  if (name === 'because' && typeof value === 'string' && value in catalogue[locale]) {
    return translate(locale, value as MessageKey, { ...params, because: undefined });
  }
  if (typeof value === 'number' && QUANTITY_PARAMS.has(name)) return quantity[locale].format(value);
  const labelKey = LABELLED_PARAMS[name] ? `${LABELLED_PARAMS[name]}.${value}` : undefined;
  return labelKey && labelKey in catalogue[locale] ? catalogue[locale][labelKey as MessageKey] : String(value);
}

/** One translator per language, made once: a request takes its language's, it does not build one. */
export const translators: Readonly<Record<Locale, Translate>> = {
  it: (key, params) => translate('it', key, params),
  en: (key, params) => translate('en', key, params),
};

export function translator(locale: Locale): Translate {
  return translators[locale];
}

export function isLocale(value: unknown): value is Locale {
  return value === 'it' || value === 'en';
}

/** A key built at run time (a state or action name): falls back to the raw name if the key is missing. */
export function hasKey(key: string): key is MessageKey {
  return key in catalogue.it;
}

/** Labels already looked up, per language and prefix: a device page asks for the same few dozen on every request. */
const codeLabels: Record<Locale, Map<string, Map<string, string>>> = { it: new Map(), en: new Map() };

/**
 * A code's label in the language (`state` and `reserved` give `state.reserved`'s message), or the code
 * itself when the catalogue has none. Codes without a label are not kept beyond a thousand a prefix.
 */
export function codeLabel(locale: Locale, prefix: string, code: string): string {
  let byCode = codeLabels[locale].get(prefix);
  if (!byCode) codeLabels[locale].set(prefix, (byCode = new Map()));
  let label = byCode.get(code);
  if (label === undefined) {
    const key = `${prefix}.${code}`;
    label = hasKey(key) ? translate(locale, key) : code;
    if (byCode.size < 1000) byCode.set(code, label);
  }
  return label;
}
