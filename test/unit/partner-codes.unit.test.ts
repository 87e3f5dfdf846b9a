import { describe, expect, it } from 'vitest';
import { checkCodiceFiscale, checkMeccanografico } from '../../src/partners/codes';

describe('codice meccanografico', () => {
  it.each([
    ['PGIC81200X', 'PGIC81200X'],
    ['TRIS00700N', 'TRIS00700N'],
    ['RMPS12000A', 'RMPS12000A'],
    // A non-state school: a digit before the kind.
    ['PG1A00200B', 'PG1A00200B'],
    // Older province abbreviations the ministry's codes still carry.
    ['FOIC81100A', 'FOIC81100A'],
    // Typed in lower case with a space, as copied from a letterhead.
    ['pgic 81200x', 'PGIC81200X'],
  ])('accepts %s', (raw, code) => {
    expect(checkMeccanografico(raw)).toEqual({ ok: true, code });
  });

  it.each([
    ['PGIC8120X', 'meccanograficoShape'],
    ['PGIC812000X', 'meccanograficoShape'],
    ['PG-IC81200X', 'meccanograficoShape'],
    ['PGI981200X', 'meccanograficoShape'],
    ['PGICA1200X', 'meccanograficoShape'],
    ['12IC81200X', 'meccanograficoShape'],
    ['', 'meccanograficoShape'],
    ['XXIC81200X', 'meccanograficoProvince'],
    ['ZZIC81200X', 'meccanograficoProvince'],
  ])('refuses %s (%s)', (raw, reason) => {
    expect(checkMeccanografico(raw)).toEqual({ ok: false, reason });
  });
});

describe('codice fiscale', () => {
  it.each([
    // Comune di Perugia and the Agenzia delle Entrate: 11-digit codes of real bodies.
    '00163570542',
    '06363391001',
    // An association's code, check digit worked out by hand: odd digits 9+0+2+4+6 = 21, even digits
    // doubled (minus 9 over 9) 8+2+6+1+5 = 22, total 43, check (10 − 3) mod 10 = 7.
    '94012345677',
    // The usual examples of a person's code.
    'RSSMRA80A01H501U',
    'MRTMTT91D08F205J',
    // Omocodia: the last digit of the place code replaced by its letter (1 → M), check character adjusted by hand.
    'RSSMRA80A01H50MM',
  ])('accepts %s', (code) => {
    expect(checkCodiceFiscale(code)).toEqual({ ok: true, code });
  });

  it('normalises case and spaces', () => {
    expect(checkCodiceFiscale(' rssmra80a01h501u ')).toEqual({ ok: true, code: 'RSSMRA80A01H501U' });
    expect(checkCodiceFiscale('001 635 705 42')).toEqual({ ok: true, code: '00163570542' });
  });

  it.each([
    ['00163570543', 'cfCheck'],
    ['94012345670', 'cfCheck'],
    ['RSSMRA80A01H501A', 'cfCheck'],
    ['RSSMRA80A01H50MU', 'cfCheck'],
    ['0016357054', 'cfShape'],
    ['001635705421', 'cfShape'],
    ['RSSMRA80Z01H501U', 'cfShape'],
    ['RSSMRA80A35H501U', 'cfShape'],
    ['RSSMRA80A01H5O1U', 'cfShape'],
    ['IT00163570542', 'cfShape'],
    ['', 'cfShape'],
  ])('refuses %s (%s)', (code, reason) => {
    expect(checkCodiceFiscale(code)).toEqual({ ok: false, reason });
  });
});
