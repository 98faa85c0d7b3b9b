import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisStoreForTest } from './redis.fixture.ts';
import { createRedisPeerStore } from './peer.store.ts';

const peer = (last: number) => ({ family: 4 as const, ip: Uint8Array.of(10, 1, 0, last), port: 6881 });

describe('the Redis peer store', () => {
  const redis = new Redis(REDIS_URL);
  afterAll(() => redis.disconnect());

  it('shares swarms between stores (processes) on one Redis', async () => {
    const prefix = `kinora-test:${randomBytes(6).toString('hex')}:`;
    const a = await redisStoreForTest({ peerTtlMs: 60_000 }, prefix);
    const b = await createRedisPeerStore({ peerTtlMs: 60_000, url: REDIS_URL, prefix });
    try {
      await a.announce(3, { peer: peer(1), event: 'started', seeder: true, numwant: 50, bothFamilies: false });
      const answer = await b.announce(3, { peer: peer(2), event: 'started', seeder: false, numwant: 50, bothFamilies: false });
      expect(Buffer.from(answer.peers4).toString('hex')).toBe('0a0100011ae1');
      expect(await a.counts([3])).toEqual([{ seeders: 1, leechers: 1, completed: 0 }]);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('lets the keys of a quiet swarm expire on their own', async () => {
    const prefix = `kinora-test:${randomBytes(6).toString('hex')}:`;
    const store = await redisStoreForTest({ peerTtlMs: 100 }, prefix);
    try {
      await store.announce(4, { peer: peer(1), event: 'started', seeder: false, numwant: 0, bothFamilies: false });
      expect(await redis.pttl(`${prefix}{4}:4`)).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(await redis.exists(`${prefix}{4}:4`, `${prefix}{4}:seed`)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('sweeps peers that stopped announcing and keeps the counts right', async () => {
    let now = 1_000_000;
    const store = await redisStoreForTest({ peerTtlMs: 60_000, clock: () => now });
    try {
      await store.announce(5, { peer: peer(1), event: 'started', seeder: true, numwant: 0, bothFamilies: false });
      now += 45_000;
      await store.announce(5, { peer: peer(2), event: 'started', seeder: false, numwant: 0, bothFamilies: false });
      now += 30_000;
      await store.sweep();
      expect(await store.counts([5])).toEqual([{ seeders: 0, leechers: 1, completed: 0 }]);
    } finally {
      await store.close();
    }
  });

  it('refuses promptly when Redis cannot be reached', async () => {
    const started = Date.now();
    await expect(createRedisPeerStore({ peerTtlMs: 1000, url: 'redis://127.0.0.1:1' })).rejects.toThrow(/cannot reach Redis at redis:\/\/127.0.0.1:1/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
