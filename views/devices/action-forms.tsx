import type { HubOption } from '../../src/hubs/view-model';
import type { DeviceAction } from '../../src/lifecycle/lifecycle';
import type { NextStep } from '../../src/lifecycle/next-step';
import type { MessageKey } from '../../src/i18n/catalogue';
import { formatTime } from '../../src/i18n/format';
import type { Child } from 'hono/jsx';
import type { DeviceView } from './model';
import { Field, Notice, PostForm, Radios, Select, TextArea } from '../components/forms';
import { actionLabel } from '../components/state-badge';
import type { View } from '../view';
import type { BenchData } from '../../src/workshop/bench';
import { DiagnoseBenchFields, EraseBenchFields, HarvestFields, InstallFields } from '../workshop/action-fields';

export const ERASE_METHODS = ['Fill With Zeros', 'PRNG Stream', 'DoD 5220.22-M', 'ATA Secure Erase', 'NVMe Sanitize', 'NVMe Format (crypto erase)'];
export const COMMON_SYSTEMS = ['Linux Mint 22 Xfce', 'Linux Mint 22 Cinnamon', 'Debian 12', 'Ubuntu 24.04 LTS', 'Emmabuntüs', 'Lubuntu 24.04'];

type Props = {
  v: View;
  device: DeviceView;
  /** What the lifecycle offers first, the others, and the final ones (lifecycle/next-step.ts). */
  step: NextStep;
  hubs: HubOption[];
  requests: { id: number; partner_name: string }[];
  /** The key this rendering's forms carry: a second submit of the same form is recognised. */
  formKey: string;
  failed?: { action: string; values: Record<string, string> };
  /** Checklist, known disks, image catalogue (workshop/bench.ts). */
  bench?: BenchData;
  /** The latest step, when this person may take it back. */
  undo?: UndoOffer | null;
  canCorrect?: boolean;
  /** The erase step, when it comes first: the evidence upload (erasure/section), put where the hands are. */
  erasure?: Child;
  /** What was just done: said right above the next step, where the page lands. */
  done?: string;
};

export type UndoOffer = { seq: number; action: string; final: boolean; until: string };

/** The next step first and big, the other steps folded, the final ones apart and confirmed; undo and correction below. */
export function ActionForms(p: Props) {
  const { v, step } = p;
  const open = (action: DeviceAction, primary: boolean) => (p.failed ? p.failed.action === action : primary);
  const card = (action: DeviceAction, kind: 'primary' | 'other' | 'final', warning?: MessageKey) => (
    <details class={`action${kind === 'primary' ? ' primary' : ''}${kind === 'final' ? ' final' : ''}`} open={open(action, kind === 'primary')} id={`action-${action}`}>
      <summary>{actionLabel(v, action)}</summary>
      <PostForm v={v} action={`/d/${p.device.tag}/actions`}>
        <input type="hidden" name="action" value={action} />
        <input type="hidden" name="idempotencyKey" value={`${p.formKey}-${action}`} />
        <input type="hidden" name="expectedVersion" value={String(p.device.version)} />
        {warning ? (
          <p class="alert alert-warn" id={`warn-${action}`}>
            {v.t(warning)}
          </p>
        ) : null}
        <ActionFields {...p} action={action} values={p.failed?.action === action ? p.failed.values : {}} />
        {warning ? (
          <label class="radio confirm" for={`confirm-${action}`}>
            <input type="checkbox" id={`confirm-${action}`} name="confirm" value="yes" required aria-describedby={`warn-${action}`} />
            <span>{v.t('nextStep.confirm')}</span>
          </label>
        ) : null}
        <button type="submit" class={kind === 'primary' ? 'big' : kind === 'final' ? 'danger' : undefined}>
          {v.t('devices.confirmAction', { action: actionLabel(v, action) })}
        </button>
      </PostForm>
    </details>
  );
  const nothing = !step.primary && step.others.length === 0 && step.destructive.length === 0 && step.blocked.length === 0;
  if (nothing && !p.undo && !p.canCorrect && !step.waitingForRequest) return <Notice message={p.done} />;
  return (
    <section aria-labelledby="next-steps" id="next-steps-section">
      <h2 id="next-steps">{v.t('devices.nextSteps')}</h2>
      <Notice message={p.done} />
      {p.undo ? <UndoForm v={v} tag={p.device.tag} undo={p.undo} /> : null}
      {step.waitingForRequest ? (
        <div class="alert alert-ok" id="waiting">
          <p>{v.t('nextStep.waiting')}</p>
          {p.requests.length ? (
            <p>
              {v.t('nextStep.openRequests')}:{' '}
              {p.requests.map((r, i) => (
                <>
                  {i ? ', ' : ''}
                  <a href={`/requests/${r.id}`}>
                    #{r.id} · {r.partner_name}
                  </a>
                </>
              ))}
            </p>
          ) : null}
        </div>
      ) : null}
      {step.primary === 'erase' && p.erasure ? p.erasure : step.primary ? card(step.primary, 'primary') : null}
      {step.blocked.length ? (
        <ul class="alert alert-warn">
          {step.blocked.map((b) => (
            <li>
              <strong>{actionLabel(v, b.action)}</strong>: {v.t(b.refusal.key, b.refusal.params)}
            </li>
          ))}
        </ul>
      ) : null}
      {step.others.length || (step.primary === 'erase' && p.erasure) ? (
        <>
          <h3>{v.t('nextStep.more')}</h3>
          {step.primary === 'erase' && p.erasure ? card('erase', 'other') : null}
          {step.others.map((a) => card(a, 'other'))}
        </>
      ) : null}
      {p.canCorrect ? <CorrectForm v={v} device={p.device} /> : null}
      {step.destructive.length ? (
        <>
          <h3>{v.t('nextStep.final')}</h3>
          {step.destructive.map((d) => card(d.action, 'final', d.warning))}
        </>
      ) : null}
    </section>
  );
}

