import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTrackerRuntime } from '../src/tracker/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { type TrackerClient, freeUdpPort, httpClient, udpClient } from './support/tracker-clients.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const aFile = (bytes: number) => {
  const d = mkdtempSync(join(tmpdir(), 'kinora-trk-'));
  dirs.push(d);
  const f = join(d, `${randomBytes(4).toString('hex')}.mp4`);
  writeFileSync(f, randomBytes(bytes));
  return f;
};

const STORES = ['memory', 'redis'] as const;
const sqlite = DIALECTS.find((d) => d.name === 'sqlite')!;

/** One test body, every store × transport (as bittorrent-tracker's suites run over each transport). */
describe.each(STORES)('the tracker on the %s store', (store) => {
  let archive: TestArchive;
  let udpPort: number;
  let hybrid: { id: number; v1: Buffer; v2: Buffer };
  let v1only: { id: number; v1: Buffer };
  let nextPort = 10_000;

  beforeAll(async () => {
    udpPort = await freeUdpPort();
    archive = await createTestArchive(sqlite, {
      KINORA_TRACKER_STORE: store, KINORA_REDIS_PREFIX: `kinora-test:${randomBytes(6).toString('hex')}:`,
      KINORA_TRACKER_UDP_PORT: String(udpPort), KINORA_TRACKER_RATE: '0', KINORA_HOST: '127.0.0.1',
    });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'tracked' })] }), { actor: 'test' });
    const h = await archive.catalog.addRelease({ film: 'tracked', source: aFile(40_000), actor: 'test' });
    const v = await archive.catalog.addRelease({ film: 'tracked', source: aFile(30_000), actor: 'test', v1Only: true });
    hybrid = { id: h.id, v1: Buffer.from(h.torrent.infohash_v1!, 'hex'), v2: Buffer.from(h.torrent.infohash_v2!, 'hex').subarray(0, 20) };
    v1only = { id: v.id, v1: Buffer.from(v.torrent.infohash_v1!, 'hex') };
    await archive.tracker!.tracker.refresh();
    await archive.tracker!.startUdp('127.0.0.1');
  });
  afterAll(() => archive?.destroy());

  describe.each(['http', 'udp'] as const)('over %s', (transport) => {
    let client: TrackerClient;
    beforeAll(async () => {
      client = transport === 'http' ? httpClient(archive.app) : await udpClient(udpPort);
    });
    afterAll(() => client?.close());

    it('counts a leecher and a seeder, gives each the other, and counts the completed download', async () => {
      const swarm = await archive.catalog.addRelease({ film: 'tracked', source: aFile(20_000), actor: 'test' });
      await archive.tracker!.tracker.refresh();
      const hash = Buffer.from(swarm.torrent.infohash_v1!, 'hex');
      const seedPort = nextPort++;
      const leechPort = nextPort++;
      const seed = await client.announce({ infoHash: hash, port: seedPort, left: 0, event: 'started' });
      expect(seed).toMatchObject({ seeders: 1, leechers: 0, interval: 1800, peers: [] });
      const leech = await client.announce({ infoHash: hash, port: leechPort, left: 20_000, event: 'started' });
      expect(leech).toMatchObject({ seeders: 1, leechers: 1, peers: [`127.0.0.1:${seedPort}`] });
      expect(await client.scrape([hash])).toEqual([{ seeders: 1, leechers: 1, completed: 0 }]);
      const done = await client.announce({ infoHash: hash, port: leechPort, left: 0, event: 'completed' });
      expect(done).toMatchObject({ seeders: 2, leechers: 0 });
      expect(await client.scrape([hash])).toEqual([{ seeders: 2, leechers: 0, completed: 1 }]);
      expect(await archive.tracker!.counts([swarm.id])).toEqual([{ seeders: 2, leechers: 0, completed: 1 }]);
      await client.announce({ infoHash: hash, port: seedPort, left: 0, event: 'stopped' });
      expect(await client.scrape([hash])).toEqual([{ seeders: 1, leechers: 0, completed: 1 }]);
    });

    it('reaches one swarm by the v1 infohash and by the truncated v2 infohash (BEP 52)', async () => {
      const a = nextPort++;
      const b = nextPort++;
      await client.announce({ infoHash: hybrid.v1, port: a, left: 1, event: 'started' });
      const viaV2 = await client.announce({ infoHash: hybrid.v2, port: b, left: 1, event: 'started' });
      expect(viaV2.peers).toContain(`127.0.0.1:${a}`);
      const [byV1, byV2] = await client.scrape([hybrid.v1, hybrid.v2]);
      expect(byV1).toEqual(byV2);
      expect(byV1!.leechers).toBeGreaterThanOrEqual(2);
    });

    it('refuses a torrent the archive does not hold', async () => {
      await expect(client.announce({ infoHash: randomBytes(20), port: nextPort++, left: 1 })).rejects.toThrow('unregistered torrent');
      expect(await client.scrape([randomBytes(20)])).toEqual([{ seeders: 0, leechers: 0, completed: 0 }]);
    });

    it('caps numwant, and gives 50 peers when none is asked for', async () => {
      for (let i = 0; i < 260; i++) await client.announce({ infoHash: v1only.v1, port: 20_000 + i + (transport === 'udp' ? 1000 : 0), left: 1 });
      expect((await client.announce({ infoHash: v1only.v1, port: nextPort++, left: 1, numwant: 2 ** 31 - 1 })).peers.length).toBe(200);
      expect((await client.announce({ infoHash: v1only.v1, port: nextPort++, left: 1 })).peers.length).toBe(50);
      expect((await client.announce({ infoHash: v1only.v1, port: nextPort++, left: 1, numwant: 3 })).peers.length).toBe(3);
    });
  });

  it('stops tracking a release as soon as it leaves the catalog', async () => {
    const gone = await archive.catalog.addRelease({ film: 'tracked', source: aFile(10_000), actor: 'test' });
    await archive.tracker!.tracker.refresh();
    const http = httpClient(archive.app);
    const hash = Buffer.from(gone.torrent.infohash_v1!, 'hex');
    await http.announce({ infoHash: hash, port: 7000, left: 1 });
    // No command deletes a release yet (moderation does, later): remove its rows as a purge would.
    await archive.db.kysely.deleteFrom('release_files').where('release_id', '=', gone.id).execute();
    await archive.db.kysely.deleteFrom('torrents').where('release_id', '=', gone.id).execute();
    await archive.db.kysely.updateTable('kv').set({ value: `gone-${gone.id}` }).where('key', '=', 'catalog_version').execute();
    await archive.tracker!.tracker.refresh();
    await expect(http.announce({ infoHash: hash, port: 7001, left: 1 })).rejects.toThrow('unregistered torrent');
    expect(await archive.tracker!.counts([gone.id])).toEqual([{ seeders: 0, leechers: 0, completed: 0 }]);
  });
});

