import { Hono } from 'hono';
import { LoginPage, SetupPage, WelcomePage } from '../../views/auth/pages';
import { findUserById, setUserLocale } from '../users/public';
import { readForm } from '../http/body';
import { clearCookie, readCookie, writeCookie } from '../http/cookies';
import type { AppEnv } from '../http/env';
import { clientAddress } from '../http/middleware';
import { renderPage } from '../http/render';
import { AppError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import { localeSchema, loginSchema, safeNext, setupSchema, welcomeSchema } from './schema';
import * as auth from './service';

export const SESSION_COOKIE_SECONDS = 30 * 86400;

export const authRoutes = new Hono<AppEnv>();

authRoutes.get('/login', (c) => {
  const next = safeNext(c.req.query('next'));
  if (c.get('user')) return c.redirect(next, 303);
  return renderPage(c, c.get('t')('auth.login.title'), (v) => <LoginPage v={v} next={next} />);
});

authRoutes.post('/login', async (c) => {
  const form = parseInput(loginSchema, await readForm(c), c.get('locale'));
  const next = safeNext(form.next);
  try {
    const { sessionToken } = await auth.login(c.get('ctx'), { email: form.email, password: form.password, ip: clientAddress(c) });
    const old = readCookie(c, 'session');
    if (old) await auth.endSession(c.get('ctx'), old);
    writeCookie(c, 'session', sessionToken, SESSION_COOKIE_SECONDS);
    return c.redirect(next, 303);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.details?.retryAfter) c.header('Retry-After', String(e.details.retryAfter));
    return renderPage(c, c.get('t')('auth.login.title'), (v) => <LoginPage v={v} error={v.t(e.key, e.params)} email={form.email} next={next} />, {
      status: e.status,
    });
  }
});

authRoutes.post('/logout', async (c) => {
  const token = readCookie(c, 'session');
  if (token) await auth.endSession(c.get('ctx'), token);
  clearCookie(c, 'session');
  return c.redirect('/login', 303);
});

authRoutes.post('/lang', async (c) => {
  const form = parseInput(localeSchema, await readForm(c), c.get('locale'));
  const back = safeNext(form.back);
  writeCookie(c, 'lang', form.locale, 365 * 86400);
  const user = c.get('user');
  if (user) {
    await setUserLocale(c.get('ctx').db, user.id, form.locale);
    auth.sessionsChanged(c.get('ctx'), user.id);
  }
  return c.redirect(back, 303);
});

authRoutes.get('/setup/:token', async (c) => {
  await auth.usableLink(c.get('ctx'), 'setup', c.req.param('token'));
  return renderPage(c, c.get('t')('auth.setup.title'), (v) => <SetupPage v={v} token={c.req.param('token')} />);
});

authRoutes.post('/setup/:token', async (c) => {
  const token = c.req.param('token');
  const raw = await readForm(c);
  try {
    const input = parseInput(setupSchema, raw, c.get('locale'));
    writeCookie(c, 'session', await auth.completeSetup(c.get('ctx'), token, input), SESSION_COOKIE_SECONDS);
    return c.redirect('/', 303);
  } catch (e) {
    if (!(e instanceof ValidationError) && !(e instanceof AppError && e.status === 409)) throw e;
    const values = { name: String(raw.name ?? ''), email: String(raw.email ?? '') };
    return renderPage(
      c,
      c.get('t')('auth.setup.title'),
      (v) => (e instanceof ValidationError ? <SetupPage v={v} token={token} issues={e.issues} values={values} /> : <SetupPage v={v} token={token} error={v.t((e as AppError).key)} values={values} />),
      { status: e instanceof ValidationError ? 422 : 409 },
    );
  }
});

authRoutes.get('/welcome/:token', async (c) => {
  const link = await auth.usableLink(c.get('ctx'), 'welcome', c.req.param('token'));
  const user = link.user_id ? await findUserById(c.get('ctx').db, link.user_id) : undefined;
  return renderPage(c, c.get('t')('auth.welcome.title', { name: user?.name ?? '' }), (v) => <WelcomePage v={v} token={c.req.param('token')} name={user?.name ?? ''} />);
});

authRoutes.post('/welcome/:token', async (c) => {
  const token = c.req.param('token');
  const link = await auth.usableLink(c.get('ctx'), 'welcome', token);
  try {
    const person = link.user_id ? await findUserById(c.get('ctx').db, link.user_id) : undefined;
    const input = parseInput(welcomeSchema(person?.email ?? null), await readForm(c), c.get('locale'));
    writeCookie(c, 'session', await auth.completeWelcome(c.get('ctx'), token, input.password), SESSION_COOKIE_SECONDS);
    return c.redirect('/', 303);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const user = link.user_id ? await findUserById(c.get('ctx').db, link.user_id) : undefined;
    return renderPage(c, c.get('t')('auth.welcome.title', { name: user?.name ?? '' }), (v) => <WelcomePage v={v} token={token} name={user?.name ?? ''} issues={e.issues} />, {
      status: 422,
    });
  }
});
