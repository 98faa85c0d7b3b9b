import { AppError } from '../errors.ts';
import { type Actor, type Role, hasRole } from './account.types.ts';

/**
 * Who may do what with accounts: small pure checks, no I/O. Services call `can` before anything
 * else and throw `forbidden` when it says no; the route × role matrix test reads the same table.
 */
export type AccountAction =
  /** Create an account for oneself (visitors only: a signed-in reader needs no second one). */
  | 'account.register'
  /** See and change one's own account: password, tokens. */
  | 'account.manage_own'
  | 'user.list'
  /** Give another account a role. */
  | 'user.set_role'
  | 'audit.read';

const NEEDS: Readonly<Record<Exclude<AccountAction, 'account.register'>, Role>> = Object.freeze({
  'account.manage_own': 'reader',
  'user.list': 'admin',
  'user.set_role': 'admin',
  'audit.read': 'moderator',
});

export function canAccount(actor: Actor, action: AccountAction, target?: { readonly id: number }): boolean {
  if (action === 'account.register') return actor.kind !== 'user';
  if (action === 'user.set_role') {
    // An admin cannot demote themself by accident and leave the archive with no admin.
    return hasRole(actor, 'admin') && !(actor.kind === 'user' && target !== undefined && target.id === actor.account.id);
  }
  return hasRole(actor, NEEDS[action]);
}

/** The error for an action a policy refused: log in first (visitors), or not allowed (everybody else). */
export const refusal = (actor: Actor, what: string): AppError =>
  actor.kind === 'anonymous' ? new AppError('unauthenticated', 'login_required', `Log in to ${what}.`) : new AppError('forbidden', 'forbidden', `You may not ${what}.`);
