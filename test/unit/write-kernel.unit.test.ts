import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/policy';
import { AppError } from '../../src/shared/errors';
import { actorColumns, actorUserId, isAuthor } from '../../src/shared/write/actor';
import { requireUnchanged, requireWon } from '../../src/shared/write/version';

const user: Actor = { kind: 'user', id: 7, role: 'volunteer', hubId: 1, partnerId: null, name: 'Anna' };
const token: Actor = { kind: 'token', id: 7, role: 'volunteer', hubId: 1, partnerId: null, name: 'Banco' };

describe('author columns', () => {
  it('name a person in the user column and a token in the token column, never both', () => {
    expect(actorColumns(user, 'created_by')).toEqual({ created_by_user_id: 7, created_by_token_id: null });
    expect(actorColumns(token, 'actor')).toEqual({ actor_user_id: null, actor_token_id: 7 });
  });

  it('give the user behind an action, or none for a token or nobody signed in', () => {
    expect(actorUserId(user)).toBe(7);
    expect(actorUserId(token)).toBeNull();
    expect(actorUserId(null)).toBeNull();
  });

  it('tell whether an event is the actor’s own: a user and a token with the same id are not the same author', () => {
    expect(isAuthor(user, { actor_user_id: 7, actor_token_id: null })).toBe(true);
    expect(isAuthor(token, { actor_user_id: 7, actor_token_id: null })).toBe(false);
    expect(isAuthor(token, { actor_user_id: null, actor_token_id: 7 })).toBe(true);
    expect(isAuthor(user, { actor_user_id: 8, actor_token_id: null })).toBe(false);
  });
});

describe('the changed-meanwhile check', () => {
  const stale = () => new AppError(409, 'equipment.changedMeanwhile', { tag: 'x' });

  it('passes the version the page showed, and no version at all (a script, a scan)', async () => {
    await expect(requireUnchanged(3, 3, stale)).resolves.toBeUndefined();
    await expect(requireUnchanged(undefined, 3, stale)).resolves.toBeUndefined();
    await expect(requireWon(true, stale)).resolves.toBeUndefined();
  });

  it('refuses an older version, and a conditional update that changed nothing, with the refusal given', async () => {
    await expect(requireUnchanged(2, 3, stale)).rejects.toMatchObject({ status: 409, key: 'equipment.changedMeanwhile' });
    await expect(requireWon(false, async () => stale())).rejects.toMatchObject({ status: 409, key: 'equipment.changedMeanwhile' });
  });
});
