import { hash } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alignedBuffers } from '../files/aligned.js';
import { mulberry32 } from '../prng.ts';
import { type HashLayout, hashPieces } from './hash.pool.ts';
import { BLOCK_SIZE } from './metainfo.ts';
import { HASH_SIZE, merkleRoot, nextPowerOfTwo } from './merkle.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const random = mulberry32(52);
const bytesOf = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));

/** Files laid out one after another, each starting on a piece boundary when `aligned` (hybrid layout). */
function layoutOf(sizes: number[], pieceLength: number, aligned: boolean, v1: boolean, v2: boolean): { layout: HashLayout; data: Buffer[] } {
  const data = sizes.map(bytesOf);
  const spans = [];
  let offset = 0;
  for (const [i, d] of data.entries()) {
    const path = join(dir, `f${spans.length}-${d.length}-${i}-${Math.floor(random() * 1e9)}`);
    writeFileSync(path, d);
    spans.push({ path, offset, length: d.length });
    offset += d.length;
    if (aligned && i < data.length - 1) offset = Math.ceil(offset / pieceLength) * pieceLength;
  }
  return { layout: { spans, end: offset, pieceLength, v1, v2 }, data };
}

/** What the pool must produce, computed the plain way: the whole byte stream in memory. */
function reference({ layout, data }: { layout: HashLayout; data: Buffer[] }) {
  const stream = Buffer.alloc(layout.end);
  layout.spans.forEach((s, i) => data[i]!.copy(stream, s.offset));
  const pieces = Math.ceil(layout.end / layout.pieceLength);
  const sha1 = Buffer.alloc(pieces * 20);
  const v2 = Buffer.alloc(pieces * 32);
  for (let p = 0; p < pieces; p++) {
    const start = p * layout.pieceLength;
    hash('sha1', stream.subarray(start, Math.min(layout.end, start + layout.pieceLength)), 'buffer').copy(sha1, p * 20);
    if (!layout.v2) continue;
    const span = [...layout.spans].reverse().find((s) => s.offset <= start)!;
    const stop = Math.min(span.offset + span.length, start + layout.pieceLength);
    const blocks = stream.subarray(start, stop);
    const leaves = Buffer.alloc(Math.ceil(blocks.length / BLOCK_SIZE) * HASH_SIZE);
    for (let b = 0; b * BLOCK_SIZE < blocks.length; b++) hash('sha256', blocks.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE), 'buffer').copy(leaves, b * HASH_SIZE);
    const width = span.length <= layout.pieceLength ? nextPowerOfTwo(Math.ceil(span.length / BLOCK_SIZE)) : layout.pieceLength / BLOCK_SIZE;
    merkleRoot(leaves, width).copy(v2, p * 32);
  }
  return { sha1, v2 };
}

describe('hashPieces', () => {
  it.each([1, 2, 3])('matches a plain computation with %i thread(s), v1 over unaligned files', async (threads) => {
    const setup = layoutOf([70_000, 1, 0, 300_001, 16_384], 32_768, false, true, false);
    const progress: number[] = [];
    const got = await hashPieces(setup.layout, { threads, onProgress: (n) => progress.push(n) });
    expect(got.sha1!.equals(reference(setup).sha1)).toBe(true);
    expect(got.v2).toBeNull();
    expect(progress.at(-1)).toBe(70_000 + 1 + 300_001 + 16_384);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it.each([1, 2])('matches a plain computation with %i thread(s), hybrid with padding between files', async (threads) => {
    const setup = layoutOf([5_000, 200_000, 65_536, 40_000], 65_536, true, true, true);
    const got = await hashPieces(setup.layout, { threads });
    const want = reference(setup);
    expect(got.sha1!.equals(want.sha1)).toBe(true);
    expect(got.v2!.equals(want.v2)).toBe(true);
  });

  it('gives jobs of several pieces and still agrees when pieces are small (many jobs, guided tail)', async () => {
    const setup = layoutOf([3 * 1024 * 1024 + 12_345], 16_384, false, true, true);
    const got = await hashPieces(setup.layout, { threads: 2 });
    const want = reference(setup);
    expect(got.sha1!.equals(want.sha1)).toBe(true);
    expect(got.v2!.equals(want.v2)).toBe(true);
  });

  it('reuses its workers across calls with different layouts, and runs calls at once', async () => {
    const a = layoutOf([900_000], 65_536, false, true, false);
    const b = layoutOf([123_456, 789_012], 32_768, true, true, true);
    const [ga, gb] = await Promise.all([hashPieces(a.layout, { threads: 2 }), hashPieces(b.layout, { threads: 2 })]);
    expect(ga.sha1!.equals(reference(a).sha1)).toBe(true);
    expect(gb.v2!.equals(reference(b).v2)).toBe(true);
    const again = await hashPieces(b.layout, { threads: 2 });
    expect(again.sha1!.equals(reference(b).sha1)).toBe(true);
  });

  it('fails with a clear error when a file is shorter than the layout says, and works again after', async () => {
    const setup = layoutOf([500_000, 500_000], 65_536, false, true, false);
    truncateSync(setup.layout.spans[1]!.path, 100_000);
    await expect(hashPieces(setup.layout, { threads: 2 })).rejects.toThrow(/shorter than expected/);
    const fine = layoutOf([400_000], 65_536, false, true, false);
    expect((await hashPieces(fine.layout, { threads: 2 })).sha1!.equals(reference(fine).sha1)).toBe(true);
  });

  it('stops when aborted, before or during the work, and works again after', async () => {
    const setup = layoutOf([2_000_000], 16_384, false, true, true);
    const before = new AbortController();
    before.abort(new Error('the user pressed ctrl-c'));
    await expect(hashPieces(setup.layout, { threads: 2, signal: before.signal })).rejects.toThrow('the user pressed ctrl-c');
    const during = new AbortController();
    let calls = 0;
    const onProgress = () => {
      if (++calls === 1) during.abort(new Error('stopped halfway'));
    };
    await expect(hashPieces(setup.layout, { threads: 2, signal: during.signal, onProgress })).rejects.toThrow('stopped halfway');
    expect(calls).toBeLessThan(10);
    expect((await hashPieces(setup.layout, { threads: 2 })).v2!.equals(reference(setup).v2)).toBe(true);
  });
});

describe('alignedBuffers', () => {
  it('gives separate buffers of the asked size', () => {
    const [a, b, c] = alignedBuffers(100_000, 3);
    expect([a!.length, b!.length, c!.length]).toEqual([100_000, 100_000, 100_000]);
    a!.fill(1);
    b!.fill(2);
    c!.fill(3);
    expect([a![99_999], b![0], c![50_000]]).toEqual([1, 2, 3]);
    expect(a!.byteOffset % 65_536).toBe(0);
    expect(b!.byteOffset % 65_536).toBe(0);
  });
});
