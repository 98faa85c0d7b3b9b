import { describe, expect, it } from 'vitest';
import { parseMagnet } from './magnet.parse.ts';
import { magnetLink } from './torrent.serve.ts';

const V1 = 'e86f5bd61d23e8763ee036160668c71f02574af9';
const V2 = '29ee74fe96d5dfaa33d2d67986a682ee84c03b305101c7defbad93ceb21014ac';

describe('magnet links', () => {
  it('round-trips both exact topics, name, size, trackers and web seeds', () => {
    const uri = magnetLink({ infohashV1: V1, infohashV2: V2, name: 'The River (1938) & co.mp4', totalBytes: 69694, trackers: ['http://t.test/announce?x=1&y=2'], webSeeds: ['http://a.test/files/1/the river.mp4'] });
    expect(uri).toMatch(/^magnet:\?xt=urn:btih:e86f[0-9a-f]+&xt=urn:btmh:122029ee/);
    expect(parseMagnet(uri)).toEqual({ infohashV1: V1, infohashV2: V2, name: 'The River (1938) & co.mp4', totalBytes: 69694, trackers: ['http://t.test/announce?x=1&y=2'], webSeeds: ['http://a.test/files/1/the river.mp4'] });
  });

  it('reads base32 v1 infohashes (BEP 9) and v1-only or v2-only links', () => {
    // The same 20 bytes in base32 and in hex.
    const hex = Buffer.from(V1, 'hex');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = '';
    for (const byte of hex) bits += byte.toString(2).padStart(8, '0');
    const base32 = bits.match(/.{5}/g)!.map((b) => alphabet[parseInt(b, 2)]).join('');
    expect(base32).toHaveLength(32);
    expect(parseMagnet(`magnet:?xt=urn:btih:${base32}`).infohashV1).toBe(V1);
    expect(parseMagnet(`magnet:?xt=urn:btih:${base32.toLowerCase()}`).infohashV1).toBe(V1);
    expect(parseMagnet(`magnet:?xt=urn:btmh:1220${V2}`)).toMatchObject({ infohashV1: null, infohashV2: V2, name: null, totalBytes: null });
  });

  it.each([
    ['http://x', 'must start with "magnet:?"'],
    ['magnet:?dn=x', 'no urn:btih or urn:btmh'],
    ['magnet:?xt=urn:btih:1234', 'is not a v1 infohash'],
    [`magnet:?xt=urn:btmh:1114${V2}`, 'is not a SHA-256 multihash'],
  ])('rejects %s', (uri, message) => {
    expect(() => parseMagnet(uri)).toThrow(message);
    try {
      parseMagnet(uri);
    } catch (e) {
      expect(e).toMatchObject({ code: 'invalid_magnet', kind: 'invalid' });
    }
  });
});
