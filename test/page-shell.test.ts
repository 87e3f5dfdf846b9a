import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, donate, type TestContext } from './support/context';

// The layout is rendered once per language and role (src/http/render.tsx): what belongs to one request
// (its form token, its path, its title, its language) must never show up in another's page.

let t: TestContext;
let admin: string;

beforeAll(async () => {
  t = await createTestContext();
  admin = await t.token('admin');
});
afterAll(() => t.close());

const hidden = (html: string, name: string) => [...html.matchAll(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`, 'g'))].map((m) => m[1]);
const csrfCookie = (headers: Headers) => /rg_csrf=([^;]+)/.exec(headers.get('set-cookie') ?? '')?.[1];

describe('the page shell', () => {
  it("gives each visitor their own form token, in each of the page's forms", async () => {
    const { devices } = await donate(t, admin, 'FOL', [{ type: 'laptop', brand: 'Dell', model: 'Latitude E7240' }]);
    const tag = devices[0]!.tag;
    const first = await t.page(`/d/${tag}`);
    const second = await t.page(`/d/${tag}`);
    const a = csrfCookie(first.headers);
    const b = csrfCookie(second.headers);
    expect(a).toBeTruthy();
    expect(b).toBeTruthy();
    expect(a).not.toBe(b);
    expect(hidden(first.html, '_csrf')).toEqual([a]);
    expect(hidden(second.html, '_csrf')).toEqual([b]);
  });

  it("sends the language switch back to the page it was pressed on, and marks the current page's link only there", async () => {
    const volunteer = await t.person('volunteer', 'FOL');
    const list = await t.page('/devices', volunteer.cookie);
    const scan = await t.page('/scan', volunteer.cookie);
    expect(hidden(list.html, 'back')).toEqual(['/devices']);
    expect(hidden(scan.html, 'back')).toEqual(['/scan']);
    expect(list.html).toContain('<a href="/devices" aria-current="page">');
    expect(list.html).not.toContain('<a href="/scan" aria-current="page">');
    expect(scan.html).toContain('<a href="/scan" aria-current="page">');
    expect(scan.html).not.toContain('<a href="/devices" aria-current="page">');
    // The form token of the person's own cookie, in the head and in both forms of the header.
    expect(hidden(list.html, '_csrf').every((v) => v === t.csrf)).toBe(true);
    expect(list.html).toContain(`<meta name="csrf-token" content="${t.csrf}"/>`);
  });

  it("escapes a page's title and path, and answers in each person's own language", async () => {
    const italian = await t.person('coordinator', 'FOL');
    const english = await t.person('coordinator', 'FOL');
    await t.form('/lang', english.cookie, { locale: 'en', back: '/' });
    const it_ = await t.page('/devices', italian.cookie);
    const en = await t.page('/devices', english.cookie);
    expect(it_.html).toContain('<html lang="it">');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).not.toContain('<html lang="it">');
    // A path with a quote in it stays inside its attribute.
    const odd = await t.page(`/d/FOL-"><b>x`, italian.cookie);
    expect(hidden(odd.html, 'back')).toEqual(['/d/FOL-&quot;&gt;&lt;b&gt;x']);
    expect(odd.html).not.toContain('"><b>x');
  });
});
