import { formatDate } from '../../src/i18n/format';
import type { DeviceView } from '../devices/model';
import type { BenchData } from '../../src/workshop/bench';
import { Field, PostForm, Select } from '../components/forms';
import type { View } from '../view';

const partLabel = (v: View, kind: string) => v.t(`part.${kind}` as never);

export function DevicePartsSection({ v, device, bench }: { v: View; device: DeviceView; bench: BenchData }) {
  if (!bench.fitted.length && !bench.harvested.length && !(bench.can.fit && bench.stock.length)) return null;
  return (
    <section aria-labelledby="parts">
      <h2 id="parts">{v.t('parts.title')}</h2>
      {bench.harvested.length ? (
        <>
          <h3>{v.t('parts.harvestedHere')}</h3>
          <ul>
            {bench.harvested.map((p) => (
              <li>
                {partLabel(v, p.kind)} × {p.quantity}
                {p.description ? ` · ${p.description}` : ''}
                {p.serial ? ` · ${p.serial}` : ''} · {v.t('parts.available')}: {p.available}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {bench.fitted.length ? (
        <>
          <h3>{v.t('parts.fittedHere')}</h3>
          <ul>
            {bench.fitted.map((p) => (
              <li>
                {formatDate(v.locale, p.at)} · {partLabel(v, p.kind)} × {p.quantity}
                {p.description ? ` · ${p.description}` : ''}
                {p.serial ? ` · ${p.serial}` : ''}
                {p.source_tag ? ` · ${v.t('parts.from')} ${p.source_tag}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {bench.can.fit && bench.stock.length ? (
        <details class="action" id="fit-part">
          <summary>{v.t('parts.fit')}</summary>
          <PostForm v={v} action={`/d/${device.tag}/parts`}>
            <input type="hidden" name="expectedVersion" value={String(device.version)} />
            <Select
              id="fit-part-select"
              name="part"
              label={v.t('field.part')}
              required
              options={[
                { value: '', label: '—' },
                ...bench.stock.map((p) => ({
                  value: String(p.id),
                  label: [partLabel(v, p.kind), p.description, p.serial, p.source_tag ? `${v.t('parts.from')} ${p.source_tag}` : null, `(${p.available})`].filter(Boolean).join(' · '),
                })),
              ]}
            />
            <Field id="fit-part-quantity" name="quantity" type="number" min="1" max="100" label={v.t('field.quantity')} value="1" />
            <button type="submit">{v.t('parts.fit')}</button>
          </PostForm>
        </details>
      ) : null}
    </section>
  );
}