function UndoForm({ v, tag, undo }: { v: View; tag: string; undo: UndoOffer }) {
  return (
    <PostForm v={v} action={`/d/${tag}/undo`} class="undo">
      <input type="hidden" name="seq" value={String(undo.seq)} />
      <p class="hint">{undo.final ? v.t('undo.finalHint', { action: actionLabel(v, undo.action) }) : v.t('undo.hint', { until: formatTime(v.locale, undo.until) })}</p>
      {undo.final ? <Field id="undo-reason" name="reason" label={v.t('field.reason')} required maxlength={500} /> : null}
      <button type="submit" class="secondary" id="undo-button">
        {v.t('undo.button', { action: actionLabel(v, undo.action) })}
      </button>
    </PostForm>
  );
}

/** A coordinator fixes a mistaken diagnosis (outcome, storage), with the reason. */
function CorrectForm({ v, device }: { v: View; device: DeviceView }) {
  const id = (name: string) => `correct-${name}`;
  return (
    <details class="action" id="correct-diagnosis">
      <summary>{v.t('correct.title')}</summary>
      <PostForm v={v} action={`/d/${device.tag}/correct`}>
        <p class="hint">{v.t('correct.hint')}</p>
        <input type="hidden" name="expectedVersion" value={String(device.version)} />
        <OutcomeAndStorage v={v} id={id} outcome={device.outcome ?? undefined} hasStorage={device.has_storage === 0 ? 'false' : 'true'} />
        <Field id={id('reason')} name="reason" label={v.t('field.reason')} required maxlength={500} />
        <button type="submit">{v.t('correct.title')}</button>
      </PostForm>
    </details>
  );
}

type FieldIds = { v: View; id: (name: string) => string };

const yesNoOptions = (v: View) => [
  { value: 'true', label: v.t('common.yes') },
  { value: 'false', label: v.t('common.no') },
];

/** What a diagnosis decides: the device's fate and whether it holds storage (device page and batch scan alike). */
export function OutcomeAndStorage({ v, id, outcome, hasStorage, keepOption }: FieldIds & { outcome?: string; hasStorage: string; keepOption?: boolean }) {
  return (
    <>
      <Radios
        idPrefix={id('outcome')}
        name="outcome"
        legend={v.t('field.outcome')}
        required
        value={outcome ?? 'refurbish'}
        options={(['refurbish', 'parts', 'recycle'] as const).map((o) => ({ value: o, label: v.t(`outcome.${o}`) }))}
      />
      <Radios
        idPrefix={id('storage')}
        name="hasStorage"
        legend={v.t('field.hasStorage')}
        required
        value={hasStorage}
        options={keepOption ? [{ value: '', label: v.t('scan.storage.keep') }, ...yesNoOptions(v)] : yesNoOptions(v)}
      />
    </>
  );
}

