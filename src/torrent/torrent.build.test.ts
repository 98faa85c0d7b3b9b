import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prng } from './fuzz.ts';
import { choosePieceLength, comparePaths, planTorrent } from './torrent.build.ts';
import { createTorrent, scanSource } from './torrent.create.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Reference BEP 52 root, written plainly: 16 KiB leaves, padded with zero hashes to a power of two. */
function referenceRoot(data: Buffer, pieceLength: number): Buffer {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  let layer: Buffer[] = [];
  for (let i = 0; i < data.length; i += 16384) layer.push(sha(data.subarray(i, i + 16384)));
  const blocksPerPiece = pieceLength / 16384;
  // Files of more than one piece are padded to whole pieces first, then to a power of two of pieces.
  let width = 1;
  while (width < layer.length) width *= 2;
  if (layer.length > blocksPerPiece) width = Math.max(width, Math.ceil(layer.length / blocksPerPiece) * blocksPerPiece);
  while (width & (width - 1)) width++;
  while (layer.length < width) layer.push(Buffer.alloc(32));
  while (layer.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(sha(Buffer.concat([layer[i]!, layer[i + 1]!])));
    layer = next;
  }
  return layer[0]!;
}

describe('torrent creation', () => {
  it('chooses about a thousand pieces, from 16 KiB to 16 MiB', () => {
    expect(choosePieceLength(1)).toBe(16 * 1024);
    expect(choosePieceLength(68_000)).toBe(16 * 1024);
    expect(choosePieceLength(1024 ** 3)).toBe(1024 ** 2);
    expect(choosePieceLength(4 * 1024 ** 3)).toBe(4 * 1024 ** 2);
    expect(choosePieceLength(1024 ** 4)).toBe(16 * 1024 ** 2);
  });

  it('orders files by the UTF-8 bytes of their components and pads hybrids only', () => {
    const files = [{ path: ['b'], length: 1 }, { path: ['a', 'z'], length: 16_384 }, { path: ['É'], length: 5 }, { path: ['a'], length: 3 }, { path: ['Z'], length: 2 }];
    expect([...files].sort((x, y) => comparePaths(x.path, y.path)).map((f) => f.path.join('/'))).toEqual(['Z', 'a', 'a/z', 'b', 'É']);
    const hybrid = planTorrent('t', [{ path: ['x'], length: 10 }, { path: ['y'], length: 16_384 }, { path: ['z'], length: 7 }], 16_384, true);
    // The last file is padded too, as libtorrent pads it (a single-file torrent never is).
    expect(hybrid.files.map((f) => `${f.path.join('/')}@${f.offset}+${f.length}`)).toEqual(['x@0+10', '.pad/16374@10+16374', 'y@16384+16384', 'z@32768+7', '.pad/16377@32775+16377']);
    expect(hybrid.end).toBe(49_152);
    expect(planTorrent('t', [{ path: [], length: 10 }], 16_384, true).files).toHaveLength(1);
    expect(planTorrent('t', [{ path: ['x'], length: 10 }, { path: ['y'], length: 5 }], 16_384, false).files.map((f) => f.offset)).toEqual([0, 10]);
  });

  it.each([16_384, 65_536])('hashes pieces and merkle roots exactly as a plain reference does (pieces of %i)', async (pieceLength) => {
    const dir = mkdtempSync(join(tmpdir(), 'kinora-build-'));
    dirs.push(dir);
    const random = prng(pieceLength);
    const sizes = [0, 1, 16_383, 16_384, 16_385, 65_536, 65_537, 200_003];
    const root = join(dir, 'release');
    mkdirSync(join(root, 'sub'), { recursive: true });
    const contents = new Map<string, Buffer>();
    sizes.forEach((size, i) => {
      const bytes = Buffer.alloc(size);
      for (let k = 0; k < size; k++) bytes[k] = Math.floor(random() * 256);
      const path = i % 2 ? `sub/f${i}.bin` : `f${i}.bin`;
      writeFileSync(join(root, path), bytes);
      contents.set(path, bytes);
    });
    for (const v1Only of [true, false]) {
      const { metainfo: m } = await createTorrent(await scanSource(root), { pieceLength, v1Only, threads: 2 });
      // v1: SHA-1 over the files concatenated in torrent order, padding as zeros.
      const data = Buffer.concat(m.files.map((f) => (f.pad ? Buffer.alloc(f.length) : contents.get(f.path.join('/'))!)));
      for (let p = 0; p < m.pieceCount; p++) {
        const expected = createHash('sha1').update(data.subarray(p * pieceLength, (p + 1) * pieceLength)).digest();
        expect(m.pieces!.subarray(p * 20, p * 20 + 20).equals(expected), `v1 piece ${p}`).toBe(true);
      }
      if (!v1Only) {
        for (const f of m.files.filter((x) => !x.pad)) {
          const bytes = contents.get(f.path.join('/'))!;
          if (bytes.length === 0) expect(f.piecesRoot).toBeNull();
          else expect(f.piecesRoot!.toString('hex'), f.path.join('/')).toBe(referenceRoot(bytes, pieceLength).toString('hex'));
        }
      }
    }
  });
});
