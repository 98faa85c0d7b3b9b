import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTorrent } from '../../src/torrent/index.ts';
import { createTestArchive, type TestArchive } from '../support/archive.ts';
import { DIALECTS } from '../support/databases.ts';
import { aCatalog, aFilm } from '../support/factories.ts';
import { ARIA2_PROGRAMS, downloadWithAria2 } from './support/aria2.ts';
import { NAMESPACE_PROGRAMS, type Namespace, openNamespace } from './support/namespace.ts';
import { QBITTORRENT_PROGRAMS, downloadWithQbittorrent } from './support/qbittorrent.ts';
import { requireInterop } from './support/requirements.ts';
import { libtorrentCreate, mktorrentCreate } from './support/torrent-tools.ts';

/**
 * Torrents made by other tools (mktorrent, libtorrent) are imported with their data, keep their
 * infohashes, and are then served by Kinora's web seeds to real clients.
 */

const PORT = 18090;
const ready = requireInterop('the torrent import interop tests', [...NAMESPACE_PROGRAMS, ...ARIA2_PROGRAMS, ...QBITTORRENT_PROGRAMS, 'mktorrent'], { libtorrent: true });

describe.runIf(ready)('torrents made elsewhere, imported and seeded by Kinora', () => {
  let archive: TestArchive;
  let ns: Namespace;
  let work: string;
  let folder: string;
  const files: Record<string, Buffer> = { 'a.mkv': randomBytes(700_001), 'b/c.srt': randomBytes(3_333), 'd.txt': randomBytes(100_000) };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kinora-import-interop-'));
    folder = join(work, 'data', 'Made Elsewhere');
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(join(folder, path, '..'), { recursive: true });
      writeFileSync(join(folder, path), bytes);
    }
    archive = await createTestArchive(DIALECTS[0]!, { KINORA_PUBLIC_URL: `http://127.0.0.1:${PORT}` });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'elsewhere' })] }), { actor: 'test' });
    const socket = join(work, 'kinora.sock');
    await archive.app.listen({ path: socket });
    ns = await openNamespace();
    await ns.forwardTcpToUnix(PORT, socket);
  });
  afterAll(async () => {
    await ns?.close();
    await archive?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const importAndServe = async (torrentFile: string, name: string) => {
    const theirs = parseTorrent(readFileSync(torrentFile));
    const release = await archive.catalog.importTorrentRelease({ film: 'elsewhere', torrent: torrentFile, dataDir: join(work, 'data'), name, actor: 'test' });
    expect(release.torrent.infohash_v1).toBe(theirs.infohashV1);
    expect(release.torrent.infohash_v2).toBe(theirs.infohashV2);
    const served = join(work, `${release.id}.torrent`);
    writeFileSync(served, (await archive.app.inject({ method: 'GET', url: `/releases/${release.id}.torrent` })).rawPayload);
    expect(parseTorrent(readFileSync(served)).infoBytes.equals(theirs.infoBytes)).toBe(true);
    return served;
  };
  const expectSameBytes = (saveDir: string) => {
    for (const [path, bytes] of Object.entries(files)) expect(readFileSync(join(saveDir, 'Made Elsewhere', path)).equals(bytes), path).toBe(true);
  };

  it('imports a mktorrent v1 torrent and aria2c downloads it from the web seed', async () => {
    const torrentFile = join(work, 'mktorrent.torrent');
    mktorrentCreate(folder, torrentFile, { pieceLengthLog2: 15 });
    const served = await importAndServe(torrentFile, 'from mktorrent');
    const outDir = join(work, 'aria2');
    await downloadWithAria2(ns, { torrentFile: served, outDir });
    expectSameBytes(outDir);
  });

  it('imports a libtorrent hybrid torrent (with its padding files) and qBittorrent downloads it from the web seed', async () => {
    const torrentFile = join(work, 'libtorrent.torrent');
    libtorrentCreate(folder, torrentFile, { pieceLength: 32768, format: 'hybrid' });
    expect(parseTorrent(readFileSync(torrentFile)).version).toBe('hybrid');
    const served = await importAndServe(torrentFile, 'from libtorrent');
    const outDir = join(work, 'qbittorrent');
    await downloadWithQbittorrent(ns, { torrentFile: served, outDir });
    expectSameBytes(outDir);
  });
});
