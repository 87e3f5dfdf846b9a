import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { TAG_TABLE } from '../support/tag-table';

/**
 * The scan page reads tags offline with its own copy of the reader (views/assets/scan.js). Its tag section
 * is run here as the browser runs it, in a bare context, against the table src/tags/tag.ts is tested on.
 */
function scanJsParseTag(): (raw: string) => { tag?: string; error?: string } {
  const source = readFileSync(new URL('../../views/assets/scan.js', import.meta.url), 'utf8');
  const start = source.indexOf('// ---- tags');
  const end = source.indexOf('// ---- ', start + 1);
  expect(start, 'scan.js has a "// ---- tags" section').toBeGreaterThan(0);
  expect(end, 'scan.js has a section after its tags').toBeGreaterThan(start);
  return runInNewContext(`${source.slice(start, end)}\nparseTag;`, {}, { timeout: 1000 });
}

describe('scan.js reads tags as the server does', () => {
  const parseTag = scanJsParseTag();
  it.each(TAG_TABLE)('$why: $input', ({ input, expect: want }) => {
    const parsed = parseTag(input);
    if (want === 'mistyped' || want === 'malformed') expect(parsed).toEqual({ error: want });
    else expect(parsed).toEqual({ tag: want });
  });
});
