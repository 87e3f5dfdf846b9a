/**
 * Text that leaves the app in a spreadsheet (every CSV and XLSX we write: open data, the recipients
 * file, the funder's register, import problem lists, staff exports) goes through here once. A cell that
 * a spreadsheet would run as a formula, or as the start of one (`=`, `+`, `-`, `@`, a tab or a carriage
 * return first), gets a leading apostrophe and is shown as the text it is. That includes text that
 * looks like a negative number followed by more (`-1+cmd|' /C calc'!A0`). Numbers written as numbers
 * are not text and stay numbers.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

export function inertText(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0]!) ? `'${text}` : text;
}

/** Any cell value: strings made inert, everything else (numbers, booleans, dates, empty) as it was. */
export function inertCell<T>(value: T): T {
  return (typeof value === 'string' ? inertText(value) : value) as T;
}
