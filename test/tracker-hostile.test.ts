import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/prng.ts';
import { decode, isBytes, isDict } from '../src/torrent/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { freeUdpPort, httpClient, udpClient } from './support/tracker-clients.ts';

const sqlite = DIALECTS.find((d) => d.name === 'sqlite')!;

/** Bad input over the wire: a clear error each time, nothing changed, the process still serving. */
describe('the tracker under hostile input', () => {
  let archive: TestArchive;
  let udpPort: number;
  let hash: Buffer;
  let releaseId: number;
  const dir = mkdtempSync(join(tmpdir(), 'kinora-hostile-'));

  beforeAll(async () => {
    udpPort = await freeUdpPort();
    archive = await createTestArchive(sqlite, { KINORA_TRACKER_UDP_PORT: String(udpPort), KINORA_HOST: '127.0.0.1', KINORA_TRACKER_RATE: '0' });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'hostile' })] }), { actor: 'test' });
    writeFileSync(join(dir, 'f.mp4'), randomBytes(10_000));
    const r = await archive.catalog.addRelease({ film: 'hostile', source: join(dir, 'f.mp4'), actor: 'test' });
    hash = Buffer.from(r.torrent.infohash_v1!, 'hex');
    releaseId = r.id;
    await archive.tracker!.tracker.refresh();
    await archive.tracker!.startUdp('127.0.0.1');
  });
  afterAll(async () => {
    await archive?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 5,000 random HTTP announces and scrapes with a bencoded failure or success, changing nothing', async () => {
    const random = mulberry32(3);
    const before = await archive.tracker!.counts([releaseId]);
    const pieces = ['info_hash=', 'peer_id=', 'port=', 'left=', 'event=', 'numwant=', 'compact=', '%', '%zz', '&', '=', '+', '0', '6881', '-1', '2147483648', hash.toString('latin1').slice(0, 5), 'stopped', '%ff%00'];
    const reasons = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const q = Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const path = random() < 0.8 ? '/announce' : '/scrape';
      const res = await archive.app.inject({ method: 'GET', url: `${path}?${encodeURI(q).replace(/%25/g, '%')}`, remoteAddress: `10.9.${i % 200}.${(i >> 8) % 200}` });
      expect(res.statusCode).toBe(200);
      const body = decode(res.rawPayload);
      expect(isDict(body)).toBe(true);
      const reason = isDict(body) ? body.get('failure reason') : undefined;
      if (isBytes(reason)) reasons.add(reason.toString('utf8').replace(/"[^"]*"/g, '…').replace(/\d+/g, 'N'));
    }
    expect(reasons.size).toBeGreaterThanOrEqual(5);
    expect(await archive.tracker!.counts([releaseId])).toEqual(before);
  });

  it('survives 30,000 random and mutated UDP packets, answering errors, and still serves a real client', async () => {
    const random = mulberry32(9);
    const client = await udpClient(udpPort);
    const blaster = createSocket('udp4');
    blaster.bind(0, '127.0.0.1');
    await once(blaster, 'listening');
    let errors = 0;
    let others = 0;
    blaster.on('message', (m) => (m.length >= 8 && m.readUInt32BE(0) === 3 ? errors++ : others++));
    try {
      const valid = Buffer.alloc(98);
      valid.writeUInt32BE(1, 8);
      hash.copy(valid, 16);
      valid.writeUInt16BE(6881, 96);
      for (let i = 0; i < 30_000; i++) {
        let p: Buffer;
        if (random() < 0.3) p = randomBytes(Math.floor(random() * 120));
        else {
          p = Buffer.from(valid);
          p.writeUInt32BE(Math.floor(random() * 0xffffffff), 12);
          for (let e = 1 + Math.floor(random() * 3); e > 0; e--) p[Math.floor(random() * 98)] = Math.floor(random() * 256);
          if (random() < 0.2) p = p.subarray(0, Math.floor(random() * 98));
        }
        blaster.send(p, udpPort, '127.0.0.1');
        if (i % 50 === 0) await new Promise((r) => setTimeout(r, 2)); // let the tracker keep up: both sockets drop what overflows their buffers
      }
      await new Promise((r) => setTimeout(r, 200));
      // Packets with a transaction id get an error (bad id, unknown action, bad length…); none is served.
      expect(errors).toBeGreaterThan(20_000);
      expect(others).toBe(0);
      const a = await client.announce({ infoHash: hash, port: 7777, left: 1 });
      expect(a.leechers).toBeGreaterThanOrEqual(1);
    } finally {
      blaster.close();
      await client.close();
    }
  });

  it('refuses a flood from one address while serving another', async () => {
    const limited = await createTestArchive(sqlite, { KINORA_TRACKER_UDP_PORT: '0', KINORA_TRACKER_RATE: '100' });
    await limited.catalog.import(aCatalog({ films: [aFilm({ slug: 'hostile' })] }), { actor: 'test' });
    await limited.catalog.addRelease({ film: 'hostile', source: join(dir, 'f.mp4'), actor: 'test' });
    await limited.tracker!.tracker.refresh();
    const flooder = httpClient(limited.app, '192.0.2.66');
    const other = httpClient(limited.app, '192.0.2.67');
    let refused = 0;
    for (let i = 0; i < 1000; i++) {
      await flooder.announce({ infoHash: hash, port: 5000, left: 1 }).catch((e: Error) => {
        if (/too many requests/.test(e.message)) refused++;
        else throw e;
      });
    }
    // 100 a second in bursts of 400: the first 400 or so pass, nearly all the rest are refused.
    expect(refused).toBeGreaterThan(500);
    expect((await other.announce({ infoHash: hash, port: 5001, left: 1 })).peers).toContain('192.0.2.66:5000');
    await limited.destroy();
  });
});
