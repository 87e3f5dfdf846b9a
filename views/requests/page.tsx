import type { RequestView, Suggestion } from '../../src/requests/service';
import { formatDate, formatNumber } from '../../src/i18n/format';
import { ErrorBox, Field, Notice, PostForm, Radios, TextArea } from '../components/forms';
import { typeLabel } from '../components/state-badge';
import type { View } from '../view';
import { specsLine } from '../deliveries/specs';
import { RequestHistory } from './history';
import { partnerKindLabel, RequestStateBadge, titleLabel } from './labels';

type Props = RequestView & {
  v: View;
  suggestions: Suggestion[];
  formKey: string;
  notice?: string;
  error?: string;
  issues?: { path: string; message: string }[];
  /** Where forms post: the staff page or the partner's portal. */
  base: string;
};

/** The request's facts and lines: shared by the hub's page and the partner's portal. */
export function RequestFacts({ v, request: r, lines }: Pick<Props, 'v' | 'request' | 'lines'>) {
  const min = [
    r.min_ram_mb ? `${formatNumber(v.locale, r.min_ram_mb / 1024, 1)} GB RAM` : null,
    r.min_screen_inches ? `${formatNumber(v.locale, r.min_screen_inches, 1)}″` : null,
    r.needs_ssd ? 'SSD' : null,
  ].filter(Boolean);
  return (
    <>
      <dl class="facts">
        <dt>{v.t('field.partner')}</dt>
        <dd>
          {r.partner_name} <span class="muted">({partnerKindLabel(v, r.partner_kind)})</span>
        </dd>
        <dt>{v.t('field.hub')}</dt>
        <dd>{r.hub_name}</dd>
        <dt>{v.t('requests.submittedOn')}</dt>
        <dd>{formatDate(v.locale, r.created_at)}</dd>
        <dt>{v.t('field.purpose')}</dt>
        <dd>{r.purpose}</dd>
        <dt>{v.t('field.beneficiaries')}</dt>
        <dd>
          {formatNumber(v.locale, r.beneficiaries_count)}
          {r.beneficiaries_description ? ` · ${r.beneficiaries_description}` : ''}
        </dd>
        {min.length ? (
          <>
            <dt>{v.t('field.minSpecs')}</dt>
            <dd>{min.join(' · ')}</dd>
          </>
        ) : null}
      </dl>
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{v.t('field.type')}</th>
              <th scope="col">{v.t('requests.asked')}</th>
              <th scope="col">{v.t('requests.reserved')}</th>
              <th scope="col">{v.t('requests.delivered')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr>
                <td data-label={v.t('field.type')}>{typeLabel(v, l.type)}</td>
                <td data-label={v.t('requests.asked')}>{l.quantity}</td>
                <td data-label={v.t('requests.reserved')}>{l.reserved}</td>
                <td data-label={v.t('requests.delivered')}>{l.delivered}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function DeliveriesList({ v, deliveries, base }: { v: View; deliveries: RequestView['deliveries']; base: string }) {
  if (deliveries.length === 0) return null;
  return (
    <>
      <h2>{v.t('requests.deliveries')}</h2>
      <ul>
        {deliveries.map((d) => (
          <li>
            <a href={`${base}/${d.id}`}>{v.t('deliveries.short', { label: d.label })}</a> · {formatDate(v.locale, `${d.delivered_on}T12:00:00Z`)} · {titleLabel(v, d.title)} ·{' '}
            {v.t('deliveries.deviceCount', { count: d.device_count })}
            {d.receipt_completed_at ? ` · ${v.t('deliveries.received')}` : ` · ${v.t('deliveries.awaitingReceipt')}`}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The hub's view of a request: decide, see what fits, reserve in one action, deliver with documents. */
export function RequestPage(p: Props) {
  const { v, request: r } = p;
  return (
    <article>
      <p class="muted">
        <a href="/requests">{v.t('requests.title')}</a>
      </p>
      <h1>
        {v.t('requests.show.title', { id: r.id })} <RequestStateBadge v={v} state={r.state} />
      </h1>
      <Notice message={p.notice} />
      <ErrorBox message={p.error} issues={p.issues} />
      <RequestFacts v={v} request={r} lines={p.lines} />

      {p.canDecide && r.state === 'submitted' ? (
        <section aria-labelledby="decide">
          <h2 id="decide">{v.t('requests.decide')}</h2>
          <PostForm v={v} action={`${p.base}/${r.id}/decision`}>
            <input type="hidden" name="decision" value="approve" />
            <button type="submit" class="big">
              {v.t('requests.approve')}
            </button>
          </PostForm>
          <details class="action">
            <summary>{v.t('requests.refuse')}</summary>
            <PostForm v={v} action={`${p.base}/${r.id}/decision`}>
              <input type="hidden" name="decision" value="refuse" />
              <TextArea id="refuse-note" name="note" label={v.t('requests.refuseNote')} maxlength={1000} />
              <button type="submit" class="danger">
                {v.t('requests.refuse')}
              </button>
            </PostForm>
          </details>
        </section>
      ) : null}

      {p.canAllocate ? <Allocation {...p} /> : null}

      {p.reserved.length && p.canDeliver ? (
        <section aria-labelledby="deliver">
          <h2 id="deliver">{v.t('requests.reservedDevices', { count: p.reserved.length })}</h2>
          <PostForm v={v} action={`${p.base}/${r.id}/deliveries`}>
            <input type="hidden" name="idempotencyKey" value={`${p.formKey}-deliver`} />
            <DeviceChoices v={v} name="tags" devices={p.reserved} checked />
            <Radios
              idPrefix="title"
              name="title"
              legend={v.t('field.title')}
              required
              value="donation"
              options={[
                { value: 'donation', label: v.t('deliveryTitle.donation') },
                { value: 'loan', label: v.t('deliveryTitle.loan') },
              ]}
            />
            <Field id="loan-until" name="loanUntil" type="date" label={v.t('field.loanUntil')} hint={v.t('requests.loanUntilHint')} />
            <details class="action">
              <summary>{v.t('doc.valuesLegend')}</summary>
              <p class="hint">{v.t('doc.valuesHint')}</p>
              {p.reserved.map((d) => (
                <Field id={`value-${d.tag}`} name={`values.${d.tag}`} label={d.tag} inputmode="decimal" maxlength={12} />
              ))}
            </details>
            <button type="submit" class="big">
              {v.t('requests.deliverSelected')}
            </button>
          </PostForm>
          <details class="action">
            <summary>{v.t('requests.unreserve')}</summary>
            <PostForm v={v} action={`${p.base}/${r.id}/unreserve`}>
              <DeviceChoices v={v} name="tags" devices={p.reserved} checked={false} />
              <button type="submit" class="secondary">
                {v.t('requests.unreserveSelected')}
              </button>
            </PostForm>
          </details>
        </section>
      ) : null}

      <DeliveriesList v={v} deliveries={p.deliveries} base="/deliveries" />

      {p.canCancel ? (
        <details class="action">
          <summary>{v.t('requests.cancel')}</summary>
          <PostForm v={v} action={`${p.base}/${r.id}/decision`}>
            <input type="hidden" name="decision" value="cancel" />
            <TextArea id="cancel-note" name="note" label={v.t('field.note')} maxlength={1000} />
            <button type="submit" class="danger">
              {v.t('requests.cancel')}
            </button>
          </PostForm>
        </details>
      ) : null}

      {p.canDecide ? (
        <section aria-labelledby="internal">
          <h2 id="internal">{v.t('field.internalNote')}</h2>
          <PostForm v={v} action={`${p.base}/${r.id}/note`}>
            <TextArea id="internal-note" name="internalNote" label={v.t('requests.internalNoteHint')} value={r.internal_note} maxlength={2000} />
            <button type="submit" class="secondary">
              {v.t('common.save')}
            </button>
          </PostForm>
        </section>
      ) : null}

      <h2>{v.t('requests.history')}</h2>
      <RequestHistory v={v} events={p.events} />
    </article>
  );
}

type Choice = {
  tag: string;
  type: string;
  brand: string | null;
  model: string | null;
  os: string | null;
  received_at: string;
  ram_mb: number | null;
  storage_gb: number | null;
  has_ssd: number | null;
  screen_inches: number | null;
  cpu_model: string | null;
};

function DeviceChoices({ v, name, devices, checked }: { v: View; name: string; devices: Choice[]; checked: boolean }) {
  return (
    <ul class="choices">
      {devices.map((d, i) => (
        <li>
          <label class="radio" for={`${name}-${d.tag}`}>
            <input type="checkbox" id={`${name}-${d.tag}`} name={`${name}.${i}`} value={d.tag} checked={checked} />
            <span>
              <span class="tag">{d.tag}</span> · {[typeLabel(v, d.type), d.brand, d.model].filter(Boolean).join(' ')}
              <span class="muted">
                {' '}
                · {specsLine(v.locale, d) || v.t('requests.specsUnknown')} · {v.t('requests.inStockSince', { date: formatDate(v.locale, d.received_at) })}
              </span>
            </span>
          </label>
        </li>
      ))}
    </ul>
  );
}

function Allocation(p: Props) {
  const { v, request: r } = p;
  const any = p.suggestions.some((s) => s.devices.length || s.alternatives.length);
  return (
    <section aria-labelledby="allocate">
      <h2 id="allocate">{v.t('requests.suggestions')}</h2>
      {p.suggestions.length === 0 ? <p class="muted">{v.t('requests.nothingNeeded')}</p> : null}
      {p.suggestions.length && !any ? <p class="muted">{v.t('requests.noStock')}</p> : null}
      {any ? (
        <PostForm v={v} action={`${p.base}/${r.id}/reservations`}>
          <input type="hidden" name="idempotencyKey" value={`${p.formKey}-reserve`} />
          {p.suggestions.map((s, i) => (
            <fieldset>
              <legend>{v.t('requests.suggestionFor', { type: s.type, count: s.needed })}</legend>
              {s.devices.length ? <DeviceChoices v={v} name={`pick${i}`} devices={s.devices} checked /> : <p class="muted">{v.t('requests.noneFits')}</p>}
              {s.checksSpecs && s.alternatives.length ? (
                <>
                  <p class="hint">{v.t('requests.alternatives')}</p>
                  <DeviceChoices v={v} name={`alt${i}`} devices={s.alternatives} checked={false} />
                </>
              ) : null}
            </fieldset>
          ))}
          <Field id="extra-tags" name="extra" label={v.t('requests.extraTags')} hint={v.t('requests.extraTagsHint')} />
          <button type="submit" class="big">
            {v.t('requests.reserveSelected')}
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}
