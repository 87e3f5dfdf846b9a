import { codeLabel } from '../../src/i18n/catalogue';
import { formatDateTime } from '../../src/i18n/format';
import type { View } from '../view';

export type AuditItem = { id: number; action: string; target: string; data: string | null; at: string; actor_user_id: number | null; actor_name: string | null; actor_erased: string | null };

const actionLabel = (v: View, action: string) => codeLabel(v.locale, 'audit.action', action);

/** The administrators' audit log: newest first, filtered by kind of act, paged by key. */
export function AuditPage(props: { v: View; items: AuditItem[]; next: number | null; actions: string[]; action: string }) {
  const { v } = props;
  const who = (e: AuditItem) => (e.actor_user_id === null ? v.t('common.system') : e.actor_erased ? v.t('common.erasedPerson') : (e.actor_name ?? `#${e.actor_user_id}`));
  return (
    <section>
      <h1>{v.t('audit.title')}</h1>
      <p class="hint">{v.t('audit.intro')}</p>
      <form method="get" action="/admin/audit" class="filters">
        <div class="field">
          <label for="audit-action">{v.t('audit.filter')}</label>
          <select id="audit-action" name="action">
            <option value="">{v.t('common.all')}</option>
            {props.actions.map((a) => (
              <option value={a} selected={a === props.action}>
                {actionLabel(v, a)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          {v.t('audit.show')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{v.t('audit.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">{v.t('audit.when')}</th>
                <th scope="col">{v.t('audit.who')}</th>
                <th scope="col">{v.t('audit.what')}</th>
                <th scope="col">{v.t('audit.target')}</th>
                <th scope="col">{v.t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((e) => (
                <tr>
                  <td data-label={v.t('audit.when')}>{formatDateTime(v.locale, e.at)}</td>
                  <td data-label={v.t('audit.who')}>{who(e)}</td>
                  <td data-label={v.t('audit.what')}>{actionLabel(v, e.action)}</td>
                  <td data-label={v.t('audit.target')}>
                    <code>{e.target}</code>
                  </td>
                  <td data-label={v.t('audit.details')}>{e.data ? <code>{e.data}</code> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.next !== null ? (
        <p>
          <a href={`/admin/audit?before=${props.next}${props.action ? `&action=${encodeURIComponent(props.action)}` : ''}`}>{v.t('common.nextPage')}</a>
        </p>
      ) : null}
    </section>
  );
}
