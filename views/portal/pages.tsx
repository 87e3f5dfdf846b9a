import type { RequestView } from '../../src/requests/service';
import { formatDate } from '../../src/i18n/format';
import { ErrorBox, Notice, PostForm, TextArea } from '../components/forms';
import { RequestHistory } from '../requests/history';
import { itemsText, partnerKindLabel, RequestStateBadge, titleLabel } from '../requests/labels';
import { DeliveriesList, RequestFacts } from '../requests/page';
import type { View } from '../view';

/** The partner's home: its organisation, its requests and its deliveries, nothing else. */
export function PortalHome(props: {
  v: View;
  partner: { name: string; kind: string; code: string | null; municipality: string; hub_name: string; status: string };
  requests: { id: number; state: string; purpose: string; created_at: string; items: { type: string; quantity: number }[] }[];
  deliveries: { id: number; year: number; number: number; hub_code: string; title: string; delivered_on: string; device_count: number; receipt_completed_at: string | null }[];
  notice?: string;
}) {
  const { v, partner: p } = props;
  const toConfirm = props.deliveries.filter((d) => !d.receipt_completed_at);
  return (
    <section>
      <p class="muted">
        {partnerKindLabel(v, p.kind)} · {p.municipality}
        {p.code ? ` · ${p.code}` : ''}
      </p>
      <h1>{p.name}</h1>
      <p class="muted">{v.t('portal.servedBy', { hub: p.hub_name })}</p>
      <Notice message={props.notice} />
      {p.status === 'active' ? (
        <p>
          <a class="button big" href="/portal/requests/new">
            {v.t('portal.newRequest')}
          </a>
        </p>
      ) : (
        <p class="alert alert-warn">{v.t('portal.notActive')}</p>
      )}
      {toConfirm.length ? (
        <div class="alert alert-warn">
          <p>{v.t('portal.toConfirm', { count: toConfirm.length })}</p>
          <ul>
            {toConfirm.map((d) => (
              <li>
                <a href={`/portal/deliveries/${d.id}`}>{v.t('deliveries.short', { label: `${d.hub_code} ${d.number}/${d.year}` })}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>{v.t('portal.requests')}</h2>
      {props.requests.length ? (
        <ul class="request-list">
          {props.requests.map((r) => (
            <li>
              <a href={`/portal/requests/${r.id}`}>
                <strong>#{r.id}</strong>
              </a>{' '}
              <RequestStateBadge v={v} state={r.state} />
              <div class="muted">
                {itemsText(v, r.items)} · {formatDate(v.locale, r.created_at)}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{v.t('requests.none')}</p>
      )}
      <h2>{v.t('portal.deliveries')}</h2>
      {props.deliveries.length ? (
        <ul>
          {props.deliveries.map((d) => (
            <li>
              <a href={`/portal/deliveries/${d.id}`}>{v.t('deliveries.short', { label: `${d.hub_code} ${d.number}/${d.year}` })}</a> · {formatDate(v.locale, `${d.delivered_on}T12:00:00Z`)} ·{' '}
              {titleLabel(v, d.title)} · {v.t('deliveries.deviceCount', { count: d.device_count })}
              {d.receipt_completed_at ? ` · ${v.t('deliveries.received')}` : ` · ${v.t('deliveries.awaitingReceipt')}`}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{v.t('deliveries.none')}</p>
      )}
    </section>
  );
}

/** A request as its partner sees it: what was asked, what arrived, every change; never the hub's internal note. */
export function PortalRequestPage(p: RequestView & { v: View; notice?: string; error?: string; issues?: { path: string; message: string }[] }) {
  const { v, request: r } = p;
  return (
    <article>
      <p class="muted">
        <a href="/portal">{v.t('nav.portal')}</a>
      </p>
      <h1>
        {v.t('requests.show.title', { id: r.id })} <RequestStateBadge v={v} state={r.state} />
      </h1>
      <Notice message={p.notice} />
      <ErrorBox message={p.error} issues={p.issues} />
      <RequestFacts v={v} request={r} lines={p.lines} />
      <DeliveriesList v={v} deliveries={p.deliveries} base="/portal/deliveries" />
      <h2>{v.t('requests.history')}</h2>
      <RequestHistory v={v} events={p.events} />
      {p.canCancel ? (
        <details class="action">
          <summary>{v.t('requests.cancel')}</summary>
          <PostForm v={v} action={`/portal/requests/${r.id}/cancel`}>
            <TextArea id="cancel-note" name="note" label={v.t('field.note')} maxlength={1000} />
            <button type="submit" class="danger">
              {v.t('requests.cancel')}
            </button>
          </PostForm>
        </details>
      ) : null}
    </article>
  );
}
