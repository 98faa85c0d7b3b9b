/**
 * The peers of one swarm and one address family, packed in a single Uint32Array: an open-addressing
 * hash table (linear probing, backward-shift deletion, no tombstones) keyed by IP and port, with no
 * object per peer. A slot is the IP's words (1 for IPv4, 4 for IPv6) and one meta word:
 *
 *   port (16 bits) | seeder (1 bit) | last announce (15 bits, in TIME_UNIT_MS units)
 *
 * An IPv4 peer costs 8 bytes of slot at a load between 3/8 and 3/4. Port 0 is refused at the
 * door, so a meta word of 0 marks an empty slot. Peers are keyed by address, not peer id, as
 * opentracker does: an address is what a peer list carries, and the peer id would be 20 bytes
 * more per peer for nothing the answers use.
 */

/** Time is kept in 4-second units in 15 bits: it wraps after 36 hours, far beyond any peer's life. */
export const TIME_UNIT_MS = 4000;
const TIME_MASK = 0x7fff;
const SEEDER = 0x8000;
const MIN_CAPACITY = 4;

export const timeUnit = (nowMs: number): number => Math.floor(nowMs / TIME_UNIT_MS) & TIME_MASK;

/** What an upsert found before it wrote. */
export const enum Previous {
  Absent = 0,
  Leecher = 1,
  Seeder = 2,
}

export class PeerTable {
  readonly #keyWords: number;
  readonly #stride: number;
  #slots: Uint32Array;
  #bits: number;
  #count = 0;

  /** `keyWords`: 1 for IPv4, 4 for IPv6. */
  constructor(keyWords: 1 | 4) {
    this.#keyWords = keyWords;
    this.#stride = keyWords + 1;
    this.#bits = Math.log2(MIN_CAPACITY);
    this.#slots = new Uint32Array(MIN_CAPACITY * this.#stride);
  }

  get size(): number {
    return this.#count;
  }

  /** Bytes held by the table's storage. */
  get bytes(): number {
    return this.#slots.byteLength;
  }

