import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Encodable, RawBencode, binaryKey, encode } from './bencode.ts';
import { parseTorrent } from './metainfo.parse.ts';
import { buildTorrent, planTorrent } from './torrent.build.ts';

type Dict = Record<string, Encodable | undefined>;
const PL = 16_384;

/** A v1 torrent with overridable info keys (undefined removes a key). */
const aV1 = (info: Dict = {}, outer: Dict = {}) =>
  encode({ ...outer, info: { name: 'film', 'piece length': PL, length: 20_000, pieces: Buffer.alloc(40), ...info } as never });

/** A hybrid of two files, built by the real builder, as a decoded-then-edited document. */
function aHybrid() {
  const plan = planTorrent('folder', [{ path: ['a.bin'], length: 20_000 }, { path: ['b.bin'], length: 40_000 }], PL, true);
  const pieces = Math.ceil(plan.end / PL);
  return buildTorrent(plan, { sha1: Buffer.alloc(pieces * 20, 1), v2: Buffer.alloc(pieces * 32, 2) }, { createdBy: 'test', creationDate: 1 });
}

const rejects = (bytes: Buffer, key: string, message: RegExp | string) => {
  let error: unknown;
  try {
    parseTorrent(bytes);
  } catch (e) {
    error = e;
  }
  expect(error, `expected a rejection mentioning ${String(message)}`).toMatchObject({ code: 'invalid_torrent', kind: 'invalid' });
  expect((error as Error).message).toContain(key);
  expect((error as Error).message).toMatch(message);
};

