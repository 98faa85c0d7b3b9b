import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createArchive } from '../../src/main.ts';
import { type BDict, type Encodable, RawBencode, decode, decodeDocument, encode, isDict, parseTorrent } from '../../src/torrent/index.ts';
import { aCatalog, aFilm } from '../support/factories.ts';
import { ARIA2_PROGRAMS, joinWithAria2 } from './support/aria2.ts';
import { type SwarmPeer, sleep } from './support/download.ts';
import { type KinoraServer, startKinora } from './support/kinora.ts';
import { NAMESPACE_PROGRAMS, type Namespace, openNamespace } from './support/namespace.ts';
import { QBITTORRENT_PROGRAMS, type QbtSwarmPeer, joinWithQbittorrent, seedWithQbittorrent } from './support/qbittorrent.ts';
import { requireInterop } from './support/requirements.ts';

/**
 * Real BitTorrent clients swap a release through Kinora's own tracker, with no web seed: a
 * qBittorrent seeds it, another client finds the seeder through the tracker and downloads it
 * from that peer alone, announcing over HTTP (BEP 3) or UDP (BEP 15). The server runs as
 * `kinora serve` inside the namespace, so its tracker sees each peer at its own address (the
 * forwards of the other interop tests would hide it, and carry no UDP).
 *
 * Each run has a release of its own, so each swarm starts empty and its counts are exact: 1
 * seeder, then 1 seeder and 1 leecher, then 2 seeders and 1 completed download. aria2c takes the
 * v1 releases over both transports; the hybrid one goes to a second qBittorrent, because libtorrent
 * announces it under both its v1 and its truncated v2 infohash (BEP 52): both must reach one
 * swarm, as one peer, with one completed download. aria2c 1.36 cannot join a hybrid's swarm at
 * all (see the last test).
 */

const ready = requireInterop('the tracker interop tests', [...NAMESPACE_PROGRAMS, ...ARIA2_PROGRAMS, ...QBITTORRENT_PROGRAMS]);

type Transport = 'http' | 'udp';
interface Run {
  readonly transport: Transport;
  readonly version: 'v1' | 'hybrid';
  readonly leecher: 'aria2c' | 'qBittorrent';
}
const RUNS: readonly Run[] = [
  { transport: 'http', version: 'v1', leecher: 'aria2c' },
  { transport: 'udp', version: 'v1', leecher: 'aria2c' },
  { transport: 'udp', version: 'hybrid', leecher: 'qBittorrent' },
];
const key = (r: Run) => `${r.transport}-${r.version}`;

const FILM = 'swarmed';
// 3 MiB and a bit, not a whole number of pieces; at 1 MiB/s a download takes about 3 s, long
// enough to see the leecher in the swarm, short enough for the file to stay well under 2 minutes.
const SIZE = 3 * 1024 * 1024 + 12_345;
const RATE = 1024 * 1024;
// Long enough that no peer is swept during a run (at 1.5 × the interval), so the counts change
// only through announces. No re-announce is needed: the seeder announces first, and the
// leecher's first answer names it. (A short one would not hurry qBittorrent anyway: libtorrent
// 2.0.8 never re-announces sooner than its `min_announce_interval`, 300 s.)
const INTERVAL_SECONDS = 120;

interface Made {
  readonly id: number;
  readonly bytes: Buffer;
  /** The file's name, which is the torrent's name. */
  readonly name: string;
  /** The folder holding the file, which the seeder seeds from. */
  readonly seedDir: string;
}

type Counts = { readonly seeders: number; readonly leechers: number; readonly completed: number };

/**
 * The torrent with `announce` as its only tracker and no web seed: the outer dictionary rebuilt
 * from the served one, every value but the trackers and web seeds copied as its original bytes,
 * so `info` (and with it the infohash) is untouched.
 */
