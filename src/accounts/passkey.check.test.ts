import { describe, expect, it } from 'vitest';
import { createPasskeyCheck } from './passkey.check.ts';

describe('passkey check', () => {
  it('answers from memory until the entry expires, and stays bounded', async () => {
    let now = 0;
    let lookups = 0;
    const valid = new Set(['a'.repeat(32)]);
    const check = createPasskeyCheck({ accountByPasskey: async (k) => (lookups++, valid.has(k) ? { id: 1, username: 'u', email: null, role: 'reader', createdAt: '' } : undefined) }, { ttlMs: 1000, max: 3, clock: () => now });
    expect(await check('a'.repeat(32))).toBe(true);
    expect(await check('a'.repeat(32))).toBe(true);
    expect(lookups).toBe(1);
    valid.clear();
    now = 1001;
    expect(await check('a'.repeat(32))).toBe(false);
    for (const k of ['b', 'c', 'd', 'e']) await check(k);
    expect(lookups).toBe(6);
  });
});
