import { Redis } from 'ioredis';
import type { SwarmCounts } from '../announce.types.ts';
import type { PeerStore, PeerStoreOptions, StoreAnnounce, StoreAnswer } from '../peer.store.ts';

/**
 * Swarms in Redis, shared by every process pointed at it. Per swarm, under one hash tag:
 *
 *   <prefix>{<id>}:4 / :6   sorted sets: compact address (6 or 18 bytes) → last announce (ms)
 *   <prefix>{<id>}:seed     set of the members that are seeders
 *   <prefix>{<id>}:n        hash: seeders, leechers, completed
 *
 * An announce is one script run (one round trip, atomic): expire the swarm's stale peers, record
 * the peer, count, pick. Time comes from the caller (the store's clock), never Redis TIME, so
 * every process and the tests agree on it. Keys expire on their own when a swarm goes quiet.
 */

const COMMON = `
local function expire_family(zkey, seedkey, nkey, cutoff)
  local stale = redis.call('ZRANGEBYSCORE', zkey, '-inf', '(' .. cutoff)
  for _, m in ipairs(stale) do
    if redis.call('SREM', seedkey, m) == 1 then redis.call('HINCRBY', nkey, 'seeders', -1)
    else redis.call('HINCRBY', nkey, 'leechers', -1) end
  end
  if #stale > 0 then redis.call('ZREMRANGEBYSCORE', zkey, '-inf', '(' .. cutoff) end
end
`;

// KEYS: own family zset, other family zset, seed set, counts hash
// ARGV: now, ttl, member, event, seeder (1/0), numwant, both (1/0), keyTtl
const ANNOUNCE = `${COMMON}
local own, other, seed, n = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, ttl, member, event = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4]
local seeder, numwant, both, keyttl = ARGV[5] == '1', tonumber(ARGV[6]), ARGV[7] == '1', tonumber(ARGV[8])
expire_family(own, seed, n, now - ttl)
expire_family(other, seed, n, now - ttl)
local present = redis.call('ZSCORE', own, member)
local was_seeder = present and redis.call('SISMEMBER', seed, member) == 1
local own_peers, other_peers = {}, {}
if event == 'stopped' then
  if present then
    redis.call('ZREM', own, member)
    if was_seeder then redis.call('SREM', seed, member); redis.call('HINCRBY', n, 'seeders', -1)
    else redis.call('HINCRBY', n, 'leechers', -1) end
  end
else
  redis.call('ZADD', own, now, member)
  if present then
    if was_seeder and not seeder then
      redis.call('SREM', seed, member); redis.call('HINCRBY', n, 'seeders', -1); redis.call('HINCRBY', n, 'leechers', 1)
    elseif seeder and not was_seeder then
      redis.call('SADD', seed, member); redis.call('HINCRBY', n, 'seeders', 1); redis.call('HINCRBY', n, 'leechers', -1)
    end
  elseif seeder then
    redis.call('SADD', seed, member); redis.call('HINCRBY', n, 'seeders', 1)
  else
    redis.call('HINCRBY', n, 'leechers', 1)
  end
  if event == 'completed' and seeder and not was_seeder then redis.call('HINCRBY', n, 'completed', 1) end
  if numwant > 0 then
    for _, m in ipairs(redis.call('ZRANDMEMBER', own, numwant + 1)) do
      if m ~= member and #own_peers < numwant then own_peers[#own_peers + 1] = m end
    end
    if both and #own_peers < numwant then
      other_peers = redis.call('ZRANDMEMBER', other, numwant - #own_peers)
    end
  end
  redis.call('PEXPIRE', own, keyttl); redis.call('PEXPIRE', seed, keyttl)
end
redis.call('PEXPIRE', n, keyttl * 8)
local c = redis.call('HMGET', n, 'seeders', 'leechers', 'completed')
return { tonumber(c[1]) or 0, tonumber(c[2]) or 0, tonumber(c[3]) or 0, own_peers, other_peers }
`;

// KEYS: zset v4, zset v6, seed set, counts hash; ARGV: cutoff
const SWEEP = `${COMMON}
expire_family(KEYS[1], KEYS[3], KEYS[4], tonumber(ARGV[1]))
expire_family(KEYS[2], KEYS[3], KEYS[4], tonumber(ARGV[1]))
return 1
`;

// KEYS: counts hash; ARGV: completed, keyTtl
const RESTORE = `
local c = tonumber(redis.call('HGET', KEYS[1], 'completed') or '0')
if c < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'completed', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`;