/** How the disks were erased, with what, and whether it was verified (device page and batch scan alike). */
export function ErasureMethod({ v, id, listId, values }: FieldIds & { listId: string; values: Record<string, string | undefined> }) {
  return (
    <>
      <Field id={id('method')} name="method" label={v.t('field.method')} required list={listId} value={values.method ?? ERASE_METHODS[0]} maxlength={120} />
      <datalist id={listId}>
        {ERASE_METHODS.map((m) => (
          <option value={m} />
        ))}
      </datalist>
      <Field id={id('tool')} name="tool" label={v.t('field.tool')} value={values.tool ?? 'nwipe'} maxlength={120} />
      <Radios idPrefix={id('verified')} name="verified" legend={v.t('field.verified')} required value={values.verified} options={yesNoOptions(v)} />
    </>
  );
}

function ActionFields(p: Props & { action: DeviceAction; values: Record<string, string> }) {
  const { v, action, device, values } = p;
  const id = (name: string) => `${action}-${name}`;
  const note = <TextArea id={id('note')} name="note" label={v.t('field.note')} value={values.note} maxlength={2000} />;
  switch (action) {
    case 'diagnose':
      return (
        <>
          <OutcomeAndStorage v={v} id={id} outcome={values.outcome} hasStorage={values.hasStorage ?? (device.has_storage === 0 ? 'false' : 'true')} />
          <DiagnoseBenchFields v={v} id={id} values={values} bench={p.bench} />
          {note}
        </>
      );
    case 'erase':
      return (
        <>
          <ErasureMethod v={v} id={id} listId="erase-methods" values={values} />
          <EraseBenchFields v={v} id={id} values={values} bench={p.bench} />
          <p class="hint">{v.t('devices.erase.hint')}</p>
          {note}
        </>
      );
    case 'install':
      return (
        <>
          <InstallFields v={v} id={id} values={values} bench={p.bench} systems={COMMON_SYSTEMS} />
          {note}
        </>
      );
    case 'reserve':
      // A reservation names a partner request of this hub that asked for this kind of device.
      return (
        <>
          <Select
            id={id('request')}
            name="request"
            label={v.t('field.request')}
            required
            value={values.request}
            options={[{ value: '', label: '—' }, ...p.requests.map((r) => ({ value: String(r.id), label: `#${r.id} · ${r.partner_name}` }))]}
          />
          {p.requests.length === 0 ? <p class="hint">{v.t('requests.noneOpen')}</p> : null}
          {note}
        </>
      );
    case 'deliver':
      // The device gets its own delivery, numbered, with the delivery note (and the loan agreement).
      return (
        <>
          <Radios
            idPrefix={id('title')}
            name="title"
            legend={v.t('field.title')}
            required
            value={values.title ?? 'donation'}
            options={[
              { value: 'donation', label: v.t('deliveryTitle.donation') },
              { value: 'loan', label: v.t('deliveryTitle.loan') },
            ]}
          />
          <Field id={id('loanUntil')} name="loanUntil" type="date" label={v.t('field.loanUntil')} hint={v.t('requests.loanUntilHint')} value={values.loanUntil} />
          {note}
        </>
      );
    case 'harvest':
      return (
        <>
          <HarvestFields v={v} id={id} values={values} bench={p.bench} />
          {note}
        </>
      );
    case 'return':
      return <TextArea id={id('reason')} name="reason" label={v.t('field.reason')} value={values.reason} maxlength={500} />;
    case 'recycle':
      return (
        <>
          <Field
            id={id('kg')}
            name="kg"
            type="text"
            inputmode="decimal"
            label={v.t('field.kg')}
            required
            value={values.kg ?? (device.weight_kg ? String(device.weight_kg) : '')}
            pattern="[0-9]+([.,][0-9]+)?"
          />
          {note}
        </>
      );
    case 'transfer':
      return (
        <>
          <Select
            id={id('toHub')}
            name="toHub"
            label={v.t('field.toHub')}
            required
            value={values.toHub}
            options={[{ value: '', label: '—' }, ...p.hubs.filter((h) => h.id !== device.hub_id).map((h) => ({ value: h.code, label: `${h.name} (${h.code})` }))]}
          />
          {note}
        </>
      );
    default:
      return note;
  }
}
