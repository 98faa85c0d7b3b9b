import { isAppError } from '../errors.ts';
import { mulberry32 } from '../prng.ts';
import { RawBencode, encode } from './bencode.ts';
import type { PieceHashes } from './hash.pool.ts';
import type { Metainfo } from './metainfo.ts';
import { parseTorrent } from './metainfo.parse.ts';
import { buildTorrent, planTorrent } from './torrent.build.ts';

/**
 * Inputs for fuzzing the bencode decoder and the torrent parser, from a seeded generator (so a
 * finding can be replayed), and the property every input must satisfy. Shared by the short run
 * in `npm test` (fuzz.test.ts) and the long one (bench/fuzz/run.ts).
 */

/** The seeded PRNG the fuzzers use (mulberry32). */
export const prng = mulberry32;

const fakeHashes = (pieces: number, v2: boolean, random: () => number): PieceHashes => {
  const sha1 = Buffer.alloc(pieces * 20);
  for (let i = 0; i < sha1.length; i++) sha1[i] = Math.floor(random() * 256);
  const layer = v2 ? Buffer.alloc(pieces * 32) : null;
  if (layer) for (let i = 0; i < layer.length; i++) layer[i] = Math.floor(random() * 256);
  return { sha1, v2: layer };
};

/**
 * Well-formed torrents to mutate: single and multi-file, v1 and hybrid (with padding and piece
 * layers), with outer keys such as announce lists and web seeds. The hashes are random: the
 * parser checks structure, not data.
 */
export function seedTorrents(seed = 1): Buffer[] {
  const random = prng(seed);
  const out: Buffer[] = [];
  const layouts = [
    [{ path: [], length: 100_000 }],
    [{ path: [], length: 5 }],
    [{ path: ['a.mkv'], length: 70_001 }, { path: ['subs', 'en.srt'], length: 1_234 }, { path: ['z'], length: 0 }],
    [{ path: ['x'], length: 16_384 }, { path: ['y'], length: 16_385 }, { path: ['dir', 'deeper', 'f'], length: 40_000 }],
  ];
  for (const files of layouts) {
    for (const hybrid of [false, true]) {
      const plan = planTorrent('name', files, 16_384, hybrid);
      const pieces = Math.ceil(plan.end / 16_384);
      const built = buildTorrent(plan, fakeHashes(pieces, hybrid, random), { createdBy: 'fuzz', creationDate: 1_700_000_000 });
      out.push(built.torrent);
      // The same with the outer keys a served torrent has.
      out.push(encode({
        announce: 'http://tracker.test/announce', 'announce-list': [['http://a.test/1'], ['udp://b.test:6969']],
        info: new RawBencode(built.infoBytes), 'url-list': ['http://seed.test/files/1/'], comment: 'fuzz seed',
        ...(built.pieceLayers ? { 'piece layers': new RawBencode(built.pieceLayers) } : {}),
      }));
    }
  }
  return out;
}

const TOKENS = ['d', 'l', 'e', 'i', '0', '1', '9', ':', '-', 'i-0e', 'i00e', '0:', '1:a', '4:info', '6:pieces', '12:piece length', '4:name', '6:length', '5:files', '4:path', '9:file tree', '12:meta version', '0:d', 'de', 'le', 'i2e', '20:'];

/** One input: random bytes, a soup of bencode tokens, or a mutation of a seed torrent. */
export function fuzzInput(random: () => number, seeds: readonly Buffer[]): Buffer {
  const pick = random();
  if (pick < 0.1) {
    const b = Buffer.alloc(Math.floor(random() * 200));
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(random() * 256);
    return b;
  }
  if (pick < 0.3) {
    const parts: string[] = [];
    const n = 1 + Math.floor(random() * 40);
    for (let i = 0; i < n; i++) parts.push(TOKENS[Math.floor(random() * TOKENS.length)]!);
    return Buffer.from(parts.join(''), 'latin1');
  }
  const base = Buffer.from(seeds[Math.floor(random() * seeds.length)]!);
  let b: Buffer = base;
  const mutations = 1 + Math.floor(random() * 4);
  for (let m = 0; m < mutations; m++) b = mutate(b, random, seeds);
  return b;
}

function mutate(b: Buffer, random: () => number, seeds: readonly Buffer[]): Buffer {
  const at = Math.floor(random() * Math.max(1, b.length));
  switch (Math.floor(random() * 8)) {
    case 0: { // flip a bit
      const c = Buffer.from(b);
      if (c.length) c[at] = c[at]! ^ (1 << Math.floor(random() * 8));
      return c;
    }
    case 1: // truncate
      return b.subarray(0, at);
    case 2: // delete a run
      return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + Math.floor(random() * 16))]);
    case 3: { // insert a token
      return Buffer.concat([b.subarray(0, at), Buffer.from(TOKENS[Math.floor(random() * TOKENS.length)]!, 'latin1'), b.subarray(at)]);
    }
    case 4: { // splice with another seed
      const other = seeds[Math.floor(random() * seeds.length)]!;
      const from = Math.floor(random() * other.length);
      return Buffer.concat([b.subarray(0, at), other.subarray(from)]);
    }
    case 5: { // tweak a number: digits after an 'i' or before a ':'
      const text = b.toString('latin1');
      const re = /\d+/g;
      const matches = [...text.matchAll(re)];
      if (!matches.length) return b;
      const target = matches[Math.floor(random() * matches.length)]!;
      const value = ['0', '00', '-1', '1', String(2 ** 53), '99999999999', String(Number(target[0]) + 1), String(Math.max(0, Number(target[0]) - 1))][Math.floor(random() * 8)]!;
      return Buffer.from(text.slice(0, target.index) + value + text.slice(target.index! + target[0].length), 'latin1');
    }
    case 6: { // duplicate a run
      const len = 1 + Math.floor(random() * 32);
      return Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
    }
    default: { // replace a byte with a structural character
      const c = Buffer.from(b);
      if (c.length) c[at] = 'dleio:-/.\0'.charCodeAt(Math.floor(random() * 10));
      return c;
    }
  }
}

export type FuzzOutcome = { readonly ok: true; readonly metainfo: Metainfo } | { readonly ok: false; readonly code: string };

/**
 * The property: parsing returns a Metainfo or throws an AppError coded `invalid_torrent` or
 * `invalid_bencode`. Anything else (a TypeError, a RangeError, a stack overflow) is a finding
 * and is thrown to the caller.
 */
export function fuzzOnce(input: Uint8Array): FuzzOutcome {
  try {
    return { ok: true, metainfo: parseTorrent(input) };
  } catch (e) {
    if (isAppError(e) && (e.code === 'invalid_torrent' || e.code === 'invalid_bencode') && e.message.length > 0) return { ok: false, code: e.code };
    throw new Error(`finding: parseTorrent threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} for input ${Buffer.from(input).toString('hex').slice(0, 400)}`);
  }
}
