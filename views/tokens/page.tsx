import { ROLES } from '../../src/access/roles';
import type { HubOption } from '../../src/hubs/view-model';
import { formatDateTime } from '../../src/i18n/format';
import { ErrorBox, Field, Notice, PostForm, Select } from '../components/forms';
import type { View } from '../view';

export type TokenRow = {
  id: number;
  label: string;
  role: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  hub_code: string | null;
  partner_name: string | null;
  created_by_name: string | null;
};

export function TokensPage(p: {
  v: View;
  tokens: TokenRow[];
  hubs: HubOption[];
  partners: { id: number; name: string; hub_code: string }[];
  created?: { label: string; token: string };
  notice?: string;
  error?: string;
  issues?: { path: string; message: string }[];
  values?: Record<string, string>;
}) {
  const { v } = p;
  const live = p.tokens.filter((x) => !x.revoked_at);
  const revoked = p.tokens.filter((x) => x.revoked_at);
  return (
    <section>
      <h1>{v.t('tokens.title')}</h1>
      <p>{v.t('tokens.intro')}</p>
      <p>
        <a href="/api-reference">{v.t('api.reference')}</a> · <a href="/api/v1/openapi.json">openapi.json</a>
      </p>
      <Notice message={p.notice} />
      {p.created ? (
        <div class="alert alert-ok" role="status">
          <p>{v.t('tokens.created', { label: p.created.label })}</p>
          <p class="copy" id="new-token">
            {p.created.token}
          </p>
          <p>
            <button type="button" class="secondary" data-copy="new-token" data-done-label={v.t('tokens.copied')}>
              {v.t('tokens.copy')}
            </button>
          </p>
          <p class="muted">{v.t('tokens.onlyOnce')}</p>
        </div>
      ) : null}
      <ErrorBox message={p.error} issues={p.issues} />
      <h2>{v.t('tokens.live')}</h2>
      {live.length === 0 ? <p>{v.t('tokens.none')}</p> : <TokenTable v={v} tokens={live} revocable />}
      <h2>{v.t('tokens.new')}</h2>
      <PostForm v={v} action="/tokens">
        <Field id="token-label" name="label" label={v.t('tokens.label')} hint={v.t('tokens.label.hint')} required maxlength={100} value={p.values?.label} autocomplete="off" />
        <Select id="token-role" name="role" label={v.t('field.role')} required value={p.values?.role ?? 'volunteer'} options={ROLES.map((r) => ({ value: r, label: v.t(`role.${r}`) }))} />
        <Select
          id="token-hub"
          name="hub"
          label={v.t('tokens.hub')}
          value={p.values?.hub ?? ''}
          options={[{ value: '', label: '—' }, ...p.hubs.map((h) => ({ value: h.code, label: `${h.code} · ${h.name}` }))]}
        />
        <Select
          id="token-partner"
          name="partner"
          label={v.t('tokens.partner')}
          value={p.values?.partner ?? ''}
          options={[{ value: '', label: '—' }, ...p.partners.map((x) => ({ value: String(x.id), label: `${x.name} (${x.hub_code})` }))]}
        />
        <button type="submit">{v.t('tokens.create')}</button>
      </PostForm>
      {revoked.length ? (
        <>
          <h2>{v.t('tokens.revokedList')}</h2>
          <TokenTable v={v} tokens={revoked} />
        </>
      ) : null}
    </section>
  );
}

function TokenTable({ v, tokens, revocable }: { v: View; tokens: TokenRow[]; revocable?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">{v.t('tokens.label')}</th>
            <th scope="col">{v.t('tokens.scope')}</th>
            <th scope="col">{v.t('tokens.createdAt')}</th>
            <th scope="col">{revocable ? v.t('tokens.lastUsed') : v.t('tokens.revokedAt')}</th>
            {revocable ? <th scope="col">{v.t('tokens.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {tokens.map((x) => (
            <tr>
              <td data-label={v.t('tokens.label')}>{x.label}</td>
              <td data-label={v.t('tokens.scope')}>{[v.t(`role.${x.role}` as never), x.hub_code, x.partner_name].filter(Boolean).join(' · ')}</td>
              <td data-label={v.t('tokens.createdAt')}>
                {formatDateTime(v.locale, x.created_at)}
                {x.created_by_name ? <span class="muted"> · {x.created_by_name}</span> : null}
              </td>
              <td data-label={revocable ? v.t('tokens.lastUsed') : v.t('tokens.revokedAt')}>
                {revocable ? (x.last_used_at ? formatDateTime(v.locale, x.last_used_at) : v.t('tokens.neverUsed')) : formatDateTime(v.locale, x.revoked_at)}
              </td>
              {revocable ? (
                <td data-label={v.t('tokens.actions')}>
                  <PostForm v={v} action={`/tokens/${x.id}/revoke`} class="inline">
                    <input type="hidden" name="confirm" value="1" />
                    <button type="submit" class="danger" aria-label={v.t('tokens.revokeNamed', { label: x.label })}>
                      {v.t('tokens.revoke')}
                    </button>
                  </PostForm>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
