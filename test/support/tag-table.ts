/**
 * One table of what people and scanners send, and what a tag reader must make of it: the canonical tag,
 * or why it is refused. src/tags/tag.ts (the server) and views/assets/scan.js (the scan page, offline)
 * are both tested against it, so the two readers cannot drift apart.
 */
export type TagCase = { input: string; expect: string | 'mistyped' | 'malformed'; why: string };

export const TAG_TABLE: TagCase[] = [
  { input: 'FOL-00042-5', expect: 'FOL-00042-5', why: 'a valid tag' },
  { input: 'PG-00001-T', expect: 'PG-00001-T', why: 'a two-letter hub' },
  { input: 'TERNI-99999-Z', expect: 'TERNI-99999-Z', why: 'a five-letter hub' },
  { input: 'ORV-123456789-M', expect: 'ORV-123456789-M', why: 'a nine-digit number' },
  { input: 'PER-00007-R', expect: 'PER-00007-R', why: 'a letter check character' },
  { input: 'fol-00042-5', expect: 'FOL-00042-5', why: 'lower case' },
  { input: 'pg-00001-t', expect: 'PG-00001-T', why: 'lower-case check character' },
  { input: 'FOL000425', expect: 'FOL-00042-5', why: 'no dashes' },
  { input: '  FOL-00042-5\n', expect: 'FOL-00042-5', why: 'spaces around, as a scanner sends Enter' },
  { input: 'FOL 00042 5', expect: 'FOL-00042-5', why: 'spaces inside' },
  { input: 'FOL_00042_5', expect: 'FOL-00042-5', why: 'underscores inside' },
  { input: 'FOL\u201000042\u20135', expect: 'FOL-00042-5', why: 'typographic dashes' },
  { input: 'https://rigenera.example.it/d/FOL-00042-5', expect: 'FOL-00042-5', why: 'the label URL' },
  { input: 'https://rigenera.example.it/d/per-00007-r?utm=x', expect: 'PER-00007-R', why: 'the label URL, lower case, with a query' },
  { input: 'FOL-00042-6', expect: 'mistyped', why: 'a wrong check character' },
  { input: 'FOL-00042-A', expect: 'mistyped', why: 'a check letter for a check digit' },
  { input: 'PER-00007-S', expect: 'mistyped', why: 'a wrong check letter' },
  { input: 'FOL-00043-5', expect: 'mistyped', why: 'one digit mistyped' },
  { input: 'FOL-00024-5', expect: 'mistyped', why: 'two digits swapped' },
  { input: 'FLO-00042-5', expect: 'mistyped', why: 'hub letters swapped' },
  { input: 'fol-00042-6', expect: 'mistyped', why: 'lower case with a wrong check character' },
  { input: 'hello', expect: 'malformed', why: 'not a tag' },
  { input: '', expect: 'malformed', why: 'nothing' },
  { input: '   ', expect: 'malformed', why: 'only spaces' },
  { input: 'FOL-42-1', expect: 'malformed', why: 'too few digits' },
  { input: '<script>', expect: 'malformed', why: 'markup' },
];
