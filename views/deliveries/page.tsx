import { ExportForm } from '../exports/links';
import type { HubOption } from '../../src/hubs/view-model';
import type { DeliveryView } from '../../src/deliveries/service';
import { erasureText, specsText } from '../../src/deliveries/documents';
import { formatDate, formatDateTime } from '../../src/i18n/format';
import { ErrorBox, Notice, PostForm, Radios, Select, TextArea } from '../components/forms';
import { StateBadge, typeLabel } from '../components/state-badge';
import { reportKindLabel, titleLabel } from '../requests/labels';
import type { View } from '../view';

type Props = DeliveryView & {
  v: View;
  notice?: string;
  error?: string;
  issues?: { path: string; message: string }[];
  /** Where forms post: /deliveries for the hub, /portal/deliveries for the partner. */
  base: string;
};

/**
 * A delivery: its number, documents and devices. The partner confirms receipt (all at once, or
 * device by device) and reports faults or returns; the hub records a device that came back.
 */
export function DeliveryPage(p: Props) {
  const { v, delivery: d } = p;
  const pending = p.devices.filter((x) => !x.received_at);
  const withPartner = p.devices.filter((x) => x.withPartner);
  return (
    <article>
      <p class="muted">
        {p.staff ? (
          <a href={`/requests/${d.request_id}`}>{v.t('requests.show.title', { id: d.request_id })}</a>
        ) : (
          <a href={`/portal/requests/${d.request_id}`}>{v.t('requests.show.title', { id: d.request_id })}</a>
        )}
      </p>
      <h1>{v.t('deliveries.title', { label: d.label })}</h1>
      <Notice message={p.notice} />
      <ErrorBox message={p.error} issues={p.issues} />
      <dl class="facts">
        <dt>{v.t('deliveries.doc.date')}</dt>
        <dd>{formatDate(v.locale, `${d.delivered_on}T12:00:00Z`)}</dd>
        <dt>{v.t('deliveries.doc.sender')}</dt>
        <dd>{d.hub_name}</dd>
        <dt>{v.t('deliveries.doc.recipient')}</dt>
        <dd>{d.partner_name}</dd>
        <dt>{v.t('field.title')}</dt>
        <dd>
          {titleLabel(v, d.title)}
          {d.loan_until ? ` · ${v.t('deliveries.until', { date: formatDate(v.locale, `${d.loan_until}T12:00:00Z`) })}` : ''}
        </dd>
        <dt>{v.t('deliveries.receipt')}</dt>
        <dd>{d.receipt_completed_at ? v.t('deliveries.receiptComplete', { date: formatDateTime(v.locale, d.receipt_completed_at) }) : v.t('deliveries.receiptPending', { count: pending.length })}</dd>
      </dl>
      <div class="actions-row">
        <a class="button secondary" href={`/deliveries/${d.id}/ddt.pdf`}>
          {v.t('deliveries.ddtPdf')}
        </a>
        {d.title === 'loan' ? (
          <a class="button secondary" href={`/deliveries/${d.id}/comodato.pdf`}>
            {v.t('deliveries.comodatoPdf')}
          </a>
        ) : null}
      </div>
      {v.locale !== 'it' ? (
        <p class="muted">
          {v.t('doc.readingCopy')} <a href={`/deliveries/${d.id}/ddt.pdf?copy=en`}>{`${v.t('deliveries.ddtPdf')}: ${v.t('doc.readingCopyLink')}`}</a>
          {d.title === 'loan' ? (
            <>
              {' · '}
              <a href={`/deliveries/${d.id}/comodato.pdf?copy=en`}>{`${v.t('deliveries.comodatoPdf')}: ${v.t('doc.readingCopyLink')}`}</a>
            </>
          ) : null}
        </p>
      ) : null}

      {p.canConfirm && pending.length ? (
        <section aria-labelledby="confirm">
          <h2 id="confirm">{v.t('deliveries.confirmTitle')}</h2>
          <PostForm v={v} action={`${p.base}/${d.id}/receipt`}>
            <input type="hidden" name="all" value="true" />
            <button type="submit" class="big">
              {v.t('deliveries.confirmAll', { count: pending.length })}
            </button>
          </PostForm>
          {pending.length > 1 ? (
            <details class="action">
              <summary>{v.t('deliveries.confirmSome')}</summary>
              <PostForm v={v} action={`${p.base}/${d.id}/receipt`}>
                <ul class="choices">
                  {pending.map((x, i) => (
                    <li>
                      <label class="radio" for={`receive-${x.tag}`}>
                        <input type="checkbox" id={`receive-${x.tag}`} name={`tags.${i}`} value={x.tag} />
                        <span>
                          <span class="tag">{x.tag}</span> · {[typeLabel(v, x.type), x.brand, x.model].filter(Boolean).join(' ')}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
                <button type="submit">{v.t('deliveries.confirmSelected')}</button>
              </PostForm>
            </details>
          ) : null}
        </section>
      ) : null}

      <h2>{v.t('field.devices')}</h2>
      <ul class="device-cards">
        {p.devices.map((x) => (
          <li class="device-row">
            <div>
              {p.staff ? (
                <a class="tag" href={`/d/${x.tag}`}>
                  {x.tag}
                </a>
              ) : (
                <span class="tag">{x.tag}</span>
              )}{' '}
              · {[typeLabel(v, x.type), x.brand, x.model].filter(Boolean).join(' ')}
              {p.staff && x.current_state ? (
                <>
                  {' '}
                  <StateBadge v={v} state={x.current_state} />
                </>
              ) : null}
            </div>
            <div class="grid muted">
              <span>
                {v.t('field.serial')}: {x.serial ?? '—'}
              </span>
              <span>{specsText(v.locale, x.specs) || v.t('requests.specsUnknown')}</span>
              <span>
                {v.t('deliveries.doc.system')}: {x.os ?? '—'}
              </span>
              <span>
                {v.t('deliveries.doc.erasure')}: {erasureText(v.locale, x.erasure) || '—'}
              </span>
            </div>
            <div>
              {x.received_at ? v.t('deliveries.receivedBy', { date: formatDateTime(v.locale, x.received_at), who: x.received_by ?? '—' }) : v.t('deliveries.notYetReceived')}
              {!x.withPartner ? ` · ${v.t('deliveries.cameBack')}` : ''}
              {!x.withPartner ? (
                <>
                  {' · '}
                  <a href={`/deliveries/${d.id}/returns/${x.tag}.pdf`}>{v.t('doc.return.pdf')}</a>
                </>
              ) : null}
            </div>
            {p.canReturn && x.withPartner ? (
              <details class="action">
                <summary>{v.t('deliveries.recordReturn')}</summary>
                <PostForm v={v} action={`${p.base}/${d.id}/returns`}>
                  <input type="hidden" name="tag" value={x.tag} />
                  <TextArea id={`return-${x.tag}`} name="reason" label={v.t('field.reason')} maxlength={500} />
                  <button type="submit">{v.t('deliveries.recordReturn')}</button>
                </PostForm>
              </details>
            ) : null}
          </li>
        ))}
      </ul>

      {p.canReport && withPartner.length ? (
        <section aria-labelledby="report">
          <h2 id="report">{v.t('deliveries.reportTitle')}</h2>
          <p class="hint">{v.t('deliveries.reportHint')}</p>
          <PostForm v={v} action={`${p.base}/${d.id}/reports`}>
            <Select
              id="report-tag"
              name="tag"
              label={v.t('field.device')}
              required
              options={withPartner.map((x) => ({ value: x.tag, label: `${x.tag} · ${typeLabel(v, x.type)} ${x.model ?? ''}` }))}
            />
            <Radios
              idPrefix="report-kind"
              name="kind"
              legend={v.t('deliveries.reportKind')}
              required
              value="fault"
              options={[
                { value: 'fault', label: v.t('reportKind.fault') },
                { value: 'return', label: v.t('reportKind.return') },
              ]}
            />
            <TextArea id="report-description" name="description" label={v.t('deliveries.reportDescription')} maxlength={1000} rows={3} />
            <button type="submit">{v.t('deliveries.reportSubmit')}</button>
          </PostForm>
        </section>
      ) : null}

      {p.reports.length ? (
        <section aria-labelledby="reports">
          <h2 id="reports">{v.t('deliveries.reports')}</h2>
          <ul>
            {p.reports.map((r) => (
              <li>
                <span class="tag">{r.tag}</span> · {reportKindLabel(v, r.kind)} · {formatDateTime(v.locale, r.created_at)}
                {r.reported_by ? ` · ${r.reported_by}` : ''}
                <div>{r.description}</div>
                <div class="muted">{r.state === 'open' ? v.t('deliveries.reportOpen') : v.t(`deliveries.reportClosed.${r.outcome ?? 'resolved'}` as never)}</div>
                {p.canReturn && r.state === 'open' ? (
                  <PostForm v={v} action={`${p.base}/${d.id}/reports/${r.id}/resolve`} class="inline">
                    <button type="submit" class="secondary">
                      {v.t('deliveries.resolve')}
                    </button>
                  </PostForm>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

export function DeliveryListPage(props: {
  v: View;
  deliveries: { id: number; year: number; number: number; hub_code: string; partner_name: string; title: string; delivered_on: string; device_count: number; receipt_completed_at: string | null }[];
  base: string;
  /** The hubs to export from (administrators and the region); null for a hub's own people. */
  exportHubs?: HubOption[] | null;
}) {
  const { v } = props;
  return (
    <section>
      <h1>{v.t('nav.deliveries')}</h1>
      {props.base === '/deliveries' ? <ExportForm v={v} list="deliveries" hubs={props.exportHubs ?? null} /> : null}
      {props.deliveries.length === 0 ? <p class="muted">{v.t('deliveries.none')}</p> : null}
      <ul>
        {props.deliveries.map((d) => (
          <li>
            <a href={`${props.base}/${d.id}`}>{v.t('deliveries.short', { label: `${d.hub_code} ${d.number}/${d.year}` })}</a> · {d.partner_name} · {formatDate(v.locale, `${d.delivered_on}T12:00:00Z`)}{' '}
            · {titleLabel(v, d.title)} · {v.t('deliveries.deviceCount', { count: d.device_count })}
            {d.receipt_completed_at ? ` · ${v.t('deliveries.received')}` : ` · ${v.t('deliveries.awaitingReceipt')}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
