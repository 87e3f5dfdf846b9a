import { DEVICE_TYPES } from '../../src/devices/device-types';
import { DONOR_KINDS } from '../../src/donations/tables';
import type { HubOption } from '../../src/hubs/view-model';
import { ErrorBox, Field, PostForm, Select, TextArea } from '../components/forms';
import { typeLabel } from '../components/state-badge';
import type { View } from '../view';

type Values = Record<string, unknown>;

const str = (x: unknown) => (x === undefined || x === null ? undefined : String(x));

export function DonationForm(props: {
  v: View;
  hubs: HubOption[] | null;
  values?: Values;
  /** The day a donation is usually received: today, in the hub's time zone. */
  today?: string;
  issues?: { path: string; message: string }[];
  error?: string;
  formKey: string;
}) {
  const { v } = props;
  const values = props.values ?? {};
  const donor = (values.donor ?? {}) as Values;
  const rows = Array.isArray(values.devices) && values.devices.length ? (values.devices as Values[]) : [{}];
  return (
    <section>
      <h1>{v.t('donations.new.title')}</h1>
      <ErrorBox message={props.error} issues={props.issues} />
      <PostForm v={v} action="/donations">
        <input type="hidden" name="idempotencyKey" value={props.formKey} />
        {props.hubs ? (
          <Select
            id="hub"
            name="hub"
            label={v.t('field.hub')}
            required
            value={str(values.hub)}
            options={[{ value: '', label: '—' }, ...props.hubs.map((h) => ({ value: h.code, label: `${h.name} (${h.code})` }))]}
          />
        ) : null}
        <fieldset>
          <legend>{v.t('donations.donor')}</legend>
          <Select
            id="donor-kind"
            name="donor.kind"
            label={v.t('field.donorKind')}
            required
            value={str(donor.kind) ?? 'company'}
            options={DONOR_KINDS.map((k) => ({ value: k, label: v.t(`donorKind.${k}`) }))}
          />
          <Field id="donor-name" name="donor.name" label={v.t('field.donorName')} required value={str(donor.name)} maxlength={200} autocomplete="off" />
          <Field id="donor-tax" name="donor.taxCode" label={v.t('field.taxCode')} hint={v.t('donations.taxCode.hint')} value={str(donor.taxCode)} maxlength={30} autocomplete="off" />
          <Field id="donor-email" name="donor.email" type="email" label={v.t('field.email')} value={str(donor.email)} maxlength={200} autocomplete="off" />
          <Field id="donor-phone" name="donor.phone" type="tel" label={v.t('field.phone')} value={str(donor.phone)} maxlength={40} autocomplete="off" />
          <p class="hint">{v.t('donations.privacy')}</p>
        </fieldset>
        <Field id="receivedAt" name="receivedAt" type="date" label={v.t('field.receivedAt')} value={str(values.receivedAt) || props.today} />
        <TextArea id="note" name="note" label={v.t('field.note')} value={str(values.note)} maxlength={2000} />

        <h2>{v.t('donations.devices')}</h2>
        <div id="device-rows">
          {rows.map((row, i) => (
            <DeviceRow v={v} i={i} row={row} />
          ))}
        </div>
        <div class="actions-row">
          <button type="button" class="secondary" data-add-row="device-rows">
            {v.t('donations.addDevice')}
          </button>
        </div>
        <button type="submit" class="big">
          {v.t('donations.submit')}
        </button>
      </PostForm>
      <script src={v.asset('labels.js')} defer></script>
    </section>
  );
}

function DeviceRow({ v, i, row }: { v: View; i: number; row: Values }) {
  const id = (name: string) => `devices-${i}-${name}`;
  const name = (field: string) => `devices.${i}.${field}`;
  return (
    <fieldset class="device-row" data-row>
      <legend>
        {v.t('donations.deviceN')} <span data-row-number>{i + 1}</span>
      </legend>
      <div class="grid">
        <Select id={id('type')} name={name('type')} label={v.t('field.type')} required value={str(row.type) ?? 'laptop'} options={DEVICE_TYPES.map((t) => ({ value: t, label: typeLabel(v, t) }))} />
        <Field id={id('brand')} name={name('brand')} label={v.t('field.brand')} value={str(row.brand)} maxlength={80} />
        <Field id={id('model')} name={name('model')} label={v.t('field.model')} value={str(row.model)} maxlength={120} />
        <Field id={id('serial')} name={name('serial')} label={v.t('field.serial')} value={str(row.serial)} maxlength={80} />
        <Field id={id('weightKg')} name={name('weightKg')} label={v.t('field.weightKg')} inputmode="decimal" value={str(row.weightKg)} pattern="[0-9]+([.,][0-9]+)?" />
        <Select
          id={id('hasStorage')}
          name={name('hasStorage')}
          label={v.t('field.hasStorage')}
          value={str(row.hasStorage) ?? ''}
          options={[
            { value: '', label: v.t('common.unknown') },
            { value: 'true', label: v.t('common.yes') },
            { value: 'false', label: v.t('common.no') },
          ]}
        />
        <Field id={id('quantity')} name={name('quantity')} label={v.t('field.quantity')} type="number" min="1" max="500" value={str(row.quantity) ?? '1'} />
      </div>
      <div class="field">
        <label for={id('tag')}>{v.t('field.blankTag')}</label>
        <p class="hint" id={`${id('tag')}-hint`}>
          {v.t('donations.blankTag.hint')}
        </p>
        <input
          id={id('tag')}
          name={name('tag')}
          type="text"
          value={str(row.tag)}
          maxlength={300}
          autocomplete="off"
          autocapitalize="characters"
          aria-describedby={`${id('tag')}-hint`}
          data-blank-tag
        />
      </div>
      <TextArea id={id('conditionNote')} name={name('conditionNote')} label={v.t('field.conditionNote')} value={str(row.conditionNote)} maxlength={1000} />
      <button type="button" class="link" data-remove-row>
        {v.t('donations.removeDevice')}
      </button>
    </fieldset>
  );
}
