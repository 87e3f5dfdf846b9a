import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { storageFailure } from '../db/adapter';
import { translator, type MessageKey } from '../i18n/catalogue';
import { AppError, ValidationError } from '../shared/errors';
import type { AppEnv } from './env';
import { renderPage } from './render';

/**
 * Every failure leaves here: a clear message in the user's language with a 4xx for anything the user
 * can fix, and a generic 500 (logged without request data) for anything else.
 */
export async function handleError(err: Error, c: Context<AppEnv>) {
  const t = c.get('t') ?? translator('it');
  const isApi = c.get('isApi') ?? c.req.path.startsWith('/api/');
  let status = 500;
  let message: string;
  // The catalogue key of the message: a stable code API clients can branch on, whatever the language.
  let code: MessageKey;
  let extra: Record<string, unknown> = {};
  let issues: { path: string; message: string }[] | undefined;

  if (err instanceof AppError) {
    status = err.status;
    code = err.key;
    message = t(err.key, err.params);
    extra = err.details ?? {};
    if (typeof extra.retryAfter === 'number') c.header('Retry-After', String(extra.retryAfter));
    if (status === 401 && !isApi && c.req.method === 'GET') {
      return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
    }
  } else if (err instanceof ValidationError) {
    status = 422;
    issues = err.issues;
    code = 'http.invalidInput';
    message = t(code);
  } else if (err instanceof HTTPException && err.status < 500) {
    status = err.status;
    code = status === 413 ? 'http.tooLarge' : 'http.badRequest';
    message = t(code);
  } else if (storageFailure(err)) {
    // The disk is full or the database cannot be written: the transaction was rolled back, so say so
    // plainly (507 or 503), and log the cause without request data.
    const kind = storageFailure(err);
    status = kind === 'full' ? 507 : 503;
    code = kind === 'full' ? 'http.storageFull' : 'http.databaseUnavailable';
    message = t(code);
    if (status === 503) c.header('Retry-After', '30');
    console.error(`[storage] ${c.req.method} ${c.req.path}: ${(err as { code?: string }).code ?? ''} ${err.message}`);
  } else {
    console.error(`[error] ${c.req.method} ${c.req.path}:`, err.stack ?? err.message);
    code = 'http.internal';
    message = t(code);
  }

  if (isApi) {
    return c.json(
      { error: issues ? `${message} ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}` : message, code, ...(issues ? { issues } : {}), ...extra },
      status as 400,
    );
  }
  return renderPage(
    c,
    t('error.title'),
    () => (
      <section>
        <h1>{t('error.title')}</h1>
        <div class="alert alert-error" role="alert">
          <p>{message}</p>
          {issues ? (
            <ul>
              {issues.map((i) => (
                <li>{i.path ? `${i.path}: ${i.message}` : i.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <p>
          <a href="/">{t('error.home')}</a>
        </p>
      </section>
    ),
    { status },
  );
}
