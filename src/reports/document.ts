import type { DocBlock, DocSpec } from '../documents/pdf';
import type { Figures } from '../figures/service';
import { hasKey, translator, type Locale } from '../i18n/catalogue';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format';
import type { FrozenReport, RegionalReport } from './service';

/** The frozen report as an A4 PDF for the regional programme's monitoring: every figure as it was submitted. */
export function reportDocument(locale: Locale, r: FrozenReport): DocSpec {
  const t = translator(locale);
  const f: Figures = r.figures;
  const n = (x: number, d = 0) => formatNumber(locale, x, d);
  const lab = (prefix: string, key: string) => (hasKey(`${prefix}.${key}`) ? t(`${prefix}.${key}` as never) : key);
  const day = (d: string) => formatDate(locale, `${d}T12:00:00.000Z`);
  const table = (head: string, rows: [string, string][]): DocBlock => ({
    kind: 'table',
    columns: [
      { label: head, width: 5 },
      { label: t('figures.col.count'), width: 2 },
    ],
    rows: rows.length ? rows : [['—', '0']],
  });
  const lead = f.stock.leadMedian;
  const imp = f.impact;
  return {
    title: t('reports.pdf.title', { quarter: r.quarterKey, hub: r.hub_name }),
    subtitle: `${t('reports.pdf.subtitle', { version: r.version })} · ${t('figures.range', { from: day(f.period.from), to: day(f.period.to) })}`,
    footer: t('reports.pdf.footer', { quarter: r.quarterKey, hub: r.hub_code, version: r.version }),
    blocks: [
      {
        kind: 'facts',
        rows: [
          [t('field.hub'), `${r.hub_name} (${r.hub_code})`],
          [t('reports.quarter'), r.quarterKey],
          [t('reports.pdf.submitted'), `${formatDateTime(locale, r.submitted_at)}${r.submitted_by ? ` · ${r.submitted_by}` : ''}`],
          [t('field.factors'), `${r.factor_set}, ${t('field.displacement').toLowerCase()} ${n(r.displacement, 2)}`],
          ...(r.note ? ([[t('reports.pdf.note'), r.note]] as [string, string][]) : []),
          ...(r.supersedes ? ([[t('reports.supersedes', { version: r.supersedes.version, date: formatDateTime(locale, r.supersedes.submittedAt) }), '']] as [string, string][]) : []),
        ],
      },
      ...(r.supersedes ? changesBlocks(locale, r.supersedes) : []),
      { kind: 'heading', text: t('figures.in') },
      {
        kind: 'facts',
        rows: [
          [t('figures.in.devices'), n(f.in.devices)],
          [t('figures.col.kg'), t('figures.in.kg', { count: n(f.in.weighedDevices), kg: n(f.in.weighedKg, 1) })],
          [t('figures.in.donations'), n(f.in.donations)],
          [t('figures.in.donors'), n(f.in.donors)],
        ],
      },
      table(
        t('figures.in.byType'),
        f.in.byType.map((x) => [lab('deviceType', x.key), n(x.n)]),
      ),
      table(
        t('figures.in.byDonorKind'),
        f.in.byDonorKind.map((x) => [lab('donorKind', x.key), n(x.n)]),
      ),
      { kind: 'heading', text: t('figures.out') },
      {
        kind: 'facts',
        rows: [
          [t('figures.out.delivered'), n(f.out.delivered ?? f.out.reused)],
          [t('reports.short.correction'), `${n(-f.out.returned || 0)} · ${n(-(f.out.takenBack?.wasteKg ?? 0) || 0, 2)} kg · ${n(-(f.out.takenBack?.co2eKg ?? 0) || 0, 2)} kg CO2e`],
          [t('reports.short.net'), n(f.out.reused)],
          [t('reports.short.laterReturns'), n(r.figures.laterReturns?.devices ?? 0)],
          [t('figures.out.harvested'), n(f.out.harvested)],
          [t('figures.out.recycled'), n(f.out.recycled)],
          [t('figures.out.recycledKg'), n(f.out.recycledKg, 1)],
          ['RAEE', t('figures.out.raee', { count: n(f.out.raeeShipments), kg: n(f.out.raeeShippedKg, 1) })],
        ],
      },
      table(
        t('figures.out.byRecipientKind'),
        f.out.reusedByRecipientKind.map((x) => [lab('partnerKind', x.key), n(x.n)]),
      ),
      table(
        t('figures.out.parts'),
        f.out.parts.map((x) => [lab('part', x.key), n(x.n)]),
      ),
      { kind: 'heading', text: t('figures.work') },
      {
        kind: 'facts',
        rows: [
          [t('figures.work.erased'), n(f.work.disksErased)],
          [t('figures.work.destroyed'), n(f.work.disksDestroyed)],
        ],
      },
      table(
        t('figures.work.installs'),
        f.work.installs.map((x) => [x.key, n(x.n)]),
      ),
      { kind: 'heading', text: t('figures.stock') },
      {
        kind: 'facts',
        rows: [
          [t('reports.short.stockAtEnd'), n(f.stock.inStock)],
          [
            t('figures.stock.lead'),
            !lead
              ? '—'
              : lead.to === lead.from
                ? t('figures.stock.leadValue', { days: lead.from })
                : lead.to === null
                  ? t('figures.stock.leadOver', { from: lead.from })
                  : t('figures.stock.leadRange', { from: lead.from, to: lead.to }),
          ],
        ],
      },
      table(
        t('figures.stock.byState'),
        f.stock.byState.filter((s) => s.n > 0).map((s) => [lab('state', s.key), n(s.n)]),
      ),
      table(
        t('figures.stock.age'),
        f.stock.age.map((s) => [t('figures.stock.ageBand', { band: s.key }), n(s.n)]),
      ),
      { kind: 'heading', text: t('figures.impact') },
      {
        kind: 'facts',
        rows: [
          [t('figures.impact.waste'), n(imp.wasteKg, 2)],
          [t('figures.impact.co2'), `${n(imp.co2eKg, 2)} (${t('figures.impact.band', { low: n(imp.co2eLowKg, 2), high: n(imp.co2eHighKg, 2), lowD: n(imp.band[0], 2), highD: n(imp.band[1], 2) })})`],
        ],
      },
      {
        kind: 'table',
        columns: [
          { label: t('figures.impact.byClass'), width: 4 },
          { label: t('figures.col.count'), width: 1.5 },
          { label: t('figures.impact.waste'), width: 2.5 },
          { label: t('figures.impact.co2'), width: 2.5 },
        ],
        rows: imp.byClass.length ? imp.byClass.map((c) => [lab('deviceClass', c.cls), n(c.devices), n(c.wasteKg, 2), n(c.co2eKg, 2)]) : [['—', '0', '0', '0']],
      },
      { kind: 'paragraph', small: true, text: `${t('reports.pdf.estimates')} ${t('figures.impact.method', { set: imp.factorSet, displacement: n(imp.displacement, 2) })}` },
      ...(imp.sources.length ? ([{ kind: 'paragraph', small: true, text: t('reports.pdf.sources', { source: imp.sources.join('; '), licence: imp.licences.join('; ') }) }] as DocBlock[]) : []),
      { kind: 'heading', text: t('figures.people') },
      {
        kind: 'facts',
        rows: [
          [t('figures.people.orgs'), n(f.people.organisations)],
          [t('figures.people.beneficiaries'), n(f.people.beneficiaries)],
        ],
      },
    ],
  };
}

