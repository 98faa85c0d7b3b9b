import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlive } from './process.alive.ts';

/**
 * Uploads arrive in `<uploads>/<pid>-<random>/`, below the data folder, on the file store's file
 * system, so storing them is a rename. What a process that died left there (an upload cut off by
 * a crash) is removed at the next start; a live process's uploads are left alone.
 */
export async function sweepUploads(dir: string): Promise<number> {
  let n = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number.parseInt(name.split('-')[0] ?? '', 10);
    if (Number.isInteger(pid) && isAlive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    n++;
  }
  return n;
}
