/** Pieces the equipment pages share: labels, the action fields (asset page and batch scanning), the kit table. */
import { ASSET_FEATURES, BORROWER_DOCUMENTS, BORROWER_KINDS, type AssetAction } from '../../src/equipment/lifecycle';
import type { KitCell, KitItem } from '../../src/equipment/kit';
import { codeLabel } from '../../src/i18n/catalogue';
import { formatDate } from '../../src/i18n/format';
import { Field, Radios, Select, TextArea } from '../components/forms';
import type { View } from '../view';

export function categoryLabel(v: View, category: string): string {
  return codeLabel(v.locale, 'assetCategory', category);
}

export function assetActionLabel(v: View, action: string): string {
  return codeLabel(v.locale, 'assetAction', action);
}

export function featureLabel(v: View, feature: string): string {
  return codeLabel(v.locale, 'assetFeature', feature);
}

export function describeAsset(v: View, a: { category: string; make: string | null; model: string | null }): string {
  return [categoryLabel(v, a.category), a.make, a.model].filter(Boolean).join(' · ');
}

/** A calendar date (YYYY-MM-DD) as the page's language writes it. */
export function day(v: View, date: string | null | undefined): string {
  return date ? formatDate(v.locale, `${date}T12:00:00.000Z`) : '';
}

export function euro(v: View, cents: number | null): string {
  if (cents === null) return '—';
  return new Intl.NumberFormat(v.locale === 'it' ? 'it-IT' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export function FeatureChecks(p: { v: View; idPrefix: string; checked: string[] }) {
  const { v } = p;
  return (
    <fieldset class="radios">
      <legend>{v.t('field.features')}</legend>
      {ASSET_FEATURES.map((f) => (
        <label class="radio" for={`${p.idPrefix}-${f}`}>
          <input type="checkbox" id={`${p.idPrefix}-${f}`} name="features" value={f} checked={p.checked.includes(f)} />
          {featureLabel(v, f)}
        </label>
      ))}
    </fieldset>
  );
}

/** The fields an action takes, the same on the asset's page and in a batch of scans. */
export function AssetActionFields(p: { v: View; action: AssetAction; idPrefix: string; values?: Record<string, string>; defaultDue?: string; inBatch?: boolean }) {
  const { v, action } = p;
  const values = p.values ?? {};
  const id = (name: string) => `${p.idPrefix}-${name}`;
  const note = p.inBatch ? null : <TextArea id={id('note')} name="note" label={v.t('field.note')} value={values.note} maxlength={2000} />;
  switch (action) {
    case 'lend':
      return (
        <>
          <Radios
            idPrefix={id('kind')}
            name="borrowerKind"
            legend={v.t('field.borrowerKind')}
            required
            value={values.borrowerKind ?? 'visitor'}
            options={BORROWER_KINDS.map((k) => ({ value: k, label: v.t(`borrowerKind.${k}`) }))}
          />
          <Field id={id('name')} name="borrowerName" label={v.t('field.borrowerName')} required maxlength={80} autocomplete="off" value={values.borrowerName} hint={v.t('equipment.borrowerHint')} />
          <Select
            id={id('document')}
            name="borrowerDocument"
            label={v.t('field.borrowerDocument')}
            value={values.borrowerDocument ?? ''}
            options={[{ value: '', label: '—' }, ...BORROWER_DOCUMENTS.map((d) => ({ value: d, label: v.t(`borrowerDocument.${d}`) }))]}
          />
          <Field id={id('due')} name="due" type="datetime-local" label={v.t('field.due')} required value={values.due ?? p.defaultDue} hint={v.t('equipment.dueHint')} />
          {note}
        </>
      );
    case 'repair':
      return (
        <>
          <Field id={id('reason')} name="reason" label={v.t('field.reason')} required maxlength={500} value={values.reason} />
          <Field id={id('repairer')} name="repairer" label={v.t('field.repairer')} maxlength={160} value={values.repairer} />
          {note}
        </>
      );
    case 'repaired':
      return (
        <>
          <Field id={id('by')} name="by" label={v.t('field.by')} maxlength={160} value={values.by} />
          <Field id={id('cost')} name="cost" label={v.t('field.cost')} inputmode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?" value={values.cost} />
          {note}
        </>
      );
    case 'lose':
      return <TextArea id={id('note')} name="note" label={`${v.t('field.note')} *`} value={values.note} maxlength={2000} />;
    case 'found':
      return (
        <>
          <Field id={id('location')} name="location" label={v.t('field.location')} maxlength={120} value={values.location} />
          {note}
        </>
      );
    case 'retire':
      return (
        <>
          <p class="hint">{v.t('equipment.retireHint')}</p>
          <Field id={id('reason')} name="reason" label={v.t('field.reason')} required maxlength={500} value={values.reason} />
          <label class="radio" for={id('workshop')}>
            <input type="checkbox" id={id('workshop')} name="toWorkshop" value="true" checked={values.toWorkshop === 'true'} />
            {v.t('field.toWorkshop')}
          </label>
          {note}
        </>
      );
    default:
      return note;
  }
}

/** One hub's kit: each item, working against needed; what is short stands out. */
export function KitTable(p: { v: View; items: KitItem[]; cells: KitCell[] }) {
  const { v } = p;
  const byId = new Map(p.items.map((i) => [i.id, i]));
  return (
    <table class="cards kit">
      <thead>
        <tr>
          <th scope="col">{v.t('equipment.kit.item')}</th>
          <th scope="col">{v.t('equipment.kit.have')}</th>
        </tr>
      </thead>
      <tbody>
        {p.cells.map((cell) => {
          const item = byId.get(cell.itemId)!;
          return (
            <tr class={`kit-${cell.status}`} data-kit-item={String(item.id)}>
              <th scope="row">{v.locale === 'en' ? item.label_en : item.label_it}</th>
              <td data-label={v.t('equipment.kit.have')}>
                <strong>{v.t('equipment.kit.cell', { working: cell.working, need: cell.need })}</strong>
                <KitNotes v={v} cell={cell} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function KitNotes({ v, cell }: { v: View; cell: KitCell }) {
  const notes = [cell.missing > 0 ? v.t('equipment.kit.missing', { missing: cell.missing }) : v.t('equipment.kit.ok')];
  if (cell.underRepair) notes.push(v.t('equipment.kit.broken', { count: cell.underRepair }));
  if (cell.lost) notes.push(v.t('equipment.kit.lost', { count: cell.lost }));
  return <span class="kit-note"> · {notes.join(' · ')}</span>;
}
