import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { hashSecret, newSecret } from '../../src/auth/secrets';

/** Secrets come in slices of a pool of random bytes (auth/secrets.ts): none may repeat or come out short. */
describe('newSecret', () => {
  it('never hands out the same bytes twice, across many refills of its pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const size = i % 3 === 0 ? 24 : 32;
      const s = newSecret(size);
      expect(Buffer.from(s, 'base64url').length).toBe(size);
      seen.add(s);
    }
    expect(seen.size).toBe(20_000);
  });

  it('spreads its bytes evenly (no zeroed or repeated slice)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 8_000; i++) for (const b of Buffer.from(newSecret(32), 'base64url')) counts[b]!++;
    // 256,000 bytes: about 1,000 of each value; a slice of zeros or a copied slice would stand out.
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1_150);
  });

  it('serves a secret larger than its pool', () => {
    expect(Buffer.from(newSecret(10_000), 'base64url').length).toBe(10_000);
  });

  it('hashes a secret exactly as stored sessions and tokens were hashed: SHA-256 of its UTF-8, in hex', () => {
    for (const secret of [newSecret(32), 'àèìòù €', '']) expect(hashSecret(secret)).toBe(createHash('sha256').update(secret, 'utf8').digest('hex'));
  });
});
