import { describe, expect, it } from 'vitest';
import { cookieHeader, readCookie } from './cookies.ts';

describe('cookies', () => {
  it('reads one cookie among others, quoted or not', () => {
    expect(readCookie('a=1; kinora_session=abc_DEF-9; b=2', 'kinora_session')).toBe('abc_DEF-9');
    expect(readCookie('kinora_session="xyz"', 'kinora_session')).toBe('xyz');
    expect(readCookie('xkinora_session=1', 'kinora_session')).toBeUndefined();
    expect(readCookie(undefined, 'kinora_session')).toBeUndefined();
  });

  it('ignores values Kinora would never set', () => {
    for (const v of ['', 'a b', '<script>', 'é', 'x'.repeat(129)]) expect(readCookie(`kinora_session=${v}`, 'kinora_session')).toBeUndefined();
    expect(readCookie(`kinora_session=${'x'.repeat(9000)}`, 'kinora_session')).toBeUndefined();
  });

  it('writes the flags asked for', () => {
    expect(cookieHeader('s', 'v', { httpOnly: true, secure: true, maxAge: 60 })).toBe('s=v; Path=/; SameSite=Lax; Max-Age=60; HttpOnly; Secure');
    expect(cookieHeader('s', '', { httpOnly: false, secure: false, maxAge: 0 })).toBe('s=; Path=/; SameSite=Lax; Max-Age=0');
  });
});
