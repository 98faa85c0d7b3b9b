import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userActor } from '../src/accounts/index.ts';
import { decode, isDict, parseTorrent } from '../src/torrent/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { type Browser, signIn } from './support/sessions.ts';
import { freeUdpPort, httpClient, udpClient } from './support/tracker-clients.ts';

const sqlite = DIALECTS.find((d) => d.name === 'sqlite')!;
const BASE = 'http://archive.test';

/**
 * Private releases (BEP 27): only signed-in readers get their torrent and links, each naming the
 * reader with a passkey that the tracker and the web seeds check.
 */
describe('private releases', () => {
  let archive: TestArchive;
  let udpPort: number;
  let reader: Browser;
  let passkey: string;
  let now = Date.parse('2026-12-01T12:00:00Z');
  let releaseId: number;
  let publicId: number;
  let hash: Buffer;
  const content = randomBytes(70_000);
  const dir = mkdtempSync(join(tmpdir(), 'kinora-private-'));

  beforeAll(async () => {
    udpPort = await freeUdpPort();
    archive = await createTestArchive(sqlite, { KINORA_PUBLIC_URL: BASE, KINORA_TRACKER_UDP_PORT: String(udpPort), KINORA_HOST: '127.0.0.1', KINORA_TRACKER_RATE: '0' }, () => new Date(now));
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'members-only' })] }), { actor: 'test' });
    writeFileSync(join(dir, 'film.mp4'), content);
    writeFileSync(join(dir, 'open.mp4'), randomBytes(5000));
    const r = await archive.catalog.addRelease({ film: 'members-only', source: join(dir, 'film.mp4'), actor: 'test', private: true });
    releaseId = r.id;
    hash = Buffer.from(r.torrent.infohash_v1!, 'hex');
    publicId = (await archive.catalog.addRelease({ film: 'members-only', source: join(dir, 'open.mp4'), actor: 'test' })).id;
    await archive.tracker!.tracker.refresh();
    await archive.tracker!.startUdp('127.0.0.1');
    reader = await signIn(archive, 'reader');
    passkey = await archive.accounts.passkey(userActor((await archive.accounts.tokenAccount(reader.token))!));
  });
  afterAll(async () => {
    await archive?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a BEP 27 torrent and keeps its links from visitors', async () => {
    const stored = (await archive.catalog.release(releaseId)).torrent!;
    expect(stored.private).toBe(1);
    const info = decode(stored.info);
    expect(isDict(info) && info.get('private')).toBe(1);
    const visitor = await archive.app.inject({ method: 'GET', url: `/releases/${releaseId}.torrent` });
    expect(visitor.statusCode).toBe(401);
    expect(visitor.body).toContain('This release is private: log in to download it.');
    const film = (await archive.app.inject({ method: 'GET', url: '/api/v1/films/members-only' })).json();
    const priv = film.releases.find((r: { id: number }) => r.id === releaseId);
    expect(priv).toMatchObject({ private: true, magnet: null, torrentUrl: null, webSeedUrls: [] });
    expect(film.releases.find((r: { id: number }) => r.id === publicId)).toMatchObject({ private: false, torrentUrl: `${BASE}/releases/${publicId}.torrent` });
    const page = await archive.app.inject({ method: 'GET', url: '/films/members-only' });
    expect(page.body).toContain('private release: <a href="/login">log in</a> to download');
    expect(page.body).not.toContain(`/releases/${releaseId}.torrent`);
    expect((await archive.app.inject({ method: 'GET', url: `/files/${releaseId}/film.mp4` })).statusCode).toBe(401);
  });

  it('serves a signed-in reader a torrent naming their passkey, with the same infohash', async () => {
    const res = await archive.app.inject({ method: 'GET', url: `/releases/${releaseId}.torrent`, headers: { cookie: reader.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const t = parseTorrent(res.rawPayload);
    expect(t.private).toBe(true);
    expect(t.infohashV1).toBe(hash.toString('hex'));
    expect(t.announce.flat()).toEqual([`${BASE}/announce/${passkey}`, `udp://archive.test:${udpPort}/announce/${passkey}`]);
    expect(t.webSeeds).toEqual([`${BASE}/private/${passkey}/files/${releaseId}/film.mp4`]);
    const film = (await archive.app.inject({ method: 'GET', url: '/api/v1/films/members-only', headers: { authorization: `Bearer ${reader.token}` } })).json();
    const priv = film.releases.find((r: { id: number }) => r.id === releaseId);
    expect(priv.torrentUrl).toBe(`${BASE}/private/${passkey}/releases/${releaseId}.torrent`);
    expect(priv.magnet).toContain(`tr=${encodeURIComponent(`${BASE}/announce/${passkey}`)}`);
    const page = await archive.app.inject({ method: 'GET', url: '/films/members-only', headers: { cookie: reader.cookie } });
    expect(page.body).toContain(`href="/releases/${releaseId}.torrent"`);
    // The personal .torrent URL works without a cookie (for a client that fetches it itself).
    const byKey = await archive.app.inject({ method: 'GET', url: `/private/${passkey}/releases/${releaseId}.torrent` });
    expect(parseTorrent(byKey.rawPayload).infohashV1).toBe(hash.toString('hex'));
    expect((await archive.app.inject({ method: 'GET', url: `/private/${'0'.repeat(32)}/releases/${releaseId}.torrent` })).statusCode).toBe(404);
  });

  it('web-seeds a private release under a valid passkey, and to the reader\'s browser', async () => {
    const seed = await archive.app.inject({ method: 'GET', url: `/private/${passkey}/files/${releaseId}/film.mp4`, headers: { range: 'bytes=0-99' } });
    expect(seed.statusCode).toBe(206);
    expect(seed.rawPayload.equals(content.subarray(0, 100))).toBe(true);
    expect((await archive.app.inject({ method: 'GET', url: `/private/${'f'.repeat(32)}/files/${releaseId}/film.mp4` })).statusCode).toBe(404);
    expect((await archive.app.inject({ method: 'GET', url: `/private/not-a-key/files/${releaseId}/film.mp4` })).statusCode).toBe(404);
    const player = await archive.app.inject({ method: 'GET', url: `/files/${releaseId}/film.mp4`, headers: { cookie: reader.cookie } });
    expect(player.statusCode).toBe(200);
    expect(player.rawPayload.equals(content)).toBe(true);
  });

  it('tracks a private swarm only for announces carrying a valid passkey, over HTTP and UDP (BEP 41)', async () => {
    await expect(httpClient(archive.app).announce({ infoHash: hash, port: 6001, left: 1 })).rejects.toThrow(/this torrent is private/);
    await expect(httpClient(archive.app, '127.0.0.1', 'e'.repeat(32)).announce({ infoHash: hash, port: 6001, left: 1 })).rejects.toThrow(/this torrent is private/);
    await expect(httpClient(archive.app, '127.0.0.1', 'NOT-A-KEY').announce({ infoHash: hash, port: 6001, left: 1 })).rejects.toThrow(/passkey in this announce URL is malformed/);
    const a = await httpClient(archive.app, '127.0.0.2', passkey).announce({ infoHash: hash, port: 6001, left: 1 });
    expect(a.leechers).toBe(1);
    const udp = await udpClient(udpPort, `/announce/${passkey}`);
    const bare = await udpClient(udpPort);
    try {
      const b = await udp.announce({ infoHash: hash, port: 6002, left: 0 });
      expect(b).toMatchObject({ seeders: 1, leechers: 1 });
      expect(b.peers).toContain('127.0.0.2:6001');
      await expect(bare.announce({ infoHash: hash, port: 6003, left: 0 })).rejects.toThrow(/this torrent is private/);
    } finally {
      await udp.close();
      await bare.close();
    }
    // Scrapes see a private swarm only with a passkey; public swarms need none.
    expect(await httpClient(archive.app).scrape([hash])).toEqual([{ seeders: 0, completed: 0, leechers: 0 }]);
    expect(await httpClient(archive.app, '127.0.0.1', passkey).scrape([hash])).toEqual([{ seeders: 1, completed: 0, leechers: 1 }]);
  });

  it('stops a reset passkey within the cache time, and the new one works at once', async () => {
    const actor = userActor((await archive.accounts.tokenAccount(reader.token))!);
    const fresh = await archive.accounts.resetPasskey(actor);
    expect(fresh).not.toBe(passkey);
    expect((await httpClient(archive.app, '127.0.0.3', fresh).announce({ infoHash: hash, port: 6004, left: 1 })).leechers).toBeGreaterThanOrEqual(1);
    now += 31_000;
    await expect(httpClient(archive.app, '127.0.0.3', passkey).announce({ infoHash: hash, port: 6005, left: 1 })).rejects.toThrow(/this torrent is private/);
    expect((await archive.app.inject({ method: 'GET', url: `/private/${passkey}/files/${releaseId}/film.mp4` })).statusCode).toBe(404);
  });
});
