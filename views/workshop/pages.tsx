import { DEVICE_TYPES } from '../../src/devices/device-types';
import { formatDate, formatNumber } from '../../src/i18n/format';
import { itemLabel, type ChecklistItem } from '../../src/workshop/checklists';
import { ErrorBox, Field, Notice, PostForm, Select, TextArea } from '../components/forms';
import { typeLabel } from '../components/state-badge';
import type { View } from '../view';

type Msg = { done?: string; error?: string; issues?: { path: string; message: string }[] };

export function WorkshopIndex({ v, can }: { v: View; can: { checklists: boolean; images: boolean; shipments: boolean } }) {
  return (
    <section>
      <h1>{v.t('workshop.title')}</h1>
      <p>{v.t('workshop.intro')}</p>
      <ul class="counts">
        <li>
          <a href="/workshop/checklists">{v.t('checklist.title')}</a>
        </li>
        <li>
          <a href="/workshop/images">{v.t('images.title')}</a>
        </li>
        <li>
          <a href="/workshop/parts">{v.t('parts.title')}</a>
        </li>
        <li>
          <a href="/workshop/recycling">{v.t('recycling.title')}</a>
        </li>
        <li>
          <a href="/verify">{v.t('erasure.verify.title')}</a>
        </li>
      </ul>
      {!can.checklists && !can.images && !can.shipments ? null : null}
    </section>
  );
}

