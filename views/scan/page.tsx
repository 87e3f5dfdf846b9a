import { raw } from 'hono/html';
import type { HubOption } from '../../src/hubs/view-model';
import { DEVICE_STATES, type DeviceAction } from '../../src/lifecycle/lifecycle';
import { Field, Select, TextArea } from '../components/forms';
import { actionLabel, stateLabel } from '../components/state-badge';
import { COMMON_SYSTEMS, ErasureMethod, OutcomeAndStorage } from '../devices/action-forms';
import type { View } from '../view';
import { ASSET_STATES, type AssetAction } from '../../src/equipment/lifecycle';
import { AssetActionFields } from '../equipment/components';

/** Strings the scanning script needs, in the page's language (it never builds a sentence itself). */
export function scanMessages(v: View, actions: readonly string[]): Record<string, string> {
  const keys = [
    'tags.mistyped',
    'tags.malformed',
    'tags.unknown',
    'scan.undo',
    'scan.undone',
    'scan.pending',
    'scan.replayed',
    'scan.duplicate',
    'scan.earlier',
    'scan.network',
    'scan.opening',
    'scan.blank',
    'scan.blank.claimed',
    'scan.blank.register',
    'scan.counts',
    'scan.camera.start',
    'scan.camera.stop',
    'scan.camera.unavailable',
    'scan.camera.loading',
    'scan.batch.running',
    'scan.found',
    'scan.unexpected',
    'scan.stocktake.summary',
    'scan.stocktake.reason.otherHub',
    'scan.stocktake.reason.notOnSite',
    'scan.stocktake.reason.blank',
    'scan.stocktake.reason.unknown',
    'scan.stocktake.incoming',
  ] as const;
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = v.t(k);
  for (const s of [...DEVICE_STATES, ...ASSET_STATES]) out[`state.${s}`] = stateLabel(v, s);
  for (const a of actions) out[`action.${a}`] = actionLabel(v, a);
  return out;
}

/** The code box and the camera: what every scanning page shares. */
export function ScanInput({ v }: { v: View }) {
  return (
    <>
      <form id="scan-form" class="scan-form" autocomplete="off">
        <label for="scan-code">{v.t('scan.code')}</label>
        <p class="hint" id="scan-code-hint">
          {v.t('scan.code.hint')}
        </p>
        <div class="scan-row">
          <input
            id="scan-code"
            name="code"
            type="text"
            autofocus
            autocapitalize="characters"
            spellcheck={false}
            enterkeyhint="send"
            aria-describedby="scan-code-hint"
            placeholder="FOL-00042-K"
            maxlength={300}
          />
          <button type="submit">{v.t('scan.submit')}</button>
        </div>
      </form>
      {/* The latest result, in words, right above the camera (scan.js#showLast). */}
      <p id="scan-last" class="scan-last" role="status" hidden></p>
      <div class="camera">
        <button type="button" class="secondary" id="camera-toggle">
          {v.t('scan.camera.start')}
        </button>
        <p id="camera-status" class="muted" role="status"></p>
        <div class="viewfinder">
          <video id="camera-video" playsinline muted hidden></video>
          <span class="aim" aria-hidden="true"></span>
        </div>
      </div>
    </>
  );
}

/** A line of the scan log as the server keeps it (a stock-take's scans), shown again after a reload. */
export type ScanLogLine = { tag: string; result: 'ok' | 'warn'; what: string; why: string };

export function ScanResults({ v, initial }: { v: View; initial?: ScanLogLine[] }) {
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">
        {v.t('scan.results')} <span id="scan-counts" class="muted"></span>
      </h2>
      <ol id="scan-results" class="scan-results" aria-live="polite">
        {(initial ?? []).map((l) => (
          <li class={l.result} data-result={l.result} data-tag={l.tag}>
            <span class="mark" aria-hidden="true">
              {l.result === 'ok' ? '✓' : '!'}
            </span>
            <span class="tag">{l.tag}</span>
            <span class="what">{l.what}</span>
            <span class="why">{l.why}</span>
          </li>
        ))}
      </ol>
      <p id="scan-earlier" class="muted" hidden></p>
    </section>
  );
}

function scriptData(v: View, actions: readonly string[], extra: Record<string, unknown> = {}) {
  // A JSON data block is not executed, so the strict CSP allows it; "<" is escaped so it cannot close the tag.
  const json = JSON.stringify({ messages: scanMessages(v, actions), ...extra }).replace(/</g, '\\u003c');
  return raw(`<script type="application/json" id="scan-data">${json}</script>`);
}

