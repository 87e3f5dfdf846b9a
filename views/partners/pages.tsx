import { raw } from 'hono/html';
import type { HubOption } from '../../src/hubs/view-model';
import { PARTNER_KINDS } from '../../src/partners/tables';
import { formatDate } from '../../src/i18n/format';
import { ErrorBox, Field, Notice, PostForm, Radios, Select, TextArea, formValue } from '../components/forms';
import type { View } from '../view';
import { itemsText, partnerKindLabel, partnerStatusLabel, RequestStateBadge } from '../requests/labels';
import { openDataNaming } from '../../src/partners/open-data';

const OPEN_DATA_NAMING = { public: 'partners.openDataPublic', consented: 'partners.openDataYes', unnamed: 'partners.openDataNo' } as const;

type Values = Record<string, unknown>;
type Issues = { path: string; message: string }[];

const get = formValue;

/** The organisation's identity: kind, name, code (checked as the kind requires), where it is. */
function OrganisationFields({ v, values }: { v: View; values?: Values }) {
  return (
    <>
      <Radios
        idPrefix="kind"
        name="kind"
        legend={v.t('field.partnerKind')}
        required
        value={get(values, 'kind') ?? 'school'}
        options={PARTNER_KINDS.map((k) => ({ value: k, label: partnerKindLabel(v, k) }))}
      />
      <Field id="name" name="name" label={v.t('field.organisation')} required value={get(values, 'name')} maxlength={200} />
      <Field id="code" name="code" label={v.t('field.code')} hint={v.t('partners.codeHint')} value={get(values, 'code')} maxlength={30} autocomplete="off" />
      <Field id="address" name="address" label={v.t('field.address')} hint={v.t('partners.neededSchoolAssociation')} value={get(values, 'address')} maxlength={200} />
      <Field id="taxCode" name="taxCode" label={v.t('field.partnerTaxCode')} hint={v.t('partners.taxCodeHint')} value={get(values, 'taxCode')} maxlength={20} autocomplete="off" />
      <Field id="representative" name="representative" label={v.t('field.representative')} hint={v.t('partners.representativeHint')} value={get(values, 'representative')} maxlength={120} />
      <Field id="municipality" name="municipality" label={v.t('field.municipality')} required value={get(values, 'municipality')} maxlength={100} />
      <Field id="province" name="province" label={v.t('field.province')} value={get(values, 'province')} maxlength={2} />
      <label class="radio" for="consent">
        <input type="checkbox" id="consent" name="openDataConsent" value="true" checked={get(values, 'openDataConsent') === 'true'} aria-describedby="consent-rule" />
        {v.t('partners.consent')}
      </label>
      <p class="hint" id="consent-rule">
        {v.t('partners.openDataRule')}
      </p>
    </>
  );
}

function ContactFields({ v, values, prefix, required }: { v: View; values?: Values; prefix: string; required?: boolean }) {
  return (
    <fieldset>
      <legend>{v.t('partners.contactPerson')}</legend>
      <p class="hint">{v.t('partners.contactHint')}</p>
      <Field id={`${prefix}-name`} name={`${prefix}.name`} label={v.t('field.name')} required={required} value={get(values, `${prefix}.name`)} maxlength={120} autocomplete="name" />
      <Field id={`${prefix}-role`} name={`${prefix}.role`} label={v.t('partners.contactRole')} value={get(values, `${prefix}.role`)} maxlength={80} />
      <Field id={`${prefix}-email`} name={`${prefix}.email`} type="email" label={v.t('field.email')} required={required} value={get(values, `${prefix}.email`)} maxlength={200} autocomplete="email" />
      <Field id={`${prefix}-phone`} name={`${prefix}.phone`} type="tel" label={v.t('field.phone')} value={get(values, `${prefix}.phone`)} maxlength={40} autocomplete="tel" />
    </fieldset>
  );
}

