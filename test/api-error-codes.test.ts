import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTag } from '../src/tags/tag';
import { act, createTestContext, donate, type TestContext } from './support/context';

/**
 * Every JSON error carries `code`, the catalogue key of its message: the same in every language and when the
 * wording changes, so an API client can branch on it instead of on the text.
 */
let t: TestContext;
let fol: string;
let volunteerPer: string;
let tag: string;

beforeAll(async () => {
  t = await createTestContext();
  fol = await t.token('coordinator', 'FOL');
  volunteerPer = await t.token('volunteer', 'PER');
  tag = (await donate(t, fol, 'FOL', [{ type: 'laptop' }])).devices[0]!.tag;
});
afterAll(() => t.close());

const valid = { hub: 'FOL', donor: { kind: 'company', name: 'ACME Srl' }, devices: [{ type: 'laptop' }] };

describe('API errors carry a stable code', () => {
  const cases: [string, () => Promise<{ status: number; json: any }>, number, string][] = [
    ['no token', () => t.api('GET', '/api/v1/devices', null), 401, 'auth.required'],
    ['another hub’s device', () => act(t, volunteerPer, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true }), 403, 'access.otherHub'],
    ['a tag nobody issued', () => t.api('GET', `/api/v1/devices/${formatTag('FOL', 99_999)}`, fol), 404, 'tags.unknown'],
    ['a route that does not exist', () => t.api('GET', '/api/v1/nothing-here', fol), 404, 'http.notFound'],
    ['an action the lifecycle refuses', () => act(t, fol, tag, { action: 'deliver', title: 'donation' }), 409, 'lifecycle.notAllowed'],
    ['a body over the limit', () => t.api('POST', '/api/v1/donations', fol, JSON.stringify({ ...valid, note: 'x'.repeat(3 * 1024 * 1024) })), 413, 'http.tooLarge'],
    ['a donation with no donor name', () => t.api('POST', '/api/v1/donations', fol, { ...valid, donor: { kind: 'company' } }), 422, 'http.invalidInput'],
    ['broken JSON', () => t.api('POST', '/api/v1/donations', fol, '{"hub": "FOL",'), 400, 'http.badJson'],
  ];
  it.each(cases)('%s', async (_, call, status, code) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ code });
    expect(res.json.error).toEqual(expect.any(String));
  });

  it('is the same code in English, where the message is not', async () => {
    const it = await t.api('GET', `/api/v1/devices/${formatTag('FOL', 99_998)}`, fol);
    const en = await t.api('GET', `/api/v1/devices/${formatTag('FOL', 99_998)}`, fol, undefined, { 'accept-language': 'en' });
    expect([it.status, en.status]).toEqual([404, 404]);
    expect(en.json.error).not.toBe(it.json.error);
    expect([it.json.code, en.json.code]).toEqual(['tags.unknown', 'tags.unknown']);
  });

  it('names a mistyped tag (400) as such, and validation errors keep their issues beside the code', async () => {
    const mistyped = await t.api('GET', `/api/v1/devices/${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`, fol);
    expect(mistyped.status).toBe(400);
    expect(mistyped.json.code).toBe('tags.mistyped');
    const invalid = await t.api('POST', '/api/v1/donations', fol, { ...valid, devices: [] });
    expect(invalid.status).toBe(422);
    expect(invalid.json).toMatchObject({ code: 'http.invalidInput', issues: [expect.objectContaining({ path: expect.any(String), message: expect.any(String) })] });
  });
});