describe.each(DIALECTS)('tracker counts in the catalog on $name', (dialect) => {
  let archive: TestArchive;
  let now = new Date('2026-11-01T12:00:00Z');
  beforeAll(async () => {
    archive = await createTestArchive(dialect, { KINORA_TRACKER_UDP_PORT: '0' }, () => now);
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'counted' })] }), { actor: 'test' });
  });
  afterAll(() => archive?.destroy());

  it('keeps completed downloads across a restart and samples peers for the chart', async () => {
    const r = await archive.catalog.addRelease({ film: 'counted', source: aFile(12_000), actor: 'test' });
    await archive.tracker!.tracker.refresh();
    const http = httpClient(archive.app);
    const hash = Buffer.from(r.torrent.infohash_v1!, 'hex');
    await http.announce({ infoHash: hash, port: 6001, left: 1, event: 'started' });
    await http.announce({ infoHash: hash, port: 6001, left: 0, event: 'completed' });
    await http.announce({ infoHash: hash, port: 6002, left: 5, event: 'started' });
    await archive.tracker!.record();
    now = new Date('2026-11-01T12:10:00Z');
    await archive.tracker!.record();
    expect(await archive.tracker!.samples(r.id)).toEqual([
      { at: '2026-11-01T12:00:00.000Z', seeders: 1, leechers: 1 },
      { at: '2026-11-01T12:10:00.000Z', seeders: 1, leechers: 1 },
    ]);
    const api = (await archive.app.inject({ method: 'GET', url: '/api/v1/films/counted' })).json();
    expect(api.releases.find((x: { id: number }) => x.id === r.id)).toMatchObject({ seeders: 1, leechers: 1, completed: 1 });
    const page = (await archive.app.inject({ method: 'GET', url: '/films/counted' })).body;
    expect(page).toContain(`data-release="${r.id}" data-seeders="1" data-leechers="1" data-completed="1"`);
    expect(page).toContain('1 seeder · 1 leecher · 1 completed');
    const releasesPage = (await archive.app.inject({ method: 'GET', url: '/films/counted/releases' })).body;
    expect(releasesPage).toContain(`data-release="${r.id}" data-seeders="1"`);
    expect(releasesPage).toMatch(/<svg[^>]*role="img" aria-label="Peers over the last 7 days: at most 1 seeder and 1 leecher in an hour."/);

    const rows = await archive.db.kysely.selectFrom('tracker_stats').selectAll().where('release_id', '=', r.id).execute();
    expect(rows.map((x) => [Number(x.seeders), Number(x.leechers), Number(x.completed)])).toEqual([[1, 1, 1]]);

    // A new process: the swarm is gone with the old one's memory, the completed count is not.
    const restarted = await openTrackerRuntime({ config: archive.config.tracker, db: archive.db.kysely, source: { version: () => archive.catalog.version(), list: () => archive.catalog.trackedTorrents() }, logger: pino({ level: 'silent' }), clock: () => now });
    try {
      expect(await restarted.counts([r.id])).toEqual([{ seeders: 0, leechers: 0, completed: 1 }]);
    } finally {
      await restarted.close();
    }
  });
});