/** The public application page: an organisation asks a hub to become a partner. */
export function ApplyPage(props: { v: View; hubs: HubOption[]; values?: Values; issues?: Issues; error?: string; done?: boolean }) {
  const { v } = props;
  if (props.done) {
    return (
      <section>
        <h1>{v.t('partners.apply.title')}</h1>
        <div class="alert alert-ok" role="status">
          <p>{v.t('partners.apply.thanks')}</p>
        </div>
      </section>
    );
  }
  return (
    <section>
      <h1>{v.t('partners.apply.title')}</h1>
      <p>{v.t('partners.apply.intro')}</p>
      <ErrorBox message={props.error} issues={props.issues} />
      <PostForm v={v} action="/partners/apply">
        <Select
          id="hub"
          name="hub"
          label={v.t('partners.apply.hub')}
          required
          value={get(props.values, 'hub')}
          options={[{ value: '', label: '—' }, ...props.hubs.map((h) => ({ value: h.code, label: `${h.name} (${h.comune})` }))]}
        />
        <OrganisationFields v={v} values={props.values} />
        <ContactFields v={v} values={props.values} prefix="contact" required />
        <div class="hp" aria-hidden="true">
          <label for="website">Website</label>
          <input id="website" name="website" type="text" tabindex={-1} autocomplete="off" />
        </div>
        <label class="radio" for="privacy">
          <input type="checkbox" id="privacy" name="privacy" value="true" required />
          {v.t('partners.apply.privacy')}
        </label>
        <button type="submit" class="big">
          {v.t('partners.apply.submit')}
        </button>
      </PostForm>
    </section>
  );
}

type PartnerListRow = { id: number; kind: string; name: string; code: string | null; municipality: string; status: string; hub_code: string };

export function PartnerListPage(props: { v: View; partners: PartnerListRow[]; canManage: boolean; hubs: HubOption[] | null; values?: Values; issues?: Issues; error?: string }) {
  const { v } = props;
  const applied = props.partners.filter((p) => p.status === 'applied');
  const others = props.partners.filter((p) => p.status !== 'applied');
  const row = (p: PartnerListRow) => (
    <li>
      <a href={`/partners/${p.id}`}>{p.name}</a>{' '}
      <span class="muted">
        · {partnerKindLabel(v, p.kind)} · {p.municipality}
        {p.code ? ` · ${p.code}` : ''}
        {props.hubs ? ` · ${p.hub_code}` : ''}
      </span>
      {p.status !== 'active' ? <span class="badge"> {partnerStatusLabel(v, p.status)}</span> : null}
    </li>
  );
  return (
    <section>
      <h1>{v.t('partners.title')}</h1>
      <p class="muted">
        {v.t('partners.applyLink')} <span class="copy">/partners/apply</span>
      </p>
      {applied.length ? (
        <>
          <h2>{v.t('partners.applications', { count: applied.length })}</h2>
          <ul>{applied.map(row)}</ul>
        </>
      ) : null}
      <h2>{v.t('partners.registered')}</h2>
      {others.length ? <ul>{others.map(row)}</ul> : <p class="muted">{v.t('partners.none')}</p>}
      {props.canManage ? (
        <details class="action" open={!!props.issues || !!props.error}>
          <summary>{v.t('partners.add')}</summary>
          <PostForm v={v} action="/partners">
            <ErrorBox message={props.error} issues={props.issues} />
            {props.hubs ? (
              <Select
                id="hub"
                name="hub"
                label={v.t('field.hub')}
                required
                value={get(props.values, 'hub')}
                options={[{ value: '', label: '—' }, ...props.hubs.map((h) => ({ value: h.code, label: `${h.code} · ${h.name}` }))]}
              />
            ) : null}
            <OrganisationFields v={v} values={props.values} />
            <ContactFields v={v} values={props.values} prefix="contacts.0" />
            <button type="submit">{v.t('partners.addSubmit')}</button>
          </PostForm>
        </details>
      ) : null}
    </section>
  );
}

export type Invitation = { name: string; email: string; link: string; qrSvg: string };

/** A one-time link to hand over: as text to copy, and as a QR code the person scans with their phone. */
export function InviteBox({ v, invited }: { v: View; invited: Invitation }) {
  return (
    <div class="alert alert-ok invite" role="status">
      <p>{v.t('partners.invited', { name: invited.name, email: invited.email })}</p>
      <div class="qr" role="img" aria-label={v.t('partners.qrLabel')}>
        {raw(invited.qrSvg)}
      </div>
      <p class="copy" id="invite-link">
        {invited.link}
      </p>
      <button type="button" class="secondary" data-copy="invite-link" data-done-label={v.t('common.copied')}>
        {v.t('common.copy')}
      </button>
    </div>
  );
}

