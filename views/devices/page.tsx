import type { HubOption } from '../../src/hubs/view-model';
import type { NextStep } from '../../src/lifecycle/next-step';
import type { DeviceView } from './model';
import { codeLabel, translators } from '../../src/i18n/catalogue';
import { formatDate, formatDateTime, formatNumber } from '../../src/i18n/format';
import { ErrorBox, PostForm, TextArea } from '../components/forms';
import { actionLabel, StateBadge, stateLabel, typeLabel } from '../components/state-badge';
import type { View } from '../view';
import { ActionForms, type UndoOffer } from './action-forms';
import type { BenchData } from '../../src/workshop/bench';
import { ErasureSection } from '../erasure/section';
import { BenchEventDetails } from '../workshop/event-details';
import { eventFields } from '../event-data';
import { keptPerLocale } from '../kept-text';
import { SpecsSection } from '../hardware/specs';
import { DevicePartsSection } from '../workshop/device-parts';

export type DeviceEvent = {
  id: number;
  seq: number;
  action: string;
  from_state: string | null;
  to_state: string;
  data: string | null;
  at: string;
  hub_code: string | null;
  user_name: string | null;
  token_label: string | null;
};

export type ErasureRow = {
  id: number;
  cycle: number;
  outcome: string;
  method: string | null;
  tool: string | null;
  verified: number;
  disk_serial: string | null;
  disk_model: string | null;
  at: string;
};

type Props = {
  v: View;
  device: DeviceView;
  events: DeviceEvent[];
  erasures: ErasureRow[];
  step: NextStep;
  undo?: UndoOffer | null;
  canCorrect?: boolean;
  otherHub: boolean;
  hubs: HubOption[];
  /** Open requests this device could be reserved for. */
  requests?: { id: number; partner_name: string }[];
  formKey: string;
  done?: string;
  error?: string;
  issues?: { path: string; message: string }[];
  failed?: { action: string; values: Record<string, string> };
  /** Specs, erasure status, checklist, images and parts (see workshop/bench.ts). */
  bench?: BenchData;
};

export function describeDevice(v: View, d: { type: string; brand: string | null; model: string | null }) {
  return [typeLabel(v, d.type), d.brand, d.model].filter(Boolean).join(' · ');
}

