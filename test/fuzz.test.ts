import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../src/auth/service';
import { createTestContext, type TestContext } from './support/context';
import { validInput } from './support/inputs';
import { buildWorld, concretePath, type World } from './support/world';

/**
 * Generated input on every writing route of the app (from its own router): whole bodies of garbage
 * (wrong content types, broken and deeply nested JSON, invalid UTF-8, oversized bodies, binary
 * uploads), and each field of a valid input replaced in turn by wrong types, huge strings, odd
 * unicode, HTML, script and SQL fragments, almost-right tags and impossible dates, or left out.
 * The answer is always below 500: a 4xx in the user's language with nothing written, or success with
 * nothing shown unescaped. A second test round-trips such strings through the places people read them.
 */
let t: TestContext;
let w: World;
let fingerprintSql: ReturnType<typeof sql.raw>;

beforeAll(async () => {
  t = await createTestContext();
  w = await buildWorld(t);
  // Bookkeeping that a refusal writes by design is left out: the throttle, sessions, and the audit log
  // (a lockout or a refused form is on the record). One query that changes when any row is added or removed, a device, asset or request moves, or a person is disabled or erased.
  const tables = (await t.db.introspection.getTables()).map((x) => x.name).filter((n) => !n.startsWith('kysely_') && !['login_throttle', 'sessions', 'audit_log'].includes(n));
  const parts = tables.map((n) => `SELECT '${n}' AS t, count(*) AS n FROM ${n}`);
  parts.push(`SELECT 'devices.version', coalesce(sum(version), 0) FROM devices`, `SELECT 'assets.version', coalesce(sum(version), 0) FROM assets`);
  parts.push(`SELECT 'partner_requests.version', coalesce(sum(version), 0) FROM partner_requests`, `SELECT 'users.disabled', count(disabled_at) FROM users`);
  parts.push(`SELECT 'donors.erased', count(erased_at) FROM donors`, `SELECT 'api_tokens.revoked', count(revoked_at) FROM api_tokens`);
  fingerprintSql = sql.raw(parts.join(' UNION ALL '));
}, 120_000);
afterAll(() => t.close());

const fingerprint = async () => JSON.stringify((await fingerprintSql.execute(t.db)).rows.map((r) => Object.values(r as object).map(String)));

// ---- what is thrown at the routes

const TAG = () => w.ids.tag; // e.g. FOL-00001-N
const almostTags = () => {
  const tag = TAG();
  const [hub, num, check] = tag.split('-') as [string, string, string];
  return [
    `${hub}-${num}-${check === 'A' ? 'B' : 'A'}`,
    tag.toLowerCase(),
    `${hub}${num}${check}`,
    `${hub}-${num}-${check}X`,
    `PER-${num}-${check}`,
    `${hub}-${num.slice(1)}0-${check}`,
    ` ${tag} `,
    `${hub}–${num}–${check}`,
    `${tag}\u200b`,
  ];
};

const HUGE = 'x'.repeat(200_000);
const STRINGS = [
  '',
  ' ',
  HUGE,
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE devices; --",
  '1 OR 1=1',
  '\u0000nul',
  '\u202Eexe.txt',
  '\uFEFFbom',
  'Z̴̡̧̛͎̞͉a̸͙͇l̶̢̛g̸o̵',
  '🖥️💾👩🏽‍🔧',
  '\uD800lone',
  '%00%0d%0a',
  '../../etc/passwd',
  '{{7*7}}${7*7}',
  '2026-02-30',
  '9999-99-99T99:99',
  '1e309',
  '0x10',
  ' 5 ',
  'NaN',
  '-1',
];
const OTHERS: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53 + 1, 1e308, [], {}, [[[[]]]], { a: { b: { c: {} } } }, ['<b>x</b>'], [HUGE]];

type Shot = { name: string; contentType?: string; body: BodyInit | undefined };

