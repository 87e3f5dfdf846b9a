import { ErrorBox, Field, PostForm } from '../components/forms';
import type { View } from '../view';

type Issues = { path: string; message: string }[] | undefined;

export function LoginPage({ v, error, email, next }: { v: View; error?: string; email?: string; next?: string }) {
  return (
    <section>
      <h1>{v.t('auth.login.title')}</h1>
      <ErrorBox message={error} />
      <PostForm v={v} action="/login">
        <input type="hidden" name="next" value={next ?? '/'} />
        <Field id="email" name="email" type="email" label={v.t('field.email')} value={email} required autocomplete="username" autofocus />
        <Field id="password" name="password" type="password" label={v.t('field.password')} required autocomplete="current-password" />
        <button type="submit" class="big">
          {v.t('auth.login')}
        </button>
      </PostForm>
      <p class="muted">{v.t('auth.login.help')}</p>
    </section>
  );
}

export function SetupPage({ v, token, error, issues, values }: { v: View; token: string; error?: string; issues?: Issues; values?: { name?: string; email?: string } }) {
  return (
    <section>
      <h1>{v.t('auth.setup.title')}</h1>
      <p>{v.t('auth.setup.intro')}</p>
      <ErrorBox message={error} issues={issues} />
      <PostForm v={v} action={`/setup/${token}`}>
        <Field id="name" name="name" label={v.t('field.name')} value={values?.name} required autocomplete="name" />
        <Field id="email" name="email" type="email" label={v.t('field.email')} value={values?.email} required autocomplete="username" />
        <PasswordFields v={v} />
        <button type="submit" class="big">
          {v.t('auth.setup.submit')}
        </button>
      </PostForm>
    </section>
  );
}

export function WelcomePage({ v, token, name, error, issues }: { v: View; token: string; name: string; error?: string; issues?: Issues }) {
  return (
    <section>
      <h1>{v.t('auth.welcome.title', { name })}</h1>
      <p>{v.t('auth.welcome.intro')}</p>
      <ErrorBox message={error} issues={issues} />
      <PostForm v={v} action={`/welcome/${token}`}>
        <PasswordFields v={v} />
        <button type="submit" class="big">
          {v.t('auth.welcome.submit')}
        </button>
      </PostForm>
    </section>
  );
}

function PasswordFields({ v }: { v: View }) {
  return (
    <>
      <Field id="password" name="password" type="password" label={v.t('field.password')} hint={v.t('auth.password.hint')} required autocomplete="new-password" />
      <Field id="confirm" name="confirm" type="password" label={v.t('field.confirm')} required autocomplete="new-password" />
    </>
  );
}
