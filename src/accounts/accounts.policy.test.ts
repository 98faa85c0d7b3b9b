import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Actor, ROLES, systemActor, userActor } from './account.types.ts';
import { type AccountAction, canAccount } from './accounts.policy.ts';

const user = (role: (typeof ROLES)[number], id = 1): Actor => userActor({ id, username: role, email: null, role, createdAt: '' });

describe('accounts policy', () => {
  it('matches the table for every role and action', () => {
    const expected: Record<AccountAction, readonly boolean[]> = {
      // anonymous, reader, contributor, moderator, admin, system
      'account.register': [true, false, false, false, false, true],
      'account.manage_own': [false, true, true, true, true, true],
      'user.list': [false, false, false, false, true, true],
      'user.set_role': [false, false, false, false, true, true],
      'audit.read': [false, false, false, true, true, true],
    };
    const actors = [ANONYMOUS, ...ROLES.map((r) => user(r)), systemActor('cli')];
    for (const [action, row] of Object.entries(expected)) {
      expect(actors.map((a) => canAccount(a, action as AccountAction, { id: 99 })), action).toEqual(row);
    }
  });

  it('an admin may not change their own role', () => {
    expect(canAccount(user('admin', 7), 'user.set_role', { id: 7 })).toBe(false);
    expect(canAccount(user('admin', 7), 'user.set_role', { id: 8 })).toBe(true);
  });
});