function wholeBodies(isApi: boolean): Shot[] {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const bytes = new Uint8Array(4096).map((_, i) => (i * 131 + 7) % 256);
  const multipart = new FormData();
  multipart.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'garbage.bin');
  multipart.append('devices.0.type', '<svg onload=alert(1)>');
  return [
    { name: 'no body', body: undefined },
    { name: 'empty JSON', contentType: 'application/json', body: '' },
    { name: 'JSON null', contentType: 'application/json', body: 'null' },
    { name: 'JSON array', contentType: 'application/json', body: '[1,2,3]' },
    { name: 'JSON string', contentType: 'application/json', body: '"x"' },
    { name: 'truncated JSON', contentType: 'application/json', body: '{"a": [1, 2, {"b": "' },
    { name: 'deeply nested JSON', contentType: 'application/json', body: deep },
    { name: 'deeply nested object', contentType: 'application/json', body: '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) },
    { name: 'JSON with a huge string', contentType: 'application/json', body: JSON.stringify({ note: 'y'.repeat(1_500_000) }) },
    { name: 'a body over the limit', contentType: isApi ? 'application/json' : 'application/x-www-form-urlencoded', body: 'z'.repeat(3 * 1024 * 1024) },
    { name: 'invalid UTF-8 form', contentType: 'application/x-www-form-urlencoded', body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe, 0xc3, 0x28, 0x26, 0x62, 0x3d, 0xed, 0xa0, 0x80]) },
    { name: 'invalid UTF-8 JSON', contentType: 'application/json', body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xc0, 0xaf, 0x22, 0x7d]) },
    { name: 'form with repeated and odd keys', contentType: 'application/x-www-form-urlencoded', body: 'a=1&a=2&__proto__.x=1&constructor.prototype.y=2&devices.99999.type=laptop&....=&%=%' },
    { name: 'binary multipart upload', body: multipart },
    { name: 'text/plain', contentType: 'text/plain', body: 'hello' },
    { name: 'XML', contentType: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
    { name: 'wrong charset', contentType: 'application/json; charset=utf-16', body: '{"a":1}' },
    { name: 'multipart without a boundary', contentType: 'multipart/form-data', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
  ];
}

/** Each field of a valid input, replaced by each value (or left out), one at a time. */
function fieldMutations(base: Record<string, unknown>, isApi: boolean): { name: string; body: Record<string, unknown> }[] {
  const out: { name: string; body: Record<string, unknown> }[] = [];
  const values: unknown[] = [...STRINGS, ...almostTags(), ...(isApi ? OTHERS : [])];
  for (const field of Object.keys(base)) {
    out.push({ name: `${field} left out`, body: Object.fromEntries(Object.entries(base).filter(([k]) => k !== field)) });
    for (const v of values) out.push({ name: `${field} = ${JSON.stringify(v)?.slice(0, 30)}`, body: { ...base, [field]: v } });
    // One level down: the first element of a list, each field of an object.
    const inner = base[field];
    const nested = Array.isArray(inner) ? inner[0] : inner;
    if (nested && typeof nested === 'object') {
      for (const sub of Object.keys(nested)) {
        for (const v of values.slice(0, 12)) {
          const copy = { ...(nested as Record<string, unknown>), [sub]: v };
          out.push({ name: `${field}.${sub} = ${JSON.stringify(v)?.slice(0, 30)}`, body: { ...base, [field]: Array.isArray(inner) ? [copy, ...inner.slice(1)] : copy } });
        }
      }
    }
  }
  out.push({ name: 'an unknown extra field', body: { ...base, extra: '<script>alert(1)</script>', __proto__x: 1 } });
  return out;
}

/** Markup that must never come back unescaped, from any payload above. */
const UNESCAPED = [/<script>alert\(1\)<\/script>/, /<img src=x onerror=alert\(1\)>/, /<svg onload=alert\(1\)>/, /<b>x<\/b>/];

function jsonError(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    return typeof error === 'string' ? error : '';
  } catch {
    return '';
  }
}

const PARTNER_ROUTES = /^(POST \/portal\/|POST \/api\/v1\/deliveries\/:id\/(receipt|reports))/;

