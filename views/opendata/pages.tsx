import type { Period } from '../../src/figures/periods';
import type { HubIdentityView, HubOption } from '../../src/hubs/view-model';
import { formatDate, formatNumber } from '../../src/i18n/format';
import type { View } from '../view';

export function OpenDataPage(props: { v: View; quarters: Period[]; hubs: HubOption[]; licence: { name: string; url: string }; factorsLicence: { name: string; url: string } }) {
  const { v } = props;
  return (
    <section>
      <h1>{v.t('opendata.title')}</h1>
      <p>{v.t('opendata.intro')}</p>
      <p>
        {v.t('opendata.licence', { licence: '' })}
        <a href={props.licence.url} rel="license">
          {props.licence.name}
        </a>
        {' · '}
        <a href="/opendata/catalog.jsonld">{v.t('opendata.catalog')}</a>
      </p>
      <h2>{v.t('opendata.figures')}</h2>
      <div class="table-scroll">
        <table class="figures-table">
          <thead>
            <tr>
              <th scope="col">{v.t('opendata.quarter')}</th>
              <th scope="col">{v.t('opendata.figures')}</th>
              <th scope="col">{v.t('opendata.recipients')}</th>
            </tr>
          </thead>
          <tbody>
            {props.quarters.map((q) => (
              <tr>
                <th scope="row">{q.key}</th>
                <td>
                  <a href={`/opendata/figures/${q.key}.csv`}>CSV</a> · <a href={`/opendata/figures/${q.key}.json`}>JSON</a>
                </td>
                <td>
                  <a href={`/opendata/recipients/${q.key}.csv`}>CSV</a> · <a href={`/opendata/recipients/${q.key}.json`}>JSON</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{v.t('opendata.factors')}</h2>
      <p>
        <a href="/opendata/impact-factors.csv">impact-factors.csv</a> · {v.t('opendata.licence', { licence: '' })}
        <a href={props.factorsLicence.url} rel="license">
          {props.factorsLicence.name}
        </a>
      </p>
      <h2>{v.t('opendata.hubPages')}</h2>
      <ul class="hub-links">
        {props.hubs.map((h) => (
          <li>
            <a href={`/hubs/${h.code}`}>{h.name}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

type Headlines = { received: number; reused: number; orgs: number; wasteKg: number; co2eKg: number; recycledKg: number };

function Block(props: { v: View; title: string; h: Headlines }) {
  const { v, h } = props;
  const item = (value: number, label: string, decimals = 0) => (
    <div class="headline">
      <p class="headline-value">{formatNumber(v.locale, value, decimals)}</p>
      <p class="headline-label">{label}</p>
    </div>
  );
  return (
    <>
      <h2>{props.title}</h2>
      <div class="headlines">
        {item(h.reused, v.t('hubPage.reused'))}
        {item(h.received, v.t('hubPage.received'))}
        {item(h.orgs, v.t('hubPage.orgs'))}
        {item(h.wasteKg, v.t('hubPage.waste'))}
        {item(h.co2eKg, v.t('hubPage.co2'))}
        {item(h.recycledKg, v.t('hubPage.recycledKg'))}
      </div>
    </>
  );
}

/** A hub's public page: its headline figures, for its website or a poster. Aggregates only. */
export function HubPublicPage(props: { v: View; hub: HubIdentityView; all: Headlines; thisYear: Headlines; year: number; factorSet: string; displacement: number; asOf: string }) {
  const { v, hub } = props;
  return (
    <section class="hub-poster">
      <h1>{v.t('hubPage.title', { hub: hub.name })}</h1>
      <Block v={v} title={v.t('hubPage.since')} h={props.all} />
      <Block v={v} title={v.t('hubPage.year', { year: props.year })} h={props.thisYear} />
      <p class="muted small">
        {v.t('hubPage.method', { set: props.factorSet, displacement: formatNumber(v.locale, props.displacement, 2), date: formatDate(v.locale, `${props.asOf}T12:00:00.000Z`) })}
      </p>
      {hub.contact_email || hub.contact_phone || hub.address ? (
        <>
          <h2>{v.t('hubPage.contact')}</h2>
          <p>{[hub.address, hub.comune, hub.contact_phone, hub.contact_email].filter(Boolean).join(' · ')}</p>
          {hub.opening_hours ? <p>{v.t('passport.hours', { hours: hub.opening_hours })}</p> : null}
        </>
      ) : null}
      <p>
        <a href="/opendata">{v.t('hubPage.data')}</a>
      </p>
    </section>
  );
}
