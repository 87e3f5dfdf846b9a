import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { COMMON_PASSWORDS_TEXT } from './common-passwords';

// scrypt N=2^15, r=8, p=1 (32 MiB, ~60 ms here): OWASP's floor for scrypt. Parameters travel in the hash.
const N = 2 ** 15;
const r = 8;
const p = 1;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEYLEN, { ...opts, maxmem: 256 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$');
  if (!parts || parts.length !== 6 || parts[0] !== 'scrypt') {
    // Spend the same time as a real check, so an unknown account does not answer faster.
    await derive(password, DUMMY_SALT, { N, r, p });
    return false;
  }
  const [, n, rr, pp, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(rr), p: Number(pp) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

const DUMMY_SALT = randomBytes(16);

export const PASSWORD_MIN_LENGTH = 10;

let common: Set<string> | undefined;

/**
 * Why a new password would be easy to guess, or null: one of the 10,000 most common (common-passwords.ts,
 * compared without case), or one that contains the user part of the person's e-mail (3 letters or more).
 */
export function passwordWeakness(password: string, email: string | null | undefined): 'passwordCommon' | 'passwordHasEmail' | null {
  common ??= new Set(COMMON_PASSWORDS_TEXT.split('\n'));
  const lower = password.normalize('NFC').toLowerCase();
  if (common.has(lower)) return 'passwordCommon';
  const user = email?.trim().toLowerCase().split('@')[0] ?? '';
  if (user.length >= 3 && lower.includes(user)) return 'passwordHasEmail';
  return null;
}