interface ScriptedRedis extends Redis {
  trackerAnnounceBuffer(...args: (string | number | Buffer)[]): Promise<[number, number, number, Buffer[], Buffer[]]>;
  trackerSweep(...args: (string | number)[]): Promise<number>;
  trackerRestore(...args: (string | number)[]): Promise<number>;
}

export interface RedisPeerStoreOptions extends PeerStoreOptions {
  readonly url: string;
  /** Prefix of every key; archives sharing one Redis need different ones. */
  readonly prefix?: string;
}

const EMPTY = new Uint8Array(0);

export async function createRedisPeerStore(options: RedisPeerStoreOptions): Promise<PeerStore> {
  const clock = options.clock ?? Date.now;
  const prefix = options.prefix ?? 'kinora:';
  const ttl = options.peerTtlMs;
  // A quiet swarm's keys outlive its last peer by one more lifetime, then Redis drops them.
  const keyTtl = ttl * 2;
  const redis = new Redis(options.url, {
    // Fail an announce promptly when Redis is away rather than queueing it forever.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    enableOfflineQueue: true,
    lazyConnect: true,
  }) as ScriptedRedis;
  redis.defineCommand('trackerAnnounce', { numberOfKeys: 4, lua: ANNOUNCE });
  redis.defineCommand('trackerSweep', { numberOfKeys: 4, lua: SWEEP });
  redis.defineCommand('trackerRestore', { numberOfKeys: 1, lua: RESTORE });
  // An error event without a listener would crash the process; failures reach callers as rejections.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${options.url}: ${(e as Error).message}`);
  }

  const key = (id: number, part: string) => `${prefix}{${id}}:${part}`;

  return {
    async announce(id: number, a: StoreAnnounce): Promise<StoreAnswer> {
      const member = Buffer.concat([a.peer.ip, Buffer.of(a.peer.port >> 8, a.peer.port & 0xff)]);
      const own = a.peer.family === 4 ? '4' : '6';
      const other = a.peer.family === 4 ? '6' : '4';
      const [seeders, leechers, completed, mine, more] = await redis.trackerAnnounceBuffer(
        key(id, own), key(id, other), key(id, 'seed'), key(id, 'n'),
        clock(), ttl, member, a.event, a.seeder ? '1' : '0', a.numwant, a.bothFamilies ? '1' : '0', keyTtl,
      );
      const ownBytes = mine.length ? Buffer.concat(mine) : EMPTY;
      const otherBytes = more.length ? Buffer.concat(more) : EMPTY;
      return { seeders, leechers, completed, peers4: a.peer.family === 4 ? ownBytes : otherBytes, peers6: a.peer.family === 4 ? otherBytes : ownBytes };
    },

    async counts(ids: readonly number[]): Promise<SwarmCounts[]> {
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hmget(key(id, 'n'), 'seeders', 'leechers', 'completed');
      const results = (await pipeline.exec()) ?? [];
      return ids.map((_, i) => {
        const [err, values] = results[i] ?? [new Error('no reply'), null];
        if (err) throw err;
        const [s, l, c] = (values as (string | null)[]).map((v) => Number(v ?? 0));
        return { seeders: s!, leechers: l!, completed: c! };
      });
    },

    async restoreCompleted(completed: ReadonlyMap<number, number>): Promise<void> {
      const pipeline = redis.pipeline();
      for (const [id, n] of completed) (pipeline as unknown as ScriptedRedis).trackerRestore(key(id, 'n'), n, keyTtl * 8);
      const results = (await pipeline.exec()) ?? [];
      for (const [err] of results) if (err) throw err;
    },

    async drop(id: number): Promise<void> {
      await redis.del(key(id, '4'), key(id, '6'), key(id, 'seed'), key(id, 'n'));
    },

    async sweep(): Promise<void> {
      const cutoff = clock() - ttl;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}{*}:n`, 'COUNT', 500);
        cursor = next;
        const pipeline = redis.pipeline();
        for (const k of keys) {
          const id = Number(k.slice(prefix.length + 1, k.indexOf('}', prefix.length)));
          if (!Number.isInteger(id)) continue;
          (pipeline as unknown as ScriptedRedis).trackerSweep(key(id, '4'), key(id, '6'), key(id, 'seed'), key(id, 'n'), cutoff);
        }
        const results = (await pipeline.exec()) ?? [];
        for (const [err] of results) if (err) throw err;
      } while (cursor !== '0');
    },

    async close(): Promise<void> {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