type PartnerData = {
  partner: {
    id: number;
    kind: string;
    name: string;
    code: string | null;
    address: string | null;
    tax_code: string | null;
    representative: string | null;
    municipality: string;
    province: string | null;
    status: string;
    open_data_consent: number;
    internal_note: string | null;
    decision_note: string | null;
    created_at: string;
    hub_name: string;
  };
  contacts: { id: number; name: string; role: string | null; email: string | null; phone: string | null }[];
  users: { id: number; name: string; email: string; active: boolean; hasPassword: boolean }[];
  showPeople: boolean;
  canManage: boolean;
};

export function PartnerPage(
  props: PartnerData & {
    v: View;
    requests: { id: number; state: string; purpose: string; created_at: string; items: { type: string; quantity: number }[] }[];
    invited?: Invitation;
    notice?: string;
    error?: string;
    issues?: Issues;
  },
) {
  const { v, partner: p } = props;
  return (
    <article>
      <p class="muted">
        <a href="/partners">{v.t('partners.title')}</a>
      </p>
      <h1>{p.name}</h1>
      <p>
        {partnerKindLabel(v, p.kind)} · <span class="badge">{partnerStatusLabel(v, p.status)}</span>
      </p>
      <Notice message={props.notice} />
      <ErrorBox message={props.error} issues={props.issues} />
      {props.invited ? <InviteBox v={v} invited={props.invited} /> : null}
      <dl class="facts">
        {p.code ? (
          <>
            <dt>{p.kind === 'school' ? v.t('partners.code.school') : v.t('partners.code.other')}</dt>
            <dd>{p.code}</dd>
          </>
        ) : null}
        {p.tax_code ? (
          <>
            <dt>{v.t('field.partnerTaxCode')}</dt>
            <dd>{p.tax_code}</dd>
          </>
        ) : null}
        <dt>{v.t('field.address')}</dt>
        <dd>{[p.address, p.municipality + (p.province ? ` (${p.province})` : '')].filter(Boolean).join(', ')}</dd>
        {p.representative ? (
          <>
            <dt>{v.t(p.kind === 'school' ? 'field.headTeacher' : 'field.representative')}</dt>
            <dd>{p.representative}</dd>
          </>
        ) : null}
        <dt>{v.t('field.hub')}</dt>
        <dd>{p.hub_name}</dd>
        <dt>{v.t('partners.openData')}</dt>
        <dd>{v.t(OPEN_DATA_NAMING[openDataNaming(p)])}</dd>
        {p.decision_note ? (
          <>
            <dt>{v.t('partners.decisionNote')}</dt>
            <dd>{p.decision_note}</dd>
          </>
        ) : null}
        {props.canManage && p.internal_note ? (
          <>
            <dt>{v.t('field.internalNote')}</dt>
            <dd>{p.internal_note}</dd>
          </>
        ) : null}
      </dl>

      {props.canManage && p.status === 'applied' ? (
        <section aria-labelledby="decide">
          <h2 id="decide">{v.t('partners.decide')}</h2>
          <PostForm v={v} action={`/partners/${p.id}/decision`}>
            <input type="hidden" name="decision" value="approve" />
            <button type="submit" class="big">
              {v.t('partners.approve')}
            </button>
          </PostForm>
          <details class="action">
            <summary>{v.t('partners.refuse')}</summary>
            <PostForm v={v} action={`/partners/${p.id}/decision`}>
              <input type="hidden" name="decision" value="refuse" />
              <TextArea id="refuse-note" name="note" label={v.t('partners.refuseNote')} maxlength={1000} />
              <button type="submit" class="danger">
                {v.t('partners.refuse')}
              </button>
            </PostForm>
          </details>
        </section>
      ) : null}

      {props.showPeople ? (
        <section aria-labelledby="people">
          <h2 id="people">{v.t('partners.people')}</h2>
          <p class="hint">{v.t('partners.peopleHint')}</p>
          <ul>
            {props.contacts.map((c) => (
              <li>
                {c.name}
                {c.role ? ` · ${c.role}` : ''}
                {c.email ? ` · ${c.email}` : ''}
                {c.phone ? ` · ${c.phone}` : ''}
                {props.canManage ? (
                  <PostForm v={v} action={`/partners/${p.id}/contacts/${c.id}/erase`} class="inline">
                    {' '}
                    <button type="submit" class="link">
                      {v.t('partners.eraseContact')}
                    </button>
                  </PostForm>
                ) : null}
              </li>
            ))}
          </ul>
          {props.canManage ? (
            <details class="action">
              <summary>{v.t('partners.addContact')}</summary>
              <PostForm v={v} action={`/partners/${p.id}/contacts`}>
                <ContactFields v={v} prefix="contact" required={false} />
                <button type="submit">{v.t('partners.addContact')}</button>
              </PostForm>
            </details>
          ) : null}
          <h3>{v.t('partners.accounts')}</h3>
          {props.users.length ? (
            <ul>
              {props.users.map((u) => (
                <li>
                  {u.name} · {u.email} · {!u.active ? v.t('users.disabledSince', { date: '' }) : u.hasPassword ? v.t('users.active') : v.t('partners.invitePending')}
                  {props.canManage && u.active && !u.hasPassword ? (
                    <PostForm v={v} action={`/partners/${p.id}/users/${u.id}/link`} class="inline">
                      {' '}
                      <button type="submit" class="link" title={v.t('mail.reissueHint')}>
                        {v.t('mail.reissue')}
                      </button>
                    </PostForm>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{v.t('partners.noAccounts')}</p>
          )}
          {props.canManage && p.status === 'active' ? (
            <details class="action" open={!props.users.length}>
              <summary>{v.t('partners.invite')}</summary>
              <PostForm v={v} action={`/partners/${p.id}/invite`}>
                <Field id="invite-name" name="name" label={v.t('field.name')} required maxlength={120} autocomplete="off" />
                <Field id="invite-email" name="email" type="email" label={v.t('field.email')} required maxlength={200} autocomplete="off" />
                <button type="submit">{v.t('partners.inviteSubmit')}</button>
              </PostForm>
            </details>
          ) : null}
        </section>
      ) : null}

      {props.canManage ? (
        <details class="action">
          <summary>{v.t('partners.edit')}</summary>
          <PostForm v={v} action={`/partners/${p.id}`}>
            <Field id="edit-address" name="address" label={v.t('field.address')} hint={v.t('partners.neededSchoolAssociation')} value={p.address} maxlength={200} />
            <Field id="edit-taxCode" name="taxCode" label={v.t('field.partnerTaxCode')} hint={v.t('partners.taxCodeHint')} value={p.tax_code} maxlength={20} />
            <Field id="edit-representative" name="representative" label={v.t('field.representative')} hint={v.t('partners.representativeHint')} value={p.representative} maxlength={120} />
            <Field id="edit-municipality" name="municipality" label={v.t('field.municipality')} required value={p.municipality} maxlength={100} />
            <label class="radio" for="edit-consent">
              <input type="checkbox" id="edit-consent" name="openDataConsent" value="true" checked={p.open_data_consent === 1} aria-describedby="edit-consent-rule" />
              {v.t('partners.consent')}
            </label>
            <p class="hint" id="edit-consent-rule">
              {v.t('partners.openDataRule')}
            </p>
            <TextArea id="edit-note" name="internalNote" label={v.t('field.internalNote')} value={p.internal_note} maxlength={2000} />
            <button type="submit">{v.t('common.save')}</button>
          </PostForm>
        </details>
      ) : null}

      <h2>{v.t('requests.title')}</h2>
      {props.requests.length ? (
        <ul>
          {props.requests.map((r) => (
            <li>
              <a href={`/requests/${r.id}`}>#{r.id}</a> <RequestStateBadge v={v} state={r.state} /> · {itemsText(v, r.items)} · {formatDate(v.locale, r.created_at)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{v.t('requests.none')}</p>
      )}
    </article>
  );
}
