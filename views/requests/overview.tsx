import { ExportForm } from '../exports/links';
import type { HubOption } from '../../src/hubs/view-model';
import { formatDate, formatNumber } from '../../src/i18n/format';
import { typeLabel } from '../components/state-badge';
import type { View } from '../view';
import { itemsText, RequestStateBadge } from './labels';

type Row = {
  id: number;
  state: string;
  partner_name: string;
  hub_code: string;
  purpose: string;
  created_at: string;
  items?: { type: string; quantity: number }[];
};

function RequestRows({ v, rows }: { v: View; rows: Row[] }) {
  return (
    <ul class="request-list">
      {rows.map((r) => (
        <li>
          <a href={`/requests/${r.id}`}>
            <strong>#{r.id}</strong> · {r.partner_name}
          </a>{' '}
          <RequestStateBadge v={v} state={r.state} />
          <div class="muted">
            {r.items ? itemsText(v, r.items) : ''} · {formatDate(v.locale, r.created_at)} · {r.hub_code}
          </div>
          <div class="muted clamp">{r.purpose}</div>
        </li>
      ))}
    </ul>
  );
}

/** Requests beside ready stock: where a coordinator starts allocating. */
export function AllocationPage(props: {
  v: View;
  open: Row[];
  waiting: Row[];
  recent: Row[];
  stock: { type: string; count: number }[];
  reports: { id: number; kind: string; description: string; delivery_id: number; tag: string; partner_name: string }[];
  canCreate: boolean;
  /** The hubs to export from (administrators and the region); null for a hub's own people. */
  exportHubs?: HubOption[] | null;
}) {
  const { v } = props;
  return (
    <section>
      <h1>{v.t('requests.title')}</h1>
      <ExportForm v={v} list="requests" hubs={props.exportHubs ?? null} />
      <div class="actions-row">
        {props.canCreate ? (
          <a class="button secondary" href="/requests/new">
            {v.t('requests.new.staff')}
          </a>
        ) : null}
        <a class="button secondary" href="/partners">
          {v.t('nav.partners')}
        </a>
        <a class="button secondary" href="/deliveries">
          {v.t('nav.deliveries')}
        </a>
      </div>
      <div class="split">
        <div>
          <h2>{v.t('requests.open')}</h2>
          {props.open.length ? <RequestRows v={v} rows={props.open} /> : <p class="muted">{v.t('requests.noneOpen')}</p>}
          <h2>{v.t('requests.waiting')}</h2>
          {props.waiting.length ? <RequestRows v={v} rows={props.waiting} /> : <p class="muted">{v.t('requests.noneWaiting')}</p>}
        </div>
        <aside>
          <h2>{v.t('requests.readyStock')}</h2>
          {props.stock.length ? (
            <ul class="counts">
              {props.stock.map((s) => (
                <li>
                  <a href={`/devices?state=ready&type=${s.type}`}>
                    <strong>{formatNumber(v.locale, s.count)}</strong>
                    {typeLabel(v, s.type)}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{v.t('requests.noStock')}</p>
          )}
          {props.reports.length ? (
            <>
              <h2>{v.t('deliveries.openReports')}</h2>
              <ul>
                {props.reports.map((r) => (
                  <li>
                    <a href={`/deliveries/${r.delivery_id}`}>
                      <span class="tag">{r.tag}</span>
                    </a>{' '}
                    · {r.partner_name} · {v.t(`reportKind.${r.kind}` as never)}: {r.description}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </aside>
      </div>
      {props.recent.length ? (
        <>
          <h2>{v.t('requests.recent')}</h2>
          <RequestRows v={v} rows={props.recent} />
        </>
      ) : null}
    </section>
  );
}
