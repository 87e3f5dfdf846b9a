import type { Child } from 'hono/jsx';
import type { View } from '../view';

export const Csrf = ({ v }: { v: View }) => <input type="hidden" name="_csrf" value={v.csrf} />;

/** A form that always carries the CSRF token. */
export function PostForm(props: { v: View; action: string; children?: Child; class?: string; enctype?: string; id?: string }) {
  return (
    <form method="post" action={props.action} class={props.class} enctype={props.enctype as 'multipart/form-data' | undefined} id={props.id}>
      <Csrf v={props.v} />
      {props.children}
    </form>
  );
}

type FieldProps = {
  id: string;
  name: string;
  label: string;
  type?: string;
  value?: string | number | null;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
  list?: string;
  step?: string;
  min?: string;
  max?: string;
  maxlength?: number;
  pattern?: string;
  autofocus?: boolean;
};

export function Field(p: FieldProps) {
  const hintId = p.hint ? `${p.id}-hint` : undefined;
  return (
    <div class="field">
      <label for={p.id}>
        {p.label}
        {p.required ? (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {p.hint ? (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      ) : null}
      <input
        id={p.id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? undefined}
        required={p.required}
        aria-describedby={hintId}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode as never}
        list={p.list}
        step={p.step}
        min={p.min}
        max={p.max}
        maxlength={p.maxlength}
        pattern={p.pattern}
        autofocus={p.autofocus}
      />
    </div>
  );
}

export function Select(p: { id: string; name: string; label: string; options: { value: string; label: string }[]; value?: string | null; required?: boolean }) {
  return (
    <div class="field">
      <label for={p.id}>
        {p.label}
        {p.required ? (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <select id={p.id} name={p.name} required={p.required}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === (p.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Radios(p: { name: string; legend: string; options: { value: string; label: string }[]; value?: string | null; required?: boolean; idPrefix: string }) {
  return (
    <fieldset class="radios">
      <legend>
        {p.legend}
        {p.required ? (
          <span class="req" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </legend>
      {p.options.map((o) => (
        <label class="radio" for={`${p.idPrefix}-${o.value}`}>
          <input type="radio" id={`${p.idPrefix}-${o.value}`} name={p.name} value={o.value} checked={o.value === p.value} required={p.required} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function TextArea(p: { id: string; name: string; label: string; value?: string | null; rows?: number; maxlength?: number }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <textarea id={p.id} name={p.name} rows={p.rows ?? 2} maxlength={p.maxlength}>
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

/** The problem, said once at the top, where a screen reader lands. */
export function ErrorBox({ message, issues }: { message?: string | null; issues?: { path: string; message: string }[] }) {
  if (!message && !issues?.length) return null;
  return (
    <div class="alert alert-error" role="alert" tabindex={-1} id="error-summary">
      {message ? <p>{message}</p> : null}
      {issues?.length ? (
        <ul>
          {issues.map((i) => (
            <li>{i.path ? `${i.path}: ${i.message}` : i.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Notice({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div class="alert alert-ok" role="status">
      <p>{message}</p>
    </div>
  );
}

/** A submitted form's value at a dotted path (`contacts.0.email`), as text, for filling the form in again. */
export function formValue(values: Record<string, unknown> | undefined, path: string): string | undefined {
  let node: unknown = values;
  for (const p of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[p] : undefined;
  return node === undefined || node === null ? undefined : String(node);
}
