import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, userActor } from '../src/accounts/index.ts';
import { main } from '../src/cli/main.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { signIn } from './support/sessions.ts';

/** Deleting for good: only the archive itself (the CLI) may, and the audit log keeps every purge. */
describe.each(DIALECTS)('purges on $name', (dialect) => {
  let archive: TestArchive;
  const dir = mkdtempSync(join(tmpdir(), 'kinora-purge-'));
  const cli = systemActor('cli');
  beforeAll(async () => {
    archive = await createTestArchive(dialect, { KINORA_TRACKER_UDP_PORT: '0' });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'purged' })] }), { actor: 'test' });
  });
  afterAll(async () => {
    await archive?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('purges a review and an account, refusing anybody but the archive itself', async () => {
    const b = await signIn(archive, 'admin');
    const admin = userActor((await archive.accounts.tokenAccount(b.token))!);
    const r = await signIn(archive, 'reader');
    const reader = userActor((await archive.accounts.tokenAccount(r.token))!);
    const review = (await archive.reviews.write(reader, 'purged', { rating: 3, title: 'x', body: 'y' })).review;
    await expect(archive.reviews.purge(admin, review.id, 'no')).rejects.toMatchObject({ kind: 'forbidden' });
    await archive.reviews.purge(cli, review.id, 'court order');
    expect(await archive.reviews.exists(admin, review.id)).toBe(false);
    await expect(archive.accounts.purgeUser(admin, r.username, 'no')).rejects.toMatchObject({ kind: 'forbidden' });
    await archive.accounts.purgeUser(cli, r.username, 'asked to be forgotten');
    expect(await archive.accounts.tokenAccount(r.token)).toBeUndefined();
    const log = await archive.accounts.audit(cli, { limit: 10 });
    expect(log.slice(0, 2).map((e) => [e.action, e.reason])).toEqual([['user.purge', 'asked to be forgotten'], ['review.purge', 'court order']]);
    expect(log[0]!.data).toMatchObject({ username: r.username });
  });

  it('purges a release with its stored files, and the tracker drops it', async () => {
    writeFileSync(join(dir, 'gone.bin'), randomBytes(3000));
    const made = await archive.catalog.addRelease({ film: 'purged', source: join(dir, 'gone.bin'), actor: 'test' });
    const sha = (await archive.catalog.release(made.id)).files[0]!.sha256;
    const blob = join(archive.dataDir, 'files', 'sha256', sha.slice(0, 2), sha);
    expect(existsSync(blob)).toBe(true);
    await archive.catalog.purgeRelease(made.id);
    await expect(archive.catalog.release(made.id)).rejects.toMatchObject({ code: 'release_not_found' });
    expect(existsSync(blob)).toBe(false);
    await archive.tracker!.tracker.refresh();
    expect(archive.tracker!.tracker.releases()).not.toContain(made.id);
  });
});

describe('kinora purge', () => {
  it('asks for a reason and names what it purged', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kinora-purge-cli-'));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env: { KINORA_DATA_DIR: data, KINORA_DEMO: '0', KINORA_LOG_LEVEL: 'silent', KINORA_TRACKER_UDP_PORT: '0' }, cwd: data, readSecret: async () => 'a long enough password' };
    try {
      expect(await main(['user', 'add', 'temporary'], io)).toBe(0);
      expect(await main(['purge', 'user', 'temporary'], io)).toBe(2); // --reason is required
      expect(await main(['purge', 'user', 'temporary', '--reason', ' '], io)).toBe(1);
      expect(await main(['purge', 'user', 'temporary', '--reason', 'test account'], io)).toBe(0);
      expect(out.join('')).toContain('user temporary purged\n');
      expect(await main(['purge', 'review', 'abc', '--reason', 'x'], io)).toBe(1);
      expect(err.join('')).toContain('"abc" is not an id.');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
