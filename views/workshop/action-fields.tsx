/** The bench's fields inside the device's action forms: checklist, disks, catalogue image, parts kept. */
import type { BenchData } from '../../src/workshop/bench';
import { itemLabel } from '../../src/workshop/checklists';
import { PART_KINDS } from '../../src/workshop/schema';
import { Field, Radios, Select } from '../components/forms';
import type { View } from '../view';

type P = { v: View; id: (name: string) => string; values: Record<string, string>; bench?: BenchData };

export function DiagnoseBenchFields({ v, id, values, bench }: P) {
  const items = bench?.checklist ?? [];
  return (
    <>
      {items.length ? (
        <label class="radio all-works" for={id('checklist-all')}>
          <input type="checkbox" id={id('checklist-all')} name="checklistAll" value="true" checked={values.checklistAll === 'true'} />
          <span>{v.t('checklist.allWorks', { count: items.length })}</span>
        </label>
      ) : null}
      {items.length ? (
        // Folded by default, so the confirm button stays within a thumb's reach on a phone; one compact row per item.
        <details class="checklist" open={items.some((item) => values[`checklist.${item.key}`] !== undefined)}>
          <summary>
            {v.t('checklist.legend')} ({items.length})
          </summary>
          <p class="hint">{v.t('checklist.allWorksHint')}</p>
          {items.map((item) => (
            <Radios
              idPrefix={id(`check-${item.key}`)}
              name={`checklist.${item.key}`}
              legend={itemLabel(item, v.locale)}
              value={values[`checklist.${item.key}`]}
              options={(['pass', 'fail', 'absent'] as const).map((r) => ({ value: r, label: v.t(`checklist.result.${r}`) }))}
            />
          ))}
        </details>
      ) : null}
      <Field id={id('reason')} name="reason" label={v.t('field.reason')} value={values.reason} maxlength={500} />
    </>
  );
}

export function EraseBenchFields({ v, id, values, bench }: P) {
  const disks = bench?.erasure.disks ?? [];
  return (
    <>
      <Select
        id={id('category')}
        name="category"
        label={v.t('field.category')}
        value={values.category ?? ''}
        options={[
          { value: '', label: '—' },
          { value: 'clear', label: v.t('erasure.category.clear') },
          { value: 'purge', label: v.t('erasure.category.purge') },
        ]}
      />
      <Field id={id('verification')} name="verification" label={v.t('field.verification')} value={values.verification} maxlength={200} />
      {disks.length ? (
        <fieldset>
          <legend>{v.t('field.disks')}</legend>
          {disks.map((d, i) => (
            <label class="radio disk-choice" for={id(`disk-${i}`)}>
              <input type="checkbox" id={id(`disk-${i}`)} name={`disks.${i}.serial`} value={d.serial} checked />
              <span>
                {d.model ?? '—'} · <span class="tag">{d.serial}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

export function InstallFields({ v, id, values, bench, systems }: P & { systems: string[] }) {
  const images = bench?.images ?? [];
  return (
    <>
      {images.length ? (
        <Select
          id={id('image')}
          name="imageId"
          label={v.t('images.pick')}
          value={values.imageId ?? String(images[0]!.id)}
          options={[...images.map((i) => ({ value: String(i.id), label: `${i.name} ${i.version}` })), { value: '', label: v.t('images.other') }]}
        />
      ) : null}
      {/* Without a catalogue, the system most hubs install is already filled in: one tap to confirm it. */}
      <Field id={id('os')} name="os" label={v.t('field.os')} required={images.length === 0} list="systems" value={values.os ?? (images.length ? undefined : systems[0])} maxlength={120} />
      <datalist id="systems">
        {systems.map((s) => (
          <option value={s} />
        ))}
      </datalist>
    </>
  );
}

export function HarvestFields({ v, id, values }: P) {
  return (
    <fieldset>
      <legend>{v.t('parts.harvestLegend')}</legend>
      <div class="grid-parts">
        {PART_KINDS.map((k) => (
          <Field id={id(`part-${k}`)} name={`parts.${k}`} type="number" min="0" max="500" inputmode="numeric" label={v.t(`part.${k}`)} value={values[`parts.${k}`] ?? '0'} />
        ))}
      </div>
    </fieldset>
  );
}
