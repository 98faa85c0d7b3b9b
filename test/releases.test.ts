import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentFiles, createTorrent, parseTorrent, scanSource } from '../src/torrent/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kinora-rel-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder with a video-like file, subtitles in a subfolder and a small text file. */
function aReleaseFolder(): { dir: string; files: Record<string, Buffer> } {
  const dir = join(tempDir(), 'The Film (1930)');
  mkdirSync(join(dir, 'subs'), { recursive: true });
  const files: Record<string, Buffer> = {
    'film.mp4': randomBytes(300_000),
    'subs/en.srt': Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nHello\n'),
    'notes.txt': randomBytes(20_000),
  };
  for (const [path, bytes] of Object.entries(files)) writeFileSync(join(dir, path), bytes);
  return { dir, files };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(DIALECTS)('releases on $name', (dialect) => {
  let archive: TestArchive;
  const get = (url: string, headers: Record<string, string> = {}) => archive.app.inject({ method: 'GET', url, headers });
  const film = aFilm({ slug: 'the-film' });
  const other = aFilm({ slug: 'other-film' });

  beforeAll(async () => {
    archive = await createTestArchive(dialect, { KINORA_PUBLIC_URL: 'http://archive.test', KINORA_TRACKERS: 'http://tracker.test/announce', KINORA_WEBSEED_MIRRORS: 'https://mirror.test/kinora' });
    await archive.catalog.import(aCatalog({ films: [film, other] }), { actor: 'test' });
  });
  afterAll(() => archive?.destroy());

  it('adds a single-file hybrid release: torrent, magnet, web seed and API agree', async () => {
    const file = join(tempDir(), 'single.mp4');
    const bytes = randomBytes(200_000);
    writeFileSync(file, bytes);
    const created = await archive.catalog.addRelease({ film: 'the-film', source: file, actor: 'test' });
    expect(created.torrent.version).toBe('hybrid');

    const api = (await get('/api/v1/films/the-film')).json();
    const release = api.releases.find((r: { id: number }) => r.id === created.id);
    expect(release).toMatchObject({
      name: 'single.mp4', totalBytes: 200_000, torrentVersion: 'hybrid', torrentName: 'single.mp4',
      infohashV1: created.torrent.infohash_v1, infohashV2: created.torrent.infohash_v2,
      torrentUrl: `http://archive.test/releases/${created.id}.torrent`,
      webSeedUrls: [`http://archive.test/files/${created.id}/single.mp4`, `https://mirror.test/kinora/files/${created.id}/single.mp4`],
      files: [{ path: 'single.mp4', bytes: 200_000, sha256: sha256(bytes), url: `/files/${created.id}/single.mp4` }],
    });
    const magnet = new URL(release.magnet);
    expect(magnet.searchParams.getAll('xt')).toEqual([`urn:btih:${created.torrent.infohash_v1}`, `urn:btmh:1220${created.torrent.infohash_v2}`]);
    expect(magnet.searchParams.get('dn')).toBe('single.mp4');
    expect(magnet.searchParams.get('xl')).toBe('200000');
    expect(magnet.searchParams.getAll('tr')).toEqual(['http://tracker.test/announce']);
    expect(magnet.searchParams.getAll('ws')).toEqual(release.webSeedUrls);

    const torrent = await get(`/releases/${created.id}.torrent`);
    expect(torrent.statusCode).toBe(200);
    expect(torrent.headers['content-type']).toBe('application/x-bittorrent');
    expect(torrent.headers['content-disposition']).toContain('single.mp4.torrent');
    const parsed = parseTorrent(torrent.rawPayload);
    expect([parsed.infohashV1, parsed.infohashV2]).toEqual([created.torrent.infohash_v1, created.torrent.infohash_v2]);
    expect(parsed.announce).toEqual([['http://tracker.test/announce']]);
    expect(parsed.webSeeds).toEqual(release.webSeedUrls);
    expect(parsed.infoBytes.equals(created.torrent.info)).toBe(true);

    const whole = await get(`/files/${created.id}/single.mp4`);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.rawPayload.equals(bytes)).toBe(true);
    const part = await get(`/files/${created.id}/single.mp4`, { range: 'bytes=1000-1999' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 1000-1999/200000');
    expect(part.rawPayload.equals(bytes.subarray(1000, 2000))).toBe(true);

    const page = await get('/films/the-film');
    expect(page.body).toContain(`<source src="/files/${created.id}/single.mp4" type="video/mp4"/>`);
    expect(page.body).toContain(`href="/releases/${created.id}.torrent"`);
    const releasesPage = await get('/films/the-film/releases');
    expect(releasesPage.body).toContain(created.torrent.infohash_v1);
    expect(releasesPage.body).toContain(created.torrent.infohash_v2);
  });

  it('adds a folder as a multi-file release with its tree under the release name, padding served as zeros', async () => {
    const { dir, files } = aReleaseFolder();
    const created = await archive.catalog.addRelease({ film: 'the-film', source: dir, actor: 'test', pieceLength: 16384 });
    const record = await archive.catalog.release(created.id);
    expect(record.files.map((f) => f.path)).toEqual(['film.mp4', 'notes.txt', 'subs/en.srt']);
    for (const [path, bytes] of Object.entries(files)) {
      const res = await get(`/files/${created.id}/${encodeURIComponent('The Film (1930)')}/${path}`);
      expect(res.statusCode, path).toBe(200);
      expect(res.rawPayload.equals(bytes), path).toBe(true);
    }
    const metainfo = parseTorrent((await get(`/releases/${created.id}.torrent`)).rawPayload);
    expect(metainfo.webSeeds[0]).toBe(`http://archive.test/files/${created.id}/`);
    const pads = metainfo.files.filter((f) => f.pad);
    expect(pads.length).toBeGreaterThan(0);
    const pad = await get(`/files/${created.id}/${encodeURIComponent('The Film (1930)')}/${pads[0]!.path.join('/')}`);
    expect(pad.statusCode).toBe(200);
    expect(pad.rawPayload.equals(Buffer.alloc(pads[0]!.length))).toBe(true);
    expect((await get(`/files/${created.id}/${encodeURIComponent('The Film (1930)')}/.pad/7`)).statusCode).toBe(404);
    expect((await get(`/files/${created.id}/${encodeURIComponent('The Film (1930)')}/../single.mp4`)).statusCode).toBe(404);
  });

  it('makes v1-only torrents when asked', async () => {
    const file = join(tempDir(), 'v1.bin');
    writeFileSync(file, randomBytes(50_000));
    const created = await archive.catalog.addRelease({ film: 'other-film', source: file, actor: 'test', v1Only: true, name: 'v1 only' });
    expect(created.torrent).toMatchObject({ version: 'v1', infohash_v2: null });
    const magnet = (await get('/api/v1/films/other-film')).json().releases.find((r: { id: number }) => r.id === created.id).magnet as string;
    expect(magnet).toContain('urn:btih:');
    expect(magnet).not.toContain('urn:btmh:');
  });

  it('refuses a taken name, or the same torrent twice, without leaving files behind', async () => {
    const file = join(tempDir(), 'dup.bin');
    writeFileSync(file, randomBytes(30_000));
    const first = await archive.catalog.addRelease({ film: 'other-film', source: file, actor: 'test', name: 'dup' });
    await expect(archive.catalog.addRelease({ film: 'other-film', source: file, actor: 'test', name: 'dup' })).rejects.toMatchObject({ code: 'release_exists' });
    await expect(archive.catalog.addRelease({ film: 'the-film', source: file, actor: 'test', name: 'dup again' })).rejects.toMatchObject({ code: 'torrent_exists' });
    // The blob is still there for the first release, and no pending marker or partial file is left.
    expect((await get(`/files/${first.id}/dup.bin`)).statusCode).toBe(200);
    expect(readdirSync(join(archive.dataDir, 'files', 'tmp'))).toEqual([]);
    expect(readdirSync(join(archive.dataDir, 'files', 'pending'))).toEqual([]);
    await expect(archive.catalog.addRelease({ film: 'no-such-film', source: file, actor: 'test' })).rejects.toMatchObject({ code: 'film_not_found' });
  });

  it('refuses file names that some clients cannot save, naming each, before storing anything', async () => {
    const dir = join(tempDir(), 'Odd names');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'what?.mp4'), 'x');
    writeFileSync(join(dir, 'ok.srt'), 'y');
    writeFileSync(join(dir, 'trailing. '), 'z');
    const error = await archive.catalog.addRelease({ film: 'other-film', source: dir, actor: 'test' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unportable_name', details: [{ path: 'trailing. ' }, { path: 'what?.mp4' }] });
    // A release name with such characters is only a label: the torrent's folder name is cleaned.
    rmSync(join(dir, 'what?.mp4'));
    rmSync(join(dir, 'trailing. '));
    writeFileSync(join(dir, 'ok.mp4'), 'w');
    const created = await archive.catalog.addRelease({ film: 'other-film', source: dir, actor: 'test', name: 'Cut: "A/B" version?' });
    expect(created.torrent.name).toBe('Cut- -A-B- version-');
  });

  it('imports a torrent made elsewhere after verifying its data, keeping its infohashes', async () => {
    const { dir } = aReleaseFolder();
    const { built, metainfo } = await createTorrent(await scanSource(dir), { pieceLength: 32768 });
    const torrentFile = join(tempDir(), 'outside.torrent');
    writeFileSync(torrentFile, built.torrent);
    const parent = join(dir, '..');

    // Corrupt one byte of a copy: rejected with the piece named, and nothing registered.
    const bad = join(tempDir(), 'bad');
    mkdirSync(join(bad, metainfo.name, 'subs'), { recursive: true });
    for (const f of contentFiles(metainfo)) {
      const bytes = readFileSync(join(dir, ...f.path));
      if (f.path.join('/') === 'notes.txt') bytes[100] = bytes[100]! ^ 0xff;
      writeFileSync(join(bad, metainfo.name, ...f.path), bytes);
    }
    const error = await archive.catalog.importTorrentRelease({ film: 'other-film', torrent: torrentFile, dataDir: bad, actor: 'test' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'data_mismatch' });
    expect(JSON.stringify((error as { details: unknown }).details)).toContain('notes.txt');

    const imported = await archive.catalog.importTorrentRelease({ film: 'other-film', torrent: torrentFile, dataDir: parent, actor: 'test' });
    expect(imported.torrent.infohash_v1).toBe(metainfo.infohashV1);
    expect(imported.torrent.infohash_v2).toBe(metainfo.infohashV2);
    const served = parseTorrent((await get(`/releases/${imported.id}.torrent`)).rawPayload);
    expect(served.infohashV1).toBe(metainfo.infohashV1);
  });

  it('makes the torrents of releases registered before torrents existed, and sweeps what dead writers left', async () => {
    const file = join(tempDir(), 'old.bin');
    writeFileSync(file, randomBytes(40_000));
    const created = await archive.catalog.addRelease({ film: 'other-film', source: file, actor: 'test', name: 'old' });
    await archive.db.kysely.deleteFrom('torrents').where('release_id', '=', created.id).execute();
    // A writer that died (no such process) left a partial file and a stored blob nothing refers to.
    const orphan = randomBytes(1000);
    const orphanSha = sha256(orphan);
    mkdirSync(join(archive.dataDir, 'files', 'sha256', orphanSha.slice(0, 2)), { recursive: true });
    writeFileSync(join(archive.dataDir, 'files', 'sha256', orphanSha.slice(0, 2), orphanSha), orphan);
    writeFileSync(join(archive.dataDir, 'files', 'pending', `999999999.abc.${orphanSha}`), '');
    writeFileSync(join(archive.dataDir, 'files', 'tmp', '999999999.deadbeef.part'), 'half');

    const upkeep = await archive.catalog.maintain();
    expect(upkeep).toEqual({ partialFiles: 1, strayBlobs: 1, torrentsMade: 1 });
    const record = await archive.catalog.release(created.id);
    expect(record.torrent?.infohash_v1).toBe(created.torrent.infohash_v1);
    expect(readdirSync(join(archive.dataDir, 'files', 'sha256', orphanSha.slice(0, 2)))).not.toContain(orphanSha);
  });

  it('answers bad file and torrent URLs with 404 and keeps serving', async () => {
    for (const url of ['/releases/abc.torrent', '/releases/0.torrent', '/releases/99999.torrent', '/files/99999/x', '/files/abc/x', '/files/1/%00', '/files/1/']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
    expect((await get('/healthz')).statusCode).toBe(200);
  });
});
