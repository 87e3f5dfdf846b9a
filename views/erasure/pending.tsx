import { codeLabel } from '../../src/i18n/catalogue';
import { formatDate } from '../../src/i18n/format';
import type { View } from '../view';

export type PendingRow = {
  id: number;
  tag: string;
  device: string;
  serial: string | null;
  model: string | null;
  outcome: string;
  method: string | null;
  source: string;
  who: string | null;
  at: string;
};

/** The "to confirm" list: each volunteer's record links to its device, where it is confirmed or refused. */
export function PendingPage({ v, rows }: { v: View; rows: PendingRow[] }) {
  return (
    <section>
      <h1>{v.t('erasure.pending.title')}</h1>
      <p>{v.t('erasure.pending.intro')}</p>
      {rows.length === 0 ? (
        <p class="empty">{v.t('erasure.pending.empty')}</p>
      ) : (
        <ul class="pending-erasures">
          {rows.map((r) => (
            <li>
              <a href={`/d/${r.tag}#erasure-record-${r.id}`}>
                <span class="tag">{r.tag}</span> {r.device}
              </a>{' '}
              · {r.model ?? ''} <span class="tag">{r.serial ?? '—'}</span> · {codeLabel(v.locale, 'erasure', r.outcome)}
              {r.method ? ` · ${r.method}` : ''} · {r.who ?? '—'} · {formatDate(v.locale, r.at)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
