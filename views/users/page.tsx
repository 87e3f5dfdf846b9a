import type { Role } from '../../src/access/roles';
import type { HubOption } from '../../src/hubs/view-model';
import { codeLabel } from '../../src/i18n/catalogue';
import { formatDate } from '../../src/i18n/format';
import { ErrorBox, Field, Notice, PostForm, Select } from '../components/forms';
import type { View } from '../view';

export type UserListItem = {
  id: number;
  name: string;
  email: string;
  role: Role;
  hub_code: string | null;
  created_at: string;
  disabled_at: string | null;
  /** Whether the viewer may disable, enable or send a link to this person. */
  manageable: boolean;
};

export const roleLabel = (v: View, role: string) => codeLabel(v.locale, 'role', role);

export function UsersPage(props: {
  v: View;
  users: UserListItem[];
  roles: readonly Role[];
  /** The viewer manages everyone, in every hub (the page's title and a hub column). */
  everyone: boolean;
  hubs: HubOption[];
  error?: string;
  issues?: { path: string; message: string }[];
  created?: { name: string; link: string };
  notice?: string;
  values?: Record<string, string>;
}) {
  const { v } = props;
  const isAdmin = props.everyone;
  return (
    <section>
      <h1>{isAdmin ? v.t('users.title.admin') : v.t('users.title.coordinator')}</h1>
      <Notice message={props.notice} />
      {props.created ? (
        <div class="alert alert-ok" role="status">
          <p>{v.t('users.created', { name: props.created.name })}</p>
          <p class="copy" id="welcome-link">
            {props.created.link}
          </p>
          <button type="button" class="secondary" data-copy="welcome-link" data-done-label={v.t('common.copied')}>
            {v.t('common.copy')}
          </button>
        </div>
      ) : null}
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{v.t('field.name')}</th>
              <th scope="col">{v.t('field.email')}</th>
              <th scope="col">{v.t('field.role')}</th>
              {isAdmin ? <th scope="col">{v.t('field.hub')}</th> : null}
              <th scope="col">{v.t('users.status')}</th>
              <th scope="col">
                <span class="sr-only">{v.t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td data-label={v.t('field.name')}>{u.name}</td>
                <td data-label={v.t('field.email')}>{u.email}</td>
                <td data-label={v.t('field.role')}>{roleLabel(v, u.role)}</td>
                {isAdmin ? <td data-label={v.t('field.hub')}>{u.hub_code ?? '—'}</td> : null}
                <td data-label={v.t('users.status')}>{u.disabled_at ? v.t('users.disabledSince', { date: formatDate(v.locale, u.disabled_at) }) : v.t('users.active')}</td>
                <td>
                  {u.id !== v.user?.id && u.manageable ? (
                    <div class="actions-row">
                      <PostForm v={v} action={`/users/${u.id}/${u.disabled_at ? 'enable' : 'disable'}`} class="inline">
                        <button type="submit" class={u.disabled_at ? 'secondary' : 'danger'}>
                          {u.disabled_at ? v.t('users.enable') : v.t('users.disable')}
                        </button>
                      </PostForm>
                      <PostForm v={v} action={`/users/${u.id}/link`} class="inline">
                        <button type="submit" class="secondary">
                          {v.t('users.newLink')}
                        </button>
                      </PostForm>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{isAdmin ? v.t('users.add.admin') : v.t('users.add.volunteer')}</h2>
      <ErrorBox message={props.error} issues={props.issues} />
      <PostForm v={v} action="/users">
        <Field id="name" name="name" label={v.t('field.name')} required value={props.values?.name} autocomplete="off" />
        <Field id="email" name="email" type="email" label={v.t('field.email')} required value={props.values?.email} autocomplete="off" />
        {props.roles.length > 1 ? (
          <Select id="role" name="role" label={v.t('field.role')} value={props.values?.role ?? 'volunteer'} options={props.roles.map((r) => ({ value: r, label: roleLabel(v, r) }))} />
        ) : (
          <input type="hidden" name="role" value={props.roles[0]} />
        )}
        {isAdmin ? (
          <Select
            id="hub"
            name="hub"
            label={v.t('users.hubForRole')}
            value={props.values?.hub ?? ''}
            options={[{ value: '', label: '—' }, ...props.hubs.map((h) => ({ value: h.code, label: `${h.code} · ${h.name}` }))]}
          />
        ) : null}
        <button type="submit">{v.t('users.add.submit')}</button>
      </PostForm>
      <p class="muted">{v.t('users.add.help')}</p>
    </section>
  );
}
