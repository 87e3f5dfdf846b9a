/**
 * Open data: per quarter, one row per hub and device class (CSV after AgID's guidelines, and JSON),
 * the recipients file, the factor table as its own distribution, and the DCAT-AP_IT description.
 * Only aggregated figures: no donor, person or serial is ever read into these.
 */
import type { AppContext } from '../context';
import { deviceClass, DEVICE_CLASSES, splitTypeClass } from '../figures/classes';
import { METRIC } from '../figures/deltas';
import { computeImpact, DEFAULT_DISPLACEMENT, DEFAULT_FACTOR_SET, round2 } from '../figures/impact';
import { addDays, currentQuarter, dayOf, quarterPeriod, startOfDayUtc, type Period } from '../figures/periods';
import * as figuresRepo from '../figures/public';
import { loadFactorSet, netByClass } from '../figures/service';
import { listHubs, listHubsWithIstat } from '../hubs/public';
import { programmeBody, programmeIdentity } from '../programme/service';
import type { DeviceType } from '../devices/device-types';
import { translator, type Locale } from '../i18n/catalogue';
import { namedInOpenData } from '../partners/open-data';
import { AppError } from '../shared/errors';
import * as repo from './repository';

export const LICENCE = { id: 'CC-BY-4.0', name: 'Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)', url: 'https://creativecommons.org/licenses/by/4.0/' };
export const FACTORS_LICENCE = { id: 'CC-BY-SA-4.0', name: 'Creative Commons Attribuzione - Condividi allo stesso modo 4.0 (CC BY-SA 4.0)', url: 'https://creativecommons.org/licenses/by-sa/4.0/' };

export function quarterFromKey(key: string): Period {
  const m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (!m) throw new AppError(404, 'opendata.badQuarter');
  return quarterPeriod(Number(m[1]), Number(m[2]));
}

/** A quarter that is published: one of the programme's life (see publishedQuarters), else a 404. */
export async function publishedQuarter(ctx: AppContext, key: string): Promise<{ period: Period; provisional: boolean }> {
  const period = quarterFromKey(key);
  const quarters = await publishedQuarters(ctx);
  if (!quarters.some((q) => q.key === period.key)) throw new AppError(404, 'opendata.outsideProgramme', { quarter: period.key, from: quarters.at(-1)!.key, to: quarters[0]!.key });
  return { period, provisional: period.key === quarters[0]!.key };
}

/** The quarters published: from the first with any figure to the current one, newest first. */
export async function publishedQuarters(ctx: AppContext): Promise<Period[]> {
  const first = await repo.firstYear(ctx.db);
  const current = currentQuarter(dayOf(ctx.clock.now()));
  if (first === null) return [current];
  const out: Period[] = [];
  for (let y = Number(current.key.slice(0, 4)); y >= first; y--) {
    for (let q = 4; q >= 1; q--) {
      const p = quarterPeriod(y, q);
      if (p.from <= current.from) out.push(p);
    }
  }
  return out;
}

export const FIGURE_COLUMNS = [
  'period_start',
  'period_end',
  'hub_code',
  'hub_name',
  'istat_code',
  'device_class',
  'received_count',
  'delivered_count',
  'returned_count',
  'reused_count',
  'harvested_count',
  'recycled_count',
  'recycled_kg',
  'waste_prevented_kg',
  'co2e_avoided_kg',
  'co2e_avoided_low_kg',
  'co2e_avoided_high_kg',
  'factor_set',
  'displacement',
] as const;
export type FigureRow = Record<(typeof FIGURE_COLUMNS)[number], string | number>;

/** Files already computed, per quarter, with the version of the quarter's totals they were computed from. */
const computed = new WeakMap<object, Map<string, { version: number; rows: FigureRow[] }>>();

/**
 * One row per hub and device class for the quarter. The quarter's version is read first: rows
 * computed from that version (or a newer state) are served again until an event moves it.
 */
