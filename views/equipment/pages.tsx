import { ASSET_CATEGORIES, ASSET_FEATURES, ASSET_RULES, ASSET_STATES, isFinalAsset, type AssetAction, type AssetNextStep } from '../../src/equipment/lifecycle';
import type { MessageKey } from '../../src/i18n/catalogue';
import type { KitCell, KitItem } from '../../src/equipment/kit';
import type { AssetView, LoanView } from '../../src/equipment/view-model';
import { CONDITIONS } from '../../src/equipment/documents';
import { featuresOf } from '../../src/equipment/kit';
import type { HubIdentityView, HubOption } from '../../src/hubs/view-model';
import { formatDateTime } from '../../src/i18n/format';
import { ErrorBox, Field, Notice, PostForm, Select, TextArea } from '../components/forms';
import { StateBadge, stateLabel } from '../components/state-badge';
import type { View } from '../view';
import { eventFields } from '../event-data';
import { assetActionLabel, AssetActionFields, categoryLabel, day, describeAsset, euro, featureLabel, FeatureChecks, KitNotes, KitTable } from './components';

type Failure = { error?: string; issues?: { path: string; message: string }[] };
type FundingSource = { id: number; name: string; active: number };

function Nav({ v, canRegister, canExport, canConfigure }: { v: View; canRegister: boolean; canExport: boolean; canConfigure: boolean }) {
  return (
    <div class="actions-row">
      {canRegister ? (
        <a class="button" href="/equipment/new">
          {v.t('equipment.new')}
        </a>
      ) : null}
      <a class="button secondary" href="/equipment/loans">
        {v.t('equipment.loans')}
      </a>
      <a class="button secondary" href="/equipment/kit">
        {v.t('equipment.kit')}
      </a>
      {canExport ? (
        <a class="button secondary" href="/equipment/register">
          {v.t('equipment.funderRegister')}
        </a>
      ) : null}
      {canConfigure ? (
        <a class="button secondary" href="/equipment/settings">
          {v.t('equipment.settings')}
        </a>
      ) : null}
    </div>
  );
}

// ---- the register

export function EquipmentListPage(p: {
  v: View;
  items: AssetView[];
  next: number | null;
  query: { hub?: string; assetCategory?: string; state?: string; funding?: number };
  hubs: HubOption[] | null;
  funding: FundingSource[];
  canRegister: boolean;
  canExport: boolean;
  canConfigure: boolean;
}) {
  const { v, query } = p;
  const more = new URLSearchParams();
  for (const [k, val] of Object.entries({ hub: query.hub, category: query.assetCategory, state: query.state, funding: query.funding, after: p.next ?? undefined })) {
    if (val !== undefined && val !== '') more.set(k, String(val));
  }
  return (
    <section>
      <h1>{v.t('equipment.title')}</h1>
      <p class="muted">{v.t('equipment.intro')}</p>
      <Nav v={v} canRegister={p.canRegister} canExport={p.canExport} canConfigure={p.canConfigure} />
      <form method="get" action="/equipment" class="filters" role="search">
        {p.hubs ? (
          <Select
            id="f-hub"
            name="hub"
            label={v.t('field.hub')}
            value={query.hub ?? ''}
            options={[{ value: '', label: v.t('common.all') }, ...p.hubs.map((h) => ({ value: h.code, label: h.name }))]}
          />
        ) : null}
        <Select
          id="f-category"
          name="category"
          label={v.t('field.assetCategory')}
          value={query.assetCategory ?? ''}
          options={[{ value: '', label: v.t('common.all') }, ...ASSET_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(v, c) }))]}
        />
        <Select
          id="f-state"
          name="state"
          label={v.t('field.state')}
          value={query.state ?? ''}
          options={[{ value: '', label: v.t('common.all') }, ...ASSET_STATES.map((s) => ({ value: s, label: stateLabel(v, s) }))]}
        />
        <Select
          id="f-funding"
          name="funding"
          label={v.t('field.fundingSource')}
          value={query.funding ? String(query.funding) : ''}
          options={[{ value: '', label: v.t('common.all') }, ...p.funding.map((f) => ({ value: String(f.id), label: f.name }))]}
        />
        <button type="submit" class="secondary">
          {v.t('devices.list.filter')}
        </button>
      </form>
      {p.items.length === 0 ? <p>{v.t('equipment.none')}</p> : null}
      <ul class="device-cards" id="assets">
        {p.items.map((a) => (
          <li class="device-row">
            <a class="tag" href={`/equipment/assets/${a.tag}`}>
              {a.tag}
            </a>{' '}
            <StateBadge v={v} state={a.state} />
            <div>{describeAsset(v, a)}</div>
            <div class="muted">{[a.location, a.hub_code, a.funding_name].filter(Boolean).join(' · ')}</div>
          </li>
        ))}
      </ul>
      {!query.state ? <p class="muted">{v.t('equipment.includeRetired')}</p> : null}
      {p.next !== null ? (
        <p>
          <a href={`/equipment?${more.toString()}`}>{v.t('common.nextPage')}</a>
        </p>
      ) : null}
    </section>
  );
}