describe('parseTorrent', () => {
  it('reads a single-file v1 torrent and hashes the exact info bytes, whatever surrounds them', () => {
    const info = encode({ name: 'film', 'piece length': PL, length: 20_000, pieces: Buffer.alloc(40) });
    const bytes = encode({ announce: 'http://t.test/a', info: new RawBencode(info), 'unknown key': 'kept out of the hash', 'url-list': 'http://s.test/film' });
    const m = parseTorrent(bytes);
    expect(m).toMatchObject({ version: 'v1', name: 'film', singleFile: true, totalLength: 20_000, pieceCount: 2, announce: [['http://t.test/a']], webSeeds: ['http://s.test/film'] });
    expect(m.infohashV1).toBe(createHash('sha1').update(info).digest('hex'));
    expect(m.infohashV2).toBeNull();
  });

  it('reads a hybrid with padding, its file tree and piece layers, and a v2-only torrent', () => {
    const built = aHybrid();
    const m = parseTorrent(built.torrent);
    expect(m.version).toBe('hybrid');
    expect(m.files.map((f) => [f.path.join('/'), f.length, f.pad])).toEqual([['a.bin', 20_000, false], ['.pad/12768', 12_768, true], ['b.bin', 40_000, false], ['.pad/9152', 9_152, true]]);
    expect(m.infohashV2).toBe(createHash('sha256').update(built.infoBytes).digest('hex'));
    expect(m.pieceLayers.size).toBe(2);

    const v2only = encode({ info: { 'file tree': new Map([[binaryKey('x.bin'), new Map([['', { length: 5, 'pieces root': Buffer.alloc(32, 7) }]])]]), 'meta version': 2, name: 'x.bin', 'piece length': PL } as never });
    expect(parseTorrent(v2only)).toMatchObject({ version: 'v2', singleFile: true, infohashV1: null, totalLength: 5 });
  });

  it.each([
    [{ 'piece length': 20_000 }, 'info.piece length', 'is not a power of two'],
    [{ 'piece length': 0 }, 'info.piece length', 'positive integer'],
    [{ name: '..' }, 'info.name', 'is ".."'],
    [{ name: '' }, 'info.name', 'is empty'],
    [{ name: 'a/b' }, 'info.name', 'path separator'],
    [{ name: 'a\0b' }, 'info.name', 'NUL'],
    [{ pieces: Buffer.alloc(30) }, 'info.pieces', 'multiple of 20'],
    [{ pieces: Buffer.alloc(60) }, 'info.pieces', 'holds 3 hashes but 20000 bytes in pieces of 16384 make 2'],
    [{ length: -1 }, 'info.length', 'non-negative integer'],
    [{ length: 0 }, 'info', 'holds no data'],
    [{ files: [{ length: 1, path: ['x'] }] }, 'info', 'both "length"'],
    [{ pieces: undefined }, 'info', 'neither "pieces"'],
  ])('rejects info %j at %s', (info, key, message) => rejects(aV1(info as Dict), key, message));

  it.each([
    [[{ length: 1, path: ['..', 'etc'] }], 'info.files[0].path[0]', 'is ".."'],
    [[{ length: 1, path: ['/abs'] }], 'info.files[0].path[0]', 'path separator'],
    [[{ length: 1, path: ['ok', ''] }], 'info.files[0].path[1]', 'is empty'],
    [[{ length: 1, path: ['a\0'] }], 'info.files[0].path[0]', 'NUL'],
    [[{ length: 1, path: [] }], 'info.files[0].path', 'non-empty list'],
    [[{ length: 1, path: ['a'] }, { length: 1, path: ['a'] }], 'info.files[1].path', 'listed twice'],
    [[{ length: 1, path: ['a'] }, { length: 1, path: ['a', 'b'] }], 'info.files', 'both a file and a folder'],
    [[], 'info.files', 'non-empty list'],
  ])('rejects files %j at %s', (files, key, message) => rejects(aV1({ length: undefined, files: files as never, pieces: Buffer.alloc(20) }), key, message));

  it('rejects a hybrid whose v1 and v2 descriptions disagree, or whose piece layers are wrong', () => {
    const built = aHybrid();
    const m = parseTorrent(built.torrent);
    const info = (edit: (i: Map<string, Encodable>) => void, layers: Encodable | null = new RawBencode(built.pieceLayers!)) => {
      const i = new Map<string, Encodable>([
        ['file tree', decodeTree(built.infoBytes)], ['files', m.files.map((f) => (f.pad ? { attr: 'p', length: f.length, path: [...f.path] } : { length: f.length, path: [...f.path] }))],
        ['meta version', 2], ['name', 'folder'], ['piece length', PL], ['pieces', m.pieces!],
      ]);
      edit(i);
      return encode({ info: i, ...(layers ? { 'piece layers': layers } : {}) } as never);
    };
    rejects(info((i) => {
      i.set('files', (i.get('files') as Dict[]).filter((f) => !f.attr));
      i.set('pieces', Buffer.alloc(Math.ceil(60_000 / PL) * 20));
    }), 'info.files[1]', 'does not start on a piece boundary');
    rejects(info((i) => i.set('files', (i.get('files') as Dict[]).map((f) => (f.length === 40_000 ? { ...f, length: 40_001 } : f.length === 9_152 ? { ...f, length: 9_151 } : f)))), 'info.files[2].length', 'the v2 file tree says 40000');
    rejects(info((i) => i.set('files', (i.get('files') as Dict[]).map((f) => (f.length === 40_000 ? { ...f, path: ['c.bin'] } : f)))), 'info.files[2]', 'is not "b.bin"');
    rejects(info(() => undefined, null), 'piece layers', 'must be a dictionary');
    const rootA = m.files[0]!.piecesRoot!;
    const layersWith = (bLayer: Buffer) => new Map<string, Encodable>([
      [rootA.toString('latin1'), m.pieceLayers.get(rootA.toString('hex'))!], [m.files[2]!.piecesRoot!.toString('latin1'), bLayer],
    ]);
    rejects(info(() => undefined, layersWith(Buffer.alloc(32))), 'piece layers', 'has 32 bytes, not the 96');
    rejects(info(() => undefined, layersWith(Buffer.alloc(96))), 'piece layers', 'does not hash to the file\'s pieces root');
    rejects(info(() => undefined, new Map([[m.files[2]!.piecesRoot!.toString('latin1'), Buffer.alloc(96)]])), 'piece layers', 'is missing for the file "a.bin"');
    rejects(info((i) => i.set('meta version', 3)), 'info.meta version', 'not supported');
  });
});

/** The file tree of built info bytes, re-encoded unchanged. */
function decodeTree(infoBytes: Buffer): Encodable {
  const start = infoBytes.indexOf('9:file tree') + '9:file tree'.length;
  const end = infoBytes.indexOf('5:files');
  return new RawBencode(infoBytes.subarray(start, end));
}