describe('generated input on every writing route', () => {
  it('never a 5xx, never a partial write, never markup unescaped', async () => {
    const routes = [...new Set(t.app.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method)).map((r) => `${r.method} ${r.path}`))];
    let tried = 0;
    const failures: string[] = [];
    const refusedWithoutWords: string[] = [];
    for (const key of routes) {
      const [method, pattern] = key.split(' ') as [string, string];
      const path = concretePath(w, method, pattern);
      expect(path, key).toBeDefined();
      const valid = await validInput(t, w, key, 'admin');
      const target = valid.path ?? path!;
      const isApi = target.startsWith('/api/');
      const person = PARTNER_ROUTES.test(key) ? w.alfaPerson : w.admin;
      const query = valid.query ? `?${valid.query}` : '';
      const base = valid.body && !(valid.body instanceof FormData) ? valid.body : {};

      const send = async (name: string, contentType: string | undefined, body: BodyInit | undefined) => {
        tried++;
        // A fresh session each time: a payload that signs out or erases someone ends only itself.
        const cookie = `rg_session=${await startSession(t.ctx, person.id)}; rg_csrf=${t.csrf}`;
        const headers: Record<string, string> = { cookie, 'x-csrf-token': t.csrf };
        if (contentType) headers['content-type'] = contentType;
        const before = await fingerprint();
        let res: Response;
        try {
          res = await t.app.request(target + query, { method, headers, body });
        } catch (e) {
          failures.push(`${key} · ${name}: threw ${(e as Error).message}`);
          return;
        }
        const text = await res.text();
        if (res.status >= 500)
          failures.push(
            `${key} · ${name}: ${res.status} ${text
              .replace(/<[^>]+>/g, ' ')
              .replace(/\s+/g, ' ')
              .slice(0, 200)}`,
          );
        else if (res.status >= 400) {
          if ((await fingerprint()) !== before) failures.push(`${key} · ${name}: ${res.status} but something was written`);
          const words = isApi ? jsonError(text).length > 5 : /lang="(it|en)"/.test(text) && /role="alert"/.test(text);
          if (!words && res.status !== 401) refusedWithoutWords.push(`${key} · ${name}: ${res.status} ${text.slice(0, 120)}`);
        }
        // What a browser would render as a page (JSON answers carry the input back as data, not markup).
        let shown = (res.headers.get('content-type') ?? '').startsWith('text/html') ? text : '';
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location?.startsWith('/')) {
          const next = await t.app.request(location, { headers: { cookie } });
          if ((next.headers.get('content-type') ?? '').startsWith('text/html')) shown += await next.text();
        }
        for (const pattern of UNESCAPED) if (pattern.test(shown)) failures.push(`${key} · ${name}: ${pattern} came back unescaped`);
      };

      for (const shot of wholeBodies(isApi)) await send(shot.name, shot.contentType, shot.body);
      for (const m of fieldMutations(base, isApi)) {
        if (isApi) await send(m.name, 'application/json', JSON.stringify(m.body));
        else {
          const form = new URLSearchParams({ _csrf: t.csrf });
          for (const [k, v] of Object.entries(m.body)) {
            if (v === undefined) continue;
            if (Array.isArray(v)) for (const x of v) form.append(k, typeof x === 'string' ? x : JSON.stringify(x));
            else form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
          }
          await send(m.name, 'application/x-www-form-urlencoded', form);
        }
      }
    }
    console.log(`fuzz: ${tried} generated inputs on ${routes.length} writing routes`);
    expect(failures).toEqual([]);
    expect(refusedWithoutWords).toEqual([]);
    expect(tried).toBeGreaterThan(5000);
  }, 900_000);
});

/** A lone surrogate cannot be percent-encoded: it goes as the invalid UTF-8 bytes a client could send. */
const enc = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80lone';
  }
};

/** Every query parameter any page or API reads, each given each garbage value in turn. */
const QUERY_KEYS = [
  'q',
  'hub',
  'state',
  'type',
  'page',
  'before',
  'period',
  'quarter',
  'from',
  'to',
  'format',
  'tags',
  'code',
  'done',
  'next',
  'lang',
  'minRam',
  'minStorage',
  'ssd',
  'cpu64',
  'sort',
  'partner',
  'status',
  'category',
  'funding',
  'n',
  'v',
  'tag',
];

