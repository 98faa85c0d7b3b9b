import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, isBytes, isDict } from '../src/torrent/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';

const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');

/**
 * Announces over a real socket take the fast path (before Fastify); `inject` takes the Fastify
 * routes. Both must answer byte for byte alike, and a malformed request must not hurt the server.
 */
describe('the tracker\'s fast path over a real socket', () => {
  let archive: TestArchive;
  let base: string;
  let hash: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'kinora-fast-'));
  beforeAll(async () => {
    archive = await createTestArchive(DIALECTS[0]!, { KINORA_TRACKER_UDP_PORT: '0', KINORA_TRACKER_RATE: '0' });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'fast' })] }), { actor: 'test' });
    writeFileSync(join(dir, 'f.bin'), randomBytes(5000));
    hash = Buffer.from((await archive.catalog.addRelease({ film: 'fast', source: join(dir, 'f.bin'), actor: 'test' })).torrent.infohash_v1!, 'hex');
    await archive.tracker!.tracker.refresh();
    base = await archive.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await archive?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers what the Fastify route answers, for announces, scrapes and refusals', async () => {
    const queries = [
      `/announce?info_hash=${pct(hash)}&peer_id=${pct(randomBytes(20))}&port=7001&left=0&event=stopped`,
      `/announce?info_hash=${pct(randomBytes(20))}&peer_id=${pct(randomBytes(20))}&port=7001&left=0`,
      `/announce?info_hash=${pct(hash)}&port=0`,
      '/announce?info_hash=%zz',
      `/scrape?info_hash=${pct(hash)}`,
      `/announce/not-a-passkey?info_hash=${pct(hash)}&peer_id=${pct(randomBytes(20))}&port=7001&left=0`,
      '/scrape',
    ];
    for (const q of queries) {
      const real = await fetch(`${base}${q}`);
      const body = Buffer.from(await real.arrayBuffer());
      expect(real.status, q).toBe(200);
      expect(real.headers.get('cache-control')).toBe('no-store');
      const injected = await archive.app.inject({ method: 'GET', url: q, remoteAddress: '127.0.0.1' });
      expect(body.toString('latin1'), q).toBe(injected.rawPayload.toString('latin1'));
      expect(isDict(decode(body))).toBe(true);
    }
    const seeded = await fetch(`${base}/announce?info_hash=${pct(hash)}&peer_id=${pct(randomBytes(20))}&port=7002&left=0`);
    const answer = decode(Buffer.from(await seeded.arrayBuffer()));
    expect(isDict(answer) && answer.get('complete')).toBe(1);
    expect(isDict(answer) && isBytes(answer.get('peers'))).toBe(true);
  });

  it('answers a malformed path with a failure, on both paths', async () => {
    const q = `/announce/%E0%A4%A?info_hash=${pct(hash)}`;
    const real = decode(Buffer.from(await (await fetch(`${base}${q}`)).arrayBuffer()));
    const injected = decode((await archive.app.inject({ method: 'GET', url: q })).rawPayload);
    for (const d of [real, injected]) expect(isDict(d) && String(d.get('failure reason'))).toMatch(/malformed/);
    const page = await archive.app.inject({ method: 'GET', url: '/films/%E0%A4%A' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The address is malformed');
  });

  it('leaves everything else to Fastify', async () => {
    expect((await fetch(`${base}/announcements`)).status).toBe(404);
    expect((await fetch(`${base}/announce`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/films/fast`)).status).toBe(200);
  });
});
