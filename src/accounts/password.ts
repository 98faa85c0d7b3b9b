import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto, RFC 7914). Each hash carries its own salt and
 * parameters (`scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, base64url), so raising the cost later
 * upgrades each account at its next login instead of locking anybody out.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's scrypt minimum (N = 2^17, r = 8, p = 1): 128 MiB and about 0.25 s per hash on one core here. */
export const DEFAULT_SCRYPT: ScryptParams = Object.freeze({ logN: 17, r: 8, p: 1 });

/** Passwords longer than this are refused before hashing: scrypt's cost grows with the input only a little, but a megabyte of password is nobody's. */
export const MAX_PASSWORD_BYTES = 1024;
export const MIN_PASSWORD_CHARS = 8;

const KEY_BYTES = 32;
const derive = (password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const N = 2 ** p.logN;
    // maxmem must exceed 128 · N · r, or node:crypto refuses the parameters.
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r: p.r, p: p.p, maxmem: 256 * N * p.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.logN}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{40,64})$/;

const parse = (stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined => {
  const m = FORMAT.exec(stored);
  if (!m) return undefined;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.logN < 1 || params.logN > 22 || params.r < 1 || params.p < 1) return undefined;
  return { params, salt: Buffer.from(m[4]!, 'base64url'), key: Buffer.from(m[5]!, 'base64url') };
};

/** Whether `password` matches `stored`; compared in constant time. A malformed stored hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const s = parse(stored);
  if (!s) return false;
  const key = await derive(password, s.salt, s.params);
  return key.length === s.key.length && timingSafeEqual(key, s.key);
}

/** Whether a stored hash was made with weaker parameters than `params` (rehash at the next login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const s = parse(stored);
  return !s || s.params.logN < params.logN || s.params.r < params.r || s.params.p < params.p;
}

/**
 * A hash of a random password, verified against when no account matches a login, so a login
 * for an unknown name costs the same time as one with a wrong password (no user enumeration
 * by timing).
 */
export const decoyHash = (params: ScryptParams = DEFAULT_SCRYPT): Promise<string> => hashPassword(randomBytes(16).toString('hex'), params);
