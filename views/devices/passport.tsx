import { formatDate, formatNumber } from '../../src/i18n/format';
import type { View } from '../view';
import { describeDevice } from './page';

/** What the public may know of a device: never its donor, any person, a serial or an internal note. */
export type PassportData = {
  tag: string;
  type: string;
  brand: string | null;
  model: string | null;
  state: string;
  os: string | null;
  hub: { name: string; contact_email: string | null; contact_phone: string | null; address: string | null; comune: string; opening_hours: string | null };
  erasure: { method: string | null; at: string } | null;
  refurbishedAt: string | null;
  /** The main specifications once a hardware report is in: an allow-list, never a serial. */
  specs: { cpu: string | null; ramMb: number | null; storageGb: number | null; storageKind: 'ssd' | 'hdd' | null; screenInches: number | null } | null;
};

function SpecList({ v, specs }: { v: View; specs: NonNullable<PassportData['specs']> }) {
  const rows: [string, string][] = [];
  if (specs.cpu) rows.push([v.t('passport.spec.cpu'), specs.cpu]);
  if (specs.ramMb) rows.push([v.t('passport.spec.ram'), `${formatNumber(v.locale, specs.ramMb / 1024, 1)} GB`]);
  if (specs.storageGb) {
    const kind = specs.storageKind ? ` ${v.t(specs.storageKind === 'ssd' ? 'passport.spec.ssd' : 'passport.spec.hdd')}` : '';
    rows.push([v.t('passport.spec.storage'), `${formatNumber(v.locale, specs.storageGb, 0)} GB${kind}`]);
  }
  if (specs.screenInches) rows.push([v.t('passport.spec.screen'), `${formatNumber(v.locale, specs.screenInches, 1)}″`]);
  if (!rows.length) return null;
  return (
    <>
      <h2>{v.t('passport.specs')}</h2>
      <dl class="facts">
        {rows.map(([k, val]) => (
          <>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </>
        ))}
      </dl>
    </>
  );
}

export function PassportPage({ v, p }: { v: View; p: PassportData }) {
  const ended = p.state === 'harvested' || p.state === 'recycled';
  return (
    <article>
      <p class="muted">{v.t('passport.kicker')}</p>
      <h1>{describeDevice(v, p)}</h1>
      <p>
        <span class="tag">{p.tag}</span>
      </p>
      {ended ? (
        <p class="alert alert-warn">{v.t(p.state === 'harvested' ? 'passport.harvested' : 'passport.recycled')}</p>
      ) : (
        <>
          <p>{v.t('passport.refurbishedBy', { hub: p.hub.name })}</p>
          {p.erasure ? <p class="alert alert-ok">{v.t('passport.erased', { method: p.erasure.method ?? '—', date: formatDate(v.locale, p.erasure.at) })}</p> : null}
          {p.os ? <p>{v.t('passport.os', { os: p.os })}</p> : null}
          {p.refurbishedAt ? <p class="muted">{v.t('passport.refurbishedOn', { date: formatDate(v.locale, p.refurbishedAt) })}</p> : null}
        </>
      )}
      {p.specs ? <SpecList v={v} specs={p.specs} /> : null}
      <h2>{v.t('passport.help')}</h2>
      <p>{p.hub.name}</p>
      {p.hub.contact_email ? (
        <p>
          <a href={`mailto:${p.hub.contact_email}`}>{p.hub.contact_email}</a>
        </p>
      ) : null}
      {p.hub.contact_phone ? <p>{p.hub.contact_phone}</p> : null}
      {p.hub.address ? <p>{`${p.hub.address}, ${p.hub.comune}`}</p> : null}
      {p.hub.opening_hours ? <p>{v.t('passport.hours', { hours: p.hub.opening_hours })}</p> : null}
      <p class="muted">
        <a href={`/login?next=/d/${p.tag}`}>{v.t('passport.staffLogin')}</a>
      </p>
    </article>
  );
}
