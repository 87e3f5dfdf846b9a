import type { HubOption } from '../../src/hubs/view-model';
import type { TransferView } from '../../src/transfers/service';
import { formatDate, formatDateTime, formatNumber } from '../../src/i18n/format';
import { ErrorBox, Notice, PostForm, Select, TextArea } from '../components/forms';
import { StateBadge, stateLabel, typeLabel } from '../components/state-badge';
import type { View } from '../view';

type Row = { id: number; label: string; from_code: string; from_name: string; to_code: string; to_name: string; day: string; device_count: number; arrived_count: number; from_hub_id: number };

/** Transfers sent and received by the hub, what is on its way out, and a form to send devices. */
export function TransfersPage(props: {
  v: View;
  transfers: Row[];
  outgoing: { type: string; count: number }[];
  hubId: number | undefined;
  canSend: boolean;
  hubs: HubOption[];
  values?: Record<string, unknown>;
  issues?: { path: string; message: string }[];
  error?: string;
}) {
  const { v } = props;
  return (
    <section>
      <h1>{v.t('transfers.title')}</h1>
      {props.outgoing.length ? (
        <p class="alert alert-warn">
          {v.t('transfers.outgoing')} {props.outgoing.map((o) => `${formatNumber(v.locale, o.count)} × ${typeLabel(v, o.type)}`).join(', ')}
        </p>
      ) : null}
      {/* Someone who cannot send from here (an administrator, with no hub of their own) still hears why a post failed. */}
      {!props.canSend ? <ErrorBox message={props.error} issues={props.issues} /> : null}
      {props.canSend ? (
        <details class="action primary" open={!props.transfers.length || !!props.issues || !!props.error}>
          <summary>{v.t('transfers.new')}</summary>
          <PostForm v={v} action="/transfers">
            <ErrorBox message={props.error} issues={props.issues} />
            <Select
              id="to-hub"
              name="toHub"
              label={v.t('field.toHub')}
              required
              value={props.values?.toHub as string | undefined}
              options={[{ value: '', label: '—' }, ...props.hubs.filter((h) => h.id !== props.hubId).map((h) => ({ value: h.code, label: `${h.name} (${h.code})` }))]}
            />
            <TextArea id="transfer-tags" name="tags" label={v.t('field.tags')} value={props.values?.tags as string | undefined} rows={5} maxlength={20000} />
            <p class="hint">{v.t('transfers.tagsHint')}</p>
            <TextArea id="transfer-note" name="note" label={v.t('field.note')} value={props.values?.note as string | undefined} maxlength={500} />
            <button type="submit" class="big">
              {v.t('transfers.send')}
            </button>
          </PostForm>
        </details>
      ) : null}
      <h2>{v.t('transfers.list')}</h2>
      {props.transfers.length ? (
        <ul>
          {props.transfers.map((t) => (
            <li>
              <a href={`/transfers/${t.id}`}>{t.label}</a> · {t.from_name} → {t.to_name} · {formatDate(v.locale, `${t.day}T12:00:00Z`)} ·{' '}
              {v.t('transfers.arrivedOf', { arrived: t.arrived_count, count: t.device_count })}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{v.t('transfers.none')}</p>
      )}
    </section>
  );
}

export function TransferPage(props: TransferView & { v: View; notice?: string; error?: string }) {
  const { v, transfer: t } = props;
  const onTheWay = props.devices.filter((d) => d.onTheWay);
  return (
    <article>
      <p class="muted">
        <a href="/transfers">{v.t('transfers.title')}</a>
      </p>
      <h1>{v.t('transfers.doc.title', { label: t.label })}</h1>
      <Notice message={props.notice} />
      <ErrorBox message={props.error} />
      <dl class="facts">
        <dt>{v.t('transfers.doc.from')}</dt>
        <dd>{t.from_name}</dd>
        <dt>{v.t('transfers.doc.to')}</dt>
        <dd>{t.to_name}</dd>
        <dt>{v.t('deliveries.doc.date')}</dt>
        <dd>{formatDate(v.locale, `${t.day}T12:00:00Z`)}</dd>
        {t.note ? (
          <>
            <dt>{v.t('field.note')}</dt>
            <dd>{t.note}</dd>
          </>
        ) : null}
      </dl>
      <div class="actions-row">
        <a class="button secondary" href={`/transfers/${t.id}/document.pdf`}>
          {v.t('transfers.pdf')}
        </a>
      </div>
      {props.canReceive && onTheWay.length ? (
        <PostForm v={v} action={`/transfers/${t.id}/arrivals`}>
          <button type="submit" class="big">
            {v.t('transfers.receiveAll', { count: onTheWay.length })}
          </button>
        </PostForm>
      ) : null}
      <ul>
        {props.devices.map((d) => (
          <li>
            <a class="tag" href={`/d/${d.tag}`}>
              {d.tag}
            </a>{' '}
            · {[typeLabel(v, d.type), d.brand, d.model].filter(Boolean).join(' ')} · {stateLabel(v, d.state)}{' '}
            {d.arrived_at ? (
              <span class="muted">· {v.t('transfers.arrivedOn', { date: formatDateTime(v.locale, d.arrived_at), who: d.arrived_by ?? '—' })}</span>
            ) : d.onTheWay ? (
              <StateBadge v={v} state="in_transit" />
            ) : null}
          </li>
        ))}
      </ul>
    </article>
  );
}
