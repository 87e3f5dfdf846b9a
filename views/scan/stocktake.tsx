import { formatDate, formatDateTime } from '../../src/i18n/format';
import { Csrf, ErrorBox, Field, Notice, Select } from '../components/forms';
import { stateLabel, typeLabel } from '../components/state-badge';
import type { View } from '../view';
import { categoryLabel } from '../equipment/components';
import { ScanInput, ScanResults, scriptData, type ScanLogLine } from './page';

type StocktakeRow = { id: number; status: string; started_at: string; closed_at: string | null; note: string | null; hub_code: string; hub_name: string };

export function StocktakeList(p: { v: View; items: StocktakeRow[]; canStart: boolean; hubs: { code: string; name: string }[] | null; ownHub: string | null; error?: string }) {
  const { v } = p;
  return (
    <section>
      <h1>{v.t('scan.stocktake.title')}</h1>
      <p>{v.t('scan.stocktake.intro')}</p>
      <ErrorBox message={p.error} />
      {p.canStart ? (
        <form method="post" action="/stocktakes">
          <Csrf v={v} />
          {p.hubs ? (
            <Select id="st-hub" name="hub" label={v.t('field.hub')} required options={[{ value: '', label: '—' }, ...p.hubs.map((h) => ({ value: h.code, label: `${h.name} (${h.code})` }))]} />
          ) : (
            <input type="hidden" name="hub" value={p.ownHub ?? ''} />
          )}
          <Field id="st-note" name="note" label={v.t('scan.stocktake.note')} maxlength={200} />
          <button type="submit" class="big">
            {v.t('scan.stocktake.new')}
          </button>
        </form>
      ) : null}
      {p.items.length ? (
        <>
          <h2>{v.t('scan.stocktake.list')}</h2>
          <ul>
            {p.items.map((s) => (
              <li>
                <a href={`/stocktakes/${s.id}`}>{v.t('scan.stocktake.n', { id: s.id })}</a> · {s.hub_name} · {formatDate(v.locale, s.started_at)}
                {s.note ? ` · ${s.note}` : ''} · {s.status === 'open' ? v.t('scan.stocktake.open') : v.t('scan.stocktake.closed', { date: formatDate(v.locale, s.closed_at) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The hub's own equipment has its own section; everything else (devices, blank or unknown labels) is the workshop's. */
const GROUPS = ['device', 'asset'] as const;
const groupOf = (kind: string | undefined) => (kind === 'asset' ? 'asset' : 'device');

type ScanRow = {
  id: number;
  tag: string;
  kind: string;
  state: string | null;
  hub_code: string | null;
  hub_name: string | null;
  type: string | null;
  brand: string | null;
  model: string | null;
  scanned_at: string;
};

/** A device by its type, one of the hub's own assets (kind 'asset') by its category. */
function describe(v: View, d: { kind?: string; type: string | null; brand: string | null; model: string | null }) {
  const what = d.type ? (d.kind === 'asset' ? categoryLabel(v, d.type) : typeLabel(v, d.type)) : null;
  return [what, d.brand, d.model].filter(Boolean).join(' · ');
}

export function StocktakePage(p: {
  v: View;
  stocktake: StocktakeRow & { hub_id: number };
  found: ScanRow[];
  incoming: Set<string>;
  missing: { tag: string; kind?: string; type: string; brand: string | null; model: string | null; state: string }[];
  unexpected: (ScanRow & { reason: string })[];
  counts: { found: number; missing: number; unexpected: number; expected: number };
  canRun: boolean;
  canResolve: boolean;
  canTransferHere: (tag: string) => boolean;
  done?: string;
  error?: string;
  assets: { zxing: string; wasm: string };
}) {
  const { v, stocktake: st } = p;
  const reason = (s: ScanRow & { reason: string }) =>
    s.reason === 'otherHub'
      ? v.t('scan.stocktake.reason.otherHub', { hub: s.hub_name ?? '' })
      : s.reason === 'notOnSite'
        ? v.t('scan.stocktake.reason.notOnSite', { state: stateLabel(v, s.state ?? '') })
        : v.t(s.reason === 'blank' ? 'scan.stocktake.reason.blank' : 'scan.stocktake.reason.unknown');
  // The scan log survives a reload: the latest scans, newest first, as the server recorded them.
  const log: ScanLogLine[] = [...p.found.map((s) => ({ s, found: true })), ...p.unexpected.map((s) => ({ s, found: false }))]
    .sort((a, b) => b.s.id - a.s.id)
    .slice(0, 30)
    .map(({ s, found }) => ({
      tag: s.tag,
      result: found ? 'ok' : 'warn',
      what: v.t(found ? 'scan.found' : 'scan.unexpected'),
      why: found ? (p.incoming.has(s.tag) ? v.t('scan.stocktake.incoming') : '') : reason(s as ScanRow & { reason: string }),
    }));
  const act = (tag: string, action: 'arrive' | 'transfer', label: string) => (
    <form method="post" action={`/stocktakes/${st.id}/act`} class="inline">
      <Csrf v={v} />
      <input type="hidden" name="tag" value={tag} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class="secondary small">
        {label}
      </button>
    </form>
  );
  return (
    <section id="scan-app" class="scan" data-mode="stocktake" data-stocktake={String(st.id)} data-zxing={p.assets.zxing} data-wasm={p.assets.wasm}>
      <link rel="stylesheet" href={v.asset('scan.css')} />
      <h1>
        {v.t('scan.stocktake.n', { id: st.id })} <span class="muted">· {st.hub_name}</span>
      </h1>
      <p class="muted">
        {formatDateTime(v.locale, st.started_at)}
        {st.note ? ` · ${st.note}` : ''} · {st.status === 'open' ? v.t('scan.stocktake.open') : v.t('scan.stocktake.closed', { date: formatDate(v.locale, st.closed_at) })}
      </p>
      <Notice message={p.done} />
      <ErrorBox message={p.error} />
      <p id="stocktake-summary" class="summary">
        {v.t('scan.stocktake.summary', p.counts)}
      </p>
      {p.canRun ? (
        <>
          {scriptData(v, [], { stocktake: st.id })}
          <ScanInput v={v} />
          <ScanResults v={v} initial={log} />
          <script src={v.asset('scan.js')} defer></script>
        </>
      ) : null}
      <p>
        <a href={`/stocktakes/${st.id}`}>↻ {v.t('scan.stocktake.title')}</a>
      </p>

      {GROUPS.map((group) => {
        const mine = <T extends { kind?: string }>(rows: T[]) => rows.filter((r) => groupOf(r.kind) === group);
        const unexpected = mine(p.unexpected);
        const missing = mine(p.missing);
        const found = mine(p.found);
        if (group === 'asset' && unexpected.length + missing.length + found.length === 0) return null;
        return (
          <section aria-labelledby={`group-${group}`} class="stocktake-group" data-group={group}>
            <h2 id={`group-${group}`}>{v.t(group === 'asset' ? 'scan.stocktake.group.asset' : 'scan.stocktake.group.device')}</h2>
            <h3>
              {v.t('scan.stocktake.unexpected')} (<span data-count={`unexpected-${group}`}>{unexpected.length}</span>)
            </h3>
            <ul class="stocktake-list" id={`unexpected-${group}`}>
              {unexpected.map((s) => (
                <li data-tag={s.tag}>
                  <span class="tag">{s.tag}</span> {describe(v, s)} · {reason(s)}
                  {s.kind === 'device' || s.kind === 'asset' ? (
                    <>
                      {' '}
                      · <a href={`/d/${s.tag}`}>{v.t('scan.stocktake.open.device')}</a>
                    </>
                  ) : null}
                  {s.kind === 'blank' ? (
                    <>
                      {' '}
                      · <a href={`/donations/new?tag=${s.tag}`}>{v.t('scan.blank.register')}</a>
                    </>
                  ) : null}
                  {p.canResolve && s.kind === 'device' && s.reason === 'otherHub' ? (
                    p.canTransferHere(s.tag) ? (
                      <> {act(s.tag, 'transfer', v.t('scan.stocktake.transferHere'))}</>
                    ) : (
                      <span class="muted"> · {v.t('scan.stocktake.askHub', { hub: s.hub_name ?? '' })}</span>
                    )
                  ) : null}
                </li>
              ))}
            </ul>
            <h3>
              {v.t('scan.stocktake.missing')} (<span data-count={`missing-${group}`}>{missing.length}</span>)
            </h3>
            <ul class="stocktake-list" id={`missing-${group}`}>
              {missing.slice(0, 500).map((d) => (
                <li data-tag={d.tag}>
                  <a class="tag" href={`/d/${d.tag}`}>
                    {d.tag}
                  </a>{' '}
                  {describe(v, d)} · {stateLabel(v, d.state)}
                </li>
              ))}
            </ul>
            <h3>
              {v.t('scan.stocktake.found')} (<span data-count={`found-${group}`}>{found.length}</span>)
            </h3>
            <ul class="stocktake-list" id={`found-${group}`}>
              {found.slice(0, 500).map((s) => (
                <li data-tag={s.tag}>
                  <a class="tag" href={`/d/${s.tag}`}>
                    {s.tag}
                  </a>{' '}
                  {describe(v, s)} · {stateLabel(v, s.state ?? '')}
                  {p.incoming.has(s.tag) ? (
                    <>
                      {' '}
                      · {v.t('scan.stocktake.incoming')} {p.canResolve ? act(s.tag, 'arrive', v.t('scan.stocktake.arrive')) : null}
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}

      {p.canResolve && st.status === 'open' ? (
        <form method="post" action={`/stocktakes/${st.id}/close`}>
          <Csrf v={v} />
          <input type="hidden" name="confirm" value="close" />
          <button type="submit" class="secondary">
            {v.t('scan.stocktake.close')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