function withOnlyTracker(torrent: Buffer, announce: string): Buffer {
  const { value, spans } = decodeDocument(torrent);
  if (!isDict(value)) throw new Error('the torrent is not a dictionary');
  const doc: Record<string, Encodable> = { announce };
  for (const [k, span] of spans) {
    if (k === 'announce' || k === 'announce-list' || k === 'url-list') continue;
    doc[k] = new RawBencode(torrent.subarray(span.start, span.end));
  }
  return encode(doc);
}

const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');

describe.runIf(ready)('BitTorrent clients swap a release through Kinora\'s tracker', () => {
  let work: string;
  let ns: Namespace;
  let kinora: KinoraServer;
  const made = new Map<string, Made>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kinora-swarm-'));
    const dataDir = join(work, 'data');
    // The archive is prepared in this process, closed, and then served by `kinora serve` from the
    // same data folder (SQLite at <dataDir>/kinora.db, the file store beside it).
    const archive = await createArchive(loadConfig({ KINORA_DATA_DIR: dataDir, KINORA_DEMO: '0', KINORA_TRACKER: '0' }), { logger: pino({ level: 'silent' }) });
    try {
      await archive.catalog.import(aCatalog({ films: [aFilm({ slug: FILM })] }), { actor: 'test' });
      for (const run of RUNS) {
        const name = `swarm-${key(run)}.mp4`;
        const seedDir = join(work, 'seed', key(run));
        const bytes = randomBytes(SIZE);
        mkdirSync(seedDir, { recursive: true });
        writeFileSync(join(seedDir, name), bytes);
        const r = await archive.catalog.addRelease({ film: FILM, source: join(seedDir, name), name: `Swarm ${key(run)}`, actor: 'test', v1Only: run.version === 'v1', pieceLength: 64 * 1024 });
        made.set(key(run), { id: r.id, bytes, name, seedDir });
      }
    } finally {
      await archive.close();
    }
    ns = await openNamespace();
    kinora = await startKinora(ns, {
      dataDir, socketPath: join(work, 'kinora.sock'),
      env: { KINORA_TRACKER_RATE: '0', KINORA_TRACKER_INTERVAL: String(INTERVAL_SECONDS) },
    });
  });

  afterAll(async () => {
    await kinora?.close();
    await ns?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The tracker's counts of a release, as the JSON API gives them. */
  const apiCounts = async (id: number): Promise<Counts> => {
    const res = await kinora.get(`/api/v1/films/${FILM}`);
    expect(res.status).toBe(200);
    const film = JSON.parse(res.text()) as { releases: (Counts & { id: number })[] };
    const r = film.releases.find((x) => x.id === id)!;
    return { seeders: r.seeders, leechers: r.leechers, completed: r.completed };
  };
  const same = (a: Counts, b: Counts) => a.seeders === b.seeders && a.leechers === b.leechers && a.completed === b.completed;
  const waitForCounts = async (id: number, want: Counts, timeoutMs: number, logs: () => string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let last = await apiCounts(id);
    while (!same(last, want)) {
      if (Date.now() > deadline) throw new Error(`the tracker counts ${JSON.stringify(last)}, expected ${JSON.stringify(want)} within ${timeoutMs} ms\n${logs()}`);
      await sleep(100);
      last = await apiCounts(id);
    }
  };
  /** The counts the film page shows for a release, from its data attributes and its text. */
  const pageCounts = async (id: number): Promise<Counts & { text: string }> => {
    const res = await kinora.get(`/films/${FILM}`);
    expect(res.status).toBe(200);
    const m = new RegExp(`<span class="swarm" data-release="${id}" data-seeders="(\\d+)" data-leechers="(\\d+)" data-completed="(\\d+)">([^<]*)</span>`).exec(res.text());
    if (!m) throw new Error(`the film page shows no counts for release ${id}`);
    return { seeders: Number(m[1]), leechers: Number(m[2]), completed: Number(m[3]), text: m[4]! };
  };
  /** The release's torrent as the clients get it: one tracker, over `transport`, and no web seed. */
  const clientTorrent = async (run: Run, m: Made): Promise<string> => {
    const served = (await kinora.get(`/releases/${m.id}.torrent`)).body;
    const announce = run.transport === 'http' ? `${kinora.url}/announce` : `udp://127.0.0.1:${kinora.udpPort}/announce`;
    const torrentFile = join(work, `${key(run)}.torrent`);
    writeFileSync(torrentFile, withOnlyTracker(served, announce));
    const theirs = parseTorrent(readFileSync(torrentFile));
    const ours = parseTorrent(served);
    expect(theirs.infohashV1).toBe(ours.infohashV1);
    expect(theirs.infohashV2).toBe(ours.infohashV2);
    expect(theirs.version).toBe(run.version);
    expect(theirs.announce).toEqual([[announce]]);
    expect(theirs.webSeeds).toEqual([]);
    return torrentFile;
  };

  it('serves torrents that name its tracker over HTTP and UDP, and a web seed the clients are not given', async () => {
    for (const run of RUNS) {
      const m = made.get(key(run))!;
      const served = parseTorrent((await kinora.get(`/releases/${m.id}.torrent`)).body);
      expect(served.announce).toEqual([[`${kinora.url}/announce`], [`udp://127.0.0.1:${kinora.udpPort}/announce`]]);
      expect(served.webSeeds).toEqual([`${kinora.url}/files/${m.id}/${m.name}`]);
    }
  });

  it.each(RUNS)('$leecher downloads a $version release from a qBittorrent seed found through the tracker over $transport', async (run) => {
    const m = made.get(key(run))!;
    const torrentFile = await clientTorrent(run, m);
    const outDir = join(work, 'leech', key(run));
    let seeder: QbtSwarmPeer | undefined;
    let leecher: SwarmPeer | undefined;
    const logs = () => [
      `--- seeder (qBittorrent)\n${seeder?.logTail() ?? '(not started)'}`,
      `--- leecher (${run.leecher})\n${leecher?.logTail() ?? '(not started)'}`,
      `--- kinora serve\n${kinora.logTail()}`,
    ].join('\n');
    try {
      expect(await apiCounts(m.id)).toEqual({ seeders: 0, leechers: 0, completed: 0 });
      seeder = await seedWithQbittorrent(ns, { torrentFile, outDir: m.seedDir, timeoutMs: 30_000 });
      await waitForCounts(m.id, { seeders: 1, leechers: 0, completed: 0 }, 20_000, logs);

      const job = { torrentFile, outDir, maxBytesPerSecond: RATE, timeoutMs: 40_000 };
      leecher = run.leecher === 'aria2c' ? joinWithAria2(ns, job) : await joinWithQbittorrent(ns, job);
      // Every change of the counts from now until the leecher seeds too.
      const seen: Counts[] = [{ seeders: 1, leechers: 0, completed: 0 }];
      const deadline = Date.now() + 45_000;
      for (;;) {
        const c = await apiCounts(m.id);
        if (!same(c, seen.at(-1)!)) seen.push(c);
        if (c.seeders === 2) break;
        if (Date.now() > deadline) throw new Error(`the tracker never counted 2 seeders; it counted ${JSON.stringify(seen)}\n${logs()}`);
        await sleep(100);
      }
      expect(seen).toEqual([{ seeders: 1, leechers: 0, completed: 0 }, { seeders: 1, leechers: 1, completed: 0 }, { seeders: 2, leechers: 0, completed: 1 }]);

      const result = await leecher.done;
      const ours = parseTorrent(readFileSync(torrentFile));
      // qBittorrent computes the infohashes itself; they must be Kinora's (aria2c does not say).
      if (result.clientInfohashes) expect(result.clientInfohashes).toEqual({ v1: ours.infohashV1, v2: ours.infohashV2 });
      expect(result.contentPath).toBe(join(outDir, m.name));
      const got = readFileSync(result.contentPath);
      expect(got.length).toBe(m.bytes.length);
      expect(got.equals(m.bytes), 'the downloaded file differs from the release').toBe(true);
      // The bytes came from the seeder: the leecher's torrent has no web seed, and the seeder
      // sent at least the whole file (qBittorrent refreshes its statistics every 1.5 s).
      const uploadDeadline = Date.now() + 10_000;
      let uploaded = await seeder.uploaded();
      while (uploaded < SIZE && Date.now() < uploadDeadline) {
        await sleep(250);
        uploaded = await seeder.uploaded();
      }
      expect(uploaded).toBeGreaterThanOrEqual(SIZE);

      // A scrape (BEP 48) agrees, under each of the torrent's infohashes.
      for (const hex of [ours.infohashV1, ours.infohashV2?.slice(0, 40)].filter((h): h is string => !!h)) {
        const hash = Buffer.from(hex, 'hex');
        const scrape = decode((await kinora.get(`/scrape?info_hash=${pct(hash)}`)).body);
        const files = isDict(scrape) ? scrape.get('files') : undefined;
        const entry = isDict(files) ? files.get(hash.toString('latin1')) : undefined;
        expect(isDict(entry) ? Object.fromEntries(entry) : entry, hex).toEqual({ complete: 2, downloaded: 1, incomplete: 0 });
      }

      // The film page shows the same counts once its 5-second cache slot has turned.
      const pageDeadline = Date.now() + 12_000;
      let page = await pageCounts(m.id);
      while (!same(page, { seeders: 2, leechers: 0, completed: 1 }) && Date.now() < pageDeadline) {
        await sleep(250);
        page = await pageCounts(m.id);
      }
      expect(page).toEqual({ seeders: 2, leechers: 0, completed: 1, text: '2 seeders · 0 leechers · 1 completed' });

      // Each client quits and announces `stopped`: it leaves the swarm; the completed download stays counted.
      await leecher.close();
      await waitForCounts(m.id, { seeders: 1, leechers: 0, completed: 1 }, 10_000, logs);
      await seeder.close();
      await waitForCounts(m.id, { seeders: 0, leechers: 0, completed: 1 }, 10_000, logs);
    } finally {
      await leecher?.close();
      await seeder?.close();
    }
  }, 90_000);

  // aria2c 1.36 (Debian 12) loses the dictionaries under the empty key `""` of a BEP 52 `file tree`
  // when it reads a torrent, and hashes what is left: its v1 infohash of any hybrid is wrong, so a
  // tracker answers it "unregistered torrent" (Kinora's did, over UDP) and no peer of the swarm
  // knows that infohash (aria2/aria2#1927; fixed in aria2's sources after 1.36). Its web-seed
  // downloads still work. This test pins the limitation; when a fixed aria2c arrives it fails,
  // and aria2c can take the hybrid run above.
  it('aria2c 1.36 computes a wrong infohash for hybrid torrents (a limitation of that version, not of the torrent)', async () => {
    const m = made.get('udp-hybrid')!;
    const served = (await kinora.get(`/releases/${m.id}.torrent`)).body;
    const file = join(work, 'hybrid-as-served.torrent');
    writeFileSync(file, served);
    const shown = await ns.exec('aria2c', ['--no-conf=true', '--show-files=true', file]);
    const theirs = /^Info Hash: ([0-9a-f]{40})$/m.exec(shown.stdout)?.[1];
    const ours = parseTorrent(served);
    expect(theirs).not.toBe(ours.infohashV1);
    // What aria2c hashes: the same `info` with each file's `"": { length, pieces root }` emptied.
    const info = decode(ours.infoBytes) as BDict;
    const tree = info.get('file tree') as BDict;
    const emptied = new Map(info).set('file tree', new Map([...tree.keys()].map((k) => [k, new Map()])));
    expect(theirs).toBe(createHash('sha1').update(encode(emptied)).digest('hex'));
  });
});
