import { DELIVERY_TITLES } from '../../src/deliveries/tables';
import { DONOR_KINDS } from '../../src/donations/tables';
import type { ExportList } from '../../src/exports/schema';
import type { HubOption } from '../../src/hubs/view-model';
import { REQUEST_STATES } from '../../src/requests/states';
import { Field, Select } from '../components/forms';
import type { View } from '../view';

/** Where a download's progress is shown: a bar and a line read out as it changes. */
export function ProgressBox({ v, id }: { v: View; id: string }) {
  return (
    <div class="progress-box" id={id} hidden>
      <label for={`${id}-bar`}>{v.t('exports.progress')}</label>
      <progress id={`${id}-bar`} max="100"></progress>
      <p aria-live="polite" data-progress-text></p>
    </div>
  );
}

const data = (v: View) => ({
  'data-preparing': v.t('exports.preparing'),
  'data-progress-template': v.t('exports.received'),
  'data-done': v.t('exports.done'),
  'data-next': v.t('exports.nextPart'),
});

/** "Export this list: CSV · XLSX", carrying the list's current filters. */
export function ExportLinks({ v, list, query }: { v: View; list: ExportList; query: Record<string, string | number | boolean | undefined> }) {
  const href = (format: string) => {
    const s = new URLSearchParams({ format });
    for (const [k, val] of Object.entries(query)) if (val !== undefined && val !== '' && k !== 'after' && k !== 'limit') s.set(k, String(val));
    return `/exports/${list}?${s.toString()}`;
  };
  const id = `export-${list}`;
  return (
    <div class="export">
      <p>
        {v.t('exports.thisList')}{' '}
        <a href={href('csv')} data-download={id} {...data(v)}>
          CSV
        </a>
        {' · '}
        <a href={href('xlsx')} data-download={id} {...data(v)}>
          XLSX
        </a>
        <span class="muted"> {v.t('exports.filtersApplied')}</span>
      </p>
      <ProgressBox v={v} id={id} />
      <script src={v.asset('progress.js')} defer></script>
    </div>
  );
}

/** For lists without filters on the page: choose the period (and a kind) here, then CSV or XLSX. */
export function ExportForm({ v, list, hubs }: { v: View; list: Exclude<ExportList, 'devices'>; hubs: HubOption[] | null }) {
  const id = `export-${list}`;
  const kind =
    list === 'donations'
      ? { name: 'donorKind', label: v.t('field.donorKind'), options: DONOR_KINDS.map((k) => ({ value: k, label: v.t(`donorKind.${k}`) })) }
      : list === 'requests'
        ? { name: 'state', label: v.t('field.state'), options: REQUEST_STATES.map((s) => ({ value: s, label: v.t(`requestState.${s}`) })) }
        : { name: 'title', label: v.t('exports.col.title'), options: DELIVERY_TITLES.map((x) => ({ value: x, label: v.t(`deliveryTitle.${x}`) })) };
  return (
    <details class="action export">
      <summary>{v.t('exports.summary')}</summary>
      <form method="get" action={`/exports/${list}`} class="filters pad" data-download={id} {...data(v)}>
        {hubs ? <Select id={`${id}-hub`} name="hub" label={v.t('field.hub')} options={[{ value: '', label: v.t('common.all') }, ...hubs.map((h) => ({ value: h.code, label: h.name }))]} /> : null}
        <Field id={`${id}-from`} name="from" type="date" label={v.t('exports.from')} />
        <Field id={`${id}-to`} name="to" type="date" label={v.t('exports.to')} />
        <Select id={`${id}-kind`} name={kind.name} label={kind.label} options={[{ value: '', label: v.t('common.all') }, ...kind.options]} />
        <div class="actions-row">
          <button type="submit" name="format" value="csv" class="secondary">
            {v.t('exports.csv')}
          </button>
          <button type="submit" name="format" value="xlsx" class="secondary">
            {v.t('exports.xlsx')}
          </button>
        </div>
      </form>
      <ProgressBox v={v} id={id} />
      <script src={v.asset('progress.js')} defer></script>
    </details>
  );
}
