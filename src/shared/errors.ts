import type { MessageKey, Params } from '../i18n/catalogue';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/**
 * A refusal the user can act on: a status and a catalogue key, translated when it is shown.
 * Services throw it; the HTTP layer renders it as `{ error }` or as an error page.
 */
export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly key: MessageKey,
    readonly params?: Params,
    /** Extra machine-readable facts for API clients (never personal data). */
    readonly details?: Record<string, unknown>,
  ) {
    super(key);
  }
}

/** Input that failed validation: messages are already in the user's language (zod's own locale). */
export class ValidationError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
  }
}
