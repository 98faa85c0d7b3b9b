import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** The bytes to hash: files laid out in torrent order; gaps between them are padding (zeros). */
export interface HashLayout {
  /** Non-empty files only, in order of offset. */
  readonly spans: readonly { readonly path: string; readonly offset: number; readonly length: number }[];
  /** Offset just past the last byte (the last file's end). */
  readonly end: number;
  readonly pieceLength: number;
  /** Compute v1 SHA-1 piece hashes. */
  readonly v1: boolean;
  /** Compute BEP 52 per-piece merkle roots (each piece must lie within one file). */
  readonly v2: boolean;
}

export interface PieceHashes {
  /** 20 bytes per piece, or null when v1 was not asked for. */
  readonly sha1: Buffer | null;
  /**
   * 32 bytes per piece: the root of the piece's blocks; for a file of at most one piece, the
   * file's own root (BEP 52 gives such files no piece layer). Null when v2 was not asked for.
   */
  readonly v2: Buffer | null;
}

export interface HashOptions {
  /** Worker threads; defaults to one per core. */
  readonly threads?: number;
  /** Called after each batch with the file bytes hashed so far. */
  readonly onProgress?: (bytesDone: number) => void;
  readonly signal?: AbortSignal;
}

// The worker is plain JavaScript with no imports but Node's; `execArgv: []` keeps it from loading
// the TypeScript loader that tsx adds to the main thread's flags (100 ms per worker otherwise).
const WORKER_URL = new URL('./hash.worker.js', import.meta.url);
const JOB_BYTES = 4 * 1024 * 1024;
const IN_FLIGHT_PER_WORKER = 2;

interface JobResult {
  readonly id: number;
  readonly first: number;
  readonly count: number;
  readonly bytes: number;
  readonly sha1: Uint8Array | null;
  readonly v2: Uint8Array | null;
  readonly error?: string;
}

/**
 * Hashes every piece of a layout on a pool of worker threads (node:crypto, SHA-1 and SHA-256).
 * Jobs of about 4 MiB are handed out in order, two in flight per worker so that one job's reads
 * overlap the other's hashing.
 */
export async function hashPieces(layout: HashLayout, options: HashOptions = {}): Promise<PieceHashes> {
  const pieceCount = Math.ceil(layout.end / layout.pieceLength);
  const sha1 = layout.v1 ? Buffer.alloc(pieceCount * 20) : null;
  const v2 = layout.v2 ? Buffer.alloc(pieceCount * 32) : null;
  if (pieceCount === 0) return { sha1, v2 };
  const perJob = Math.max(1, Math.floor(JOB_BYTES / layout.pieceLength));
  const jobs = Math.ceil(pieceCount / perJob);
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), jobs));
  const workerData = { spans: layout.spans.filter((s) => s.length > 0).map((s) => ({ ...s })), end: layout.end, pieceLength: layout.pieceLength, v1: layout.v1, v2: layout.v2 };
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_URL, { workerData, execArgv: [] }));

  let next = 0;
  let done = 0;
  let bytesDone = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => reject(e);
      const abort = () => reject(options.signal?.reason instanceof Error ? options.signal.reason : new Error('hashing was aborted'));
      if (options.signal?.aborted) return abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      const give = (w: Worker) => {
        if (next >= jobs) return;
        const first = next * perJob;
        w.postMessage({ id: next, first, count: Math.min(perJob, pieceCount - first) });
        next++;
      };
      for (const w of workers) {
        w.on('error', fail);
        w.on('exit', (code) => {
          if (done < jobs && code !== 0) fail(new Error(`a hashing thread stopped with code ${code}`));
        });
        w.on('message', (r: JobResult) => {
          if (r.error !== undefined) return fail(new Error(r.error));
          if (sha1 && r.sha1) sha1.set(r.sha1, r.first * 20);
          if (v2 && r.v2) v2.set(r.v2, r.first * 32);
          bytesDone += r.bytes;
          options.onProgress?.(bytesDone);
          if (++done === jobs) {
            options.signal?.removeEventListener('abort', abort);
            resolve();
          } else give(w);
        });
        for (let i = 0; i < IN_FLIGHT_PER_WORKER; i++) give(w);
      }
    });
  } finally {
    // Ask each worker to close its file descriptors (they belong to the process, not the thread).
    await Promise.all(workers.map((w) => stopWorker(w)));
  }
  return { sha1, v2 };
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.threadId === -1) return; // already gone
  const exited = once(w, 'exit').catch(() => undefined);
  w.postMessage('close');
  const timer = setTimeout(() => void w.terminate(), 5_000);
  await exited;
  clearTimeout(timer);
}
