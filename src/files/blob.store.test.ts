import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobStore } from './blob.store.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kinora-blobs-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const never = async () => false;

describe('blob store', () => {
  it('stores a copy by its SHA-256, reports progress, and forgets its markers on commit', async () => {
    const root = tempDir();
    const store = createBlobStore(root);
    const source = join(tempDir(), 'a.bin');
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    writeFileSync(source, bytes);
    const seen: number[] = [];
    const staging = store.stage();
    const info = await staging.put(source, { onProgress: (n) => seen.push(n) });
    expect(info).toEqual({ sha256: sha(bytes), bytes: bytes.length });
    expect(seen.at(-1)).toBe(bytes.length);
    expect(readFileSync(store.pathOf(info.sha256)).equals(bytes)).toBe(true);
    expect(readdirSync(join(root, 'pending'))).toHaveLength(1);
    await staging.commit();
    expect(readdirSync(join(root, 'pending'))).toEqual([]);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    expect(existsSync(source)).toBe(true);
  });

  it('moves by hard link and removes the source only when the write commits', async () => {
    const store = createBlobStore(tempDir());
    const source = join(tempDir(), 'm.bin');
    writeFileSync(source, 'move me');
    const staging = store.stage();
    const info = await staging.put(source, { move: true });
    expect(existsSync(source)).toBe(true);
    await staging.commit();
    expect(existsSync(source)).toBe(false);
    expect(readFileSync(store.pathOf(info.sha256), 'utf8')).toBe('move me');

    const kept = join(tempDir(), 'k.bin');
    writeFileSync(kept, 'keep me');
    const failed = store.stage();
    const k = await failed.put(kept, { move: true });
    await failed.rollback(never);
    expect(readFileSync(kept, 'utf8')).toBe('keep me');
    expect(existsSync(store.pathOf(k.sha256))).toBe(false);
  });

  it('rolls back only the blobs nothing else refers to', async () => {
    const store = createBlobStore(tempDir());
    const source = join(tempDir(), 's.bin');
    writeFileSync(source, 'shared');
    const staging = store.stage();
    const info = await staging.put(source);
    await staging.rollback(async (h) => h === info.sha256);
    expect(existsSync(store.pathOf(info.sha256))).toBe(true);
  });

  it('sweeps what dead writers left, and leaves a live writer alone', async () => {
    const root = tempDir();
    const store = createBlobStore(root);
    const live = store.stage();
    const source = join(tempDir(), 'live.bin');
    writeFileSync(source, 'in flight');
    const inFlight = await live.put(source);

    const orphan = Buffer.from('orphan');
    mkdirSync(join(root, 'sha256', sha(orphan).slice(0, 2)), { recursive: true });
    writeFileSync(store.pathOf(sha(orphan)), orphan);
    writeFileSync(join(root, 'pending', `999999999.dead.${sha(orphan)}`), '');
    writeFileSync(join(root, 'tmp', '999999999.dead.part'), 'half');

    expect(await store.sweep(never)).toEqual({ partial: 1, blobs: 1 });
    expect(existsSync(store.pathOf(sha(orphan)))).toBe(false);
    // This process is alive: its staged blob and marker stay until it commits or rolls back.
    expect(existsSync(store.pathOf(inFlight.sha256))).toBe(true);
    expect(readdirSync(join(root, 'pending'))).toHaveLength(1);
    await live.commit();
  });

  it('reports a missing source without leaving anything behind', async () => {
    const root = tempDir();
    const store = createBlobStore(root);
    const staging = store.stage();
    await expect(staging.put(join(root, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
    expect(readdirSync(join(root, 'pending'))).toEqual([]);
  });
});
