import type { DeviceView } from '../devices/model';
import { hasKey } from '../../src/i18n/catalogue';
import { formatDate, formatDateTime } from '../../src/i18n/format';
import type { BenchData } from '../../src/workshop/bench';
import { Field, PostForm, Radios, TextArea } from '../components/forms';
import { diskSize } from '../hardware/specs';
import type { View } from '../view';

const WIPE_METHODS = ['ATA Secure Erase', 'ATA Enhanced Secure Erase', 'NVMe Sanitize (block erase)', 'NVMe Sanitize (crypto erase)', 'NVMe Format (secure erase)'];
const WIPE_TOOLS = ['hdparm', 'nvme-cli', 'Parted Magic', 'manufacturer utility'];
const DESTRUCTION = ['shredding', 'drilling', 'crushing', 'degaussing'];

const outcomeLabel = (v: View, o: string | null) => (o && hasKey(`erasure.${o}`) ? v.t(`erasure.${o}` as never) : v.t('erasure.none'));

/** "2023-01-24T15:48:41" as the log wrote it (the wiping machine's clock) or an ISO instant, as a day. */
export function evidenceDate(v: View, value: string | null) {
  if (!value) return '—';
  if (/Z$|[+-]\d\d:\d\d$/.test(value)) return formatDate(v.locale, value);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** The same, with the time of day: the start and end of an erasure. */
export function evidenceMoment(v: View, value: string | null) {
  if (!value) return '—';
  if (/Z$|[+-]\d\d:\d\d$/.test(value)) return formatDateTime(v.locale, value);
  const m = /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2})/.exec(value);
  return m ? `${evidenceDate(v, value)} ${m[1]}:${m[2]}` : evidenceDate(v, value);
}