// ---- registering and editing

export type AssetFormValues = Record<string, string | string[] | undefined>;

export function AssetFormPage(p: { v: View; mode: 'new' | 'edit'; tag?: string; values: AssetFormValues; hubs: HubOption[] | null; funding: FundingSource[]; formKey: string } & Failure) {
  const { v, values } = p;
  const val = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const features = Array.isArray(values.features) ? values.features : typeof values.features === 'string' ? featuresOf(values.features) : [];
  const action = p.mode === 'new' ? '/equipment' : `/equipment/assets/${p.tag}/edit`;
  const currentFunding = val('fundingSource');
  return (
    <section>
      <h1>{p.mode === 'new' ? v.t('equipment.new') : `${v.t('equipment.edit')} · ${p.tag}`}</h1>
      <ErrorBox message={p.error} issues={p.issues} />
      <PostForm v={v} action={action}>
        {p.mode === 'new' ? <input type="hidden" name="idempotencyKey" value={p.formKey} /> : <input type="hidden" name="expectedVersion" value={val('expectedVersion') ?? ''} />}
        {p.hubs ? (
          <Select id="a-hub" name="hub" label={v.t('field.hub')} required value={val('hub') ?? ''} options={[{ value: '', label: '—' }, ...p.hubs.map((h) => ({ value: h.code, label: h.name }))]} />
        ) : null}
        <Select
          id="a-category"
          name="category"
          label={v.t('field.assetCategory')}
          required
          value={val('category') ?? ''}
          options={[{ value: '', label: '—' }, ...ASSET_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(v, c) }))]}
        />
        <Field id="a-make" name="make" label={v.t('field.make')} maxlength={80} value={val('make')} />
        <Field id="a-model" name="model" label={v.t('field.model')} maxlength={120} value={val('model')} />
        <Field id="a-serial" name="serial" label={v.t('field.serial')} maxlength={80} value={val('serial')} />
        <Field id="a-location" name="location" label={v.t('field.location')} maxlength={120} value={val('location')} />
        <FeatureChecks v={v} idPrefix="a-feature" checked={features} />
        <Field id="a-purchased" name="purchasedOn" type="date" label={v.t('field.purchasedOn')} value={val('purchasedOn')} />
        <Field id="a-cost" name="cost" label={v.t('field.cost')} inputmode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?" value={val('cost')} />
        <Select
          id="a-funding"
          name="fundingSource"
          label={v.t('field.fundingSource')}
          value={currentFunding ?? ''}
          options={[{ value: '', label: '—' }, ...p.funding.filter((f) => f.active || String(f.id) === currentFunding).map((f) => ({ value: String(f.id), label: f.name }))]}
        />
        <Field id="a-supplier" name="supplier" label={v.t('field.supplier')} maxlength={160} value={val('supplier')} />
        <Field id="a-invoice" name="invoiceRef" label={v.t('field.invoiceRef')} maxlength={80} value={val('invoiceRef')} />
        <Field id="a-warranty" name="warrantyEnd" type="date" label={v.t('field.warrantyEnd')} value={val('warrantyEnd')} />
        <Field id="a-check" name="nextCheckOn" type="date" label={v.t('field.nextCheckOn')} value={val('nextCheckOn')} />
        <TextArea id="a-note" name="note" label={v.t('field.note')} value={val('note')} maxlength={2000} />
        <button type="submit" class="big">
          {p.mode === 'new' ? v.t('equipment.register') : v.t('equipment.edit.save')}
        </button>
      </PostForm>
    </section>
  );
}

// ---- one asset

type AssetEvent = { id: number; seq: number; action: string; from_state: string | null; to_state: string; data: string | null; at: string; user_name: string | null; token_label: string | null };
type Maintenance = { id: number; kind: string; done_on: string; performed_by: string | null; cost_cents: number | null; note: string | null; recorded_by: string | null };

