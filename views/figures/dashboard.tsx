import type { Figures } from '../../src/figures/service';
import { codeLabel } from '../../src/i18n/catalogue';
import { formatDate, formatNumber } from '../../src/i18n/format';
import { BarChart, PairedColumns } from './charts';
import type { View } from '../view';

type Monthly = { month: string; in: number; out: number }[];
type Compared = { code: string; name: string; in: number; out: number }[];

export const RESTART_URL = 'https://therestartproject.org/consumption/hidden-impact-devices/';
export const DECISION_URL = 'https://eur-lex.europa.eu/eli/dec_impl/2021/19/oj';

const label = (v: View, prefix: string, key: string) => codeLabel(v.locale, prefix, key);
const day = (v: View, d: string) => formatDate(v.locale, `${d}T12:00:00.000Z`);

/** The same period on another page. */
const periodQuery = (f: Figures) => (f.period.kind === 'custom' ? `from=${f.period.from}&to=${f.period.to}` : `period=${f.period.key}`);

/** The devices behind a figure: the device list filtered by event, period, hub and type. */
function listHref(f: Figures, event: string, extra: Record<string, string> = {}) {
  const s = new URLSearchParams({ ...(f.hub ? { hub: f.hub.code } : {}), event, from: f.period.from, to: f.period.to, ...extra });
  return `/devices?${s.toString()}`;
}

/** The disks behind a disk figure: the disks themselves, not the devices they were in. */
function disksHref(f: Figures, outcome: 'erased' | 'destroyed') {
  const s = new URLSearchParams({ outcome, ...(f.hub ? { hub: f.hub.code } : {}), from: f.period.from, to: f.period.to });
  return `/figures/disks?${s.toString()}`;
}

type DiskRow = { tag: string; type: string; disk_serial: string | null; disk_model: string | null; method: string | null; source: string; at: string };

