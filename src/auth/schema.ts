import { z } from 'zod';
import { AppError } from '../shared/errors';
import { requiredText } from '../shared/validate';
import { PASSWORD_MIN_LENGTH, passwordWeakness } from './passwords';

export const loginSchema = z.object({
  email: z.string().trim().max(200),
  password: z.string().max(500),
  next: z.string().max(500).optional(),
});

const password = z.string().min(PASSWORD_MIN_LENGTH).max(200);

/** A password easy to guess is refused where it is chosen, with the reason (passwords.ts#passwordWeakness). */
function notWeak(password: string, email: string | null | undefined, ctx: z.RefinementCtx) {
  const weakness = passwordWeakness(password, email);
  if (weakness) ctx.addIssue({ code: 'custom', path: ['password'], message: weakness });
}

export const setupSchema = z
  .object({ name: requiredText(120), email: z.email().max(200), password, confirm: z.string().max(200) })
  .refine((d) => d.password === d.confirm, { path: ['confirm'], message: 'mismatch' })
  .superRefine((d, ctx) => notWeak(d.password, d.email, ctx));

/** The welcome form of the person with this e-mail. */
export const welcomeSchema = (email: string | null) =>
  z
    .object({ password, confirm: z.string().max(200) })
    .refine((d) => d.password === d.confirm, { path: ['confirm'], message: 'mismatch' })
    .superRefine((d, ctx) => notWeak(d.password, email, ctx));

export const localeSchema = z.object({ locale: z.enum(['it', 'en']), back: z.string().max(500).optional() });

const SAME_ORIGIN = 'http://same-origin.invalid';

/**
 * Where `next` or `back` may send a person: a path on this site, as the browser will read it. Control
 * characters (a browser drops a tab, so `/<tab>/host` becomes `//host`), whitespace, backslashes and
 * scheme-relative forms fall back to the home page; a CR or LF, which could only be an attempt to
 * split the answer's headers, is a 400.
 */
export function safeNext(next: string | undefined): string {
  if (!next) return '/';
  if (/[\r\n]/.test(next)) throw new AppError(400, 'auth.badRedirect');
  if (!next.startsWith('/') || next.startsWith('//') || /[\u0000-\u001f\u007f\\\s]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, SAME_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== SAME_ORIGIN) return '/';
  // Re-serialised: anything outside ASCII is percent-encoded, so the Location header always holds.
  return url.pathname + url.search + url.hash;
}
