import { hash, randomBytes, randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn from the system's generator 4 KB at a time; each secret takes its own slice, which
 * is zeroed once read, and no slice is ever handed out twice. One draw served one secret before, and a
 * new visitor's form token was 3% of a public passport's cost.
 */
const pool = Buffer.alloc(4096);
let next = pool.length;

/** A random, URL-safe secret for cookies, links and tokens. */
export function newSecret(bytes = 32): string {
  if (bytes > pool.length) return randomBytes(bytes).toString('base64url');
  if (next + bytes > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const secret = pool.toString('base64url', next, next + bytes);
  pool.fill(0, next, next + bytes);
  next += bytes;
  return secret;
}

/** Secrets are stored only as their hash: a copy of the database opens nothing. */
export const hashSecret = (secret: string) => hash('sha256', secret, 'hex');
