import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret for cookies, links and tokens. */
export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Secrets are stored only as their hash: a copy of the database opens nothing. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
