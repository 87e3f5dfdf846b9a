import type { HubIdentityView, HubOption } from '../../src/hubs/view-model';
import type { ProgrammeIdentity } from '../../src/programme/service';
import { ErrorBox, Field, Notice, PostForm } from '../components/forms';
import type { View } from '../view';

type FormState = { notice?: string; error?: string; issues?: { path: string; message: string }[]; values?: Record<string, string> };

/** Empty inputs are marked "needed for documents" rather than required: a form may be saved half filled. */
const needed = (v: View) => v.t('programme.required');

export function ProgrammePage(props: FormState & { v: View; programme: ProgrammeIdentity }) {
  const { v, programme: p } = props;
  const val = (name: keyof ProgrammeIdentity) => props.values?.[name] ?? p[name] ?? '';
  return (
    <section>
      <h1>{v.t('programme.title')}</h1>
      <p class="muted">{v.t('programme.help')}</p>
      <Notice message={props.notice} />
      <ErrorBox message={props.error} issues={props.issues} />
      <PostForm v={v} action="/programme">
        <Field id="name" name="name" label={v.t('field.programmeName')} required value={val('name')} maxlength={120} />
        <Field id="bodyName" name="bodyName" label={v.t('field.bodyName')} hint={needed(v)} value={val('bodyName')} maxlength={200} />
        <Field id="taxCode" name="taxCode" label={v.t('field.taxCode')} hint={needed(v)} value={val('taxCode')} maxlength={20} />
        <Field id="address" name="address" label={v.t('field.address')} hint={needed(v)} value={val('address')} maxlength={300} />
        <Field id="pec" name="pec" type="email" label={v.t('field.pec')} hint={needed(v)} value={val('pec')} maxlength={200} />
        <Field id="legalRepresentative" name="legalRepresentative" label={v.t('field.legalRepresentative')} hint={needed(v)} value={val('legalRepresentative')} maxlength={120} />
        <Field id="privacyController" name="privacyController" label={v.t('field.privacyController')} hint={needed(v)} value={val('privacyController')} maxlength={200} />
        <Field id="privacyContact" name="privacyContact" label={v.t('field.privacyContact')} hint={needed(v)} value={val('privacyContact')} maxlength={200} />
        <Field id="court" name="court" label={v.t('field.court')} hint={needed(v)} value={val('court')} maxlength={80} />
        <button type="submit">{v.t('programme.submit')}</button>
      </PostForm>
    </section>
  );
}

export function HubIdentityPage(props: FormState & { v: View; hub: HubIdentityView; hubs?: HubOption[] }) {
  const { v, hub } = props;
  const val = (name: string, stored: string | null) => props.values?.[name] ?? stored ?? '';
  return (
    <section>
      <h1>{v.t('hubs.identity.title', { name: hub.name })}</h1>
      {props.hubs ? (
        <nav aria-label={v.t('hubs.identity.choose')}>
          <p>
            {props.hubs.map((h) => (
              <>
                <a href={`/hubs/${h.code}/identity`} aria-current={h.code === hub.code ? 'page' : undefined}>
                  {h.code}
                </a>{' '}
              </>
            ))}
          </p>
        </nav>
      ) : null}
      <p class="muted">{v.t('hubs.identity.help')}</p>
      <Notice message={props.notice} />
      <ErrorBox message={props.error} issues={props.issues} />
      <PostForm v={v} action={`/hubs/${hub.code}/identity`}>
        <Field id="address" name="address" label={v.t('field.address')} hint={needed(v)} value={val('address', hub.address)} maxlength={300} />
        <Field id="email" name="email" type="email" label={v.t('field.email')} hint={needed(v)} value={val('email', hub.contact_email)} maxlength={200} />
        <Field id="phone" name="phone" type="tel" label={v.t('field.phone')} hint={needed(v)} value={val('phone', hub.contact_phone)} maxlength={40} />
        <Field id="openingHours" name="openingHours" label={v.t('field.openingHours')} value={val('openingHours', hub.opening_hours)} maxlength={300} />
        <Field id="responsible" name="responsible" label={v.t('field.responsible')} hint={needed(v)} value={val('responsible', hub.responsible)} maxlength={120} />
        <button type="submit">{v.t('hubs.identity.submit')}</button>
      </PostForm>
    </section>
  );
}
