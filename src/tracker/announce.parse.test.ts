import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { mulberry32 } from '../prng.ts';
import { parseAnnounce, parseQueryBytes, parseScrape } from './announce.parse.ts';

const from = { family: 4 as const, ip: Uint8Array.of(192, 0, 2, 7) };
const limits = { defaultNumwant: 50, maxNumwant: 200 };
const HASH = '4Vx%9A%BC%DE%F1%23Eg%89%AB%CD%EF%01%23Eg%89%AB';
const ID = '-KN0001-abcdefghijkl';
const base = `info_hash=${HASH}&peer_id=${ID}&port=6881&uploaded=0&downloaded=0&left=100`;

const codeOf = (query: string): string => {
  try {
    parseAnnounce(query, from, limits);
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
};

describe('parseAnnounce', () => {
  it('reads a typical announce, taking the address from the connection', () => {
    const a = parseAnnounce(`${base}&event=started&compact=1&ip=203.0.113.9&key=abc`, from, limits);
    expect(Buffer.from(a.infoHash).toString('hex')).toBe('3456789abcdef123456789abcdef0123456789ab');
    expect(a).toMatchObject({ peer: { family: 4, ip: from.ip, port: 6881 }, event: 'started', left: 100, numwant: 50, compact: true, bothFamilies: true });
  });

  it('caps numwant and reads compact=0', () => {
    expect(parseAnnounce(`${base}&numwant=2147483648`, from, limits).numwant).toBe(200);
    expect(parseAnnounce(`${base}&numwant=0`, from, limits).numwant).toBe(0);
    expect(parseAnnounce(`${base}&compact=0`, from, limits).compact).toBe(false);
  });

  it.each([
    ['info_hash of 19 bytes', base.replace('%AB&', '&'), 'invalid_info_hash'],
    ['info_hash of 21 bytes', base.replace('%AB&', '%AB%CD&'), 'invalid_info_hash'],
    ['no info_hash', base.replace(`info_hash=${HASH}&`, ''), 'missing_key'],
    ['repeated info_hash', `${base}&info_hash=${HASH}`, 'repeated_key'],
    ['repeated port', `${base}&port=1`, 'repeated_key'],
    ['port 0', base.replace('port=6881', 'port=0'), 'invalid_port'],
    ['port 65536', base.replace('port=6881', 'port=65536'), 'invalid_port'],
    ['negative left', base.replace('left=100', 'left=-1'), 'invalid_number'],
    ['no left', base.replace('&left=100', ''), 'missing_key'],
    ['numwant in hex', `${base}&numwant=0x10`, 'invalid_number'],
    ['a number of 21 digits', base.replace('uploaded=0', 'uploaded=123456789012345678901'), 'invalid_number'],
    ['a truncated escape', `${base}&key=%4`, 'malformed_query'],
    ['a bad escape', base.replace('%9A', '%G2'), 'malformed_query'],
    ['an unknown event', `${base}&event=finished`, 'invalid_event'],
    ['compact=2', `${base}&compact=2`, 'invalid_compact'],
    ['a short peer_id', base.replace(ID, 'short'), 'invalid_peer_id'],
  ])('refuses %s', (_, query, code) => {
    expect(codeOf(query)).toBe(code);
  });

  it('keeps the bytes of percent-encoded binary values exactly', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const q = parseQueryBytes(`x=${[...all].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}&y=a+b`);
    expect(q.get('x')![0]!.equals(all)).toBe(true);
    expect(q.get('y')![0]!.toString()).toBe('a b');
  });

  it('ends every one of 50,000 random and mutated queries in an announce or a typed error', () => {
    const random = mulberry32(15);
    const alphabet = '%&=+0123456789abcdefABCDEF_xyz\u00e9\u4e2d\u0000';
    const keys = ['info_hash', 'peer_id', 'port', 'left', 'uploaded', 'downloaded', 'event', 'numwant', 'compact', 'key', 'ip'];
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      let q: string;
      const kind = random();
      if (kind < 0.3) q = Array.from({ length: Math.floor(random() * 200) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      else if (kind < 0.6) q = Array.from({ length: 1 + Math.floor(random() * 12) }, () => `${keys[Math.floor(random() * keys.length)]}=${Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')}`).join('&');
      else {
        const chars = [...base];
        const edits = 1 + Math.floor(random() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * chars.length);
          const r = random();
          if (r < 0.33) chars.splice(at, 1);
          else if (r < 0.66) chars.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)]!);
          else chars[at] = alphabet[Math.floor(random() * alphabet.length)]!;
        }
        q = chars.join('');
      }
      const code = codeOf(q);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    }
    // Every outcome is a known code, and the mutations reach most of them.
    const known = ['ok', 'invalid_info_hash', 'missing_key', 'repeated_key', 'invalid_port', 'invalid_number', 'malformed_query', 'invalid_event', 'invalid_compact', 'invalid_peer_id'];
    expect([...outcomes.keys()].filter((c) => !known.includes(c))).toEqual([]);
    expect(outcomes.size).toBeGreaterThanOrEqual(7);
  });
});

describe('parseScrape', () => {
  it('reads several info_hash keys, and refuses none or too many', () => {
    expect(parseScrape(`info_hash=${HASH}&info_hash=${HASH}`).infoHashes).toHaveLength(2);
    expect(() => parseScrape('')).toThrow(/at least one/);
    expect(() => parseScrape(Array.from({ length: 101 }, () => `info_hash=${HASH}`).join('&'))).toThrow(/at most 100/);
    expect(() => parseScrape('info_hash=abc')).toThrow(/20 bytes/);
  });
});
