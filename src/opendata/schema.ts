import { z } from 'zod';

/** A published file's name: a quarter and a format, e.g. 2026-Q1.csv. */
export const quarterFileSchema = z
  .string()
  .regex(/^(19|20|21)\d{2}-Q[1-4]\.(csv|json)$/, { message: 'quarter' })
  .transform((s) => ({ quarter: s.slice(0, 7), format: s.slice(8) as 'csv' | 'json' }));