export async function quarterFigures(ctx: AppContext, period: Period): Promise<FigureRow[]> {
  let cache = computed.get(ctx.db);
  if (!cache) computed.set(ctx.db, (cache = new Map()));
  const version = await figuresRepo.versionOf(ctx.db, period.key);
  const hit = cache.get(period.key);
  if (hit && hit.version === version) return hit.rows;
  const rows = await computeQuarterFigures(ctx, period);
  if (cache.size > 200) cache.clear();
  cache.set(period.key, { version, rows });
  return rows;
}

/**
 * The rows themselves, from the running totals (at most hubs × classes × five metrics). Reuse is net:
 * delivered less returned in the quarter, and the impact is estimated on that (a return takes back its
 * delivery's kg and CO2e in the quarter of the return).
 */
async function computeQuarterFigures(ctx: AppContext, period: Period): Promise<FigureRow[]> {
  const hubs = await listHubsWithIstat(ctx.db);
  const [rows, set] = await Promise.all([
    repo.hubClassTotals(
      ctx.db,
      hubs.map((h) => h.id),
      period.key,
      [METRIC.in, METRIC.out, METRIC.returned, METRIC.harvested, METRIC.recycled],
    ),
    loadFactorSet(ctx.db, DEFAULT_FACTOR_SET),
  ]);
  type Row = { dim: string; n: number; wn: number; g: number };
  const byHub = new Map<number, Map<string, Row[]>>();
  for (const r of rows) {
    const metrics = byHub.get(r.scope) ?? new Map<string, Row[]>();
    const list = metrics.get(r.metric) ?? [];
    list.push({ dim: r.dim, n: Number(r.n), wn: Number(r.wn), g: Number(r.g) });
    metrics.set(r.metric, list);
    byHub.set(r.scope, metrics);
  }
  const out: FigureRow[] = [];
  for (const h of hubs) {
    const metrics = byHub.get(h.id) ?? new Map<string, Row[]>();
    const of = (metric: string, cls: string) => (metrics.get(metric) ?? []).filter((r) => splitTypeClass(r.dim).cls === cls);
    const count = (metric: string, cls: string) => of(metric, cls).reduce((s, r) => s + r.n, 0);
    for (const cls of DEVICE_CLASSES) {
      const net = netByClass(of(METRIC.out, cls), of(METRIC.returned, cls));
      const imp = computeImpact(net, set, DEFAULT_DISPLACEMENT);
      out.push({
        period_start: period.from,
        period_end: period.to,
        hub_code: h.code,
        hub_name: h.name,
        istat_code: h.istat_code,
        device_class: cls,
        received_count: count(METRIC.in, cls),
        delivered_count: count(METRIC.out, cls),
        returned_count: count(METRIC.returned, cls),
        reused_count: count(METRIC.out, cls) - count(METRIC.returned, cls),
        harvested_count: count(METRIC.harvested, cls),
        recycled_count: count(METRIC.recycled, cls),
        recycled_kg: round2(of(METRIC.recycled, cls).reduce((s, r) => s + r.g, 0) / 1000),
        waste_prevented_kg: imp.wasteKg,
        co2e_avoided_kg: imp.co2eKg,
        co2e_avoided_low_kg: imp.co2eLowKg,
        co2e_avoided_high_kg: imp.co2eHighKg,
        factor_set: set.name,
        displacement: DEFAULT_DISPLACEMENT,
      });
    }
  }
  return out;
}

export const RECIPIENT_COLUMNS = [
  'period_start',
  'period_end',
  'hub_code',
  'recipient_kind',
  'recipient_code',
  'recipient_name',
  'recipient_municipality',
  'device_class',
  'delivered_count',
  'held_at_end_count',
] as const;
export type RecipientRow = Record<(typeof RECIPIENT_COLUMNS)[number], string | number>;

/**
 * Per recipient and device class: the devices delivered to it in the quarter, and the devices it
 * held at the quarter's end (delivered, and not returned since). Devices, never delivery rows: a
 * device delivered, returned and delivered again to the same recipient counts once.
 */
