import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { PeerStore, PeerStoreOptions } from '../peer.store.ts';
import { createRedisPeerStore } from './peer.store.ts';

/** The Redis the tests use: a real server, started by .ci/run where none runs. */
export const REDIS_URL = process.env.KINORA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis store under a prefix of its own (test files run in parallel), whose keys go with it. */
export async function redisStoreForTest(o: PeerStoreOptions, prefix = `kinora-test:${randomBytes(6).toString('hex')}:`): Promise<PeerStore> {
  const store = await createRedisPeerStore({ ...o, url: REDIS_URL, prefix });
  return {
    ...store,
    async close() {
      await store.close();
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  };
}
