import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A stored file's identity: its SHA-256 and its size. */
export interface BlobInfo {
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * A content-addressed store of release files under `<dataDir>/files/sha256/ab/<hash>`.
 * A file lands under its final name by an atomic rename after it was fully written and hashed,
 * so a crash never leaves a half file behind a name, and rows that point at a hash are written
 * only after the blob exists.
 */
export interface BlobStore {
  /** Copies a file into the store (hashing it on the way) and returns its hash and size. */
  put(source: string): Promise<BlobInfo>;
  has(sha256: string): Promise<boolean>;
  pathOf(sha256: string): string;
}

export function createBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string) => join(root, 'sha256', sha256.slice(0, 2), sha256);
  return Object.freeze({
    pathOf,
    async has(sha256: string) {
      try {
        return (await stat(pathOf(sha256))).isFile();
      } catch {
        return false;
      }
    },
    async put(source: string): Promise<BlobInfo> {
      const tmpDir = join(root, 'tmp');
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
      const hash = createHash('sha256');
      let bytes = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(createReadStream(source), tap, createWriteStream(tmp, { flags: 'wx' }));
        const sha256 = hash.digest('hex');
        await mkdir(join(root, 'sha256', sha256.slice(0, 2)), { recursive: true });
        await rename(tmp, pathOf(sha256));
        return { sha256, bytes };
      } finally {
        await rm(tmp, { force: true });
      }
    },
  });
}
