// What the two floor servers (floor-passport.mjs, floor-device.mjs) share: the database opened as the app
// opens it, one read transaction, escaping, dates in the hubs' time zone and the app's security headers
// for a page (src/http/security-headers.ts).
import SQLite from 'better-sqlite3';

export const db = new SQLite(process.env.DATABASE_URL);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const begin = db.prepare('begin');
const commit = db.prepare('commit');

/** Runs `reads` in one read transaction, as the app runs a page's statements. */
export function inOneSnapshot(reads) {
  begin.run();
  try {
    return reads();
  } finally {
    commit.run();
  }
}

const SPECIAL = /[&<>"']/;
const ENTITY = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escape = (value) => {
  const s = String(value ?? '');
  return SPECIAL.test(s) ? s.replace(/[&<>"']/g, (ch) => ENTITY[ch]) : s;
};
const dayFormat = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
export const day = (iso) => (iso ? dayFormat.format(new Date(iso)) : '');
export const moment = (iso) => timeFormat.format(new Date(iso));
export const TYPES = {
  laptop: 'Portatile',
  desktop: 'Computer fisso',
  all_in_one: 'All-in-one',
  monitor: 'Monitor',
  tablet: 'Tablet',
  smartphone: 'Smartphone',
  printer: 'Stampante',
  peripheral: 'Periferica',
  other: 'Altro',
};

export const SECURITY = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
};
