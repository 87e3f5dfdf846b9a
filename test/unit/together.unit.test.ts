import { describe, expect, it } from 'vitest';
import { together } from '../../src/db/together';

/**
 * A transaction's statements sent together must all be finished before the transaction can roll back:
 * a sibling still sending statements after a failure would send them outside the transaction.
 */
describe('together', () => {
  it('fails with the first failure only once every sibling has finished its work', async () => {
    const log: string[] = [];
    const sibling = (async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 5));
        log.push(`statement ${i}`);
      }
      return 'totals';
    })();
    const failing = (async () => {
      await Promise.resolve();
      throw new Error('event refused');
    })();
    await expect(together([failing, sibling])).rejects.toThrow('event refused');
    log.push('rollback');
    expect(log).toEqual(['statement 0', 'statement 1', 'statement 2', 'rollback']);
  });

  it('gives every value in order when all succeed', async () => {
    expect(await together([Promise.resolve(1), Promise.resolve('two'), undefined])).toEqual([1, 'two', undefined]);
  });
});
