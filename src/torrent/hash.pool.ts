import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createJobRunner } from './hash.job.js';

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
  /** Threads that hash, the calling thread included; defaults to one per core. */
  readonly threads?: number;
  /** Called after each job with the file bytes hashed so far. */
  readonly onProgress?: (bytesDone: number) => void;
  readonly signal?: AbortSignal;
}

// The worker is plain JavaScript with no imports but Node's and hash.job.js; `execArgv: []` keeps
// it from loading the TypeScript loader that tsx adds to the main thread's flags (100 ms per worker
// otherwise).
const WORKER_URL = new URL('./hash.worker.js', import.meta.url);
const JOB_BYTES = 4 * 1024 * 1024;
// Two jobs in flight per worker, so that a worker never waits for the calling thread, which may be
// busy with a job of its own when the worker's result arrives.
const IN_FLIGHT_PER_WORKER = 2;
/** Workers left idle this long end; a later call starts new ones. */
const IDLE_MS = 10_000;

interface JobResult {
  readonly first: number;
  readonly count: number;
  readonly bytes: number;
  readonly sha1: Uint8Array | null;
  readonly v2: Uint8Array | null;
  readonly error?: string;
}

/**
 * Workers kept between calls, like a database connection pool: a worker takes about 30 ms and
 * 28 ms of CPU to start, a tenth of hashing 1 GiB on two cores, and an archive that backfills or
 * imports releases hashes many in a row. Idle workers are unref'd (they never keep the process
 * alive) and end after IDLE_MS.
 */
const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];

function takeWorker(): Worker {
  const kept = idle.pop();
  if (kept) {
    clearTimeout(kept.timer);
    kept.worker.ref();
    return kept.worker;
  }
  const worker = new Worker(WORKER_URL, { execArgv: [] });
  // A worker that fails between calls is dropped; the next call starts a new one.
  worker.on('error', () => dropIdle(worker));
  worker.on('exit', () => dropIdle(worker));
  return worker;
}

function dropIdle(worker: Worker): void {
  const i = idle.findIndex((k) => k.worker === worker);
  if (i >= 0) {
    clearTimeout(idle[i]!.timer);
    idle.splice(i, 1);
  }
}

function returnWorker(worker: Worker): void {
  // The worker closes the files it opened for this call before it reads another message.
  worker.postMessage({ type: 'release' });
  worker.unref();
  const timer = setTimeout(() => {
    dropIdle(worker);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle.push({ worker, timer });
}

/**
 * Hashes every piece of a layout (node:crypto, SHA-1 and SHA-256) on one thread per core: worker
 * threads and the calling thread itself. Jobs of about 4 MiB are handed out in order.
 *
 * The calling thread runs a job (2.5 ms for 4 MiB of v1, about twice that for a hybrid) at each
 * turn of its event loop, so timers, sockets and the workers' results are served in between. It
 * starts at once, while any new worker boots; with two cores, one worker and the calling thread
 * beat two workers by that boot and one thread's worth of start-up work (measured in bench/hash).
 */
export async function hashPieces(layout: HashLayout, options: HashOptions = {}): Promise<PieceHashes> {
  const pieceCount = Math.ceil(layout.end / layout.pieceLength);
  const sha1 = layout.v1 ? Buffer.alloc(pieceCount * 20) : null;
  const v2 = layout.v2 ? Buffer.alloc(pieceCount * 32) : null;
  if (pieceCount === 0) return { sha1, v2 };
  const perJob = Math.max(1, Math.floor(JOB_BYTES / layout.pieceLength));
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(pieceCount / perJob)));
  const jobLayout = { spans: layout.spans.filter((s) => s.length > 0).map((s) => ({ ...s })), end: layout.end, pieceLength: layout.pieceLength, v1: layout.v1, v2: layout.v2 };
  const own = createJobRunner(jobLayout);
  const workers = Array.from({ length: threads - 1 }, takeWorker);
  const listeners = new Map<Worker, { message: (r: JobResult) => void; error: (e: Error) => void; exit: (code: number) => void }>();

  let next = 0; // the first piece not yet handed out
  let jobs = 0; // handed out
  let done = 0;
  // Guided scheduling: full jobs while there is plenty left, then smaller ones, so that the
  // threads finish within a piece or so of each other instead of one job apart.
  const jobSize = () => {
    const count = Math.max(1, Math.min(perJob, Math.floor((pieceCount - next) / (threads * IN_FLIGHT_PER_WORKER))));
    const n = Math.min(count, pieceCount - next);
    next += n;
    return n;
  };
  let bytesDone = 0;
  let settled = false;
  let ok = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', abort);
        if (error) reject(error);
        else resolve();
      };
      const abort = () => finish(options.signal?.reason instanceof Error ? options.signal.reason : new Error('hashing was aborted'));
      if (options.signal?.aborted) return abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      const jobDone = (bytes: number) => {
        bytesDone += bytes;
        options.onProgress?.(bytesDone);
        if (++done === jobs && next >= pieceCount) finish();
      };
      const give = (w: Worker) => {
        if (next >= pieceCount) return;
        const first = next;
        const count = jobSize();
        w.postMessage({ type: 'job', first, count });
        jobs++;
      };
      const ownTurn = () => {
        if (settled || next >= pieceCount) return;
        const first = next;
        const count = jobSize();
        jobs++;
        try {
          jobDone(own.run(first, count, sha1, v2, first));
        } catch (e) {
          return finish(e instanceof Error ? e : new Error(String(e)));
        }
        setImmediate(ownTurn);
      };
      for (const w of workers) {
        const l = {
          message: (r: JobResult) => {
            if (r.error !== undefined) return finish(new Error(r.error));
            if (sha1 && r.sha1) sha1.set(r.sha1, r.first * 20);
            if (v2 && r.v2) v2.set(r.v2, r.first * 32);
            jobDone(r.bytes);
            give(w);
          },
          error: (e: Error) => finish(e),
          exit: (code: number) => finish(new Error(`a hashing thread stopped with code ${code}`)),
        };
        listeners.set(w, l);
        w.on('message', l.message);
        w.on('error', l.error);
        w.on('exit', l.exit);
        w.postMessage({ type: 'layout', layout: jobLayout });
        for (let i = 0; i < IN_FLIGHT_PER_WORKER; i++) give(w);
      }
      setImmediate(ownTurn);
    });
    ok = true;
  } finally {
    own.close();
    for (const [w, l] of listeners) {
      w.off('message', l.message);
      w.off('error', l.error);
      w.off('exit', l.exit);
    }
    // After a failure or an abort a worker may still hold jobs of this call: it ends instead.
    for (const w of workers) {
      if (ok) returnWorker(w);
      else void w.terminate();
    }
  }
  return { sha1, v2 };
}
