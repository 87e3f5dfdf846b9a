import { z } from 'zod';
import { requiredText } from '../shared/validate';
import { PASSWORD_MIN_LENGTH } from './passwords';

export const loginSchema = z.object({
  email: z.string().trim().max(200),
  password: z.string().max(500),
  next: z.string().max(500).optional(),
});

const password = z.string().min(PASSWORD_MIN_LENGTH).max(200);

export const setupSchema = z
  .object({ name: requiredText(120), email: z.email().max(200), password, confirm: z.string().max(200) })
  .refine((d) => d.password === d.confirm, { path: ['confirm'], message: 'mismatch' });

export const welcomeSchema = z
  .object({ password, confirm: z.string().max(200) })
  .refine((d) => d.password === d.confirm, { path: ['confirm'], message: 'mismatch' });

export const localeSchema = z.object({ locale: z.enum(['it', 'en']), back: z.string().max(500).optional() });

/** Only same-site paths: a login link cannot bounce the person to another site. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