function DiskChoice({ v, bench, prefix }: { v: View; bench: BenchData; prefix: string }) {
  const disks = bench.erasure.disks;
  if (disks.length === 0) {
    return <Field id={`${prefix}-serial`} name="disks.0.serial" label={v.t('erasure.diskSerial')} hint={v.t('erasure.disksHint')} maxlength={100} />;
  }
  return (
    <fieldset>
      <legend>{v.t('field.disks')}</legend>
      {disks.map((d, i) => (
        <label class="radio disk-choice" for={`${prefix}-disk-${i}`}>
          <input type="checkbox" id={`${prefix}-disk-${i}`} name={`disks.${i}.serial`} value={d.serial} />
          <span>
            {d.model ?? '—'} · <span class="tag">{d.serial}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function ErasureSection({ v, device, bench, formKey, primary }: { v: View; device: DeviceView; bench: BenchData; formKey: string; primary?: boolean }) {
  const e = bench.erasure;
  const tag = device.tag;
  const refurbish = device.outcome === 'refurbish';
  const common = (kind: string) => (
    <>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="idempotencyKey" value={`${formKey}-erasure-${kind}`} />
      <input type="hidden" name="expectedVersion" value={String(device.version)} />
    </>
  );
  if (device.has_storage === 0 && e.records.length === 0) return null;
  return (
    <section aria-labelledby="erasure">
      <h2 id="erasure">{v.t('erasure.section.title')}</h2>
      {e.erased && e.records.some((r) => r.cycle === device.cycle) ? (
        <p class="alert alert-ok">{v.t('erasure.section.erased')}</p>
      ) : device.has_storage !== 0 ? (
        <p class="alert alert-warn">
          {v.t('erasure.section.notErased')} {e.missingDisks.length ? v.t('erasure.section.missing', { disks: e.missingDisks.join(', ') }) : ''}
        </p>
      ) : null}
      {e.disks.length ? (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{v.t('erasure.section.disk')}</th>
                <th scope="col">{v.t('erasure.certificate.size')}</th>
                <th scope="col">{v.t('erasure.certificate.outcome')}</th>
                <th scope="col">{v.t('erasure.certificate.date')}</th>
              </tr>
            </thead>
            <tbody>
              {e.disks.map((d) => (
                <tr>
                  <td data-label={v.t('erasure.section.disk')}>
                    {d.model ?? '—'} · <span class="tag">{d.serial}</span>
                  </td>
                  <td data-label={v.t('erasure.certificate.size')}>{diskSize(v, d.sizeBytes)}</td>
                  <td data-label={v.t('erasure.certificate.outcome')}>
                    {outcomeLabel(v, d.outcome)}
                    {d.pending ? ` · ${v.t('erasure.standing.pending')}` : ''}
                  </td>
                  <td data-label={v.t('erasure.certificate.date')}>{evidenceDate(v, d.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {bench.can.erasureReview ? (
        <p>
          <a href="/erasures/pending">{v.t('erasure.pending.title')}</a>
        </p>
      ) : null}
      {bench.can.certificate ? (
        <p>
          <a class="button secondary" href={`/d/${tag}/erasure-certificate.pdf`}>
            {v.t('erasure.section.certificate')}
          </a>
        </p>
      ) : null}

      {bench.can.erase ? (
        <>
          {refurbish ? (
            <details class={primary ? 'action primary' : 'action'} id="erasure-log" open={primary}>
              <summary>{v.t('erasure.upload.title')}</summary>
              <PostForm v={v} action={`/d/${tag}/erasure-logs`} enctype="multipart/form-data">
                <div class="field">
                  <label for="erasure-log-file">{v.t('erasure.upload.file')}</label>
                  <p class="hint" id="erasure-log-hint">
                    {v.t('erasure.upload.hint')}
                  </p>
                  <input id="erasure-log-file" name="log" type="file" accept=".txt,.log,text/plain" required aria-describedby="erasure-log-hint" />
                </div>
                <button type="submit" class={primary ? 'big' : undefined}>
                  {v.t('erasure.upload.submit')}
                </button>
              </PostForm>
            </details>
          ) : null}
          {refurbish ? (
            <details class="action" id="erasure-manual">
              <summary>{v.t('erasure.manual.title')}</summary>
              <PostForm v={v} action={`/d/${tag}/erasures`}>
                {common('wipe')}
                <Field id="wipe-method" name="method" label={v.t('field.method')} required list="wipe-methods" maxlength={120} />
                <datalist id="wipe-methods">
                  {WIPE_METHODS.map((m) => (
                    <option value={m} />
                  ))}
                </datalist>
                <Field id="wipe-tool" name="tool" label={v.t('field.tool')} required list="wipe-tools" maxlength={120} />
                <datalist id="wipe-tools">
                  {WIPE_TOOLS.map((m) => (
                    <option value={m} />
                  ))}
                </datalist>
                <p class="hint">{v.t('erasure.manual.categoryHint')}</p>
                <Radios
                  idPrefix="wipe-category"
                  name="category"
                  legend={v.t('field.category')}
                  options={[
                    { value: 'clear', label: v.t('erasure.category.clear') },
                    { value: 'purge', label: v.t('erasure.category.purge') },
                  ]}
                />
                <Field id="wipe-verification" name="verification" label={v.t('field.verification')} required maxlength={200} />
                <Radios
                  idPrefix="wipe-verified"
                  name="verified"
                  legend={v.t('field.verified')}
                  required
                  options={[
                    { value: 'true', label: v.t('common.yes') },
                    { value: 'false', label: v.t('common.no') },
                  ]}
                />
                <DiskChoice v={v} bench={bench} prefix="wipe" />
                <Field id="wipe-at" name="performedAt" type="date" label={v.t('field.performedAt')} />
                <TextArea id="wipe-note" name="note" label={v.t('field.note')} maxlength={2000} />
                <button type="submit">{v.t('erasure.kind.wipe')}</button>
              </PostForm>
            </details>
          ) : null}
          <details class="action" id="erasure-destruction">
            <summary>{v.t('erasure.destroy.title')}</summary>
            <PostForm v={v} action={`/d/${tag}/erasures`}>
              {common('destruction')}
              <Field id="destroy-how" name="how" label={v.t('field.how')} required list="destroy-how" maxlength={200} />
              <datalist id="destroy-how">
                {DESTRUCTION.map((m) => (
                  <option value={m} />
                ))}
              </datalist>
              <Field id="destroy-who" name="performedBy" label={v.t('field.performedBy')} required maxlength={200} />
              <Field id="destroy-at" name="performedAt" type="date" label={v.t('field.performedAt')} required />
              <DiskChoice v={v} bench={bench} prefix="destroy" />
              <TextArea id="destroy-note" name="note" label={v.t('field.note')} maxlength={2000} />
              <button type="submit">{v.t('erasure.kind.destruction')}</button>
            </PostForm>
          </details>
          <details class="action" id="erasure-removal">
            <summary>{v.t('erasure.remove.title')}</summary>
            <PostForm v={v} action={`/d/${tag}/erasures`}>
              {common('removal')}
              <Radios
                idPrefix="remove-keep"
                name="keep"
                legend={v.t('field.keep')}
                required
                options={[
                  { value: 'part', label: v.t('erasure.keep.part') },
                  { value: 'destroyed', label: v.t('erasure.keep.destroyed') },
                ]}
              />
              <DiskChoice v={v} bench={bench} prefix="remove" />
              <Field id="remove-at" name="performedAt" type="date" label={v.t('field.performedAt')} />
              <TextArea id="remove-note" name="note" label={v.t('field.note')} maxlength={2000} />
              <button type="submit">{v.t('erasure.kind.removal')}</button>
            </PostForm>
          </details>
        </>
      ) : null}

      {e.records.length ? (
        <details open={e.records.some((r) => r.cycle === device.cycle && r.standing === 'pending') || undefined}>
          <summary>
            {v.t('erasure.section.records')} ({e.records.length})
          </summary>
          <ul class="erasure-records">
            {e.records.map((r) => (
              <li id={`erasure-record-${r.id}`}>
                {evidenceDate(v, r.performed_at ?? r.at)} · {outcomeLabel(v, r.outcome)}
                {r.disk_serial ? ` · ${r.disk_model ?? ''} ${r.disk_serial}` : ''}
                {r.method ? ` · ${r.method}` : ''}
                {r.nist_category ? ` · ${v.t(`erasure.category.${r.nist_category}` as never)}` : ''}
                {r.verification ? ` · ${v.t('field.verification')}: ${r.verification}` : ''}
                {r.status ? ` · ${r.status}` : ''}
                {(r.user_name ?? r.token_label) ? ` · ${v.t('erasure.section.recordedBy', { who: r.user_name ?? r.token_label ?? '' })}` : ''}
                {r.cycle !== device.cycle ? ` (${v.t('devices.erasure.previousCycle')})` : ''}
                {r.standing !== 'counts' ? <strong class={`standing standing-${r.standing}`}> · {v.t(`erasure.standing.${r.standing}` as never)}</strong> : null}
                {r.reviewer_name ? ` · ${v.t('erasure.section.reviewedBy', { who: r.reviewer_name, date: evidenceDate(v, r.reviewed_at) })}${r.review_reason ? ` (${r.review_reason})` : ''}` : ''}
                {bench.can.erasureReview && r.cycle === device.cycle && r.standing === 'pending' ? (
                  <PostForm v={v} action={`/d/${tag}/erasure-reviews`} class="inline-form">
                    <input type="hidden" name="records.0" value={String(r.id)} />
                    <Field id={`review-reason-${r.id}`} name="reason" label={v.t('erasure.review.reason')} maxlength={1000} />
                    <button type="submit" name="kind" value="confirm">
                      {v.t('erasure.review.confirm')}
                    </button>{' '}
                    <button type="submit" name="kind" value="refuse" class="secondary">
                      {v.t('erasure.review.refuse')}
                    </button>
                  </PostForm>
                ) : null}
                {bench.can.erase && r.cycle === device.cycle && (r.standing === 'counts' || r.standing === 'pending') && r.source !== 'nwipe' ? (
                  <details class="action">
                    <summary>{v.t('erasure.review.withdraw')}</summary>
                    <PostForm v={v} action={`/d/${tag}/erasure-reviews`}>
                      <input type="hidden" name="kind" value="withdraw" />
                      <input type="hidden" name="records.0" value={String(r.id)} />
                      <Field id={`withdraw-reason-${r.id}`} name="reason" label={v.t('erasure.review.reason')} required maxlength={1000} />
                      <button type="submit" class="secondary">
                        {v.t('erasure.review.withdraw')}
                      </button>
                    </PostForm>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {e.logs.length ? (
        <details>
          <summary>
            {v.t('erasure.section.logs')} ({e.logs.length})
          </summary>
          <ul>
            {e.logs.map((l) => (
              <li>
                {evidenceDate(v, l.finished_at ?? l.at)} · {l.tool_version ?? l.tool} · {l.method ?? ''} · <a href={`/api/v1/devices/${tag}/erasure-logs/${l.id}/raw`}>{v.t('hardware.raw')}</a>
                {l.problems.length ? (
                  <>
                    <p class="alert alert-warn">
                      {l.accepted ? v.t('erasure.log.accepted') : v.t('erasure.answer.notEvidence')} {l.problems.map((p) => v.t(p.key, p.params)).join(' ')}
                    </p>
                    {bench.can.erasureReview && !l.accepted && l.cycle === device.cycle && l.problems.every((p) => p.acceptable) ? (
                      <PostForm v={v} action={`/d/${tag}/erasure-reviews`}>
                        <input type="hidden" name="kind" value="accept" />
                        <input type="hidden" name="log" value={String(l.id)} />
                        <Field id={`accept-reason-${l.id}`} name="reason" label={v.t('erasure.review.acceptReason')} required maxlength={1000} />
                        <button type="submit" class="secondary">
                          {v.t('erasure.review.accept')}
                        </button>
                      </PostForm>
                    ) : null}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
