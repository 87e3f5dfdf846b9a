import { hasKey } from '../../src/i18n/catalogue';
import { formatDate, formatNumber } from '../../src/i18n/format';
import type { NormalisedDisk, NormalisedSpecs } from '../../src/hardware/specs';
import type { BenchData } from '../../src/workshop/bench';
import { PostForm } from '../components/forms';
import type { View } from '../view';

export const gib = (v: View, bytes: number | null) => (bytes === null ? '—' : `${formatNumber(v.locale, bytes / 2 ** 30, 1)} GB`);
/** Disks are sold in decimal gigabytes: "256 GB" is what the label says. */
export const diskSize = (v: View, bytes: number | null) =>
  bytes === null ? '—' : bytes >= 1e12 ? `${formatNumber(v.locale, bytes / 1e12, 2)} TB` : `${formatNumber(v.locale, Math.round(bytes / 1e9))} GB`;

function label(v: View, key: string, fallback: string) {
  return hasKey(key) ? v.t(key as never) : fallback;
}

/** "reallocated:7" → "7 settori riallocati". */
export function healthReason(v: View, reason: string) {
  const [code, value] = reason.split(':') as [string, string | undefined];
  const key = `hardware.reason.${code}`;
  return hasKey(key) ? v.t(key as never, { n: value ?? '' }) : reason;
}

export function DiskLine({ v, d }: { v: View; d: NormalisedDisk }) {
  return (
    <li>
      <strong>{d.model ?? '—'}</strong> · <span class="tag">{d.serial ?? '—'}</span> · {diskSize(v, d.sizeBytes)} · {label(v, `hardware.kind.${d.kind}`, d.kind)} ·{' '}
      <span class={`badge health-${d.health}`}>{label(v, `hardware.health.${d.health}`, d.health)}</span>
      {d.healthReasons.length ? <span class="muted"> ({d.healthReasons.map((r) => healthReason(v, r)).join(', ')})</span> : null}
      {d.powerOnHours !== null && !d.healthReasons.some((r) => r.startsWith('power_on_hours:')) ? (
        <span class="muted"> · {v.t('hardware.powerOnHours', { hours: formatNumber(v.locale, d.powerOnHours) })}</span>
      ) : null}
    </li>
  );
}

function SpecsFacts({ v, s }: { v: View; s: NormalisedSpecs }) {
  const modules = s.ram.modules;
  const moduleText = modules.length
    ? ` · ${v.t('hardware.ramModules', { n: modules.length })}: ${modules.map((m) => [gib(v, m.sizeBytes), m.type, m.speedMhz ? `${m.speedMhz} MHz` : null].filter(Boolean).join(' ')).join(' + ')}`
    : '';
  return (
    <dl class="facts">
      <dt>{v.t('hardware.manufacturerModel')}</dt>
      <dd>{[s.manufacturer, s.model].filter(Boolean).join(' ') || '—'}</dd>
      <dt>{v.t('hardware.serial')}</dt>
      <dd>{s.serial ?? '—'}</dd>
      <dt>{v.t('hardware.chassis')}</dt>
      <dd>{s.chassis ? label(v, `hardware.chassis.${s.chassis}`, s.chassis) : '—'}</dd>
      <dt>{v.t('hardware.cpu')}</dt>
      <dd>
        {s.cpu.model ?? '—'}
        {s.cpu.cores !== null ? ` · ${v.t('hardware.cpuCores', { cores: s.cpu.cores, threads: s.cpu.threads ?? '?' })}` : ''}
        {s.cpu.is64bit === null ? '' : ` · ${v.t(s.cpu.is64bit ? 'hardware.cpu64' : 'hardware.cpu32')}`}
      </dd>
      <dt>{v.t('hardware.ram')}</dt>
      <dd>
        {gib(v, s.ram.totalBytes)}
        {moduleText}
      </dd>
      <dt>{v.t('hardware.disks')}</dt>
      <dd>
        {s.disks.length ? (
          <ul class="plain">
            {s.disks.map((d) => (
              <DiskLine v={v} d={d} />
            ))}
          </ul>
        ) : (
          v.t('hardware.noDisks')
        )}
      </dd>
      {s.battery ? (
        <>
          <dt>{v.t('hardware.battery')}</dt>
          <dd>
            {s.battery.healthPercent !== null
              ? v.t('hardware.batteryValue', { pct: s.battery.healthPercent, full: formatNumber(v.locale, s.battery.fullWh), design: formatNumber(v.locale, s.battery.designWh) })
              : `${formatNumber(v.locale, s.battery.designWh)} Wh`}
          </dd>
        </>
      ) : null}
      {s.screenInches ? (
        <>
          <dt>{v.t('hardware.screen')}</dt>
          <dd>{v.t('hardware.screenValue', { inches: formatNumber(v.locale, s.screenInches, 1) })}</dd>
        </>
      ) : null}
      {s.macs.length ? (
        <>
          <dt>{v.t('hardware.macs')}</dt>
          <dd class="tag">{s.macs.join(', ')}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function SpecsSection({ v, tag, bench }: { v: View; tag: string; bench: BenchData }) {
  const hw = bench.hardware;
  const pending = hw.reports.filter((r) => r.status === 'review');
  return (
    <section aria-labelledby="specs">
      <h2 id="specs">{v.t('hardware.title')}</h2>
      {pending.map((r) => (
        <div class="alert alert-warn" role="note">
          <p>
            <strong>{v.t('hardware.review.title')}</strong>
          </p>
          <p>{v.t('hardware.review.text', { date: formatDate(v.locale, r.at), reportSerial: r.flag?.reportSerial ?? '—', knownSerial: r.flag?.knownSerial ?? '—' })}</p>
          {r.specs ? (
            <details>
              <summary>{[r.specs.manufacturer, r.specs.model, r.specs.cpu.model].filter(Boolean).join(' · ')}</summary>
              <SpecsFacts v={v} s={r.specs} />
            </details>
          ) : null}
          {bench.can.review ? (
            <div class="actions-row">
              <PostForm v={v} action={`/d/${tag}/hardware-reports/${r.id}/review`} class="inline">
                <input type="hidden" name="decision" value="accept" />
                <button type="submit">{v.t('hardware.review.accept')}</button>
              </PostForm>
              <PostForm v={v} action={`/d/${tag}/hardware-reports/${r.id}/review`} class="inline">
                <input type="hidden" name="decision" value="reject" />
                <button type="submit" class="secondary">
                  {v.t('hardware.review.reject')}
                </button>
              </PostForm>
            </div>
          ) : null}
        </div>
      ))}
      {hw.specs ? (
        <>
          <p class="muted">{v.t('hardware.from', { date: formatDate(v.locale, hw.specsAt) })}</p>
          <SpecsFacts v={v} s={hw.specs} />
        </>
      ) : (
        <p class="muted">{v.t('hardware.none')}</p>
      )}
      {hw.reports.length ? (
        <details>
          <summary>
            {v.t('hardware.reports')} ({hw.reports.length})
          </summary>
          <ul>
            {hw.reports.map((r) => (
              <li>
                {formatDate(v.locale, r.at)} · {label(v, `hardware.status.${r.status}`, r.status)}
                {r.by ? ` · ${r.by}` : ''} · <a href={`/api/v1/devices/${tag}/hardware-reports/${r.id}/raw`}>{v.t('hardware.raw')}</a>
                {r.notes.length ? <div class="muted">{r.notes.join(' · ')}</div> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
