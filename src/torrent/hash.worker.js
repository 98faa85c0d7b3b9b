// Hashes torrent pieces for hash.pool.ts, in a worker thread so both cores hash at once.
//
// Plain JavaScript on purpose: a worker starts as a fresh module graph, and under tsx a .ts worker
// would need the TypeScript loader registered again in every thread; this file imports only Node
// built-ins, so it starts in milliseconds and runs the same under tsx, Vitest and plain node.
//
// Reading and hashing overlap: the pool keeps two jobs in flight per worker, so while this thread
// hashes one job, the next one's reads run on libuv's thread pool.
import { hash } from 'node:crypto';
import { close, open, read } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const BLOCK = 16 * 1024;
const ZERO = Buffer.alloc(32);

/**
 * Spans are the non-empty files in torrent byte order; gaps between them are padding (zeros).
 * @type {{ spans: { path: string, offset: number, length: number }[], end: number, pieceLength: number, v1: boolean, v2: boolean }}
 */
const layout = workerData;
const { spans, end, pieceLength } = layout;
const blocksPerPiece = pieceLength / BLOCK;

/** @type {Map<number, Promise<number>>} */
const fds = new Map();
/** @type {Buffer[]} */
const freeBuffers = [];

const fdOf = (i) => {
  let fd = fds.get(i);
  if (!fd) {
    fd = new Promise((resolve, reject) => open(spans[i].path, 'r', (err, n) => (err ? reject(err) : resolve(n))));
    fds.set(i, fd);
  }
  return fd;
};

const readFully = (fd, buf, at, length, position) =>
  new Promise((resolve, reject) => {
    const step = (done) => {
      if (done === length) return resolve();
      read(fd, buf, at + done, length - done, position + done, (err, n) => {
        if (err) return reject(err);
        if (n === 0) return reject(new Error('a file is shorter than expected (it changed while being hashed)'));
        step(done + n);
      });
    };
    step(0);
  });

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

/** Fills buf with the bytes [start, stop) of the torrent's data; gaps (padding) are zeros. */
async function load(buf, start, stop) {
  const reads = [];
  let filled = start;
  for (let i = spanAt(start); i < spans.length && spans[i].offset < stop; i++) {
    const s = spans[i];
    const from = Math.max(start, s.offset);
    const to = Math.min(stop, s.offset + s.length);
    if (to <= from) continue;
    if (from > filled) buf.fill(0, filled - start, from - start);
    reads.push(fdOf(i).then((fd) => readFully(fd, buf, from - start, to - from, from - s.offset)));
    filled = to;
  }
  if (filled < stop) buf.fill(0, filled - start, stop - start);
  await Promise.all(reads);
}

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

const nextPowerOfTwo = (n) => (n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n)));

async function run({ id, first, count }) {
  const start = first * pieceLength;
  const stop = Math.min(end, (first + count) * pieceLength);
  const size = stop - start;
  let buf = freeBuffers.pop();
  if (!buf || buf.length < size) buf = Buffer.allocUnsafe(size);
  await load(buf, start, stop);

  // Own ArrayBuffers (not Buffer's shared pool), so they can be transferred without copying.
  const sha1 = layout.v1 ? Buffer.from(new ArrayBuffer(count * 20)) : null;
  const v2 = layout.v2 ? Buffer.from(new ArrayBuffer(count * 32)) : null;
  let contentBytes = 0;
  for (let p = 0; p < count; p++) {
    const pieceStart = start + p * pieceLength;
    const pieceStop = Math.min(stop, pieceStart + pieceLength);
    const piece = buf.subarray(pieceStart - start, pieceStop - start);
    if (sha1) hash('sha1', piece, 'buffer').copy(sha1, p * 20);
    // In v2 (and hybrid) layouts every piece lies in one file; bytes past its end are padding.
    const s = spans[spanAt(pieceStart)];
    const dataStop = Math.min(pieceStop, s.offset + s.length);
    contentBytes += dataStop - pieceStart;
    if (v2) {
      const data = piece.subarray(0, dataStop - pieceStart);
      const onlyPiece = s.length <= pieceLength;
      subtreeRoot(data, onlyPiece ? nextPowerOfTwo(Math.ceil(s.length / BLOCK)) : blocksPerPiece).copy(v2, p * 32);
    }
  }
  if (!layout.v2) contentBytes = countContent(start, stop);
  freeBuffers.push(buf);
  parentPort.postMessage({ id, first, count, bytes: contentBytes, sha1, v2 }, [sha1, v2].filter(Boolean).map((b) => b.buffer));
}

/** Bytes of file content (not padding) in [start, stop). */
function countContent(start, stop) {
  let n = 0;
  for (let i = spanAt(start); i < spans.length && spans[i].offset < stop; i++) {
    const s = spans[i];
    n += Math.max(0, Math.min(stop, s.offset + s.length) - Math.max(start, s.offset));
  }
  return n;
}

parentPort.on('message', (message) => {
  if (message === 'close') {
    Promise.all([...fds.values()].map((p) => p.then((fd) => new Promise((r) => close(fd, r))).catch(() => undefined))).then(() => parentPort.close());
    return;
  }
  run(message).catch((err) => parentPort.postMessage({ id: message.id, error: String(err && err.message ? err.message : err) }));
});
