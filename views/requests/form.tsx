import { DEVICE_TYPES } from '../../src/devices/device-types';
import { ErrorBox, Field, PostForm, Select, TextArea, formValue } from '../components/forms';
import { typeLabel } from '../components/state-badge';
import type { View } from '../view';

type Values = Record<string, unknown>;

const get = formValue;

/**
 * A request: what devices, how many, what for, for whom, and the minimum specs that matter.
 * Three lines of devices fit most requests; an empty line is ignored.
 */
export function RequestForm(props: {
  v: View;
  action: string;
  formKey: string;
  values?: Values;
  issues?: { path: string; message: string }[];
  error?: string;
  partners?: { id: number; name: string }[];
}) {
  const { v, values } = props;
  const typeOptions = [{ value: '', label: '—' }, ...DEVICE_TYPES.map((t) => ({ value: t, label: typeLabel(v, t) }))];
  return (
    <PostForm v={v} action={props.action}>
      <ErrorBox message={props.error} issues={props.issues} />
      <input type="hidden" name="idempotencyKey" value={props.formKey} />
      {props.partners ? (
        <Select
          id="partner"
          name="partner"
          label={v.t('field.partner')}
          required
          value={get(values, 'partner')}
          options={[{ value: '', label: '—' }, ...props.partners.map((p) => ({ value: String(p.id), label: p.name }))]}
        />
      ) : null}
      <fieldset>
        <legend>{v.t('requests.form.devices')}</legend>
        {[0, 1, 2].map((i) => (
          <div class="item-row">
            <Select
              id={`items-${i}-type`}
              name={`items.${i}.type`}
              label={v.t('field.type')}
              required={i === 0}
              value={get(values, `items.${i}.type`) ?? (i === 0 ? 'laptop' : '')}
              options={typeOptions}
            />
            <Field
              id={`items-${i}-quantity`}
              name={`items.${i}.quantity`}
              label={v.t('field.quantity')}
              type="number"
              min="1"
              max="500"
              inputmode="numeric"
              required={i === 0}
              value={get(values, `items.${i}.quantity`) ?? (i === 0 ? '1' : '')}
            />
          </div>
        ))}
      </fieldset>
      <TextArea id="purpose" name="purpose" label={v.t('field.purpose')} value={get(values, 'purpose')} rows={3} maxlength={1000} />
      <p class="hint">{v.t('requests.form.purposeHint')}</p>
      <Field
        id="beneficiaries-count"
        name="beneficiaries.count"
        label={v.t('requests.form.beneficiariesCount')}
        type="number"
        min="1"
        inputmode="numeric"
        required
        value={get(values, 'beneficiaries.count')}
      />
      <Field
        id="beneficiaries-description"
        name="beneficiaries.description"
        label={v.t('requests.form.beneficiariesDescription')}
        hint={v.t('requests.form.beneficiariesHint')}
        value={get(values, 'beneficiaries.description')}
        maxlength={500}
      />
      <fieldset>
        <legend>{v.t('requests.form.minSpecs')}</legend>
        <p class="hint">{v.t('requests.form.minSpecsHint')}</p>
        <Field id="min-ram" name="minSpecs.ramGb" label={v.t('field.ramGb')} inputmode="decimal" value={get(values, 'minSpecs.ramGb')} pattern="[0-9]+([.,][0-9]+)?" />
        <Field id="min-screen" name="minSpecs.screenInches" label={v.t('field.screenInches')} inputmode="decimal" value={get(values, 'minSpecs.screenInches')} pattern="[0-9]+([.,][0-9]+)?" />
        <label class="radio" for="min-ssd">
          <input type="checkbox" id="min-ssd" name="minSpecs.ssd" value="true" checked={get(values, 'minSpecs.ssd') === 'true'} />
          {v.t('field.ssd')}
        </label>
      </fieldset>
      <button type="submit" class="big">
        {v.t('requests.form.submit')}
      </button>
    </PostForm>
  );
}