export function AssetPage(
  p: {
    v: View;
    asset: AssetView;
    events: AssetEvent[];
    loans: LoanView[];
    maintenance: Maintenance[];
    step: AssetNextStep;
    canMaintain: boolean;
    canEdit: boolean;
    otherHub: boolean;
    showBorrower: boolean;
    device?: { tag: string; state: string };
    formKey: string;
    defaultDue: string;
    today: string;
    now: string;
    done?: string;
    failed?: { form: string; values: Record<string, string> };
  } & Failure,
) {
  const { v, asset: a } = p;
  const current = a.loan_id !== null ? p.loans.find((l) => l.id === a.loan_id) : undefined;
  const past = p.loans.filter((l) => l.id !== a.loan_id);
  // The step forward first and open; lending and retiring folded, with what follows and a box to tick (retiring, final, in red).
  const card = (action: AssetAction, kind: 'primary' | 'other' | 'confirmed', warning?: MessageKey) => {
    const failed = p.failed?.form === action ? p.failed.values : undefined;
    return (
      <details
        class={`action${kind === 'primary' ? ' primary' : ''}${isFinalAsset(ASSET_RULES[action].to) ? ' final' : ''}`}
        open={failed ? true : !p.failed && kind === 'primary'}
        id={`action-${action}`}
      >
        <summary>{assetActionLabel(v, action)}</summary>
        <PostForm v={v} action={`/equipment/assets/${a.tag}/actions`}>
          <input type="hidden" name="action" value={action} />
          <input type="hidden" name="idempotencyKey" value={`${p.formKey}-${action}`} />
          <input type="hidden" name="expectedVersion" value={String(a.version)} />
          {warning ? (
            <p class="alert alert-warn" id={`warn-${action}`}>
              {v.t(warning)}
            </p>
          ) : null}
          <AssetActionFields v={v} action={action} idPrefix={`act-${action}`} values={failed} defaultDue={p.defaultDue} />
          {warning ? (
            <label class="radio confirm" for={`confirm-${action}`}>
              <input type="checkbox" id={`confirm-${action}`} name="confirm" value="yes" required aria-describedby={`warn-${action}`} />
              <span>{v.t('nextStep.confirm')}</span>
            </label>
          ) : null}
          <button type="submit" class={kind === 'primary' ? 'big' : undefined}>
            {v.t('equipment.confirm', { assetAction: action })}
          </button>
        </PostForm>
      </details>
    );
  };
  return (
    <article>
      <p class="muted">{describeAsset(v, a)}</p>
      <h1>
        <span class="tag tag-big">{a.tag}</span>
      </h1>
      <p>
        <StateBadge v={v} state={a.state} /> <span class="muted">· {a.hub_name}</span> · <a href={`/labels?tags=${a.tag}`}>{v.t('equipment.printLabel')}</a>
      </p>
      <Notice message={p.done} />
      <ErrorBox message={p.error} issues={p.issues} />
      {p.otherHub ? (
        <p class="alert alert-warn" role="note">
          {v.t('equipment.otherHubReadOnly', { hub: a.hub_name })}
        </p>
      ) : null}
      {p.device ? (
        <p class="alert alert-ok">
          {v.t('equipment.retired.device', { tag: p.device.tag })} <a href={`/d/${p.device.tag}`}>{p.device.tag}</a>
        </p>
      ) : null}

      {current ? <LoanBox v={v} loan={current} showBorrower={p.showBorrower} now={p.now} /> : null}

      {p.step.primary || p.step.others.length || p.step.confirmed.length ? (
        <section aria-labelledby="next-steps">
          <h2 id="next-steps">{v.t('devices.nextSteps')}</h2>
          {p.step.primary ? card(p.step.primary, 'primary') : null}
          {p.step.others.map((action) => card(action, 'other'))}
          {p.step.confirmed.map(({ action, warning }) => card(action, 'confirmed', warning))}
        </section>
      ) : null}

      <h2>{v.t('equipment.details')}</h2>
      <dl class="facts">
        <dt>{v.t('field.assetCategory')}</dt>
        <dd>{categoryLabel(v, a.category)}</dd>
        <dt>{v.t('field.make')}</dt>
        <dd>{a.make ?? '—'}</dd>
        <dt>{v.t('field.model')}</dt>
        <dd>{a.model ?? '—'}</dd>
        <dt>{v.t('field.serial')}</dt>
        <dd>{a.serial ?? '—'}</dd>
        <dt>{v.t('field.location')}</dt>
        <dd>{a.location ?? '—'}</dd>
        <dt>{v.t('field.features')}</dt>
        <dd>
          {featuresOf(a.features)
            .map((f) => featureLabel(v, f))
            .join(', ') || '—'}
        </dd>
        <dt>{v.t('field.purchasedOn')}</dt>
        <dd>{day(v, a.purchased_on) || '—'}</dd>
        <dt>{v.t('field.cost')}</dt>
        <dd>{euro(v, a.cost_cents)}</dd>
        <dt>{v.t('field.fundingSource')}</dt>
        <dd>{a.funding_name ?? '—'}</dd>
        <dt>{v.t('field.supplier')}</dt>
        <dd>{a.supplier ?? '—'}</dd>
        <dt>{v.t('field.invoiceRef')}</dt>
        <dd>{a.invoice_ref ?? '—'}</dd>
        <dt>{v.t('field.warrantyEnd')}</dt>
        <dd>{day(v, a.warranty_end) || '—'}</dd>
        <dt>{v.t('field.nextCheckOn')}</dt>
        <dd>{day(v, a.next_check_on) || '—'}</dd>
        {a.note ? (
          <>
            <dt>{v.t('field.note')}</dt>
            <dd>{a.note}</dd>
          </>
        ) : null}
      </dl>
      {p.canEdit ? (
        <p>
          <a href={`/equipment/assets/${a.tag}/edit`}>{v.t('equipment.edit')}</a>
        </p>
      ) : null}

      <h2>{v.t('equipment.maintenance')}</h2>
      {p.maintenance.length ? (
        <ul class="plain" id="maintenance">
          {p.maintenance.map((m) => (
            <li>
              <strong>{v.t(`maintenanceKind.${m.kind}` as never)}</strong> · {day(v, m.done_on)}
              {m.performed_by ? ` · ${m.performed_by}` : ''}
              {m.cost_cents !== null ? ` · ${euro(v, m.cost_cents)}` : ''}
              {m.note ? ` · ${m.note}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{v.t('equipment.maintenance.none')}</p>
      )}
      {p.canMaintain ? (
        <details class="action" open={p.failed?.form === 'maintenance'} id="maintenance-form">
          <summary>{v.t('equipment.maintenance.record')}</summary>
          <PostForm v={v} action={`/equipment/assets/${a.tag}/maintenance`}>
            <Select
              id="m-kind"
              name="kind"
              label={v.t('field.kind')}
              required
              value={p.failed?.form === 'maintenance' ? p.failed.values.kind : 'check'}
              options={(['check', 'software_update', 'repair'] as const).map((k) => ({ value: k, label: v.t(`maintenanceKind.${k}`) }))}
            />
            <Field id="m-on" name="on" type="date" label={v.t('field.on')} required value={p.failed?.form === 'maintenance' ? p.failed.values.on : p.today} />
            <Field id="m-by" name="by" label={v.t('field.by')} maxlength={160} value={p.failed?.form === 'maintenance' ? p.failed.values.by : undefined} />
            <Field id="m-cost" name="cost" label={v.t('field.cost')} inputmode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?" />
            <Field id="m-next" name="nextCheckOn" type="date" label={v.t('field.nextCheckOn')} hint={v.t('equipment.maintenance.nextHint')} />
            <TextArea id="m-note" name="note" label={v.t('field.note')} maxlength={2000} />
            <button type="submit">{v.t('equipment.maintenance.record')}</button>
          </PostForm>
        </details>
      ) : null}

      {past.length ? (
        <>
          <h2>{v.t('equipment.pastLoans')}</h2>
          <ul class="plain">
            {past.map((l) => (
              <li>
                <a href={`/equipment/loans/${l.id}`}>#{l.id}</a> · {v.t(`borrowerKind.${l.borrower_kind}` as never)}
                {p.showBorrower ? ` · ${l.borrower_name ?? v.t('equipment.borrowerErased')}` : ''} · {v.t('equipment.lentOn', { date: formatDateTime(v.locale, l.lent_at) })}
                {l.returned_at ? ` · ${v.t('equipment.returnedOn', { date: formatDateTime(v.locale, l.returned_at) })}` : ''}
                {l.lost_at ? ` · ${v.t('equipment.lostOn', { date: formatDateTime(v.locale, l.lost_at) })}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{v.t('equipment.history')}</h2>
      <ol class="history">
        {[...p.events].reverse().map((e) => (
          <li>
            <strong>{assetActionLabel(v, e.action)}</strong>
            {e.from_state && e.from_state !== e.to_state ? ` · ${stateLabel(v, e.from_state)} → ${stateLabel(v, e.to_state)}` : ''}
            <EventDetails v={v} data={e.data} />
            <div class="when">
              {formatDateTime(v.locale, e.at)} · {e.user_name ?? e.token_label ?? v.t('common.system')}
            </div>
          </li>
        ))}
      </ol>
    </article>
  );
}

function EventDetails({ v, data }: { v: View; data: string | null }) {
  if (!data) return null;
  const d = eventFields(data);
  const parts: string[] = [];
  if (typeof d.borrowerKind === 'string') parts.push(v.t(`borrowerKind.${d.borrowerKind}` as never));
  if (typeof d.dueAt === 'string') parts.push(v.t('equipment.due', { date: formatDateTime(v.locale, d.dueAt) }));
  for (const k of ['reason', 'repairer', 'by', 'location', 'note'] as const) if (typeof d[k] === 'string') parts.push(`${v.t(`field.${k}`)}: ${d[k] as string}`);
  if (typeof d.costCents === 'number') parts.push(euro(v, d.costCents));
  if (typeof d.device === 'string') parts.push(v.t('equipment.retired.device', { tag: d.device }));
  if (Array.isArray(d.changed)) parts.push((d.changed as string[]).join(', '));
  return parts.length ? <div>{parts.join(' · ')}</div> : null;
}

function LoanBox({ v, loan, showBorrower, now }: { v: View; loan: LoanView; showBorrower: boolean; now: string }) {
  const overdue = loan.due_at < now;
  return (
    <section class={`alert ${overdue ? 'alert-error' : 'alert-warn'}`} aria-labelledby="current-loan" id="current-loan-box">
      <h2 id="current-loan">{v.t('equipment.currentLoan')}</h2>
      <p>
        {v.t(`borrowerKind.${loan.borrower_kind}` as never)}
        {showBorrower ? ` · ${loan.borrower_name ?? v.t('equipment.borrowerErased')}` : ''} · {v.t('equipment.due', { date: formatDateTime(v.locale, loan.due_at) })}
        {overdue ? ` · ${v.t('equipment.overdue')}` : ''}
      </p>
      <p>
        <a href={`/equipment/loans/${loan.id}`}>{v.t('equipment.receipt')}</a> · <a href={`/equipment/loans/${loan.id}/receipt.pdf`}>{v.t('equipment.receipt.pdf')}</a>
      </p>
    </section>
  );
}

// ---- loans

export function LoansPage(p: { v: View; open: LoanView[]; recent: LoanView[]; now: string; showHub: boolean }) {
  const { v } = p;
  const overdue = p.open.filter((l) => l.due_at < p.now);
  const onTime = p.open.filter((l) => l.due_at >= p.now);
  const row = (l: LoanView) => (
    <li>
      <a class="tag" href={`/equipment/assets/${l.tag}`}>
        {l.tag}
      </a>{' '}
      {describeAsset(v, l)}
      {p.showHub ? ` · ${l.hub_code}` : ''}
      <div>
        {v.t(`borrowerKind.${l.borrower_kind}` as never)}
        {l.borrower_name ? ` · ${l.borrower_name}` : ''} · {v.t('equipment.due', { date: formatDateTime(v.locale, l.due_at) })} · <a href={`/equipment/loans/${l.id}`}>{v.t('equipment.receipt')}</a>
      </div>
    </li>
  );
  return (
    <section>
      <h1>{v.t('equipment.loans')}</h1>
      <h2>
        {v.t('equipment.overdueLoans')} ({overdue.length})
      </h2>
      {overdue.length ? (
        <ul class="plain alert alert-error" id="overdue-loans">
          {overdue.map(row)}
        </ul>
      ) : (
        <p class="muted">{v.t('equipment.noOverdue')}</p>
      )}
      <h2>
        {v.t('equipment.openLoans')} ({onTime.length})
      </h2>
      {onTime.length ? (
        <ul class="plain" id="open-loans">
          {onTime.map(row)}
        </ul>
      ) : (
        <p class="muted">{v.t('equipment.noLoans')}</p>
      )}
      {p.recent.length ? (
        <>
          <h2>{v.t('equipment.recentLoans')}</h2>
          <ul class="plain" id="recent-loans">
            {p.recent.map((l) => (
              <li>
                <a class="tag" href={`/equipment/assets/${l.tag}`}>
                  {l.tag}
                </a>{' '}
                {describeAsset(v, l)} · {v.t(`borrowerKind.${l.borrower_kind}` as never)} ·{' '}
                {l.returned_at ? v.t('equipment.returnedOn', { date: formatDateTime(v.locale, l.returned_at) }) : v.t('equipment.lostOn', { date: formatDateTime(v.locale, l.lost_at) })} ·{' '}
                <a href={`/equipment/loans/${l.id}`}>#{l.id}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The receipt as a page: shown on the phone to the borrower, or printed. */
export function LoanPage(p: { v: View; loan: LoanView; hub: HubIdentityView; showBorrower: boolean; overdue: boolean; canErase: boolean; done?: string }) {
  const { v, loan } = p;
  return (
    <article>
      <h1>{v.t('equipment.receipt.title', { id: loan.id })}</h1>
      <Notice message={p.done} />
      <dl class="facts">
        <dt>{v.t('equipment.receipt.asset')}</dt>
        <dd>
          <a class="tag" href={`/equipment/assets/${loan.tag}`}>
            {loan.tag}
          </a>{' '}
          · {describeAsset(v, loan)}
          {loan.serial ? ` · ${loan.serial}` : ''}
        </dd>
        <dt>{v.t('field.hub')}</dt>
        <dd>{[p.hub.name, p.hub.address, p.hub.comune].filter(Boolean).join(' · ')}</dd>
        <dt>{v.t('equipment.receipt.borrower')}</dt>
        <dd>
          {v.t(`borrowerKind.${loan.borrower_kind}` as never)}
          {p.showBorrower ? ` · ${loan.borrower_name ?? v.t('equipment.borrowerErased')}` : ''}
          {p.showBorrower && loan.borrower_document ? ` · ${v.t(`borrowerDocument.${loan.borrower_document}` as never)}` : ''}
        </dd>
        <dt>{v.t('equipment.receipt.lentAt')}</dt>
        <dd>{formatDateTime(v.locale, loan.lent_at)}</dd>
        <dt>{v.t('equipment.receipt.dueAt')}</dt>
        <dd>
          {formatDateTime(v.locale, loan.due_at)}
          {p.overdue ? <strong> · {v.t('equipment.overdue')}</strong> : null}
        </dd>
        {loan.returned_at ? (
          <>
            <dt>{v.t('equipment.receipt.returned')}</dt>
            <dd>{formatDateTime(v.locale, loan.returned_at)}</dd>
          </>
        ) : null}
      </dl>
      <h2>{v.t('equipment.receipt.conditions')}</h2>
      <ol id="conditions">
        {CONDITIONS.map((n) => (
          <li>{v.t(`equipment.receipt.condition.${n}`)}</li>
        ))}
      </ol>
      <p class="no-print">
        <a class="button" href={`/equipment/loans/${loan.id}/receipt.pdf`}>
          {v.t('equipment.receipt.pdf')}
        </a>
      </p>
      {p.canErase ? (
        <PostForm v={v} action={`/equipment/loans/${loan.id}/erase`} class="no-print">
          <input type="hidden" name="confirm" value="erase" />
          <button type="submit" class="secondary">
            {v.t('equipment.eraseBorrower')}
          </button>
        </PostForm>
      ) : null}
    </article>
  );
}

// ---- the minimum kit

export function KitPage(p: { v: View; items: KitItem[]; hubs: { hub: HubOption; cells: KitCell[]; complete: boolean }[]; canConfigure: boolean }) {
  const { v } = p;
  const complete = p.hubs.filter((h) => h.complete).length;
  return (
    <section>
      <h1>{v.t('equipment.kit')}</h1>
      <p class="muted">{v.t('equipment.kit.intro')}</p>
      {p.hubs.length > 1 ? (
        <>
          <p id="kit-summary">{v.t('equipment.kit.hubsComplete', { complete, total: p.hubs.length })}</p>
          <div class="table-wrap">
            <table class="cards kit-matrix" id="kit-matrix">
              <thead>
                <tr>
                  <th scope="col">{v.t('field.hub')}</th>
                  {p.items.map((i) => (
                    <th scope="col">{v.locale === 'en' ? i.label_en : i.label_it}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {p.hubs.map((h) => (
                  <tr class={h.complete ? 'kit-ok' : 'kit-short'} data-hub={h.hub.code}>
                    <th scope="row">
                      <a href={`/equipment?hub=${h.hub.code}`}>{h.hub.name}</a>
                    </th>
                    {h.cells.map((cell, i) => (
                      <td class={`kit-${cell.status}`} data-label={v.locale === 'en' ? p.items[i]!.label_en : p.items[i]!.label_it}>
                        <strong>{v.t('equipment.kit.cell', { working: cell.working, need: cell.need })}</strong>
                        <KitNotes v={v} cell={cell} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : p.hubs[0] ? (
        <>
          <h2>{p.hubs[0].hub.name}</h2>
          <KitSummary v={v} cells={p.hubs[0].cells} />
          <KitTable v={v} items={p.items} cells={p.hubs[0].cells} />
        </>
      ) : null}
      {p.canConfigure ? (
        <p>
          <a href="/equipment/settings">{v.t('equipment.kit.edit')}</a>
        </p>
      ) : null}
    </section>
  );
}

export function KitSummary({ v, cells }: { v: View; cells: KitCell[] }) {
  const short = cells.filter((c) => c.status !== 'ok').length;
  return short ? (
    <p class="alert alert-error" id="kit-status">
      {v.t('equipment.kit.incomplete', { count: short })}
    </p>
  ) : (
    <p class="alert alert-ok" id="kit-status">
      {v.t('equipment.kit.complete')}
    </p>
  );
}

// ---- the hub's page: what needs attention

type AlertRow = { tag: string; category: string; make: string | null; model: string | null; location: string | null; warranty_end: string | null; next_check_on: string | null; hub_code: string };

export function EquipmentPanel(p: {
  v: View;
  overdue: LoanView[];
  warranties: AlertRow[];
  checks: AlertRow[];
  kit: { items: KitItem[]; hubs: { hub: HubOption; cells: KitCell[]; complete: boolean }[] };
  today: string;
}) {
  const { v } = p;
  const single = p.kit.hubs.length === 1 ? p.kit.hubs[0] : undefined;
  const line = (a: AlertRow, what: string) => (
    <li>
      <a class="tag" href={`/equipment/assets/${a.tag}`}>
        {a.tag}
      </a>{' '}
      {describeAsset(v, a)} · {what}
    </li>
  );
  return (
    <section aria-labelledby="equipment-panel" id="equipment">
      <h2 id="equipment-panel">
        <a href="/equipment">{v.t('equipment.title')}</a>
      </h2>
      <h3>
        {v.t('equipment.overdueLoans')} ({p.overdue.length})
      </h3>
      {p.overdue.length ? (
        <ul class="plain alert alert-error" id="home-overdue">
          {p.overdue.map((l) => (
            <li>
              <a class="tag" href={`/equipment/assets/${l.tag}`}>
                {l.tag}
              </a>{' '}
              {describeAsset(v, l)} · {v.t(`borrowerKind.${l.borrower_kind}` as never)}
              {l.borrower_name ? ` · ${l.borrower_name}` : ''}
              {!single ? ` · ${l.hub_code}` : ''} · {v.t('equipment.overdueSince', { date: formatDateTime(v.locale, l.due_at) })}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{v.t('equipment.noOverdue')}</p>
      )}
      {p.checks.length || p.warranties.length ? (
        <>
          <h3>{v.t('equipment.attention')}</h3>
          <ul class="plain" id="home-attention">
            {p.checks.map((a) => line(a, v.t('equipment.checkDue', { date: day(v, a.next_check_on) })))}
            {p.warranties.map((a) =>
              line(a, a.warranty_end! < p.today ? v.t('equipment.warrantyEnded', { date: day(v, a.warranty_end) }) : v.t('equipment.warrantyEnds', { date: day(v, a.warranty_end) })),
            )}
          </ul>
        </>
      ) : null}
      <h3>{v.t('equipment.kit')}</h3>
      {single ? (
        <>
          <KitSummary v={v} cells={single.cells} />
          <KitTable v={v} items={p.kit.items} cells={single.cells} />
        </>
      ) : (
        <p>
          <a href="/equipment/kit">{v.t('equipment.kit.hubsComplete', { complete: p.kit.hubs.filter((h) => h.complete).length, total: p.kit.hubs.length })}</a>
        </p>
      )}
    </section>
  );
}

// ---- the funder's register

export function RegisterExportPage(p: { v: View; funding: FundingSource[]; hubs: HubOption[] | null; ownHub: string | null }) {
  const { v } = p;
  return (
    <section>
      <h1>{v.t('equipment.funderRegister')}</h1>
      <p>{v.t('equipment.register.intro')}</p>
      <form method="get" action="/api/v1/assets/register">
        <Select id="r-funding" name="funding" label={v.t('field.fundingSource')} required options={p.funding.map((f) => ({ value: String(f.id), label: f.name }))} />
        {p.hubs ? (
          <Select id="r-hub" name="hub" label={v.t('field.hub')} options={[{ value: '', label: v.t('equipment.kit.allHubs') }, ...p.hubs.map((h) => ({ value: h.code, label: h.name }))]} />
        ) : (
          <input type="hidden" name="hub" value={p.ownHub ?? ''} />
        )}
        <div class="actions-row">
          <button type="submit" name="format" value="csv">
            {v.t('equipment.register.csv')}
          </button>
          <button type="submit" name="format" value="pdf" class="secondary">
            {v.t('equipment.register.pdf')}
          </button>
        </div>
      </form>
    </section>
  );
}

// ---- the administrator's lists

export function SettingsPage(p: { v: View; funding: FundingSource[]; kit: KitItem[]; done?: string } & Failure) {
  const { v } = p;
  const featureOptions = [{ value: '', label: v.t('equipment.settings.noFeature') }, ...ASSET_FEATURES.map((f) => ({ value: f, label: featureLabel(v, f) }))];
  const categoryOptions = ASSET_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(v, c) }));
  const kitFields = (prefix: string, item?: KitItem) => (
    <>
      <Field id={`${prefix}-it`} name="labelIt" label={v.t('field.labelIt')} required maxlength={200} value={item?.label_it} />
      <Field id={`${prefix}-en`} name="labelEn" label={v.t('field.labelEn')} required maxlength={200} value={item?.label_en} />
      <Select id={`${prefix}-cat`} name="category" label={v.t('field.assetCategory')} required value={item?.category ?? ''} options={categoryOptions} />
      <Select id={`${prefix}-feat`} name="feature" label={v.t('field.feature')} value={item?.feature ?? ''} options={featureOptions} />
      <Field id={`${prefix}-min`} name="minCount" label={v.t('field.minCount')} required inputmode="numeric" pattern="[0-9]+" value={item?.min_count} />
      <Field id={`${prefix}-pos`} name="position" label={v.t('field.position')} inputmode="numeric" pattern="[0-9]+" value={item?.position} />
    </>
  );
  return (
    <section>
      <h1>{v.t('equipment.settings')}</h1>
      <Notice message={p.done} />
      <ErrorBox message={p.error} issues={p.issues} />
      <h2>{v.t('equipment.settings.funding')}</h2>
      {p.funding.map((f) => (
        <details class="action">
          <summary>
            {f.name}
            {f.active ? '' : ` · ${v.t('equipment.settings.inactive')}`}
          </summary>
          <PostForm v={v} action={`/equipment/settings/funding/${f.id}`}>
            <Field id={`fs-${f.id}`} name="name" label={v.t('field.name')} required maxlength={120} value={f.name} />
            <label class="radio" for={`fs-${f.id}-active`}>
              <input type="hidden" name="active" value="false" />
              <input type="checkbox" id={`fs-${f.id}-active`} name="active" value="true" checked={f.active === 1} />
              {v.t('field.active')}
            </label>
            <button type="submit">{v.t('equipment.settings.save')}</button>
          </PostForm>
        </details>
      ))}
      <PostForm v={v} action="/equipment/settings/funding">
        <Field id="fs-new" name="name" label={v.t('equipment.settings.fundingAdd')} required maxlength={120} />
        <button type="submit" class="secondary">
          {v.t('equipment.settings.fundingAdd')}
        </button>
      </PostForm>

      <h2>{v.t('equipment.kit')}</h2>
      {p.kit.map((item) => (
        <details class="action">
          <summary>
            {item.position}. {v.locale === 'en' ? item.label_en : item.label_it} · ≥ {item.min_count}
          </summary>
          <PostForm v={v} action={`/equipment/settings/kit/${item.id}`}>
            <input type="hidden" name="op" value="save" />
            {kitFields(`kit-${item.id}`, item)}
            <button type="submit">{v.t('equipment.settings.save')}</button>
          </PostForm>
          <PostForm v={v} action={`/equipment/settings/kit/${item.id}`}>
            <input type="hidden" name="op" value="delete" />
            <button type="submit" class="danger">
              {v.t('equipment.settings.delete')}
            </button>
          </PostForm>
        </details>
      ))}
      <details class="action">
        <summary>{v.t('equipment.settings.kitAdd')}</summary>
        <PostForm v={v} action="/equipment/settings/kit">
          {kitFields('kit-new')}
          <button type="submit">{v.t('equipment.settings.kitAdd')}</button>
        </PostForm>
      </details>
    </section>
  );
}

// ---- the public passport of an asset: the least there is

export function AssetPassport(p: { v: View; asset: { tag: string; category: string; make: string | null; model: string | null }; hub: HubIdentityView }) {
  const { v, hub } = p;
  return (
    <article>
      <p class="muted">{v.t('equipment.passport.title')}</p>
      <h1>{describeAsset(v, p.asset)}</h1>
      <p>
        <span class="tag">{p.asset.tag}</span>
      </p>
      <p>{v.t('equipment.passport.what', { hub: hub.name })}</p>
      <p>{v.t('equipment.passport.found')}</p>
      <h2>{v.t('equipment.passport.contact')}</h2>
      <dl class="facts">
        <dt>{v.t('field.hub')}</dt>
        <dd>{hub.name}</dd>
        {hub.address ? (
          <>
            <dt>{v.t('field.address')}</dt>
            <dd>{hub.address}</dd>
          </>
        ) : null}
        {hub.contact_email ? (
          <>
            <dt>{v.t('field.email')}</dt>
            <dd>
              <a href={`mailto:${hub.contact_email}`}>{hub.contact_email}</a>
            </dd>
          </>
        ) : null}
        {hub.contact_phone ? (
          <>
            <dt>{v.t('field.phone')}</dt>
            <dd>{hub.contact_phone}</dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}
