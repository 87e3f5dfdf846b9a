import { formatDate } from '../../src/i18n/format';
import { ErrorBox, Notice, PostForm } from '../components/forms';
import { roleLabel } from '../users/page';
import type { View } from '../view';

type Found = {
  donors: { id: number; kind: string; name: string; tax_code: string | null; email: string | null; phone: string | null; created_at: string; donations: number | null }[];
  contacts: { id: number; partner_id: number; name: string; role: string | null; email: string | null; phone: string | null; partner_name: string }[];
  users: { id: number; name: string; email: string; role: string; hub_code: string | null; disabled_at: string | null }[];
  borrowers: { id: number; borrower_name: string | null; lent_at: string; returned_at: string | null; lost_at: string | null; tag: string }[];
};

function EraseButton({ v, kind, id, name }: { v: View; kind: string; id: number; name: string }) {
  return (
    <PostForm v={v} action="/admin/privacy/erase" class="inline">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={String(id)} />
      <button type="submit" class="danger" aria-label={v.t('privacy.eraseNamed', { name })}>
        {v.t('privacy.erase')}
      </button>
    </PostForm>
  );
}

/** Find a person by name, e-mail, tax code or phone, and erase their data: administrators only. */
export function PrivacyPage(props: { v: View; q: string; found: Found | null; notice?: string; error?: string }) {
  const { v, found } = props;
  const none = found && !found.donors.length && !found.contacts.length && !found.users.length && !found.borrowers.length;
  return (
    <section>
      <h1>{v.t('privacy.title')}</h1>
      <Notice message={props.notice} />
      <ErrorBox message={props.error} />
      <p class="hint">{v.t('privacy.intro')}</p>
      <form method="get" action="/admin/privacy" class="filters">
        <div class="field">
          <label for="privacy-q">{v.t('privacy.search')}</label>
          <input id="privacy-q" name="q" type="search" value={props.q} minlength={2} maxlength={100} autocomplete="off" />
        </div>
        <button type="submit">{v.t('privacy.find')}</button>
      </form>
      {none ? <p>{v.t('privacy.nobody', { q: props.q })}</p> : null}
      {found?.donors.length ? (
        <>
          <h2>{v.t('privacy.donors')}</h2>
          <ul class="plain">
            {found.donors.map((d) => (
              <li>
                <strong>{d.name}</strong> · {[d.tax_code, d.email, d.phone].filter(Boolean).join(' · ')} · {v.t('privacy.donations', { n: d.donations ?? 0 })}{' '}
                <EraseButton v={v} kind="donor" id={d.id} name={d.name} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {found?.contacts.length ? (
        <>
          <h2>{v.t('privacy.contacts')}</h2>
          <ul class="plain">
            {found.contacts.map((p) => (
              <li>
                <strong>{p.name}</strong> ({p.partner_name}) · {[p.role, p.email, p.phone].filter(Boolean).join(' · ')} <EraseButton v={v} kind="contact" id={p.id} name={p.name} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {found?.users.length ? (
        <>
          <h2>{v.t('privacy.users')}</h2>
          <ul class="plain">
            {found.users.map((u) => (
              <li>
                <strong>{u.name}</strong> · {u.email} · {roleLabel(v, u.role)}
                {u.hub_code ? ` · ${u.hub_code}` : ''} {u.id === v.user?.id ? null : <EraseButton v={v} kind="user" id={u.id} name={u.name} />}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {found?.borrowers.length ? (
        <>
          <h2>{v.t('privacy.borrowers')}</h2>
          <ul class="plain">
            {found.borrowers.map((b) => (
              <li>
                <strong>{b.borrower_name}</strong> · {b.tag} · {formatDate(v.locale, b.lent_at)}{' '}
                {b.returned_at || b.lost_at ? <EraseButton v={v} kind="borrower" id={b.id} name={b.borrower_name ?? ''} /> : <span class="muted">{v.t('privacy.loanOpen')}</span>}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