  #capacity(): number {
    return 1 << this.#bits;
  }

  #home(ip: Uint32Array, ipAt: number, port: number): number {
    let h = Math.imul(port, 0x9e3779b1);
    for (let i = 0; i < this.#keyWords; i++) h = Math.imul(h ^ ip[ipAt + i]!, 0x85ebca6b) ^ (h >>> 15);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> (32 - this.#bits);
  }

  #find(ip: Uint32Array, ipAt: number, port: number): number {
    const s = this.#slots;
    const stride = this.#stride;
    const mask = this.#capacity() - 1;
    for (let i = this.#home(ip, ipAt, port); ; i = (i + 1) & mask) {
      const at = i * stride;
      const meta = s[at + this.#keyWords]!;
      if (meta === 0) return -1 - i; // absent; the free slot where it would go
      if (meta >>> 16 === port && this.#sameIp(at, ip, ipAt)) return i;
    }
  }

  #sameIp(at: number, ip: Uint32Array, ipAt: number): boolean {
    for (let w = 0; w < this.#keyWords; w++) if (this.#slots[at + w] !== ip[ipAt + w]) return false;
    return true;
  }

  /** Adds the peer or refreshes it; returns what it was before. */
  upsert(ip: Uint32Array, ipAt: number, port: number, seeder: boolean, now: number): Previous {
    const meta = (port << 16) | (seeder ? SEEDER : 0) | (now & TIME_MASK);
    let i = this.#find(ip, ipAt, port);
    if (i >= 0) {
      const at = i * this.#stride + this.#keyWords;
      const was = this.#slots[at]! & SEEDER ? Previous.Seeder : Previous.Leecher;
      this.#slots[at] = meta >>> 0;
      return was;
    }
    if ((this.#count + 1) * 4 > this.#capacity() * 3) {
      this.#resize(this.#bits + 1);
      i = this.#find(ip, ipAt, port);
    }
    const at = (-1 - i) * this.#stride;
    for (let w = 0; w < this.#keyWords; w++) this.#slots[at + w] = ip[ipAt + w]!;
    this.#slots[at + this.#keyWords] = meta >>> 0;
    this.#count++;
    return Previous.Absent;
  }

  /** Removes the peer; returns what it was. */
  remove(ip: Uint32Array, ipAt: number, port: number): Previous {
    const i = this.#find(ip, ipAt, port);
    if (i < 0) return Previous.Absent;
    const was = this.#slots[i * this.#stride + this.#keyWords]! & SEEDER ? Previous.Seeder : Previous.Leecher;
    this.#deleteAt(i);
    if (this.#count * 8 < this.#capacity() && this.#bits > Math.log2(MIN_CAPACITY)) this.#resize(this.#bits - 1);
    return was;
  }

  /** Backward-shift deletion: later entries of the probe run move up, so no tombstone is left. */
  #deleteAt(hole: number): void {
    const s = this.#slots;
    const stride = this.#stride;
    const kw = this.#keyWords;
    const mask = this.#capacity() - 1;
    let i = hole;
    for (let j = (hole + 1) & mask; ; j = (j + 1) & mask) {
      const at = j * stride;
      if (s[at + kw] === 0) break;
      const home = this.#home(s, at, s[at + kw]! >>> 16);
      // The entry at j may fill the hole at i only if its home is not cyclically within (i, j].
      const movable = i <= j ? home <= i || home > j : home <= i && home > j;
      if (movable) {
        s.copyWithin(i * stride, at, at + stride);
        i = j;
      }
    }
    s.fill(0, i * stride, i * stride + stride);
    this.#count--;
  }

  #resize(bits: number): void {
    const old = this.#slots;
    const stride = this.#stride;
    const kw = this.#keyWords;
    this.#bits = bits;
    this.#slots = new Uint32Array((1 << bits) * stride);
    const mask = (1 << bits) - 1;
    for (let at = 0; at < old.length; at += stride) {
      const meta = old[at + kw]!;
      if (meta === 0) continue;
      let i = this.#home(old, at, meta >>> 16);
      while (this.#slots[i * stride + kw] !== 0) i = (i + 1) & mask;
      this.#slots.set(old.subarray(at, at + stride), i * stride);
    }
  }

  /**
   * Writes up to `max` compact peers (IP, then port, big-endian) into `out` at `offset`, starting
   * at a random slot and going round: O(max / load). Skips the asking peer, and peers older than
   * `ttl` units (the sweep removes them). Returns the number written.
   */
  sample(max: number, out: Uint8Array, offset: number, start: number, now: number, ttl: number, skipIp: Uint32Array, skipAt: number, skipPort: number): number {
    const s = this.#slots;
    const stride = this.#stride;
    const kw = this.#keyWords;
    const capacity = this.#capacity();
    let written = 0;
    let o = offset;
    for (let n = 0, i = start & (capacity - 1); n < capacity && written < max; n++, i = (i + 1) & (capacity - 1)) {
      const at = i * stride;
      const meta = s[at + kw]!;
      if (meta === 0 || ((now - meta) & TIME_MASK) > ttl) continue;
      const port = meta >>> 16;
      if (port === skipPort && this.#sameIp(at, skipIp, skipAt)) continue;
      for (let w = 0; w < kw; w++) {
        const word = s[at + w]!;
        out[o] = word >>> 24;
        out[o + 1] = (word >>> 16) & 0xff;
        out[o + 2] = (word >>> 8) & 0xff;
        out[o + 3] = word & 0xff;
        o += 4;
      }
      out[o] = port >>> 8;
      out[o + 1] = port & 0xff;
      o += 2;
      written++;
    }
    return written;
  }

  /** Removes peers older than `ttl` units; returns how many seeders and leechers went. */
  sweep(now: number, ttl: number): { seeders: number; leechers: number } {
    const s = this.#slots;
    const stride = this.#stride;
    const kw = this.#keyWords;
    let seeders = 0;
    let leechers = 0;
    let live = 0;
    for (let at = 0; at < s.length; at += stride) {
      const meta = s[at + kw]!;
      if (meta === 0) continue;
      if (((now - meta) & TIME_MASK) > ttl) {
        s[at + kw] = 0;
        if (meta & SEEDER) seeders++;
        else leechers++;
      } else live++;
    }
    if (seeders + leechers === 0) return { seeders, leechers };
    // Rebuild at a size fitting what is left: simpler than shifting runs while scanning them.
    this.#count = live;
    let bits = Math.log2(MIN_CAPACITY);
    while (1 << bits < live * 2) bits++; // at most half full, with room to grow
    this.#resize(bits);
    return { seeders, leechers };
  }
}
