import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTorrent, parseTorrent, scanSource } from '../src/torrent/index.ts';
import { requireInterop } from './interop/support/requirements.ts';
import { libtorrentCreate, libtorrentInfo, mktorrentCreate, transmissionCreate, transmissionShow } from './interop/support/torrent-tools.ts';

/**
 * Round trips with the peers' tools: torrents made by mktorrent, transmission-create and
 * libtorrent parse in Kinora with the infohashes those tools report, and Kinora's torrents of
 * the same files are identical where the format leaves no choice (v1 vs mktorrent, hybrid vs
 * libtorrent, at the same piece length).
 */
const ready = requireInterop('the torrent tools round trip', ['mktorrent', 'transmission-create', 'transmission-show'], { libtorrent: true });

describe.runIf(ready)('torrents made by mktorrent, transmission-create and libtorrent', () => {
  let work: string;
  let single: string;
  let folder: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kinora-tools-'));
    single = join(work, 'film.mkv');
    writeFileSync(single, randomBytes(1_234_567));
    folder = join(work, 'Release');
    mkdirSync(join(folder, 'subs'), { recursive: true });
    writeFileSync(join(folder, 'film.mkv'), randomBytes(900_001));
    writeFileSync(join(folder, 'subs', 'en.srt'), randomBytes(4_321));
    writeFileSync(join(folder, 'notes.txt'), randomBytes(70_000));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(['single', 'folder'])('mktorrent (%s): same infohash as transmission-show and libtorrent report, and as Kinora makes', async (what) => {
    const source = what === 'single' ? single : folder;
    const out = join(work, `mk-${what}.torrent`);
    mktorrentCreate(source, out, { pieceLengthLog2: 16 });
    const ours = parseTorrent(readFileSync(out));
    expect(ours.infohashV1).toBe(transmissionShow(out).infohash);
    expect(ours.infohashV1).toBe(libtorrentInfo(out).infohashV1);
    const made = await createTorrent(await scanSource(source), { v1Only: true, pieceLength: 65_536 });
    expect(made.metainfo.infohashV1).toBe(ours.infohashV1);
  });

  it.each(['single', 'folder'])('transmission-create (%s): same infohash as transmission-show reports', (what) => {
    const out = join(work, `tr-${what}.torrent`);
    transmissionCreate(what === 'single' ? single : folder, out, { pieceSizeKiB: 32, comment: 'made by transmission-create' });
    const ours = parseTorrent(readFileSync(out));
    expect(ours.infohashV1).toBe(transmissionShow(out).infohash);
    expect(ours.comment).toBe('made by transmission-create');
  });

  it.each(['single', 'folder'])('libtorrent hybrid (%s): both infohashes agree, and Kinora makes the identical torrent', async (what) => {
    const source = what === 'single' ? single : folder;
    const out = join(work, `lt-${what}.torrent`);
    libtorrentCreate(source, out, { pieceLength: 32_768, format: 'hybrid' });
    const ours = parseTorrent(readFileSync(out));
    const lt = libtorrentInfo(out);
    expect([ours.infohashV1, ours.infohashV2]).toEqual([lt.infohashV1, lt.infohashV2]);
    const made = await createTorrent(await scanSource(source), { pieceLength: 32_768 });
    expect([made.metainfo.infohashV1, made.metainfo.infohashV2]).toEqual([lt.infohashV1, lt.infohashV2]);
  });

  it('libtorrent v2-only: parses, with its v2 infohash', () => {
    const out = join(work, 'lt-v2.torrent');
    libtorrentCreate(folder, out, { pieceLength: 16_384, format: 'v2' });
    const ours = parseTorrent(readFileSync(out));
    expect(ours.version).toBe('v2');
    expect(ours.infohashV2).toBe(libtorrentInfo(out).infohashV2);
  });

  it('libtorrent reads every torrent Kinora makes with the infohashes Kinora reports', async () => {
    for (const [source, v1Only] of [[single, false], [single, true], [folder, false], [folder, true]] as const) {
      const { built, metainfo } = await createTorrent(await scanSource(source), { v1Only });
      const file = join(work, `k-${v1Only ? 'v1' : 'hybrid'}-${source === single ? 's' : 'f'}.torrent`);
      writeFileSync(file, built.torrent);
      const lt = libtorrentInfo(file);
      expect([lt.infohashV1, lt.infohashV2]).toEqual([metainfo.infohashV1, metainfo.infohashV2]);
    }
  });
});
