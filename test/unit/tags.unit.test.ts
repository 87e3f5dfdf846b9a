import { describe, expect, it } from 'vitest';
import { checkCharacter, formatTag, parseTag, parseTypedTag } from '../../src/tags/tag';
import { TAG_TABLE } from '../support/tag-table';

describe('tags', () => {
  it('reads a tag in its printed form exactly as in any typed form', () => {
    const inputs: string[] = [];
    for (const hub of ['FOL', 'PER', 'AB', 'ABCDE']) {
      for (const n of [0, 1, 42, 99999, 100000, 123456789]) {
        const tag = formatTag(hub, n);
        const [h, d, c] = tag.split('-') as [string, string, string];
        const other = c === 'A' ? 'B' : 'A';
        inputs.push(
          tag,
          `${h}-${d}-${other}`,
          `${h}-0${d}-${c}`,
          `${h}-00${d}-${c}`,
          tag.toLowerCase(),
          `${h}${d}${c}`,
          ` ${tag} `,
          `https://x/d/${tag}`,
          `${h}-${d.slice(1)}-${c}`,
          `${h}-0${d}-${checkCharacter(`${h}0${d}`)}`,
        );
      }
    }
    for (const input of inputs) expect(parseTag(input), input).toEqual(parseTypedTag(input));
  });

  it('formats hub code, five-digit number and check character', () => {
    expect(formatTag('FOL', 42)).toMatch(/^FOL-00042-[0-9A-Z]$/);
    expect(formatTag('PER', 123456)).toMatch(/^PER-123456-[0-9A-Z]$/);
  });

  it.each([
    ['lower case', (t: string) => t.toLowerCase()],
    ['no dashes', (t: string) => t.replace(/-/g, '')],
    ['spaces around', (t: string) => `  ${t}\n`],
    ['the label URL', (t: string) => `https://rigenera.example.it/d/${t}`],
    ['the label URL with a query', (t: string) => `https://rigenera.example.it/d/${t}?utm=x`],
  ])('understands %s', (_, variant) => {
    const tag = formatTag('FOL', 42);
    expect(parseTag(variant(tag))).toMatchObject({ ok: true, tag, hubCode: 'FOL', number: 42 });
  });

  it('refuses every single-character substitution of a tag as mistyped, never as another tag', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const hub of ['FOL', 'PER', 'ORV']) {
      for (let n = 1; n < 400; n += 13) {
        const compact = formatTag(hub, n).replace(/-/g, '');
        for (let i = 0; i < compact.length; i++) {
          for (const ch of alphabet) {
            if (ch === compact[i]) continue;
            const typo = compact.slice(0, i) + ch + compact.slice(i + 1);
            const parsed = parseTag(typo);
            expect(parsed.ok, `${typo} should be refused`).toBe(false);
          }
        }
      }
    }
  });

  it('says "mistyped" for a bad check character and "malformed" for something that is not a tag', () => {
    const tag = formatTag('FOL', 42);
    const wrongCheck = tag.slice(0, -1) + (tag.endsWith('A') ? 'B' : 'A');
    expect(parseTag(wrongCheck)).toMatchObject({ ok: false, reason: 'mistyped' });
    expect(parseTag('hello')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseTag('')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseTag('FOL-0042-1')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseTag('<script>')).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('follows ISO 7064 MOD 37,36: the check character makes the hybrid sum come out at 1', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const payload of ['FOL00042', 'PER00001', 'ORV99999']) {
      let p = 36;
      let s = 0;
      for (const ch of payload + checkCharacter(payload)) {
        s = (p + alphabet.indexOf(ch)) % 36 || 36;
        p = (s * 2) % 37;
      }
      expect(s).toBe(1);
    }
  });
});

describe('tags: the shared table (scan.js reads the same, test/unit/scan-tags.unit.test.ts)', () => {
  it.each(TAG_TABLE)('$why: $input', ({ input, expect: want }) => {
    const parsed = parseTag(input);
    if (want === 'mistyped' || want === 'malformed') expect(parsed).toMatchObject({ ok: false, reason: want });
    else expect(parsed).toMatchObject({ ok: true, tag: want });
  });
});