/** Fields an action takes in a batch, chosen once for every device scanned. */
function BatchFields({ v, action, hubs }: { v: View; action: DeviceAction; hubs: HubOption[] }) {
  const id = (name: string) => `batch-${action}-${name}`;
  switch (action) {
    case 'diagnose':
      // Each device keeps the storage answer recorded for it, unless the person chooses one for all.
      return <OutcomeAndStorage v={v} id={id} hasStorage="" keepOption />;
    case 'erase':
      return <ErasureMethod v={v} id={id} listId="batch-erase-methods" values={{ verified: 'true' }} />;
    case 'install':
      return (
        <>
          <Field id={id('os')} name="os" label={v.t('field.os')} required list="batch-systems" value={COMMON_SYSTEMS[0]} maxlength={120} />
          <datalist id="batch-systems">
            {COMMON_SYSTEMS.map((s) => (
              <option value={s} />
            ))}
          </datalist>
        </>
      );
    case 'reserve':
      return <Field id={id('request')} name="request" label={v.t('scan.batch.request')} required inputmode="numeric" pattern="[0-9]+" />;
    case 'return':
      return <Field id={id('reason')} name="reason" label={v.t('field.reason')} maxlength={500} />;
    case 'recycle':
      return <Field id={id('kg')} name="kg" label={v.t('field.kg')} required inputmode="decimal" pattern="[0-9]+([.,][0-9]+)?" />;
    case 'transfer':
      return (
        <Select id={id('toHub')} name="toHub" label={v.t('field.toHub')} required options={[{ value: '', label: '—' }, ...hubs.map((h) => ({ value: h.code, label: `${h.name} (${h.code})` }))]} />
      );
    default:
      return null;
  }
}

export function ScanPage(p: {
  v: View;
  actions: DeviceAction[];
  undoable: DeviceAction[];
  hubs: HubOption[];
  assets: { zxing: string; wasm: string };
  /** Actions on the hub's own equipment (lend, return) a batch can apply, as `asset-<action>`. */
  assetActions?: AssetAction[];
  defaultDue?: string;
}) {
  const { v } = p;
  const assetActions = p.assetActions ?? [];
  return (
    <section id="scan-app" class="scan" data-mode="open" data-zxing={p.assets.zxing} data-wasm={p.assets.wasm}>
      <link rel="stylesheet" href={v.asset('scan.css')} />
      <h1>{v.t('scan.title')}</h1>
      {scriptData(v, p.actions, { undoable: p.undoable })}
      <ScanInput v={v} />
      {/* Read-only roles (the region) scan to look devices up; there is nothing for them to apply in batch. */}
      <form id="batch-form" class="batch" autocomplete="off" hidden={p.actions.length === 0 && assetActions.length === 0}>
        <fieldset>
          <legend>{v.t('scan.mode')}</legend>
          <label class="radio" for="mode-open">
            <input type="radio" id="mode-open" name="mode" value="open" checked />
            {v.t('scan.mode.open')}
          </label>
          <label class="radio" for="mode-batch">
            <input type="radio" id="mode-batch" name="mode" value="batch" />
            {v.t('scan.mode.batch')}
          </label>
        </fieldset>
        <div id="batch-setup" hidden>
          <Select
            id="batch-action"
            name="action"
            label={v.t('scan.batch.action')}
            options={[...p.actions.map((a) => ({ value: a, label: actionLabel(v, a) })), ...assetActions.map((a) => ({ value: `asset-${a}`, label: v.t(`equipment.scan.${a as 'lend' | 'return'}`) }))]}
          />
          {p.actions.map((a) => (
            <div data-action-fields={a} hidden={a !== p.actions[0]}>
              <BatchFields v={v} action={a} hubs={p.hubs} />
              {!p.undoable.includes(a) ? <p class="hint">{v.t('scan.batch.irreversible', { action: actionLabel(v, a) })}</p> : null}
            </div>
          ))}
          {assetActions.map((a, i) => (
            <div data-action-fields={`asset-${a}`} hidden={p.actions.length > 0 || i > 0}>
              <AssetActionFields v={v} action={a} idPrefix={`batch-asset-${a}`} defaultDue={p.defaultDue} inBatch />
              <p class="hint">{v.t('equipment.scan.hint')}</p>
            </div>
          ))}
          <TextArea id="batch-note" name="note" label={v.t('field.note')} maxlength={2000} />
          <button type="submit" class="big">
            {v.t('scan.batch.start')}
          </button>
        </div>
        <div id="batch-running" class="alert alert-ok" hidden>
          <p id="batch-summary"></p>
          <button type="button" class="secondary" id="batch-stop">
            {v.t('scan.batch.stop')}
          </button>
        </div>
      </form>
      <ScanResults v={v} />
      <p class="muted">
        <a href="/stocktakes">{v.t('scan.stocktake.title')}</a> · <a href="/labels">{v.t('nav.labels')}</a>
      </p>
      <script src={v.asset('scan.js')} defer></script>
    </section>
  );
}

export { scriptData };
