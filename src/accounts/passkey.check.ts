import type { AccountService } from './account.service.ts';

/**
 * Whether a passkey belongs to an account, answered from memory for `ttlMs` after each look-up:
 * every announce of a private release asks, and most ask about the same few thousand keys. A
 * reset passkey stops working within `ttlMs` in every process. The map is bounded; when full it
 * starts again empty (a burst of invented keys costs look-ups, never memory).
 */
export function createPasskeyCheck(accounts: Pick<AccountService, 'accountByPasskey'>, options: { ttlMs: number; max: number; clock?: () => number }): (passkey: string) => Promise<boolean> {
  const clock = options.clock ?? Date.now;
  const known = new Map<string, { ok: boolean; until: number }>();
  return async (passkey) => {
    const now = clock();
    const hit = known.get(passkey);
    if (hit && hit.until > now) return hit.ok;
    const ok = (await accounts.accountByPasskey(passkey)) !== undefined;
    if (known.size >= options.max) known.clear();
    known.set(passkey, { ok, until: now + options.ttlMs });
    return ok;
  };
}