export async function quarterRecipients(ctx: AppContext, period: Period, locale: Locale): Promise<RecipientRow[]> {
  const t = translator(locale);
  const endUtc = startOfDayUtc(addDays(period.to, 1));
  const [rows, returns] = await Promise.all([repo.deliveredUpTo(ctx.db, period.to), repo.lastReturnsBefore(ctx.db, endUtc)]);
  const lastReturn = new Map(returns.map((r) => [r.device_id, r.at]));
  // The latest delivery of each device up to the end: it is held unless a return came after it.
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows) {
    const l = latest.get(r.device_id);
    if (!l || r.created_at > l.created_at || (r.created_at === l.created_at && r.delivery_id > l.delivery_id)) latest.set(r.device_id, r);
  }
  type Group = { row: RecipientRow; delivered: Set<number>; held: Set<number> };
  const grouped = new Map<string, Group>();
  const groupOf = (r: (typeof rows)[number]) => {
    const named = namedInOpenData(r);
    const cls = deviceClass(r.type as DeviceType, r.screen_inches);
    const key = `${r.hub_code}|${named ? r.partner_id : `-${r.kind}`}|${cls}`;
    let g = grouped.get(key);
    if (!g) {
      const row: RecipientRow = {
        period_start: period.from,
        period_end: period.to,
        hub_code: r.hub_code,
        recipient_kind: r.kind,
        recipient_code: named ? (r.code ?? '') : '',
        recipient_name: named ? r.name : t('opendata.unnamed'),
        recipient_municipality: named ? r.municipality : '',
        device_class: cls,
        delivered_count: 0,
        held_at_end_count: 0,
      };
      grouped.set(key, (g = { row, delivered: new Set(), held: new Set() }));
    }
    return g;
  };
  for (const r of rows) if (r.delivered_on >= period.from) groupOf(r).delivered.add(r.device_id);
  for (const r of latest.values()) {
    const back = lastReturn.get(r.device_id);
    if (back === undefined || back < r.created_at) groupOf(r).held.add(r.device_id);
  }
  return [...grouped.values()]
    .map((g) => ({ ...g.row, delivered_count: g.delivered.size, held_at_end_count: g.held.size }))
    .sort((a, b) => `${a.hub_code}|${a.recipient_kind}|${a.recipient_name}|${a.device_class}`.localeCompare(`${b.hub_code}|${b.recipient_kind}|${b.recipient_name}|${b.device_class}`));
}

export const FACTOR_COLUMNS = ['factor_set', 'device_class', 'source_category', 'weight_kg', 'embodied_kgco2e', 'displacement_default', 'source', 'licence'] as const;

export async function factorRows(ctx: AppContext) {
  return figuresRepo.factorsOf(ctx.db);
}

/** The headline figures of a hub's public page: since the start, and this year. */
export async function hubHeadlines(ctx: AppContext, hubId: number) {
  const today = dayOf(ctx.clock.now());
  const first = (await repo.firstYear(ctx.db)) ?? Number(today.slice(0, 4));
  const years: string[] = [];
  for (let y = first; y <= Number(today.slice(0, 4)); y++) years.push(String(y));
  const set = await loadFactorSet(ctx.db, DEFAULT_FACTOR_SET);
  const read = async (buckets: string[], from: string, to: string, single: boolean) => {
    const rows = (await figuresRepo.sumCounts(ctx.db, hubId, buckets, [METRIC.in, METRIC.out, METRIC.returned, METRIC.recycled, METRIC.orgs])).map((r) => ({
      metric: r.metric,
      dim: r.dim,
      n: Number(r.n),
      wn: Number(r.wn),
      g: Number(r.g),
    }));
    const total = (m: string) => rows.filter((r) => r.metric === m).reduce((s, r) => s + r.n, 0);
    const net = netByClass(
      rows.filter((r) => r.metric === METRIC.out),
      rows.filter((r) => r.metric === METRIC.returned),
    );
    const impact = computeImpact(net, set, DEFAULT_DISPLACEMENT);
    const orgs = single ? total(METRIC.orgs) : (await figuresRepo.distinctServed(ctx.db, hubId, from, to)).orgs;
    const recycledKg = rows.filter((r) => r.metric === METRIC.recycled).reduce((s, r) => s + Number(r.g), 0) / 1000;
    return { received: total(METRIC.in), reused: total(METRIC.out) - total(METRIC.returned), orgs, wasteKg: impact.wasteKg, co2eKg: impact.co2eKg, recycledKg };
  };
  const year = today.slice(0, 4);
  const [all, thisYear] = await Promise.all([read(years, `${first}-01-01`, today, years.length === 1), read([year], `${year}-01-01`, `${year}-12-31`, true)]);
  return { all, thisYear, year: Number(year), factorSet: set.name, displacement: DEFAULT_DISPLACEMENT, asOf: today };
}

