import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { freeUdpPort, udpClient } from './support/tracker-clients.ts';

const BIN = fileURLToPath(new URL('../bin/kinora.js', import.meta.url));
const REDIS_URL = process.env.KINORA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Starts `kinora tracker` and resolves with its HTTP address once it serves. */
function startTracker(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'tracker', '--port', '0', '--host', '127.0.0.1'], { env: { ...process.env, KINORA_LOG_LEVEL: 'info', ...env } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the tracker did not start: ${out}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('Kinora tracker is serving'));
      if (!line) return;
      clearTimeout(timer);
      resolve({ child, base: (JSON.parse(line) as { address: string }).address });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => reject(new Error(`the tracker exited with ${code}: ${out}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });

const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');

describe('two tracker processes on one Redis', () => {
  let archive: TestArchive;
  let hash: Buffer;
  const prefix = `kinora-test:${randomBytes(6).toString('hex')}:`;
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kinora-trackers-'));

  beforeAll(async () => {
    archive = await createTestArchive(DIALECTS.find((d) => d.name === 'sqlite')!, { KINORA_TRACKER: '0' });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'shared' })] }), { actor: 'test' });
    writeFileSync(join(dir, 'shared.mp4'), randomBytes(20_000));
    const r = await archive.catalog.addRelease({ film: 'shared', source: join(dir, 'shared.mp4'), actor: 'test' });
    hash = Buffer.from(r.torrent.infohash_v1!, 'hex');
  });
  afterAll(async () => {
    await Promise.all(children.map(stop));
    await archive?.destroy();
    rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('returns a peer announced to one process from the other, over HTTP and UDP', async () => {
    if (archive.config.database.kind !== 'sqlite') throw new Error('this test shares an SQLite file between processes');
    const env = {
      KINORA_DATABASE_URL: `sqlite:${archive.config.database.file}`, KINORA_DATA_DIR: archive.dataDir,
      KINORA_TRACKER_STORE: 'redis', KINORA_REDIS_URL: REDIS_URL, KINORA_REDIS_PREFIX: prefix, KINORA_TRACKER_RATE: '0',
    };
    const udpPort = await freeUdpPort();
    const one = await startTracker({ ...env, KINORA_TRACKER_UDP_PORT: '0' });
    children.push(one.child);
    const two = await startTracker({ ...env, KINORA_TRACKER_UDP_PORT: String(udpPort) });
    children.push(two.child);

    const announced = await fetch(`${one.base}/announce?info_hash=${pct(hash)}&peer_id=${pct(randomBytes(20))}&port=51413&left=0&event=started&compact=1`);
    expect(Buffer.from(await announced.arrayBuffer()).toString('latin1')).toMatch(/^d8:completei1e/);

    const client = await udpClient(udpPort);
    try {
      const answer = await client.announce({ infoHash: hash, port: 51414, left: 100, event: 'started' });
      expect(answer).toMatchObject({ seeders: 1, leechers: 1, peers: ['127.0.0.1:51413'] });
    } finally {
      await client.close();
    }
    const scrape = await fetch(`${one.base}/scrape?info_hash=${pct(hash)}`);
    expect(Buffer.from(await scrape.arrayBuffer()).toString('latin1')).toContain('d8:completei1e10:downloadedi0e10:incompletei1ee');
  });
});
