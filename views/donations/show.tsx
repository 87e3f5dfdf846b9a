import { ExportForm } from '../exports/links';
import type { HubOption } from '../../src/hubs/view-model';
import { formatDate, formatNumber } from '../../src/i18n/format';
import { Notice } from '../components/forms';
import { StateBadge, typeLabel } from '../components/state-badge';
import type { View } from '../view';

export type DonationView = {
  id: number;
  hub_code: string;
  hub_name: string;
  received_at: string;
  note: string | null;
  device_count: number;
  donor_kind: string;
  donor_name: string;
  donor_tax_code: string | null;
  donor_email: string | null;
  donor_phone: string | null;
  donor_erased_at: string | null;
};

export function DonationPage(props: {
  v: View;
  donation: DonationView;
  devices: { id: number; tag: string; type: string; brand: string | null; model: string | null; serial: string | null; state: string; weight_kg: number | null }[];
  showDonor: boolean;
  justCreated: boolean;
}) {
  const { v, donation: d } = props;
  return (
    <section>
      <h1>{v.t('donations.show.title', { id: d.id })}</h1>
      <Notice message={props.justCreated ? v.t('donations.created', { count: d.device_count }) : null} />
      {props.devices.length ? (
        <p>
          <a class={`button${props.justCreated ? ' big' : ' secondary'}`} href={`/labels?donation=${d.id}`}>
            {v.t('labels.printDonation', { count: props.devices.length })}
          </a>
        </p>
      ) : null}
      <dl class="facts">
        <dt>{v.t('field.hub')}</dt>
        <dd>{d.hub_name}</dd>
        <dt>{v.t('field.receivedAt')}</dt>
        <dd>{formatDate(v.locale, d.received_at)}</dd>
        <dt>{v.t('field.donorKind')}</dt>
        <dd>{v.t(`donorKind.${d.donor_kind}` as never)}</dd>
        {props.showDonor ? (
          <>
            <dt>{v.t('field.donorName')}</dt>
            <dd>{d.donor_erased_at ? v.t('common.erasedPerson') : d.donor_name}</dd>
            {d.donor_tax_code ? (
              <>
                <dt>{v.t('field.taxCode')}</dt>
                <dd>{d.donor_tax_code}</dd>
              </>
            ) : null}
            {d.donor_email ? (
              <>
                <dt>{v.t('field.email')}</dt>
                <dd>{d.donor_email}</dd>
              </>
            ) : null}
            {d.donor_phone ? (
              <>
                <dt>{v.t('field.phone')}</dt>
                <dd>{d.donor_phone}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {d.note ? (
          <>
            <dt>{v.t('field.note')}</dt>
            <dd>{d.note}</dd>
          </>
        ) : null}
      </dl>
      {props.showDonor ? (
        <p>
          <a class="button secondary" href={`/donations/${d.id}/erasure-certificate.pdf`}>
            {v.t('erasure.donationCertificate.link')}
          </a>
        </p>
      ) : null}
      <h2>{v.t('donations.devicesCount', { count: props.devices.length })}</h2>
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{v.t('field.tag')}</th>
              <th scope="col">{v.t('field.device')}</th>
              <th scope="col">{v.t('field.serial')}</th>
              <th scope="col">{v.t('field.weightKg')}</th>
              <th scope="col">{v.t('field.state')}</th>
            </tr>
          </thead>
          <tbody>
            {props.devices.map((x) => (
              <tr>
                <td data-label={v.t('field.tag')}>
                  <a class="tag" href={`/d/${x.tag}`}>
                    {x.tag}
                  </a>
                </td>
                <td data-label={v.t('field.device')}>{[typeLabel(v, x.type), x.brand, x.model].filter(Boolean).join(' · ')}</td>
                <td data-label={v.t('field.serial')}>{x.serial ?? '—'}</td>
                <td data-label={v.t('field.weightKg')}>{x.weight_kg !== null ? formatNumber(v.locale, x.weight_kg) : '—'}</td>
                <td data-label={v.t('field.state')}>
                  <StateBadge v={v} state={x.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function DonationListPage(props: {
  v: View;
  items: { id: number; received_at: string; device_count: number; hub_code: string; donor_kind: string; donor_name: string }[];
  next: number | null;
  showDonor: boolean;
  /** The hubs to export from (administrators and the region); null for a hub's own people. */
  exportHubs?: HubOption[] | null;
}) {
  const { v } = props;
  return (
    <section>
      <h1>{v.t('donations.list.title')}</h1>
      <p class="actions-row">
        <a class="button" href="/donations/new">
          {v.t('nav.newDonation')}
        </a>
        <a class="button secondary" href="/imports">
          {v.t('imports.fromSheet')}
        </a>
      </p>
      <ExportForm v={v} list="donations" hubs={props.exportHubs ?? null} />
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{v.t('field.receivedAt')}</th>
              <th scope="col">{v.t('field.hub')}</th>
              <th scope="col">{v.t('field.donorKind')}</th>
              {props.showDonor ? <th scope="col">{v.t('field.donorName')}</th> : null}
              <th scope="col">{v.t('donations.devices')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((d) => (
              <tr>
                <td data-label="#">
                  <a href={`/donations/${d.id}`}>#{d.id}</a>
                </td>
                <td data-label={v.t('field.receivedAt')}>{formatDate(v.locale, d.received_at)}</td>
                <td data-label={v.t('field.hub')}>{d.hub_code}</td>
                <td data-label={v.t('field.donorKind')}>{v.t(`donorKind.${d.donor_kind}` as never)}</td>
                {props.showDonor ? <td data-label={v.t('field.donorName')}>{d.donor_name}</td> : null}
                <td data-label={v.t('donations.devices')}>{d.device_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.next ? (
        <p>
          <a class="button secondary" href={`/donations?before=${props.next}`} rel="next">
            {v.t('common.nextPage')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
