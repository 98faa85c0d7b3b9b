import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { createArchive } from '../src/main.ts';
import { parseTorrent } from '../src/torrent/index.ts';
import { runKinora } from './support/cli.ts';
import { aCatalog, aFilm } from './support/factories.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kinora-clirel-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const kinora = (args: string[], env: Record<string, string>, onErr?: (text: string, kill: () => void) => void) => runKinora(args, { env, ...(onErr ? { onErr } : {}) });

/** A data folder whose archive has one film, `the-film`. */
async function anArchiveFolder(): Promise<{ env: Record<string, string>; dataDir: string }> {
  const dataDir = tempDir();
  const env = { KINORA_DATA_DIR: dataDir, KINORA_DEMO: '0' };
  const catalog = join(tempDir(), 'catalog.json');
  writeFileSync(catalog, JSON.stringify(aCatalog({ films: [aFilm({ slug: 'the-film' })] })));
  expect((await kinora(['import', catalog], env)).code).toBe(0);
  return { env, dataDir };
}

const fileOf = (bytes: number) => {
  const path = join(tempDir(), `file-${bytes}.bin`);
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const chunks: Buffer[] = [];
  for (let left = bytes; left > 0; left -= block.length) chunks.push(block.subarray(0, Math.min(left, block.length)));
  writeFileSync(path, Buffer.concat(chunks));
  return path;
};

describe('kinora release and torrent commands', () => {
  it('adds a release and prints its id and infohashes as the last line, or as JSON', async () => {
    const { env } = await anArchiveFolder();
    const file = fileOf(300_000);
    const plain = await kinora(['release', 'add', 'the-film', file, '--name', 'first'], env);
    expect(plain.code).toBe(0);
    const last = plain.out.trim().split('\n').pop()!;
    expect(last).toMatch(/^release 1 v1 [0-9a-f]{40} v2 [0-9a-f]{64}$/);
    // Progress goes to standard error, so the last line of standard output stays machine-readable.
    expect(plain.err).toMatch(/storing .*100%/);
    expect(plain.err).toMatch(/hashing .*100%/);

    const other = join(tempDir(), 'release');
    mkdirSync(join(other, 'subs'), { recursive: true });
    writeFileSync(join(other, 'film.bin'), Buffer.alloc(70_000, 7));
    writeFileSync(join(other, 'subs', 'en.srt'), 'subtitles');
    const json = await kinora(['release', 'add', 'the-film', other, '--v1-only', '--piece-length', '32K', '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out.trim().split('\n').pop()!)).toMatchObject({ id: 2, name: 'release', version: 'v1', infohashV1: expect.stringMatching(/^[0-9a-f]{40}$/), infohashV2: null });

    const again = await kinora(['release', 'add', 'the-film', file, '--name', 'first'], env);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has a release named "first"');
    const badPiece = await kinora(['release', 'add', 'the-film', file, '--piece-length', '1000'], env);
    expect(badPiece.code).toBe(1);
    expect(badPiece.err).toContain('--piece-length');
    expect((await kinora(['release', 'add', 'no-such-film', file], env)).err).toContain('No film "no-such-film"');
  });

  it('creates and shows torrents on their own, like mktorrent and transmission-show', async () => {
    const file = fileOf(200_000);
    const out = join(tempDir(), 'x.torrent');
    const created = await kinora(['torrent', 'create', file, '-o', out, '-a', 'http://tracker.test/announce', '-w', 'http://seed.test/x.bin', '--comment', 'made in a test'], {});
    expect(created.code).toBe(0);
    const [, hashes] = created.out.trim().split('\n');
    const m = parseTorrent(readFileSync(out));
    expect(hashes).toBe(`v1 ${m.infohashV1} v2 ${m.infohashV2}`);
    expect(m.announce).toEqual([['http://tracker.test/announce']]);
    expect(m.webSeeds).toEqual(['http://seed.test/x.bin']);

    const shown = await kinora(['torrent', 'show', out], {});
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`Infohash v1: ${m.infohashV1}`);
    expect(shown.out).toContain(`Infohash v2: ${m.infohashV2}`);
    expect(shown.out).toContain('Comment: made in a test');
    expect(shown.out).toMatch(/FILES\n {2}file-200000\.bin \(195 KiB\)/);
    const asJson = JSON.parse((await kinora(['torrent', 'show', out, '--json'], {})).out);
    expect(asJson).toMatchObject({ version: 'hybrid', totalBytes: 200_000, infohashV1: m.infohashV1 });

    const magnet = `magnet:?xt=urn:btih:${m.infohashV1}&xt=urn:btmh:1220${m.infohashV2}&dn=x&xl=200000`;
    const fromMagnet = await kinora(['torrent', 'show', magnet], {});
    expect(fromMagnet.out).toContain(`Infohash v2: ${m.infohashV2}`);

    const broken = join(tempDir(), 'broken.torrent');
    writeFileSync(broken, readFileSync(out).subarray(0, 100));
    const bad = await kinora(['torrent', 'show', broken], {});
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/error: Invalid bencode at byte \d+/);
    expect((await kinora(['torrent', 'show', 'magnet:?dn=nothing'], {})).err).toContain('no urn:btih or urn:btmh');
  });

  it('leaves no half-registered release and no stray file when killed with SIGKILL, after the next start', async () => {
    const { env, dataDir } = await anArchiveFolder();
    const big = fileOf(256 * 1024 * 1024);
    for (const phase of ['storing', 'hashing']) {
      const r = await kinora(['release', 'add', 'the-film', big, '--name', `killed while ${phase}`], env, (err, kill) => {
        if (err.includes(phase)) kill();
      });
      expect(r.signal, `killed while ${phase}`).toBe('SIGKILL');
    }
    // What the killed processes left: a partial copy, or a stored blob with its pending marker.
    const files = join(dataDir, 'files');
    const leftovers = [...readdirSync(join(files, 'tmp')), ...readdirSync(join(files, 'pending'))];
    expect(leftovers.length).toBeGreaterThan(0);

    const archive = await createArchive(loadConfig({ ...env, KINORA_LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
    try {
      expect(await archive.db.kysely.selectFrom('releases').select('id').execute()).toEqual([]);
      expect(await archive.db.kysely.selectFrom('torrents').select('release_id').execute()).toEqual([]);
      expect(readdirSync(join(files, 'tmp'))).toEqual([]);
      expect(readdirSync(join(files, 'pending'))).toEqual([]);
      const blobs = readdirSync(join(files, 'sha256'), { recursive: true }).filter((p) => String(p).length > 64);
      expect(blobs).toEqual([]);
    } finally {
      await archive.close();
    }
    // And the same file can be added afterwards.
    expect((await kinora(['release', 'add', 'the-film', big, '--name', 'after'], env)).code).toBe(0);
  });
});
