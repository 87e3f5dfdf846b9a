import { describe, expect, it } from 'vitest';
import { retryingDeadlocks } from '../../src/db/adapter';

const failing = (codes: (string | undefined)[]) => {
  let calls = 0;
  const run = async () => {
    const code = codes[calls++];
    if (calls <= codes.length) throw Object.assign(new Error(code ?? 'other'), { code });
    return 'done';
  };
  return { run, calls: () => calls };
};

describe('work run again when PostgreSQL ends its transaction', () => {
  it('runs again after a deadlock or a failed serialisation, and answers the later success', async () => {
    const f = failing(['40P01', '40001']);
    expect(await retryingDeadlocks(f.run)).toBe('done');
    expect(f.calls()).toBe(3);
  });

  it('gives up after three attempts with the last error, and never runs again after any other error', async () => {
    const always = failing(['40P01', '40P01', '40P01', '40P01']);
    await expect(retryingDeadlocks(always.run)).rejects.toMatchObject({ code: '40P01' });
    expect(always.calls()).toBe(3);
    const other = failing(['23505']);
    await expect(retryingDeadlocks(other.run)).rejects.toMatchObject({ code: '23505' });
    expect(other.calls()).toBe(1);
  });
});