export function DisksPage(props: {
  v: View;
  title: string;
  hub: { code: string; name: string } | null;
  period: { from: string; to: string };
  outcome: string;
  count: number;
  disks: DiskRow[];
  truncated: boolean;
}) {
  const { v } = props;
  return (
    <section>
      <h1>{props.title}</h1>
      <p>
        {props.hub ? props.hub.name : v.t('figures.title.region')} · {v.t('figures.range', { from: day(v, props.period.from), to: day(v, props.period.to) })}
      </p>
      <p class="headline-value" data-count={props.count}>
        {v.t('figures.disks.count', { count: props.count })}
      </p>
      {props.truncated ? <p class="muted">{v.t('figures.disks.truncated', { n: props.disks.length })}</p> : null}
      <table class="figures-table">
        <thead>
          <tr>
            <th scope="col">{v.t('figures.disks.device')}</th>
            <th scope="col">{v.t('figures.disks.serial')}</th>
            <th scope="col">{v.t('figures.disks.model')}</th>
            <th scope="col">{v.t('figures.disks.method')}</th>
            <th scope="col">{v.t('figures.disks.when')}</th>
          </tr>
        </thead>
        <tbody>
          {props.disks.map((d) => (
            <tr>
              <th scope="row">
                <a href={`/d/${d.tag}`}>{d.tag}</a> <span class="muted">{label(v, 'deviceType', d.type)}</span>
              </th>
              <td>{d.disk_serial ?? '—'}</td>
              <td>{d.disk_model ?? '—'}</td>
              <td>{d.method ?? d.source}</td>
              <td>{formatDate(v.locale, d.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function PeriodForm(props: { v: View; action: string; figures: Figures }) {
  const { v, figures } = props;
  const p = figures.period;
  return (
    <form method="get" action={props.action} class="filters period-form">
      <div class="field">
        <label for="period">{v.t('field.period')}</label>
        <p class="hint">{v.t('figures.period.hint')}</p>
        <input id="period" name="period" value={p.kind === 'custom' ? '' : p.key} pattern="\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?" />
      </div>
      <div class="field">
        <label for="from">{v.t('field.from')}</label>
        <input id="from" name="from" type="date" value={p.kind === 'custom' ? p.from : ''} />
      </div>
      <div class="field">
        <label for="to">{v.t('field.to')}</label>
        <input id="to" name="to" type="date" value={p.kind === 'custom' ? p.to : ''} />
      </div>
      <button type="submit">{v.t('figures.show')}</button>
    </form>
  );
}

function Num(props: { v: View; value: number; decimals?: number }) {
  return <>{formatNumber(props.v.locale, props.value, props.decimals ?? 0)}</>;
}

function Headline(props: { v: View; value: number; label: string; href?: string; decimals?: number; note?: string }) {
  const n = formatNumber(props.v.locale, props.value, props.decimals ?? 0);
  return (
    <div class="headline">
      <p class="headline-value">{props.href ? <a href={props.href}>{n}</a> : n}</p>
      <p class="headline-label">{props.label}</p>
      {props.note ? <p class="headline-note muted">{props.note}</p> : null}
    </div>
  );
}

function Table(props: { v: View; rows: { label: string; n: number; kg?: number; href?: string }[]; kg?: boolean }) {
  const { v } = props;
  if (props.rows.length === 0) return <p class="muted">{v.t('figures.chart.empty')}</p>;
  return (
    <table class="figures-table">
      <thead>
        <tr>
          <th scope="col">{v.t('figures.col.what')}</th>
          <th scope="col" class="num">
            {v.t('figures.col.count')}
          </th>
          {props.kg ? (
            <th scope="col" class="num">
              {v.t('figures.col.kg')}
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</th>
            <td class="num">
              <Num v={v} value={r.n} />
            </td>
            {props.kg ? (
              <td class="num">
                <Num v={v} value={r.kg ?? 0} decimals={1} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The head of a table of counts with their kg and CO2e. */
function ImpactHead({ v, first }: { v: View; first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" class="num">
          {v.t('figures.col.count')}
        </th>
        <th scope="col" class="num">
          {v.t('figures.col.waste')}
        </th>
        <th scope="col" class="num">
          {v.t('figures.col.co2')}
        </th>
      </tr>
    </thead>
  );
}

/** Delivered, the returns' correction, and net reuse, each with its kg and CO2e: a return is never taken back silently. */
function ReuseTable(props: { v: View; f: Figures; href: (event: string) => string | undefined }) {
  const { v, f } = props;
  const imp = f.impact;
  const back = f.out.takenBack;
  const rows = [
    { id: 'delivered', label: v.t('figures.out.delivered'), n: f.out.delivered, waste: imp.wasteKg + back.wasteKg, co2: imp.co2eKg + back.co2eKg, href: props.href('deliver') },
    { id: 'correction', label: v.t('figures.out.correction'), n: -f.out.returned, waste: -back.wasteKg, co2: -back.co2eKg, href: props.href('return') },
    { id: 'net', label: v.t('figures.out.net'), n: f.out.reused, waste: imp.wasteKg, co2: imp.co2eKg, href: props.href('net') },
  ];
  return (
    <>
      <table class="figures-table reuse-table">
        <ImpactHead v={v} first={v.t('figures.col.what')} />
        <tbody>
          {rows.map((r) => (
            <tr data-row={r.id}>
              <th scope="row">{r.href ? <a href={r.href}>{r.label}</a> : <strong>{r.label}</strong>}</th>
              <td class="num">
                <Num v={v} value={r.n} />
              </td>
              <td class="num">
                <Num v={v} value={Math.round(r.waste * 100) / 100} decimals={2} />
              </td>
              <td class="num">
                <Num v={v} value={Math.round(r.co2 * 100) / 100} decimals={2} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">{v.t('figures.out.correctionNote')}</p>
    </>
  );
}

/** The method, in words a Region officer reads in a minute. */
export function Method(props: { v: View }) {
  const { v } = props;
  return (
    <details class="method" open>
      <summary>{v.t('figures.method.title')}</summary>
      <ul>
        <li>{v.t('figures.method.reused')}</li>
        <li>
          {v.t('figures.method.factors')} <a href={RESTART_URL}>{v.t('figures.method.restart')}</a> · <a href={DECISION_URL}>{v.t('figures.method.decision')}</a> ·{' '}
          <a href="/opendata/impact-factors.csv">impact-factors.csv</a>
        </li>
        <li>{v.t('figures.method.displacement')}</li>
        <li>{v.t('figures.method.estimates')}</li>
      </ul>
    </details>
  );
}

/** The figures of a period, hub or region alike: what came in, what went out, the work, the stock, the impact. */
export function FiguresBody(props: { v: View; figures: Figures; monthly?: Monthly; compared?: Compared; links?: boolean; stockTitle?: string }) {
  const { v, figures: f } = props;
  const links = props.links !== false;
  const href = (event: string, extra?: Record<string, string>) => (links ? listHref(f, event, extra) : undefined);
  const imp = f.impact;
  const lead = f.stock.leadMedian;
  const leadText = !lead
    ? '—'
    : lead.to === lead.from
      ? v.t('figures.stock.leadValue', { days: lead.from })
      : lead.to === null
        ? v.t('figures.stock.leadOver', { from: lead.from })
        : v.t('figures.stock.leadRange', { from: lead.from, to: lead.to });
  return (
    <>
      <div class="headlines">
        <Headline v={v} value={f.in.devices} label={v.t('figures.in.devices')} href={href('receive')} />
        <Headline v={v} value={f.out.reused} label={v.t('figures.out.reused')} href={href('net')} />
        <Headline v={v} value={imp.wasteKg} decimals={1} label={v.t('figures.impact.waste')} />
        <Headline
          v={v}
          value={imp.co2eKg}
          decimals={1}
          label={v.t('figures.impact.co2')}
          note={v.t('figures.impact.band', {
            low: formatNumber(v.locale, imp.co2eLowKg, 1),
            high: formatNumber(v.locale, imp.co2eHighKg, 1),
            lowD: formatNumber(v.locale, imp.band[0], 2),
            highD: formatNumber(v.locale, imp.band[1], 2),
          })}
        />
      </div>
      <p class="muted small">{v.t('figures.impact.method', { set: imp.factorSet, displacement: formatNumber(v.locale, imp.displacement, 2) })}</p>
      <Method v={v} />

      <div class="charts">
        {props.monthly ? (
          <PairedColumns
            title={v.t('figures.chart.monthly')}
            groups={props.monthly.map((m) => ({ label: m.month.slice(5), a: m.in, b: m.out }))}
            legend={[v.t('figures.chart.in'), v.t('figures.chart.out')]}
            locale={v.locale}
            empty={v.t('figures.chart.empty')}
          />
        ) : null}
        {props.compared ? (
          <BarChart
            title={`${v.t('figures.chart.hubs')} · ${v.t('figures.chart.out')}`}
            items={props.compared.map((h) => ({ label: h.name, value: h.out, href: links ? `/figures/hub/${h.code}?${periodQuery(f)}` : undefined }))}
            locale={v.locale}
            empty={v.t('figures.chart.empty')}
          />
        ) : null}
        <BarChart
          title={v.t('figures.chart.reuse')}
          items={f.out.reusedByRecipientKind.map((r) => ({ label: label(v, 'partnerKind', r.key), value: r.n }))}
          locale={v.locale}
          empty={v.t('figures.chart.empty')}
        />
        <BarChart
          title={v.t('figures.chart.stock')}
          items={f.stock.byState
            .filter((s) => s.n > 0)
            .map((s) => ({ label: label(v, 'state', s.key), value: s.n, href: links ? `/devices?${new URLSearchParams({ ...(f.hub ? { hub: f.hub.code } : {}), state: s.key })}` : undefined }))}
          locale={v.locale}
          empty={v.t('figures.chart.empty')}
        />
      </div>

      <h2>{v.t('figures.in')}</h2>
      <p>
        {v.t('figures.in.kg', { count: formatNumber(v.locale, f.in.weighedDevices), kg: formatNumber(v.locale, f.in.weighedKg, 1) })} · {v.t('figures.in.donations')}:{' '}
        <Num v={v} value={f.in.donations} /> · {v.t('figures.in.donors')}: <Num v={v} value={f.in.donors} />
      </p>
      <h3>{v.t('figures.in.byType')}</h3>
      <Table v={v} kg rows={f.in.byType.map((r) => ({ label: label(v, 'deviceType', r.key), n: r.n, kg: r.kg, href: href('receive', { type: r.key }) }))} />
      <h3>{v.t('figures.in.byDonorKind')}</h3>
      <Table v={v} kg rows={f.in.byDonorKind.map((r) => ({ label: label(v, 'donorKind', r.key), n: r.n, kg: r.kg }))} />

      <h2>{v.t('figures.out')}</h2>
      <ReuseTable v={v} f={f} href={href} />
      <Table
        v={v}
        rows={[
          { label: v.t('figures.out.harvested'), n: f.out.harvested, href: href('harvest') },
          { label: v.t('figures.out.recycled'), n: f.out.recycled, href: href('recycle') },
        ]}
      />
      <p>
        {v.t('figures.out.recycledKg')}: <Num v={v} value={f.out.recycledKg} decimals={1} /> ·{' '}
        {v.t('figures.out.raee', { count: formatNumber(v.locale, f.out.raeeShipments), kg: formatNumber(v.locale, f.out.raeeShippedKg, 1) })}
      </p>
      <h3>{v.t('figures.out.byRecipientKind')}</h3>
      <Table v={v} rows={f.out.reusedByRecipientKind.map((r) => ({ label: label(v, 'partnerKind', r.key), n: r.n }))} />
      <h3>{v.t('figures.in.byType')}</h3>
      <Table v={v} rows={f.out.reusedByType.map((r) => ({ label: label(v, 'deviceType', r.key), n: r.n, href: href('net', { type: r.key }) }))} />
      <h3>{v.t('figures.out.parts')}</h3>
      <Table v={v} rows={f.out.parts.map((r) => ({ label: label(v, 'part', r.key), n: r.n }))} />

      <h2>{v.t('figures.work')}</h2>
      <Table
        v={v}
        rows={[
          { label: v.t('figures.work.erased'), n: f.work.disksErased, href: links ? disksHref(f, 'erased') : undefined },
          { label: v.t('figures.work.destroyed'), n: f.work.disksDestroyed, href: links ? disksHref(f, 'destroyed') : undefined },
        ]}
      />
      <h3>{v.t('figures.work.installs')}</h3>
      <Table v={v} rows={f.work.installs.map((r) => ({ label: r.key, n: r.n, href: href('install') }))} />

      <h2>{props.stockTitle ?? v.t('figures.stock')}</h2>
      <p>
        {v.t('figures.stock.inStock')}: <Num v={v} value={f.stock.inStock} /> · {v.t('figures.stock.lead')}: {leadText}{' '}
        <span class="muted">({v.t('figures.stock.leadOf', { count: formatNumber(v.locale, f.stock.leadDelivered) })})</span>
      </p>
      <h3>{v.t('figures.stock.age')}</h3>
      <Table v={v} rows={f.stock.age.map((r) => ({ label: v.t('figures.stock.ageBand', { band: r.key }), n: r.n }))} />

      <h2>{v.t('figures.impact')}</h2>
      <table class="figures-table">
        <ImpactHead v={v} first={v.t('figures.impact.byClass')} />
        <tbody>
          {imp.byClass.map((c) => (
            <tr>
              <th scope="row">
                {label(v, 'deviceClass', c.cls)}
                {c.missingFactor ? <span class="muted"> ({v.t('figures.impact.missing')})</span> : null}
              </th>
              <td class="num">
                <Num v={v} value={c.devices} />
              </td>
              <td class="num">
                <Num v={v} value={c.wasteKg} decimals={2} />
              </td>
              <td class="num">
                <Num v={v} value={c.co2eKg} decimals={2} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{v.t('figures.people')}</h2>
      <Table
        v={v}
        rows={[
          { label: v.t('figures.people.orgs'), n: f.people.organisations },
          { label: v.t('figures.people.beneficiaries'), n: f.people.beneficiaries },
        ]}
      />
    </>
  );
}

export function DashboardPage(props: {
  v: View;
  title: string;
  action: string;
  figures: Figures;
  monthly: Monthly;
  compared?: Compared;
  hubLinks?: { code: string; name: string }[];
  extraLinks?: { href: string; label: string }[];
}) {
  const { v, figures } = props;
  return (
    <section class="dashboard">
      <h1>{props.title}</h1>
      <p class="muted">{v.t('figures.range', { from: day(v, figures.period.from), to: day(v, figures.period.to) })}</p>
      <PeriodForm v={v} action={props.action} figures={figures} />
      {props.extraLinks?.length ? (
        <p class="links">
          {props.extraLinks.map((l) => (
            <>
              <a href={l.href}>{l.label}</a>{' '}
            </>
          ))}
        </p>
      ) : null}
      <FiguresBody v={v} figures={figures} monthly={props.monthly} compared={props.compared} />
      {props.hubLinks?.length ? (
        <>
          <h2>{v.t('figures.pickHub')}</h2>
          <ul class="hub-links">
            {props.hubLinks.map((h) => (
              <li>
                <a href={`/figures/hub/${h.code}?${periodQuery(figures)}`}>{h.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
