import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepUploads } from '../src/files/uploads.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { type Part, multipart } from './support/multipart.ts';
import { type Browser, signIn } from './support/sessions.ts';

describe.each(DIALECTS)('releases uploaded through the web on $name', (dialect) => {
  let archive: TestArchive;
  let contributor: Browser;
  let reader: Browser;
  beforeAll(async () => {
    archive = await createTestArchive(dialect, { KINORA_UPLOAD_MB: '1', KINORA_TRACKER_UDP_PORT: '0' });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'uploaded', title: 'Uploaded', year: 1936 })] }), { actor: 'test' });
    contributor = await signIn(archive, 'contributor');
    reader = await signIn(archive, 'reader');
  });
  afterAll(async () => {
    await archive?.destroy();
  });
  const upload = (as: Browser, parts: readonly Part[]) => {
    const m = multipart(parts);
    return archive.app.inject({ method: 'POST', url: '/films/uploaded/releases/new', headers: { cookie: as.cookie, 'content-type': m.type }, payload: m.body });
  };
  const releases = async () => (await archive.catalog.film('uploaded')).releases;
  const leftovers = () => readdirSync(join(archive.dataDir, 'uploads'));

  it('stores one file as a release, with its torrent, served byte for byte', async () => {
    const video = randomBytes(300_000);
    const res = await upload(contributor, [{ name: '_csrf', value: contributor.csrf }, { name: 'name', value: '' }, { name: 'files', filename: 'uploaded.mp4', content: video }]);
    expect(res.statusCode).toBe(303);
    const [r] = await releases();
    expect(res.headers.location).toBe(`/films/uploaded/releases#release-${r!.id}`);
    expect(r).toMatchObject({ name: 'uploaded.mp4', totalBytes: video.length });
    expect(r!.torrent?.version).toBe('hybrid');
    const served = await archive.app.inject({ method: 'GET', url: `/files/${r!.id}/uploaded.mp4` });
    expect(served.rawPayload.equals(video)).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('stores several files as a folder release, v1 and private when asked', async () => {
    const res = await upload(contributor, [
      { name: '_csrf', value: contributor.csrf }, { name: 'name', value: 'With subtitles' }, { name: 'v1Only', value: '1' }, { name: 'private', value: '1' },
      { name: 'files', filename: 'film.mp4', content: randomBytes(200_000) }, { name: 'files', filename: 'film.en.srt', content: Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nHello\n') },
    ]);
    expect(res.statusCode).toBe(303);
    const r = (await releases()).find((x) => x.name === 'With subtitles')!;
    expect(r.files.map((f) => f.path).sort()).toEqual(['film.en.srt', 'film.mp4']);
    expect(r.torrent).toMatchObject({ version: 'v1', private: true });
  });

  it('renames a release with a revision, the torrent unchanged', async () => {
    const r = (await releases()).find((x) => x.name === 'With subtitles')!;
    const before = (await archive.catalog.release(r.id)).torrent!.infohash_v1;
    const form = (name: string, as: Browser) => archive.app.inject({ method: 'POST', url: `/releases/${r.id}/rename`, headers: { cookie: as.cookie }, payload: { _csrf: as.csrf, name } });
    expect((await form('With English subtitles', reader)).statusCode).toBe(403);
    expect((await form('', contributor)).statusCode).toBe(400);
    expect((await form('uploaded.mp4', contributor)).statusCode).toBe(409);
    expect((await form('With English subtitles', contributor)).headers.location).toBe(`/films/uploaded/releases#release-${r.id}`);
    expect((await archive.catalog.release(r.id))).toMatchObject({ name: 'With English subtitles' });
    expect((await archive.catalog.release(r.id)).torrent!.infohash_v1).toBe(before);
    const rev = await archive.db.kysely.selectFrom('revisions').select(['summary', 'actor']).where('entity', '=', 'release').where('entity_id', '=', r.id).orderBy('number', 'desc').executeTakeFirstOrThrow();
    expect(rev).toEqual({ summary: 'Renamed from "With subtitles"', actor: contributor.username });
  });

  it('refuses forged, unauthorised, oversized and badly named uploads, keeping nothing', async () => {
    const before = (await releases()).length;
    const file = { name: 'files', filename: 'x.mp4', content: randomBytes(1000) };
    expect((await upload(contributor, [file, { name: '_csrf', value: contributor.csrf }])).statusCode).toBe(403);
    expect((await upload(contributor, [{ name: '_csrf', value: 'forged' }, file])).statusCode).toBe(403);
    expect((await upload(reader, [{ name: '_csrf', value: reader.csrf }, file])).statusCode).toBe(403);
    const big = await upload(contributor, [{ name: '_csrf', value: contributor.csrf }, { name: 'files', filename: 'big.mp4', content: randomBytes(1_500_000) }]);
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('larger than 1 MiB');
    const badName = await upload(contributor, [{ name: '_csrf', value: contributor.csrf }, { name: 'files', filename: 'a:b.mp4', content: randomBytes(100) }]);
    expect(badName.statusCode).toBe(400);
    expect(badName.body).toContain('a:b.mp4');
    expect((await upload(contributor, [{ name: '_csrf', value: contributor.csrf }])).statusCode).toBe(400);
    const plain = await archive.app.inject({ method: 'POST', url: '/films/uploaded/releases/new', headers: { cookie: contributor.cookie }, payload: { _csrf: contributor.csrf } });
    expect(plain.statusCode).toBe(400);
    expect((await releases()).length).toBe(before);
    expect(leftovers()).toEqual([]);
    const files = readdirSync(join(archive.dataDir, 'files', 'sha256'), { recursive: true }).filter((f) => String(f).length > 10);
    expect(files.length).toBe(3);
  });
});

describe('uploads cut off by a crash', () => {
  it('are removed at the next start, but never a live process\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinora-uploads-'));
    // PIDs go up to 2^22 on Linux: this one runs nothing.
    for (const name of ['4194000-aaaa', `${process.pid}-bbbb`]) {
      mkdirSync(join(dir, name, 'release'), { recursive: true });
      writeFileSync(join(dir, name, 'release', 'part.mp4'), 'half a file');
    }
    expect(await sweepUploads(dir)).toBe(1);
    expect(readdirSync(dir)).toEqual([`${process.pid}-bbbb`]);
  });
});
