/**
 * No parser of uploaded text may take time that grows faster than linearly with its input: each is
 * fed crafted lines of the largest accepted size (test/support/pathological.ts) and must answer in
 * well under a second. The best of three runs is taken, so a busy shared machine does not fail it;
 * a backtracking expression on these inputs takes minutes, not milliseconds.
 * `npm run bench:parsers` prints the same figures.
 */
import { describe, expect, it } from 'vitest';
import { parseNwipeLog } from '../../src/erasure/nwipe';
import { parseDmidecode } from '../../src/hardware/dmidecode';
import { parseLscpu } from '../../src/hardware/lscpu';
import { parseSmartctl } from '../../src/hardware/smartctl';
import { PATHOLOGICAL } from '../support/pathological';

const PARSERS: Record<keyof typeof PATHOLOGICAL, (text: string) => unknown> = {
  nwipe: parseNwipeLog,
  smartctl: parseSmartctl,
  lscpu: parseLscpu,
  dmidecode: parseDmidecode,
};

function bestOf3(parse: (text: string) => unknown, text: string) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    try {
      parse(text);
    } catch {
      // A refusal is an answer; its time counts the same.
    }
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('every text parser is bounded on crafted input of the largest accepted size', () => {
  const cases = (Object.entries(PATHOLOGICAL) as [keyof typeof PATHOLOGICAL, [string, string][]][]).flatMap(([parser, list]) => list.map(([name, text]) => [parser, name, text] as const));
  it.each(cases)('%s: %s', (parser, _name, text) => {
    expect(bestOf3(PARSERS[parser], text)).toBeLessThan(1000);
  });

  it('a crafted log still reads what it can: the digits cell is no throughput, the disk is unfinished without a summary', () => {
    const log = parseNwipeLog(PATHOLOGICAL.nwipe[0]![1]);
    expect(log.disks).toEqual([expect.objectContaining({ serial: 'A', throughputMBs: null, outcome: 'unfinished' })]);
  });
});
