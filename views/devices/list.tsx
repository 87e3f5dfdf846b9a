import { DEVICE_STATES } from '../../src/lifecycle/lifecycle';
import { DEVICE_TYPES } from '../../src/devices/device-types';
import type { HubOption } from '../../src/hubs/view-model';
import type { ListQuery } from '../../src/devices/schema';
import type { DevicesBehind } from '../../src/devices/view-model';
import { formatDate } from '../../src/i18n/format';
import { Field, Select } from '../components/forms';
import { StateBadge, stateLabel, typeLabel } from '../components/state-badge';
import type { View } from '../view';
import { SpecFilters, specParams } from '../hardware/filters';
import { ExportLinks } from '../exports/links';

export type DeviceListItem = {
  id: number;
  tag: string;
  type: string;
  brand: string | null;
  model: string | null;
  serial: string | null;
  state: string;
  updated_at: string;
  hub_code: string;
};

export function DeviceListPage(props: {
  v: View;
  items: DeviceListItem[];
  query: ListQuery;
  next: number | null;
  hubs: HubOption[];
  showHubFilter: boolean;
  mistypedTag: boolean;
  /** The devices behind a dashboard figure, over every page, and their events when the figure counts events. */
  behind?: DevicesBehind | null;
}) {
  const { v, query } = props;
  const params = (extra: Record<string, string | number | undefined>) => {
    const all = { hub: query.hub, state: query.state, type: query.type, q: query.q, ...specParams(query), event: query.event, from: query.from, to: query.to, ...extra };
    const s = new URLSearchParams();
    for (const [k, val] of Object.entries(all)) if (val !== undefined && val !== '') s.set(k, String(val));
    return `/devices?${s.toString()}`;
  };
  return (
    <section>
      <h1>{v.t('devices.list.title')}</h1>
      <form method="get" action="/devices" class="filters" role="search">
        <Field id="q" name="q" type="search" label={v.t('devices.list.search')} value={query.q} hint={v.t('devices.list.searchHint')} />
        <Select
          id="state"
          name="state"
          label={v.t('field.state')}
          value={query.state ?? ''}
          options={[{ value: '', label: v.t('common.all') }, ...DEVICE_STATES.map((s) => ({ value: s, label: stateLabel(v, s) }))]}
        />
        <Select
          id="type"
          name="type"
          label={v.t('field.type')}
          value={query.type ?? ''}
          options={[{ value: '', label: v.t('common.all') }, ...DEVICE_TYPES.map((t) => ({ value: t, label: typeLabel(v, t) }))]}
        />
        {props.showHubFilter ? (
          <Select
            id="hub"
            name="hub"
            label={v.t('field.hub')}
            value={query.hub ?? ''}
            options={[{ value: '', label: v.t('common.all') }, ...props.hubs.map((h) => ({ value: h.code, label: h.name }))]}
          />
        ) : null}
        <SpecFilters v={v} query={query} />
        {query.event ? (
          <>
            <input type="hidden" name="event" value={query.event} />
            {query.from ? <input type="hidden" name="from" value={query.from} /> : null}
            {query.to ? <input type="hidden" name="to" value={query.to} /> : null}
            <p class="muted">
              {v.t('devices.list.eventFilter', {
                action: query.event,
                from: query.from ? formatDate(v.locale, `${query.from}T12:00:00Z`) : '…',
                to: query.to ? formatDate(v.locale, `${query.to}T12:00:00Z`) : '…',
              })}
            </p>
          </>
        ) : null}
        <button type="submit">{v.t('devices.list.filter')}</button>
      </form>
      <ExportLinks v={v} list="devices" query={{ hub: query.hub, state: query.state, type: query.type, q: query.q, ...specParams(query), event: query.event, from: query.from, to: query.to }} />
      {props.behind ? <BehindCount v={v} event={query.event} {...props.behind} /> : null}
      {props.mistypedTag ? <p class="alert alert-warn">{v.t('tags.mistyped', { tag: query.q ?? '' })}</p> : null}
      {props.items.length === 0 ? (
        <p>{v.t('devices.list.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">
                  <input type="checkbox" class="select-box" data-select-all="label-selection" aria-label={v.t('labels.selectAll')} /> {v.t('field.tag')}
                </th>
                <th scope="col">{v.t('field.device')}</th>
                <th scope="col">{v.t('field.serial')}</th>
                <th scope="col">{v.t('field.state')}</th>
                <th scope="col">{v.t('field.hub')}</th>
                <th scope="col">{v.t('field.updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((d) => (
                <tr>
                  <td data-label={v.t('field.tag')}>
                    <input type="checkbox" class="select-box" name="tags" value={d.tag} form="label-selection" aria-label={v.t('labels.select', { tag: d.tag })} />{' '}
                    <a class="tag" href={`/d/${d.tag}`}>
                      {d.tag}
                    </a>
                  </td>
                  <td data-label={v.t('field.device')}>{[typeLabel(v, d.type), d.brand, d.model].filter(Boolean).join(' · ')}</td>
                  <td data-label={v.t('field.serial')}>{d.serial ?? '—'}</td>
                  <td data-label={v.t('field.state')}>
                    <StateBadge v={v} state={d.state} />
                  </td>
                  <td data-label={v.t('field.hub')}>{d.hub_code}</td>
                  <td data-label={v.t('field.updatedAt')}>{formatDate(v.locale, d.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* The selection's checkboxes belong to this form (form="label-selection"): print what is ticked. */}
          <form id="label-selection" method="get" action="/labels" class="actions-row">
            <button type="submit" class="secondary">
              {v.t('labels.printSelected')}
            </button>
          </form>
          <script src={v.asset('labels.js')} defer></script>
        </div>
      )}
      {props.next ? (
        <p>
          <a class="button secondary" href={params({ after: props.next })} rel="next">
            {v.t('common.nextPage')}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** "3 dispositivi", or, when a figure counts events, "2 consegne di 1 dispositivo". */
function BehindCount(props: { v: View; event: string | undefined } & DevicesBehind) {
  const { v, net } = props;
  const devices = v.t('devices.behind.devices', { count: props.devices });
  const events = props.event && props.events !== null && props.events !== props.devices ? v.t(`devices.behind.event.${props.event}` as never, { count: props.events }) : null;
  return (
    <>
      <p class="headline-value list-count" data-devices={props.devices} data-events={props.events ?? net?.total ?? undefined}>
        {events ? v.t('devices.behind.of', { events, devices }) : devices}
      </p>
      {net ? <p class="list-count-net">{v.t('devices.behind.net', { total: net.total, out: net.out, back: net.back })}</p> : null}
    </>
  );
}
