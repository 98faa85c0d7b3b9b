import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';

const CHEAP = { logN: 10, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const h = await hashPassword('correct horse battery', CHEAP);
    expect(h).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', CHEAP)).not.toBe(await hashPassword('same', CHEAP));
  });

  it('treats composed and decomposed accents as the same password (NFC)', async () => {
    const h = await hashPassword('caf\u00e9 au lait', CHEAP);
    expect(await verifyPassword('cafe\u0301 au lait', h)).toBe(true);
  });

  it('asks for a rehash when the cost was raised, and rejects malformed stored hashes', async () => {
    const h = await hashPassword('x'.repeat(12), CHEAP);
    expect(needsRehash(h, CHEAP)).toBe(false);
    expect(needsRehash(h, { ...CHEAP, logN: 11 })).toBe(true);
    for (const bad of ['', 'scrypt$', 'bcrypt$10$abc', h.replace('scrypt$10', 'scrypt$40'), `${h}$`]) {
      expect(await verifyPassword('x'.repeat(12), bad)).toBe(false);
      expect(needsRehash(bad)).toBe(true);
    }
  });
});
