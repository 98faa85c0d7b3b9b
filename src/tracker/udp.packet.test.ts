import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { createCookieJar } from './udp.cookie.ts';
import { UdpParseError, parseUdpRequest } from './udp.packet.ts';

const connect = (tid = 7) => {
  const p = Buffer.alloc(16);
  p.writeBigUInt64BE(0x41727101980n, 0);
  p.writeUInt32BE(0, 8);
  p.writeUInt32BE(tid, 12);
  return p;
};

const announce = (edit: (p: Buffer) => void = () => {}, length = 98) => {
  const p = Buffer.alloc(length);
  p.writeUInt32BE(0xdeadbeef, 0);
  p.writeUInt32BE(0x01020304, 4);
  p.writeUInt32BE(1, 8);
  p.writeUInt32BE(42, 12);
  p.fill(0xab, 16, 36);
  p.writeUInt32BE(5, 68); // left = 5
  p.writeUInt32BE(2, 80); // started
  p.writeInt32BE(-1, 92);
  p.writeUInt16BE(6881, 96);
  edit(p);
  return p;
};

const failure = (p: Buffer) => {
  try {
    parseUdpRequest(p);
    return 'ok';
  } catch (e) {
    if (!(e instanceof UdpParseError)) throw e;
    return `${e.transactionId}: ${e.message}`;
  }
};

describe('parseUdpRequest (BEP 15)', () => {
  it('reads connect, announce and scrape', () => {
    expect(parseUdpRequest(connect())).toEqual({ action: 'connect', transactionId: 7 });
    expect(parseUdpRequest(announce())).toMatchObject({ action: 'announce', transactionId: 42, connectionHi: 0xdeadbeef, connectionLo: 0x01020304, left: 5, event: 'started', numwant: -1, port: 6881 });
    const scrape = Buffer.concat([announce().subarray(0, 16), Buffer.alloc(40, 1)]);
    scrape.writeUInt32BE(2, 8);
    expect(parseUdpRequest(scrape)).toMatchObject({ action: 'scrape', transactionId: 42, infoHashes: [Buffer.alloc(20, 1), Buffer.alloc(20, 1)] });
  });

  it('tolerates BEP 41 options after the announce', () => {
    const withOptions = Buffer.concat([announce(), Buffer.from([2, 9, ...Buffer.from('/announce'), 1, 0])]);
    expect(parseUdpRequest(withOptions)).toMatchObject({ action: 'announce', port: 6881 });
  });

  it.each([
    ['a packet of 15 bytes', connect().subarray(0, 15), 'null: packet too short'],
    ['a connect without the protocol id', (() => { const p = connect(); p[0] = 1; return p; })(), '7: a connect request must begin with the protocol id 0x41727101980'],
    ['a truncated announce', announce().subarray(0, 97), '42: an announce is 98 bytes, this one 97'],
    ['an unknown action', announce((p) => p.writeUInt32BE(9, 8)), '42: unknown action 9'],
    ['action 3 sent to the tracker', announce((p) => p.writeUInt32BE(3, 8)), '42: unknown action 3'],
    ['an unknown event', announce((p) => p.writeUInt32BE(4, 80)), '42: unknown event 4'],
    ['port 0', announce((p) => p.writeUInt16BE(0, 96)), '42: port 0 is not a port a peer can be reached at'],
    ['a scrape of 19 bytes', (() => { const p = Buffer.concat([announce().subarray(0, 16), Buffer.alloc(19)]); p.writeUInt32BE(2, 8); return p; })(), '42: a scrape carries one or more 20-byte infohashes'],
    ['a scrape of 75 torrents', (() => { const p = Buffer.concat([announce().subarray(0, 16), Buffer.alloc(75 * 20)]); p.writeUInt32BE(2, 8); return p; })(), '42: a scrape may name at most 74 torrents'],
  ])('refuses %s, answering with the transaction id when there is one', (_, packet, expected) => {
    expect(failure(packet)).toBe(expected);
  });

  it('reads numwant 2^31 - 1 and -1 as given (the tracker caps them)', () => {
    expect(parseUdpRequest(announce((p) => p.writeInt32BE(2 ** 31 - 1, 92)))).toMatchObject({ numwant: 2 ** 31 - 1 });
  });

  it('ends each of 200,000 random, truncated and mutated packets in a request or a typed error', () => {
    const random = mulberry32(41);
    const seeds = [connect(), announce(), announce(() => {}, 120)];
    let ok = 0;
    for (let i = 0; i < 200_000; i++) {
      let p: Buffer;
      const r = random();
      if (r < 0.3) p = Buffer.from(Array.from({ length: Math.floor(random() * 150) }, () => Math.floor(random() * 256)));
      else {
        p = Buffer.from(seeds[Math.floor(random() * seeds.length)]!);
        if (random() < 0.3) p = p.subarray(0, Math.floor(random() * p.length));
        for (let e = Math.floor(random() * 4); e > 0 && p.length > 0; e--) p[Math.floor(random() * p.length)] = Math.floor(random() * 256);
      }
      if (failure(p) === 'ok') ok++;
    }
    expect(ok).toBeGreaterThan(10_000);
  });
});

describe('connection id cookies', () => {
  const ip = Uint8Array.of(198, 51, 100, 4);
  it('accepts an id in its window and the next, for the address it was made for only', () => {
    const jar = createCookieJar({ windowMs: 60_000 });
    const id = jar.issue(ip, 1_000_000);
    const hi = id.readUInt32BE(0);
    const lo = id.readUInt32BE(4);
    expect(jar.valid(ip, hi, lo, 1_000_000)).toBe(true);
    expect(jar.valid(ip, hi, lo, 1_000_000 + 60_000)).toBe(true);
    expect(jar.valid(ip, hi, lo, 1_000_000 + 121_000)).toBe(false);
    expect(jar.valid(Uint8Array.of(198, 51, 100, 5), hi, lo, 1_000_000)).toBe(false);
    expect(jar.valid(ip, hi, lo ^ 1, 1_000_000)).toBe(false);
    expect(createCookieJar({ windowMs: 60_000 }).valid(ip, hi, lo, 1_000_000)).toBe(false);
  });

  it('gives different ids to different addresses and windows, and the same id with a shared secret', () => {
    const secret = Buffer.alloc(32, 9);
    const a = createCookieJar({ windowMs: 60_000, secret });
    const b = createCookieJar({ windowMs: 60_000, secret });
    expect(a.issue(ip, 5).equals(b.issue(ip, 5))).toBe(true);
    expect(a.issue(ip, 5).equals(a.issue(ip, 60_005))).toBe(false);
    expect(a.issue(ip, 5).equals(a.issue(Uint8Array.of(1, 2, 3, 4), 5))).toBe(false);
  });
});