describe('generated input on every reading route', () => {
  it('answers garbage in the query and in the path with a 4xx or a page, never a 5xx or markup unescaped', async () => {
    const routes = [...new Set(t.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))].filter((p) => p !== '/*' && !p.startsWith('/assets/'));
    let tried = 0;
    const failures: string[] = [];
    const cookie = `rg_session=${await startSession(t.ctx, w.admin.id)}; rg_csrf=${t.csrf}`;
    const get = async (route: string, url: string, name: string) => {
      tried++;
      const res = await t.app.request(url, { headers: { cookie } });
      const text = await res.text();
      if (res.status >= 500)
        failures.push(
          `GET ${route} · ${name}: ${res.status} ${text
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .slice(0, 160)}`,
        );
      if ((res.headers.get('content-type') ?? '').startsWith('text/html'))
        for (const pattern of UNESCAPED) if (pattern.test(text)) failures.push(`GET ${route} · ${name}: ${pattern} came back unescaped`);
    };
    const values = [...STRINGS.filter((v) => v !== HUGE), 'x'.repeat(5000), ...almostTags(), '<b>x</b>'];
    for (const route of routes) {
      const path = concretePath(w, 'GET', route);
      if (!path) continue;
      const before = await fingerprint();
      // Each key gets every third value, a different third for the next key: every value on every route.
      for (const [k, key] of QUERY_KEYS.entries()) for (const v of values.filter((_, j) => (j + k) % 3 === 0)) await get(route, `${path}?${key}=${enc(v)}`, `${key}=${JSON.stringify(v).slice(0, 30)}`);
      // Each path parameter replaced by garbage (the path as the router declares it, :name by :name).
      const params = route.match(/:[a-zA-Z]+(\{[^}]*\})?/g) ?? [];
      for (const param of params) {
        for (const v of values) {
          if (v === '' || v === ' ') continue;
          const concrete = route
            .split('/')
            .map((seg, i) => (seg === param ? enc(v) : seg.startsWith(':') ? path.split('/')[i] : seg))
            .join('/');
          await get(route, concrete, `${param} = ${JSON.stringify(v).slice(0, 30)}`);
        }
      }
      // A certificate's first download is when it is issued (its number and verification code): that read writes by design.
      if (!route.endsWith('erasure-certificate.pdf') && (await fingerprint()) !== before) failures.push(`GET ${route}: a read wrote something`);
    }
    console.log(`fuzz: ${tried} generated queries and paths on ${routes.length} reading routes`);
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(5000);
  }, 900_000);
});

/** What a header-splitting or open-redirect attempt puts where the app reads a place to go back to. */
const REDIRECTS = [
  '\r',
  '\n',
  '\r\n',
  '/x\r\nSet-Cookie: rg_session=stolen',
  '/x\nLocation: https://evil.example/',
  '\r\n/',
  '/\t/evil.example/x',
  '//evil.example',
  '/\\evil.example',
  'https://evil.example',
  '/%0d%0aSet-Cookie:x=1',
  '/\u2028x',
  ' /x',
];

describe('CR and LF in every redirect parameter', () => {
  it('next and back, on every page and on the forms that read them, never answer a 5xx, and never send anyone off the site', async () => {
    const cookie = `rg_session=${await startSession(t.ctx, w.admin.id)}; rg_csrf=${t.csrf}`;
    const failures: string[] = [];
    let tried = 0;
    const check = async (label: string, res: Response) => {
      tried++;
      await res.text();
      if (res.status >= 500) failures.push(`${label}: ${res.status}`);
      const location = res.headers.get('location');
      if (location !== null && (!location.startsWith('/') || location.startsWith('//') || /[\s\\]/.test(location))) failures.push(`${label}: Location ${JSON.stringify(location)}`);
      if ((res.headers.get('set-cookie') ?? '').includes('stolen')) failures.push(`${label}: a header was split`);
    };
    const routes = [...new Set(t.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))].filter((p) => p !== '/*' && !p.startsWith('/assets/'));
    for (const route of routes) {
      const path = concretePath(w, 'GET', route);
      if (!path) continue;
      for (const key of ['next', 'back']) {
        for (const v of REDIRECTS) {
          // Anonymous, every page but the login form only leads to it.
          for (const who of route === '/login' ? [cookie, null] : [cookie]) {
            await check(`GET ${route}?${key}=${JSON.stringify(v)}${who ? '' : ' (anonymous)'}`, await t.app.request(`${path}?${key}=${enc(v)}`, { headers: who ? { cookie: who } : {} }));
          }
        }
      }
    }
    for (const v of REDIRECTS) {
      for (const [path, fields] of [
        ['/login', { email: w.admin.email, password: w.admin.password, next: v }],
        ['/login', { email: 'nobody@test.invalid', password: 'wrong-wrong', next: v }],
        ['/lang', { locale: 'it', back: v }],
      ] as const) {
        for (const who of [cookie, null]) {
          const body = new URLSearchParams({ _csrf: t.csrf, ...fields });
          await check(
            `POST ${path} ${JSON.stringify(fields)}${who ? '' : ' (anonymous)'}`,
            await t.app.request(path, { method: 'POST', headers: { cookie: who ?? `rg_csrf=${t.csrf}`, 'content-type': 'application/x-www-form-urlencoded' }, body }),
          );
        }
      }
    }
    console.log(`fuzz: ${tried} redirect parameters`);
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(1000);
  }, 300_000);
});
