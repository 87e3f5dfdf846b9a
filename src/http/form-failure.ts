import type { Translate } from '../i18n/catalogue';
import { AppError, ValidationError } from '../shared/errors';

export type FormFailure = { status: number; issues?: { path: string; message: string }[]; error?: string };

/**
 * A form's failure that the person can fix on the same page: invalid fields (422) or a refusal
 * (409, 422...). Not-found, forbidden and not-logged-in go on to the error page as usual.
 */
export function formFailure(e: unknown, t: Translate): FormFailure {
  if (e instanceof ValidationError) return { status: 422, issues: e.issues };
  if (e instanceof AppError && ![401, 403, 404].includes(e.status)) return { status: e.status, error: t(e.key, e.params) };
  throw e;
}