export function ChecklistsPage(p: Msg & { v: View; type: string; items: ChecklistItem[]; hub: string; canEdit: boolean }) {
  const { v } = p;
  return (
    <section>
      <h1>{v.t('checklist.title')}</h1>
      <p class="muted">
        {p.hub} · {v.t('checklist.intro')}
      </p>
      <Notice message={p.done} />
      <ErrorBox message={p.error} issues={p.issues} />
      <form method="get" action="/workshop/checklists" class="filters">
        <Select id="type" name="type" label={v.t('field.type')} value={p.type} options={DEVICE_TYPES.map((t) => ({ value: t, label: typeLabel(v, t) }))} />
        <button type="submit" class="secondary">
          {v.t('devices.list.filter')}
        </button>
      </form>
      {p.canEdit ? (
        <PostForm v={v} action="/workshop/checklists">
          <input type="hidden" name="type" value={p.type} />
          <TextArea id="lines" name="lines" label={v.t('checklist.items')} rows={Math.max(6, p.items.length + 2)} value={p.items.map((i) => itemLabel(i, v.locale)).join('\n')} maxlength={4000} />
          <button type="submit">{v.t('checklist.save')}</button>
        </PostForm>
      ) : (
        <ol>
          {p.items.map((i) => (
            <li>{itemLabel(i, v.locale)}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

export type ImageRow = { id: number; name: string; version: string; notes: string | null; outdated: number; updated_at: string; devices: number };

export function ImagesPage(p: Msg & { v: View; images: ImageRow[]; canEdit: boolean; values?: Record<string, string> }) {
  const { v } = p;
  const outdatedInUse = p.images.filter((i) => i.outdated && i.devices > 0).length;
  return (
    <section>
      <h1>{v.t('images.title')}</h1>
      <p class="muted">{v.t('images.intro')}</p>
      <Notice message={p.done} />
      <ErrorBox message={p.error} issues={p.issues} />
      {outdatedInUse ? (
        <p>
          <a class="button secondary" href="/devices?outdatedImage=1">
            {v.t('images.listOutdated')}
          </a>
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{v.t('images.name')}</th>
              <th scope="col">{v.t('images.version')}</th>
              <th scope="col">{v.t('images.notes')}</th>
              <th scope="col">{v.t('field.state')}</th>
              <th scope="col">{v.t('images.devices')}</th>
              {p.canEdit ? <th scope="col">{v.t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.images.map((i) => (
              <tr>
                <td data-label={v.t('images.name')}>{i.name}</td>
                <td data-label={v.t('images.version')}>{i.version}</td>
                <td data-label={v.t('images.notes')}>{i.notes ?? ''}</td>
                <td data-label={v.t('field.state')}>
                  <span class={`badge${i.outdated ? ' state-recycled' : ' state-ready'}`}>{v.t(i.outdated ? 'images.outdated' : 'images.current')}</span>
                </td>
                <td data-label={v.t('images.devices')}>{i.devices}</td>
                {p.canEdit ? (
                  <td data-label={v.t('common.actions')}>
                    <PostForm v={v} action={`/workshop/images/${i.id}`} class="inline">
                      <input type="hidden" name="outdated" value={i.outdated ? 'false' : 'true'} />
                      <button type="submit" class="secondary">
                        {v.t(i.outdated ? 'images.markCurrent' : 'images.markOutdated')}
                      </button>
                    </PostForm>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.canEdit ? (
        <>
          <h2>{v.t('images.add')}</h2>
          <PostForm v={v} action="/workshop/images">
            <Field id="image-name" name="name" label={v.t('images.name')} required value={p.values?.name} maxlength={120} />
            <Field id="image-version" name="version" label={v.t('images.version')} required value={p.values?.version} maxlength={60} />
            <TextArea id="image-notes" name="notes" label={v.t('images.notes')} value={p.values?.notes} maxlength={1000} />
            <button type="submit">{v.t('images.add')}</button>
          </PostForm>
        </>
      ) : null}
    </section>
  );
}

export type PartRow = { id: number; kind: string; description: string | null; serial: string | null; quantity: number; available: number; created_at: string; source_tag: string | null };

export function PartsPage(p: Msg & { v: View; hub: string; parts: PartRow[]; canFit: boolean; values?: Record<string, string> }) {
  const { v } = p;
  return (
    <section>
      <h1>{v.t('parts.title')}</h1>
      <p class="muted">
        {p.hub} · {v.t('parts.intro')}
      </p>
      <Notice message={p.done} />
      <ErrorBox message={p.error} issues={p.issues} />
      {p.parts.length === 0 ? (
        <p>{v.t('parts.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{v.t('field.part')}</th>
                <th scope="col">{v.t('parts.available')}</th>
                <th scope="col">{v.t('parts.from')}</th>
                <th scope="col">{v.t('field.receivedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {p.parts.map((part) => (
                <tr>
                  <td data-label="#">{part.id}</td>
                  <td data-label={v.t('field.part')}>{[v.t(`part.${part.kind}` as never), part.description, part.serial].filter(Boolean).join(' · ')}</td>
                  <td data-label={v.t('parts.available')}>
                    {part.available} / {part.quantity}
                  </td>
                  <td data-label={v.t('parts.from')}>{part.source_tag ? <a href={`/d/${part.source_tag}`}>{part.source_tag}</a> : '—'}</td>
                  <td data-label={v.t('field.receivedAt')}>{formatDate(v.locale, part.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.canFit && p.parts.length ? (
        <>
          <h2>{v.t('parts.fit')}</h2>
          <PostForm v={v} action="/workshop/parts">
            <Field id="fit-tag" name="tag" label={v.t('parts.fitIn')} required value={p.values?.tag} maxlength={40} autocomplete="off" />
            <Select
              id="fit-part"
              name="part"
              label={v.t('field.part')}
              required
              value={p.values?.part}
              options={[
                { value: '', label: '—' },
                ...p.parts.map((part) => ({
                  value: String(part.id),
                  label: `#${part.id} · ${[v.t(`part.${part.kind}` as never), part.description, part.serial].filter(Boolean).join(' · ')} (${part.available})`,
                })),
              ]}
            />
            <Field id="fit-quantity" name="quantity" type="number" min="1" max="100" label={v.t('field.quantity')} value={p.values?.quantity ?? '1'} />
            <button type="submit">{v.t('parts.fit')}</button>
          </PostForm>
        </>
      ) : null}
    </section>
  );
}

export function RecyclingPage(
  p: Msg & {
    v: View;
    hub: string;
    pending: { tag: string; type: string; brand: string | null; model: string | null; kg: number }[];
    shipments: { id: number; document_number: string; shipped_on: string; total_kg: number; devices: number | string | bigint | null; note: string | null }[];
    canShip: boolean;
    today: string;
    values?: Record<string, string>;
  },
) {
  const { v } = p;
  const total = p.pending.reduce((s, d) => s + d.kg, 0);
  return (
    <section>
      <h1>{v.t('recycling.title')}</h1>
      <p class="muted">
        {p.hub} · {v.t('recycling.intro')}
      </p>
      <Notice message={p.done} />
      <ErrorBox message={p.error} issues={p.issues} />
      <h2>{v.t('recycling.pending')}</h2>
      {p.pending.length === 0 ? (
        <p>{v.t('recycling.none')}</p>
      ) : (
        <PostForm v={v} action="/workshop/recycling">
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">{v.t('field.tag')}</th>
                  <th scope="col">{v.t('field.device')}</th>
                  <th scope="col">kg</th>
                </tr>
              </thead>
              <tbody>
                {p.pending.map((d) => (
                  <tr>
                    <td data-label={v.t('field.tag')}>
                      {p.canShip ? <input type="checkbox" name="tags" value={d.tag} checked id={`ship-${d.tag}`} aria-label={d.tag} /> : null}{' '}
                      <a class="tag" href={`/d/${d.tag}`}>
                        {d.tag}
                      </a>
                    </td>
                    <td data-label={v.t('field.device')}>{[typeLabel(v, d.type), d.brand, d.model].filter(Boolean).join(' · ')}</td>
                    <td data-label="kg">{formatNumber(v.locale, d.kg)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            {v.t('recycling.total')}: {formatNumber(v.locale, total)} kg
          </p>
          {p.canShip ? (
            <>
              <Field id="ship-document" name="document" label={v.t('recycling.document')} required value={p.values?.document} maxlength={60} />
              <Field id="ship-date" name="date" type="date" label={v.t('recycling.date')} required value={p.values?.date ?? p.today} />
              <TextArea id="ship-note" name="note" label={v.t('field.note')} value={p.values?.note} maxlength={500} />
              <button type="submit">{v.t('recycling.create')}</button>
            </>
          ) : null}
        </PostForm>
      )}
      <h2>{v.t('recycling.shipments')}</h2>
      <ul>
        {p.shipments.map((s) => (
          <li>
            {formatDate(v.locale, `${s.shipped_on}T12:00:00Z`)} · {s.document_number} · {formatNumber(v.locale, Number(s.devices ?? 0))} · {formatNumber(v.locale, s.total_kg)} kg
            {s.note ? ` · ${s.note}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