/** A correction's account of what it changed from the version it supersedes. */
function changesBlocks(locale: Locale, s: NonNullable<FrozenReport['supersedes']>): DocBlock[] {
  const t = translator(locale);
  const n = (x: number) => formatNumber(locale, x, 2);
  return [
    { kind: 'heading', text: t('reports.changes', { version: s.version }) },
    s.changes.length
      ? {
          kind: 'table',
          columns: [
            { label: t('figures.col.what'), width: 5 },
            { label: t('reports.col.before'), width: 2 },
            { label: t('reports.col.after'), width: 2 },
          ],
          rows: s.changes.map((c) => [hasKey(c.key) ? t(c.key as never) : c.key, n(c.before), n(c.after)]),
        }
      : { kind: 'paragraph', text: t('reports.noChanges') },
  ];
}

/** The Region's consolidated report of a quarter: the totals, then every hub's row and where it comes from. */
export function regionalDocument(locale: Locale, r: RegionalReport): DocSpec {
  const t = translator(locale);
  const n = (x: string | number, d = 0) => formatNumber(locale, Number(x), d);
  const day = (d: string) => formatDate(locale, `${d}T12:00:00.000Z`);
  const tot = r.total;
  return {
    title: t('reports.region.title', { quarter: r.period.key }),
    subtitle: `${t('reports.region.subtitle')} · ${t('figures.range', { from: day(r.period.from), to: day(r.period.to) })}`,
    footer: t('reports.region.footer', { quarter: r.period.key }),
    blocks: [
      {
        kind: 'facts',
        rows: [
          [t('figures.in.devices'), n(tot.received_count)],
          [t('figures.out.delivered'), n(tot.delivered_count)],
          [t('reports.short.correction'), n(-Number(tot.returned_count) || 0)],
          [t('reports.short.net'), n(tot.reused_count)],
          [t('figures.out.harvested'), n(tot.harvested_count)],
          [t('figures.out.recycled'), `${n(tot.recycled_count)} · ${n(tot.recycled_kg, 1)} kg`],
          [t('figures.impact.waste'), n(tot.waste_prevented_kg, 2)],
          [t('figures.impact.co2'), n(tot.co2e_avoided_kg, 2)],
          [t('reports.short.laterReturns'), n(tot.returned_after_quarter_count)],
          [t('reports.short.stockAtEnd'), n(tot.in_stock_at_end_count)],
        ],
      },
      { kind: 'heading', text: t('reports.region.hubs') },
      {
        kind: 'table',
        columns: [
          { label: t('field.hub'), width: 4 },
          { label: t('reports.region.version'), width: 2.4 },
          { label: t('figures.chart.in'), width: 1.6 },
          { label: t('figures.chart.out'), width: 1.8 },
          { label: t('figures.col.waste'), width: 2 },
          { label: t('figures.col.co2'), width: 2.2 },
        ],
        rows: r.rows.map((x) => [
          String(x.hub_name),
          x.report_version === '' ? t('reports.region.live') : `v${x.report_version}`,
          n(x.received_count),
          n(x.reused_count),
          n(x.waste_prevented_kg, 2),
          n(x.co2e_avoided_kg, 2),
        ]),
      },
      { kind: 'paragraph', small: true, text: t('reports.region.note') },
      { kind: 'paragraph', small: true, text: `${t('figures.method.reused')} ${t('figures.method.displacement')} ${t('figures.method.estimates')}` },
    ],
  };
}
