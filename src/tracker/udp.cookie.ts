import { hash, randomBytes } from 'node:crypto';

/**
 * BEP 15 connection ids as cookies: the first 8 bytes of SHA-256(secret, time window, client IP),
 * so nothing is stored per client and nobody without the secret can make one. An id is accepted
 * in the window it was made and the next, so it lives between one and two windows ("a client can
 * use a connection ID until one minute after it has received it"; trackers accept it for two).
 * The secret is random per process unless given (several tracker processes behind one address
 * must share it).
 */
export interface CookieJar {
  /** A connection id for a client at `ip` (4 or 16 bytes). */
  issue(ip: Uint8Array, nowMs: number): Buffer;
  /** Whether `hi:lo` is an id this jar issued to `ip` in this window or the one before; `key` is the IP's latin1 key, if known. */
  valid(ip: Uint8Array, hi: number, lo: number, nowMs: number, key?: string): boolean;
}

const MAX_REMEMBERED = 262_144;

export function createCookieJar(options: { windowMs: number; secret?: Uint8Array }): CookieJar {
  const secret = options.secret ?? randomBytes(32);
  // secret | window (8 bytes) | ip (up to 16 bytes), hashed in one call with no allocation but the digest.
  const input = Buffer.alloc(secret.length + 8 + 16);
  input.set(secret, 0);
  const at = secret.length;
  const make = (ip: Uint8Array, window: number): Buffer => {
    input.writeUInt32BE(Math.floor(window / 0x100000000), at);
    input.writeUInt32BE(window >>> 0, at + 4);
    input.set(ip, at + 8);
    return hash('sha256', input.subarray(0, at + 8 + ip.length), 'buffer') as unknown as Buffer;
  };
  const windowOf = (nowMs: number) => Math.floor(nowMs / options.windowMs);
  const known = new Map<string, [window: number, hi: number, lo: number, prevHi: number, prevLo: number]>();
  return {
    issue: (ip, nowMs) => make(ip, windowOf(nowMs)).subarray(0, 8),
    valid(ip, hi, lo, nowMs, key) {
      // The two ids an address may hold are remembered for the window: an announce then costs
      // a comparison, not two SHA-256 computations (bounded: the map starts again when full).
      const w = windowOf(nowMs);
      const k = key ?? Buffer.from(ip.buffer, ip.byteOffset, ip.byteLength).toString('latin1');
      let e = known.get(k);
      if (!e || e[0] !== w) {
        const now = make(ip, w);
        const before = make(ip, w - 1);
        e = [w, now.readUInt32BE(0), now.readUInt32BE(4), before.readUInt32BE(0), before.readUInt32BE(4)];
        if (known.size >= MAX_REMEMBERED) known.clear();
        known.set(k, e);
      }
      const h = hi >>> 0;
      const l = lo >>> 0;
      return (e[1] === h && e[2] === l) || (e[3] === h && e[4] === l);
    },
  };
}