export function DevicePage(p: Props) {
  const { v, device: d } = p;
  // When erasing is the next step, its evidence upload comes first, in the next-step card.
  const eraseFirst = p.step.primary === 'erase' && !!p.bench;
  return (
    <article>
      <p class="muted">{describeDevice(v, d)}</p>
      <h1>
        <span class="tag tag-big">{d.tag}</span>
      </h1>
      <p>
        <StateBadge v={v} state={d.state} /> <span class="muted">· {d.hub_name}</span> · <a href={`/labels?tags=${d.tag}`}>{v.t('labels.printDevice')}</a>
      </p>
      <ErrorBox message={p.error} issues={p.issues} />
      {p.otherHub ? (
        <p class="alert alert-warn" role="note">
          {v.t('access.otherHubReadOnly', { hub: d.hub_name })}
        </p>
      ) : null}
      <ActionForms
        v={v}
        device={d}
        step={p.step}
        hubs={p.hubs}
        requests={p.requests ?? []}
        formKey={p.formKey}
        failed={p.failed}
        bench={p.bench}
        undo={p.undo}
        canCorrect={p.canCorrect}
        done={p.done}
        erasure={eraseFirst && p.bench ? <ErasureSection v={v} device={d} bench={p.bench} formKey={p.formKey} primary /> : null}
      />

      <h2>{v.t('devices.details')}</h2>
      <dl class="facts">
        <dt>{v.t('field.type')}</dt>
        <dd>{typeLabel(v, d.type)}</dd>
        <dt>{v.t('field.brand')}</dt>
        <dd>{d.brand ?? '—'}</dd>
        <dt>{v.t('field.model')}</dt>
        <dd>{d.model ?? '—'}</dd>
        <dt>{v.t('field.serial')}</dt>
        <dd>{d.serial ?? '—'}</dd>
        <dt>{v.t('field.weightKg')}</dt>
        <dd>{d.weight_kg !== null ? `${formatNumber(v.locale, d.weight_kg)} kg` : '—'}</dd>
        <dt>{v.t('field.hasStorage')}</dt>
        <dd>{d.has_storage === null ? v.t('common.unknown') : d.has_storage ? v.t('common.yes') : v.t('common.no')}</dd>
        {d.outcome ? (
          <>
            <dt>{v.t('field.outcome')}</dt>
            <dd>{v.t(`outcome.${d.outcome}`)}</dd>
          </>
        ) : null}
        {d.os ? (
          <>
            <dt>{v.t('field.os')}</dt>
            <dd>{d.os}</dd>
          </>
        ) : null}
        {d.recipient ? (
          <>
            <dt>{v.t('field.recipient')}</dt>
            <dd>{d.recipient}</dd>
          </>
        ) : null}
        {d.request_id ? (
          <>
            <dt>{v.t('field.request')}</dt>
            <dd>
              <a href={`/requests/${d.request_id}`}>#{d.request_id}</a>
            </dd>
          </>
        ) : null}
        {d.delivery_document ? (
          <>
            <dt>{v.t('field.document')}</dt>
            <dd>{d.delivery_id ? <a href={`/deliveries/${d.delivery_id}`}>{d.delivery_document}</a> : d.delivery_document}</dd>
          </>
        ) : null}
        {d.condition_note ? (
          <>
            <dt>{v.t('field.conditionNote')}</dt>
            <dd>{d.condition_note}</dd>
          </>
        ) : null}
        <dt>{v.t('field.receivedAt')}</dt>
        <dd>{formatDate(v.locale, d.received_at)}</dd>
        {d.donation_id ? (
          <>
            <dt>{v.t('field.donation')}</dt>
            <dd>
              <a href={`/donations/${d.donation_id}`}>#{d.donation_id}</a>
            </dd>
          </>
        ) : null}
        <FromAsset v={v} events={p.events} />
      </dl>

      {p.bench ? (
        <>
          <SpecsSection v={v} tag={d.tag} bench={p.bench} />
          {p.bench.can.report ? <ReportForm v={v} tag={d.tag} /> : null}
          {eraseFirst ? null : <ErasureSection v={v} device={d} bench={p.bench} formKey={p.formKey} />}
          <DevicePartsSection v={v} device={d} bench={p.bench} />
        </>
      ) : p.erasures.length ? (
        <>
          <h2>{v.t('devices.erasures')}</h2>
          <ul>
            {p.erasures.map((e) => (
              <li>
                {formatDate(v.locale, e.at)} · {codeLabel(v.locale, 'erasure', e.outcome)}
                {e.method ? ` · ${e.method}` : ''}
                {e.disk_serial ? ` · ${e.disk_model ?? ''} ${e.disk_serial}` : ''}
                {e.cycle !== d.cycle ? ` (${v.t('devices.erasure.previousCycle')})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{v.t('devices.history')}</h2>
      <ol class="history">
        {[...p.events].reverse().map((e) => (
          <li>
            <strong>{e.action === 'receive' ? v.t('action.receive') : actionLabel(v, e.action)}</strong>
            {e.from_state && e.from_state !== e.to_state ? ` · ${stateLabel(v, e.from_state)} → ${stateLabel(v, e.to_state)}` : ''}
            <EventDetails v={v} data={e.data} />
            <BenchEventDetails v={v} data={e.data} />
            <div class="when">
              {formatDateTime(v.locale, e.at)} · {e.user_name ?? e.token_label ?? v.t('common.system')}
              {e.hub_code ? ` · ${e.hub_code}` : ''}
            </div>
          </li>
        ))}
      </ol>
    </article>
  );
}

/** A hardware report from the phone: a file (the probe's report, lshw -json, smartctl -j, dmidecode) or pasted text. */
function ReportForm({ v, tag }: { v: View; tag: string }) {
  return (
    <details class="action" id="hardware-upload">
      <summary>{v.t('bench.report.title')}</summary>
      <PostForm v={v} action={`/d/${tag}/hardware-reports`} enctype="multipart/form-data">
        <p class="hint">{v.t('bench.report.hint')}</p>
        <div class="field">
          <label for="report-file">{v.t('bench.report.file')}</label>
          <input id="report-file" name="file" type="file" accept=".json,.txt,application/json,text/plain" />
        </div>
        <TextArea id="report-text" name="text" label={v.t('bench.report.paste')} rows={4} maxlength={1000000} />
        <button type="submit">{v.t('bench.report.submit')}</button>
      </PostForm>
    </details>
  );
}

/** A device that was one of the hub's own assets (retired into the workshop): a link to that history. */
function FromAsset({ v, events }: { v: View; events: DeviceEvent[] }) {
  const asset = events[0]?.data ? eventFields(events[0].data).asset : undefined;
  if (typeof asset !== 'string') return null;
  return (
    <>
      <dt>{v.t('nav.equipment')}</dt>
      <dd>
        <a href={`/equipment/assets/${asset}`} id="from-asset">
          {v.t('equipment.fromAsset')}
        </a>
      </dd>
    </>
  );
}

const SHOWN_FIELDS = ['outcome', 'hasStorage', 'method', 'tool', 'verified', 'os', 'recipient', 'document', 'kg', 'toHub', 'reason', 'note'];

function EventDetails({ v, data }: { v: View; data: string | null }) {
  if (!data) return null;
  const text = eventDetailsText(v.locale, data);
  return text ? <div>{text}</div> : null;
}

/** An event's details as text (kept: see kept-text.ts). */
const eventDetailsText = keptPerLocale((locale, data) => {
  const parsed = eventFields(data);
  const t = translators[locale];
  return SHOWN_FIELDS.filter((k) => parsed[k] !== undefined && parsed[k] !== null && parsed[k] !== '')
    .map((k) => {
      const value = parsed[k];
      const shownValue = typeof value === 'boolean' ? t(value ? 'common.yes' : 'common.no') : k === 'outcome' ? codeLabel(locale, 'outcome', String(value)) : String(value);
      return `${codeLabel(locale, 'field', k)}: ${shownValue}`;
    })
    .join(' · ');
});
