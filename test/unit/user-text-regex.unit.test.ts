import { describe, expect, it } from 'vitest';
import { queryWords } from '../../src/devices/terms';
import { unflatten } from '../../src/http/body';
import { deviceTypeOf, guessMapping, parseDay, readRow } from '../../src/imports/fields';
import { labelQuerySchema } from '../../src/labels/schema';
import { checkCodiceFiscale, checkMeccanografico } from '../../src/partners/codes';
import { splitTags } from '../../src/requests/schema';
import { parseCsv } from '../../src/shared/csv';
import { parseTag } from '../../src/tags/tag';
import { itemsFromLines } from '../../src/workshop/checklists';

/**
 * Every function that runs a regular expression on what a person typed or uploaded (outside the
 * erasure and hardware parsers, bounded on their own), fed the shapes that make a backtracking
 * expression go quadratic: long runs of the characters it repeats, with no match at the end.
 * Linear code reads 100,000 characters in milliseconds; a quadratic one takes minutes (the weight column
 * took 78 s on these before it lost its `\s*kg$`).
 */
const N = 100_000;
const HOSTILE = [
  ' '.repeat(N) + 'x',
  '1' + ' '.repeat(N) + 'x',
  '\t'.repeat(N) + '!',
  'a'.repeat(N) + '!',
  '1'.repeat(N) + '!',
  '-'.repeat(N) + '!',
  '/d/'.repeat(N / 3) + ' ',
  'kg'.repeat(N / 2) + ' x',
  '2026-'.repeat(N / 5),
  '\r\n'.repeat(N / 2) + 'x',
  ',;'.repeat(N / 2),
  'FOL-'.repeat(N / 4),
];

function quick(name: string, fn: (s: string) => unknown) {
  it(`${name} reads hostile text in linear time`, () => {
    for (const s of HOSTILE) {
      const started = performance.now();
      try {
        fn(s);
      } catch {
        // Refusing is fine; hanging is not.
      }
      expect(performance.now() - started, `${name} on ${JSON.stringify(s.slice(0, 12))}…`).toBeLessThan(1000);
    }
  });
}

describe('regular expressions on user text', () => {
  const header = ['Tipo', 'Peso (kg)', 'Data di ricevimento', 'Quantità', 'Disco', 'Note', 'Etichetta'];
  const mapping = guessMapping(header);
  quick('an import row (weight, date, quantity, storage, label)', (s) => readRow(['portatile', s, s, s, s, s, s], header, mapping, { donorKind: 'company', donorName: 'A' }, '2026-03-10'));
  quick('an import header', (s) => guessMapping([s, s, s]));
  quick('a device type', deviceTypeOf);
  quick('a day', parseDay);
  quick('a tag or label URL', parseTag);
  quick('a list of tags', splitTags);
  quick('a label selection', (s) => labelQuerySchema.safeParse({ tags: s }));
  quick('a search', queryWords);
  quick('a codice fiscale', checkCodiceFiscale);
  quick('a codice meccanografico', checkMeccanografico);
  quick('a checklist', itemsFromLines);
  quick('a CSV', (s) => parseCsv(s, ';'));
  quick('form keys', (s) => unflatten({ [s.slice(0, 5000)]: '1', [`a.${s.slice(0, 5000)}`]: '1' }));

  it('still reads a weight written with its unit', () => {
    const r = readRow(['portatile', ' 2,5  KG '], ['Tipo', 'Peso (kg)'], guessMapping(['Tipo', 'Peso (kg)']), { donorKind: 'company', donorName: 'A' }, '2026-03-10');
    expect(r.ok && r.device.weightKg).toBe(2.5);
  });
});
