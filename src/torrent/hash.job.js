// Hashes runs of torrent pieces: the work of hash.pool.ts, done both by its worker threads
// (hash.worker.js) and by the calling thread itself between turns of its event loop.
//
// Plain JavaScript on purpose: a worker starts as a fresh module graph, and under tsx a .ts module
// would need the TypeScript loader registered again in every thread; this file imports only Node
// built-ins and files/aligned.js, so a worker importing it starts in milliseconds and runs the same
// under tsx, Vitest and plain node.
//
// Reads are synchronous: a job of 4 MiB is read from the page cache in about 0.4 ms, into a
// page-aligned buffer (see files/aligned.js), and hashed in about 2.5 ms, so overlapping the two
// would gain little, and a synchronous job can run on the calling thread without holding its
// event loop for long.
import { hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { alignedBuffers } from '../files/aligned.js';

const BLOCK = 16 * 1024;
const ZERO = Buffer.alloc(32);

const nextPowerOfTwo = (n) => (n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n)));

/** BEP 52: the root of a piece's blocks, padded with zero hashes to `width` leaves. */
function subtreeRoot(data, width) {
  const count = Math.ceil(data.length / BLOCK);
  let layer = Buffer.allocUnsafe(width * 32);
  for (let b = 0; b < width; b++) {
    if (b < count) hash('sha256', data.subarray(b * BLOCK, Math.min(data.length, (b + 1) * BLOCK)), 'buffer').copy(layer, b * 32);
    else ZERO.copy(layer, b * 32);
  }
  for (let w = width; w > 1; w /= 2) {
    const next = Buffer.allocUnsafe((w / 2) * 32);
    for (let i = 0; i < w / 2; i++) hash('sha256', layer.subarray(i * 64, i * 64 + 64), 'buffer').copy(next, i * 32);
    layer = next;
  }
  return layer.subarray(0, 32);
}

/**
 * A job runner for one layout. Spans are the non-empty files in torrent byte order; gaps between
 * them are padding (zeros).
 * @param {{ spans: { path: string, offset: number, length: number }[], end: number, pieceLength: number, v1: boolean, v2: boolean }} layout
 */
export function createJobRunner(layout) {
  const { spans, end, pieceLength } = layout;
  const blocksPerPiece = pieceLength / BLOCK;
  /** @type {Map<number, number>} */
  const fds = new Map();
  /** @type {Buffer | null} */
  let buffer = null;

  const fdOf = (i) => {
    let fd = fds.get(i);
    if (fd === undefined) {
      fd = openSync(spans[i].path, 'r');
      fds.set(i, fd);
    }
    return fd;
  };

  /** The index of the last span starting at or before `offset`. */
  const spanAt = (offset) => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spans[mid].offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const readFully = (fd, buf, at, length, position) => {
    for (let done = 0; done < length; ) {
      const n = readSync(fd, buf, at + done, length - done, position + done);
      if (n === 0) throw new Error('a file is shorter than expected (it changed while being hashed)');
      done += n;
    }
  };

  /** Fills buf with the bytes [start, stop) of the torrent's data; gaps (padding) are zeros. */
  const load = (buf, start, stop) => {
    let filled = start;
    for (let i = spanAt(start); i < spans.length && spans[i].offset < stop; i++) {
      const s = spans[i];
      const from = Math.max(start, s.offset);
      const to = Math.min(stop, s.offset + s.length);
      if (to <= from) continue;
      if (from > filled) buf.fill(0, filled - start, from - start);
      readFully(fdOf(i), buf, from - start, to - from, from - s.offset);
      filled = to;
    }
    if (filled < stop) buf.fill(0, filled - start, stop - start);
  };

  /** Bytes of file content (not padding) in [start, stop). */
  const countContent = (start, stop) => {
    let n = 0;
    for (let i = spanAt(start); i < spans.length && spans[i].offset < stop; i++) {
      const s = spans[i];
      n += Math.max(0, Math.min(stop, s.offset + s.length) - Math.max(start, s.offset));
    }
    return n;
  };

  /**
   * Hashes pieces [first, first + count). Digests go into `sha1` (20 bytes per piece) and `v2`
   * (32 bytes per piece) at `at`, counted in pieces. Returns the file bytes (not padding) hashed.
   */
  const run = (first, count, sha1, v2, at) => {
    const start = first * pieceLength;
    const stop = Math.min(end, (first + count) * pieceLength);
    const size = stop - start;
    if (!buffer || buffer.length < size) [buffer] = alignedBuffers(size);
    load(buffer, start, stop);
    let contentBytes = 0;
    for (let p = 0; p < count; p++) {
      const pieceStart = start + p * pieceLength;
      const pieceStop = Math.min(stop, pieceStart + pieceLength);
      const piece = buffer.subarray(pieceStart - start, pieceStop - start);
      if (sha1) hash('sha1', piece, 'buffer').copy(sha1, (at + p) * 20);
      if (v2) {
        // In v2 (and hybrid) layouts every piece lies in one file; bytes past its end are padding.
        const s = spans[spanAt(pieceStart)];
        const dataStop = Math.min(pieceStop, s.offset + s.length);
        contentBytes += dataStop - pieceStart;
        const onlyPiece = s.length <= pieceLength;
        subtreeRoot(piece.subarray(0, dataStop - pieceStart), onlyPiece ? nextPowerOfTwo(Math.ceil(s.length / BLOCK)) : blocksPerPiece).copy(v2, (at + p) * 32);
      }
    }
    return v2 ? contentBytes : countContent(start, stop);
  };

  const close = () => {
    for (const fd of fds.values()) {
      try {
        closeSync(fd);
      } catch {
        // already closed; nothing to release
      }
    }
    fds.clear();
  };

  return { run, close };
}
