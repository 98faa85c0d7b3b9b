import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive as alive } from './process.alive.ts';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A stored file's identity: its SHA-256 and its size. */
export interface BlobInfo {
  readonly sha256: string;
  readonly bytes: number;
}

export interface PutOptions {
  /** Move the source into the store instead of copying it: the source is removed when the write commits. */
  readonly move?: boolean;
  /** Called as bytes are read, with the count so far. */
  readonly onProgress?: (bytes: number) => void;
}

/**
 * The blobs one write puts into the store. Until `commit`, each carries a pending marker naming
 * this process, so that if the process dies before its database transaction commits, the next
 * start (`sweep`) deletes the blobs nothing refers to, and no stray file is left behind.
 */
export interface BlobStaging {
  put(source: string, options?: PutOptions): Promise<BlobInfo>;
  /** The transaction that refers to the blobs committed: forget the markers. */
  commit(): Promise<void>;
  /** The write failed: delete the blobs it stored that nothing else refers to. */
  rollback(isReferenced: (sha256: string) => Promise<boolean>): Promise<void>;
}

/**
 * A content-addressed store of release files under `<dataDir>/files/sha256/ab/<hash>`.
 * A file lands under its final name by an atomic rename after it was fully written and hashed,
 * so a crash never leaves a half file behind a name, and rows that point at a hash are written
 * only after the blob exists.
 */
export interface BlobStore {
  stage(): BlobStaging;
  has(sha256: string): Promise<boolean>;
  pathOf(sha256: string): string;
  /**
   * Removes what writers that died left behind: their partial files, and the blobs they stored
   * that no release refers to. Writers still running (another process) are left alone.
   */
  sweep(isReferenced: (sha256: string) => Promise<boolean>): Promise<{ readonly partial: number; readonly blobs: number }>;
  /** Deletes these blobs, those nothing refers to any more (after a release is purged); how many went. */
  discard(sha256s: readonly string[], isReferenced: (sha256: string) => Promise<boolean>): Promise<number>;
}


export function createBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string) => join(root, 'sha256', sha256.slice(0, 2), sha256);
  const tmpDir = join(root, 'tmp');
  const pendingDir = join(root, 'pending');
  const has = async (sha256: string) => {
    try {
      return (await stat(pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  };

  /** Hashes a stream of the source, reporting progress; optionally writes a copy on the way. */
  async function hashing(source: string, options: PutOptions, copyTo?: string): Promise<BlobInfo> {
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        options.onProgress?.(bytes);
        done(null, copyTo ? chunk : undefined);
      },
    });
    const input = createReadStream(source, { highWaterMark: 1024 * 1024 });
    if (copyTo) await pipeline(input, tap, createWriteStream(copyTo, { flags: 'wx' }));
    else await pipeline(input, tap);
    return { sha256: hash.digest('hex'), bytes };
  }

  return Object.freeze({
    pathOf,
    has,
    stage(): BlobStaging {
      const id = `${process.pid}.${randomBytes(6).toString('hex')}`;
      const stored: string[] = [];
      const moved: string[] = [];
      const marker = (sha256: string) => join(pendingDir, `${id}.${sha256}`);
      return {
        async put(source, options = {}) {
          await mkdir(tmpDir, { recursive: true });
          await mkdir(pendingDir, { recursive: true });
          const tmp = join(tmpDir, `${process.pid}.${randomBytes(8).toString('hex')}.part`);
          try {
            // A move is a hard link now and the source's removal at commit, so a crash before the
            // commit never loses the source; across file systems it is a copy.
            let linked = false;
            if (options.move) {
              linked = await link(source, tmp).then(() => true, (e: NodeJS.ErrnoException) => {
                if (e.code === 'EXDEV' || e.code === 'EPERM') return false;
                throw e;
              });
            }
            const info = await hashing(linked ? tmp : source, options, linked ? undefined : tmp);
            await writeFile(marker(info.sha256), '');
            stored.push(info.sha256);
            await mkdir(join(root, 'sha256', info.sha256.slice(0, 2)), { recursive: true });
            await rename(tmp, pathOf(info.sha256));
            if (options.move) moved.push(source);
            return info;
          } finally {
            await rm(tmp, { force: true });
          }
        },
        async commit() {
          await Promise.all(stored.map((sha) => rm(marker(sha), { force: true })));
          await Promise.all(moved.map((source) => rm(source, { force: true })));
          stored.length = 0;
          moved.length = 0;
        },
        async rollback(isReferenced) {
          for (const sha of stored) {
            if (!(await isReferenced(sha))) await rm(pathOf(sha), { force: true });
            await rm(marker(sha), { force: true });
          }
          stored.length = 0;
          moved.length = 0;
        },
      };
    },
    async sweep(isReferenced: (sha256: string) => Promise<boolean>) {
      let partial = 0;
      let blobs = 0;
      const pidOf = (name: string) => Number.parseInt(name.split('.')[0] ?? '', 10);
      for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
        const pid = pidOf(name);
        if (Number.isInteger(pid) && alive(pid)) continue;
        await rm(join(tmpDir, name), { force: true });
        partial++;
      }
      for (const name of await readdir(pendingDir).catch(() => [] as string[])) {
        const pid = pidOf(name);
        if (Number.isInteger(pid) && alive(pid)) continue;
        const sha = name.split('.').pop() ?? '';
        // Another writer may have stored the same content and committed meanwhile.
        if (/^[0-9a-f]{64}$/.test(sha) && !(await isReferenced(sha)) && (await has(sha))) {
          await rm(pathOf(sha), { force: true });
          blobs++;
        }
        await rm(join(pendingDir, name), { force: true });
      }
      return { partial, blobs };
    },
    async discard(sha256s: readonly string[], isReferenced: (sha256: string) => Promise<boolean>) {
      let gone = 0;
      for (const sha of new Set(sha256s)) {
        if (!/^[0-9a-f]{64}$/.test(sha) || (await isReferenced(sha))) continue;
        await rm(pathOf(sha), { force: true });
        gone++;
      }
      return gone;
    },
  });
}
