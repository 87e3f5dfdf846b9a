/**
 * Identifiers of partner organisations: the codice meccanografico of a school and the codice
 * fiscale of an association or public body. Pure functions; messages are catalogue keys.
 */

/**
 * Italian province abbreviations (sigle automobilistiche) in use today, plus the few older ones the
 * ministry's school codes still carry: FO (Forlì), PS (Pesaro e Urbino) and the Sardinian CI, OG, OT, VS.
 */
export const PROVINCES: ReadonlySet<string> = new Set(
  (
    'AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CL CN CO CR CS CT CZ EN FC FE FG FI FM FR ' +
    'GE GO GR IM IS KR LC LE LI LO LT LU MB MC ME MI MN MO MS MT NA NO NU OR PA PC PD PE PG PI PN PO PR PT PU PV PZ ' +
    'RA RC RE RG RI RM RN RO SA SI SO SP SR SS SU SV TA TE TN TO TP TR TS TV UD VA VB VC VE VI VR VT VV ' +
    'FO PS CI OG OT VS'
  ).split(' '),
);

export type CodeCheck = { ok: true; code: string } | { ok: false; reason: 'meccanograficoShape' | 'meccanograficoProvince' | 'cfShape' | 'cfCheck' };

/** Upper case, without spaces: how people type codes copied from letterheads. */
export function normaliseCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/**
 * A school's codice meccanografico: 10 characters, e.g. PGIC81200X: the province (PG), the kind of
 * school (IC; a digit first for non-state schools, e.g. 1A), five digits, and a final character.
 * The ministry does not publish how the last character is computed, so the shape is what is checked.
 */
export function checkMeccanografico(raw: string): CodeCheck {
  const code = normaliseCode(raw);
  if (!/^[A-Z]{2}[A-Z0-9][A-Z][0-9]{5}[A-Z0-9]$/.test(code)) return { ok: false, reason: 'meccanograficoShape' };
  if (!PROVINCES.has(code.slice(0, 2))) return { ok: false, reason: 'meccanograficoProvince' };
  return { ok: true, code };
}

/** Codice fiscale: 11 digits (organisations) or 16 characters (people, sole traders), with its check character. */
export function checkCodiceFiscale(raw: string): CodeCheck {
  const code = normaliseCode(raw);
  if (/^[0-9]{11}$/.test(code)) return numericCheckDigit(code) === Number(code[10]) ? { ok: true, code } : { ok: false, reason: 'cfCheck' };
  if (/^[A-Z0-9]{16}$/.test(code)) {
    if (!PERSON_SHAPE.test(code) || !validBirthDay(code)) return { ok: false, reason: 'cfShape' };
    return personCheckChar(code) === code[15] ? { ok: true, code } : { ok: false, reason: 'cfCheck' };
  }
  return { ok: false, reason: 'cfShape' };
}

/** The 11th digit of a numeric codice fiscale (the same rule as a partita IVA's). */
export function numericCheckDigit(code: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let n = Number(code[i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return (10 - (sum % 10)) % 10;
}

/** Omocodia replaces digits with these letters (0→L … 9→V) in the positions that hold numbers. */
const OMOCODIA = 'LMNPQRSTUV';
const NUM = `[0-9${OMOCODIA}]`;
const PERSON_SHAPE = new RegExp(`^[A-Z]{6}${NUM}{2}[ABCDEHLMPRST]${NUM}{2}[A-Z]${NUM}{3}[A-Z]$`);

function digitAt(code: string, i: number): number {
  const ch = code[i]!;
  const o = OMOCODIA.indexOf(ch);
  return o >= 0 ? o : Number(ch);
}

/** Day of birth 1–31, or 41–71 for women. */
function validBirthDay(code: string): boolean {
  const day = digitAt(code, 9) * 10 + digitAt(code, 10);
  return (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
}

// Values of each character in odd positions (1st, 3rd, …) for the check character; digits and letters share them.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

export function personCheckChar(code: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = code[i]!;
    const index = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? ODD[index]! : index;
  }
  return String.fromCharCode(65 + (sum % 26));
}
