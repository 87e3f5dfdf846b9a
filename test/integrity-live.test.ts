import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity, type IntegrityReport } from '../src/integrity/check';
import { createTestContext, donate, type TestContext } from './support/context';

/**
 * `npm run cli -- check --figures` on a live database: the running totals it compares with a full
 * recount must be read in the same state as the recount, or a donation recorded during the check shows
 * as a difference the Region's auditor would have to explain.
 */
let t: TestContext;
let token: string;

beforeAll(async () => {
  t = await createTestContext();
  token = await t.token('coordinator', 'FOL');
});
afterAll(() => t.close());

describe('the figures check while the hubs work', () => {
  it('never reports a difference that only a write landing during the check made', async () => {
    let checking = true;
    let donations = 0;
    const hub = async () => {
      while (checking) {
        await donate(t, token, 'FOL', [{ type: 'laptop' }, { type: 'monitor' }]);
        donations++;
      }
    };
    const hubs = [hub(), hub()];
    const reports: IntegrityReport[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        try {
          reports.push(await checkIntegrity(t.db, { recountFigures: true }));
        } catch (error) {
          // PostgreSQL refuses to compare two moments: the check is run again.
          if (t.kind === 'postgres' && /could not serialize/i.test(String(error))) continue;
          throw error;
        }
      }
    } finally {
      checking = false;
      await Promise.all(hubs);
    }
    expect(donations).toBeGreaterThan(0);
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) {
      expect(r.problems.filter((p) => p.startsWith('figures'))).toEqual([]);
      expect(r.figuresMatch).toBe(true);
    }
  });
});

describe('the structural check while the hubs work', () => {
  it('never reports a device, a donation or a stock count that a write landing during the check made', async () => {
    let checking = true;
    const hub = async () => {
      while (checking) await donate(t, token, 'FOL', [{ type: 'laptop' }, { type: 'desktop' }, { type: 'monitor' }]);
    };
    const hubs = [hub(), hub()];
    const problems: string[] = [];
    try {
      for (let i = 0; i < 12; i++) problems.push(...(await checkIntegrity(t.db)).problems);
    } finally {
      checking = false;
      await Promise.all(hubs);
    }
    expect(problems).toEqual([]);
  });
});