const EU = 'http://publications.europa.eu/resource/authority';
/** Umbria in the EU's place list, with its ISTAT region code for dcatapit:geographicalIdentifier. */
const UMBRIA = { place: `${EU}/place/ITA_UMB`, istat: '10', nuts: 'ITI2' };
export const RESTART = { name: 'The Restart Project', url: 'https://therestartproject.org/consumption/hidden-impact-devices/', homepage: 'https://therestartproject.org/' };

/**
 * The DCAT-AP_IT description of the datasets, in JSON-LD. It passes the DCAT-AP 2.1.1 SHACL shapes
 * (every linked thing typed with the class its property expects) and carries what ckanext-dcatapit
 * reads beyond them: a contact point with an e-mail, schema:startDate/endDate, the geographical
 * identifier, dct:issued. The open quarter's files are marked provisional.
 */
export async function catalogue(ctx: AppContext, locale: Locale) {
  const t = translator(locale);
  const base = ctx.config.publicBaseUrl;
  const quarters = await publishedQuarters(ctx);
  const [hubs, identity] = await Promise.all([listHubs(ctx.db), programmeIdentity(ctx.db)]);
  // The body that runs the programme publishes, and its PEC (else the configured address) answers.
  const body = programmeBody(identity, ctx.config.programmeEmail);
  const bodyName = identity.bodyName ?? t('opendata.publisher');
  const oldest = quarters.at(-1)!;
  const newest = quarters[0]!;
  const today = dayOf(ctx.clock.now());
  const open = currentQuarter(today).key;
  const date = (d: string) => ({ '@value': d, '@type': 'xsd:date' });
  const agent = (id: string, name: string, identifier: string) => ({ '@id': id, '@type': ['foaf:Agent', 'dcatapit:Agent'], 'foaf:name': name, 'dct:identifier': identifier });
  const publisher = {
    ...agent(`${base}/opendata#publisher`, bodyName, body.taxCode ?? 'r_umbria'),
    'dct:type': { '@id': 'http://purl.org/adms/publishertype/RegionalAuthority', '@type': 'skos:Concept', 'skos:prefLabel': 'Regional authority' },
  };
  const restart = { ...agent(RESTART.homepage, RESTART.name, 'the-restart-project'), 'foaf:homepage': { '@id': RESTART.homepage, '@type': 'foaf:Document' } };
  const licence = (l: typeof LICENCE) => ({
    '@id': l.url,
    '@type': ['dct:LicenseDocument', 'dcatapit:LicenseDocument'],
    'foaf:name': l.name,
    'dct:type': { '@id': 'http://purl.org/adms/licencetype/Attribution', '@type': 'skos:Concept', 'skos:prefLabel': 'Attribution' },
  });
  const temporal = {
    '@type': 'dct:PeriodOfTime',
    'schema:startDate': date(oldest.from),
    'schema:endDate': date(newest.to),
    'dcat:startDate': date(oldest.from),
    'dcat:endDate': date(newest.to),
  };
  const language = { '@id': `${EU}/language/ITA`, '@type': 'dct:LinguisticSystem' };
  const format = (f: 'CSV' | 'JSON') => ({ '@id': `${EU}/file-type/${f}`, '@type': 'dct:MediaTypeOrExtent' });
  const mediaType = (f: 'CSV' | 'JSON') => ({ '@id': `https://www.iana.org/assignments/media-types/${f === 'CSV' ? 'text/csv' : 'application/json'}`, '@type': 'dct:MediaType' });
  const dist = (url: string, title: string, f: 'CSV' | 'JSON', l = LICENCE, q?: Period) => {
    const provisional = q?.key === open;
    return {
      '@id': url,
      '@type': ['dcat:Distribution', 'dcatapit:Distribution'],
      'dct:title': provisional ? `${title} (${t('opendata.provisional')})` : title,
      'dct:description': q ? t('opendata.distribution.quarter', { quarter: q.key, format: f }) : title,
      ...(provisional
        ? {
            'rdfs:comment': t('opendata.provisional.description'),
            'adms:status': { '@id': 'http://purl.org/adms/status/UnderDevelopment', '@type': 'skos:Concept', 'skos:prefLabel': 'Under development' },
          }
        : {}),
      'dcat:accessURL': { '@id': `${base}/opendata` },
      'dcat:downloadURL': { '@id': url },
      'dct:format': format(f),
      'dcat:mediaType': mediaType(f),
      'dct:license': licence(l),
      'dct:issued': date(q ? (provisional ? q.from : addDays(q.to, 1)) : oldest.from),
      'dcatap:availability': { '@id': `${EU}/planned-availability/STABLE`, '@type': 'skos:Concept', 'skos:prefLabel': 'stable' },
      'dct:modified': date(today),
    };
  };
  const contact = (id: string, name: string, email: string, url: string) => ({
    '@id': id,
    '@type': ['vcard:Kind', 'vcard:Organization', 'dcatapit:Organization'],
    'vcard:fn': name,
    'vcard:organization-name': name,
    'vcard:hasEmail': { '@id': `mailto:${email}` },
    'vcard:hasURL': { '@id': url },
  });
  const contactPoint = contact(`${base}/opendata#contact`, bodyName, body.email, `${base}/opendata`);
  // Each hub's figures (its rows and public page) answer at the hub's own address where it has one.
  const hubRelation = (h: (typeof hubs)[number]) => ({
    '@id': `${base}/hubs/${h.code}`,
    '@type': 'foaf:Document',
    'dct:title': h.name,
    ...(h.contact_email ? { 'dcat:contactPoint': contact(`${base}/hubs/${h.code}#contact`, h.name, h.contact_email, `${base}/hubs/${h.code}`) } : {}),
  });
  const THEMES: Record<string, string> = { ENVI: 'Ambiente', SOCI: 'Popolazione e società' };
  const spatial = {
    '@id': UMBRIA.place,
    '@type': ['dct:Location', 'dcatapit:GeographicalIdentifier'],
    'dct:identifier': UMBRIA.nuts,
    'dcatapit:geographicalIdentifier': UMBRIA.istat,
    'locn:geographicalName': 'Umbria',
  };
  const theme = (code: string) => ({
    '@id': `${EU}/data-theme/${code}`,
    '@type': 'skos:Concept',
    'skos:prefLabel': { '@value': THEMES[code], '@language': 'it' },
    'skos:inScheme': { '@id': `${EU}/data-theme`, '@type': 'skos:ConceptScheme' },
  });
  const frequency = (code: string) => ({ '@id': `${EU}/frequency/${code}`, '@type': 'dct:Frequency' });
  const common = {
    'dct:publisher': publisher,
    'dct:rightsHolder': publisher,
    'dcat:theme': [theme('ENVI'), theme('SOCI')],
    'dct:accrualPeriodicity': frequency('QUARTERLY'),
    'dct:language': language,
    'dct:issued': date(oldest.from),
    'dct:modified': date(today),
    'dct:spatial': spatial,
    'dcat:contactPoint': contactPoint,
    'dct:temporal': temporal,
  };
  return {
    '@context': {
      adms: 'http://www.w3.org/ns/adms#',
      dcatap: 'http://data.europa.eu/r5r/',
      rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatapit: 'http://dati.gov.it/onto/dcatapit#',
      foaf: 'http://xmlns.com/foaf/0.1/',
      locn: 'http://www.w3.org/ns/locn#',
      schema: 'http://schema.org/',
      skos: 'http://www.w3.org/2004/02/skos/core#',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `${base}/opendata/catalog.jsonld`,
    '@type': ['dcat:Catalog', 'dcatapit:Catalog'],
    'dct:title': t('opendata.title'),
    'dct:description': t('opendata.intro'),
    'dct:publisher': publisher,
    'dct:issued': date(oldest.from),
    'dct:modified': date(today),
    'foaf:homepage': { '@id': `${base}/opendata`, '@type': 'foaf:Document' },
    'dct:language': language,
    'dct:license': licence(LICENCE),
    'dct:spatial': spatial,
    'dcat:themeTaxonomy': { '@id': `${EU}/data-theme`, '@type': 'skos:ConceptScheme', 'dct:title': 'Data Theme' },
    'dcat:dataset': [
      {
        '@id': `${base}/opendata#figures`,
        '@type': ['dcat:Dataset', 'dcatapit:Dataset'],
        'dct:identifier': 'r_umbria:rigenera-figures',
        'dct:title': t('opendata.dataset.title'),
        'dct:description': t('opendata.dataset.description'),
        'dcat:keyword': ['economia circolare', 'RAEE', 'ricondizionamento', 'DigiPASS', 'riuso'],
        'dct:license': licence(LICENCE),
        ...common,
        'dcat:distribution': quarters.flatMap((q) => [
          dist(`${base}/opendata/figures/${q.key}.csv`, `${q.key} CSV`, 'CSV', LICENCE, q),
          dist(`${base}/opendata/figures/${q.key}.json`, `${q.key} JSON`, 'JSON', LICENCE, q),
        ]),
        'dct:relation': hubs.map(hubRelation),
      },
      {
        '@id': `${base}/opendata#recipients`,
        '@type': ['dcat:Dataset', 'dcatapit:Dataset'],
        'dct:identifier': 'r_umbria:rigenera-recipients',
        'dct:title': t('opendata.recipients.title'),
        'dct:description': t('opendata.recipients.description'),
        'dcat:keyword': ['scuole', 'riuso', 'DigiPASS', 'inclusione digitale'],
        'dct:license': licence(LICENCE),
        ...common,
        'dcat:distribution': quarters.flatMap((q) => [
          dist(`${base}/opendata/recipients/${q.key}.csv`, `${q.key} CSV`, 'CSV', LICENCE, q),
          dist(`${base}/opendata/recipients/${q.key}.json`, `${q.key} JSON`, 'JSON', LICENCE, q),
        ]),
      },
      {
        '@id': `${base}/opendata#impact-factors`,
        '@type': ['dcat:Dataset', 'dcatapit:Dataset'],
        'dct:identifier': 'r_umbria:rigenera-impact-factors',
        'dct:title': t('opendata.factors.title'),
        'dct:description': t('opendata.factors.description'),
        'dcat:keyword': ['LCA', 'CO2e', 'The Restart Project'],
        'dct:license': licence(FACTORS_LICENCE),
        ...common,
        // The data is The Restart Project's, under its licence: they hold the rights; the Region republishes it.
        'dct:rightsHolder': restart,
        'dct:creator': restart,
        'dct:source': {
          '@id': RESTART.url,
          '@type': 'dcat:Dataset',
          'dct:title': 'The Restart Project LCA data (environmental-impact-data)',
          'dct:description': t('opendata.factors.source'),
          'dct:publisher': restart,
          'dcat:landingPage': { '@id': RESTART.url, '@type': 'foaf:Document' },
        },
        'dct:accrualPeriodicity': frequency('IRREG'),
        'dcat:distribution': [dist(`${base}/opendata/impact-factors.csv`, 'CSV', 'CSV', FACTORS_LICENCE)],
      },
    ],
  };
}
