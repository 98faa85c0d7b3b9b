import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import type { PeerAddress } from './announce.types.ts';
import { createMemoryPeerStore } from './memory/peer.store.ts';
import { redisStoreForTest } from './redis/redis.fixture.ts';
import type { PeerStore, PeerStoreOptions, StoreAnnounce } from './peer.store.ts';

/** Every backend runs the same tests (one body, every store), as Kysely's suites loop over dialects. */
const BACKENDS: { name: string; create: (o: PeerStoreOptions) => Promise<PeerStore> }[] = [
  { name: 'memory', create: async (o) => createMemoryPeerStore(o) },
  { name: 'redis', create: (o) => redisStoreForTest(o) },
];

const v4 = (last: number, port = 6881): PeerAddress => ({ family: 4, ip: Uint8Array.of(10, 0, last >> 8, last & 0xff), port });
const v6 = (last: number, port = 6881): PeerAddress => ({ family: 6, ip: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(10).fill(0), last >> 8, last & 0xff), port });
const ask = (peer: PeerAddress, extra: Partial<StoreAnnounce> = {}): StoreAnnounce => ({ peer, event: 'none', seeder: false, numwant: 50, bothFamilies: true, ...extra });
const compact = (bytes: Uint8Array, size: number): string[] =>
  Array.from({ length: bytes.length / size }, (_, i) => Buffer.from(bytes.subarray(i * size, (i + 1) * size)).toString('hex'));
const hexOf = (p: PeerAddress) => Buffer.concat([p.ip, Buffer.of(p.port >> 8, p.port & 0xff)]).toString('hex');

describe.each(BACKENDS)('PeerStore ($name)', ({ create }) => {
  let store: PeerStore | undefined;
  let now = 1_700_000_000_000;
  const open = async (ttl = 60_000) => {
    store = await create({ peerTtlMs: ttl, clock: () => now, random: mulberry32(7) });
    return store;
  };
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('adds a peer, counts it, and gives it to the next one but never to itself', async () => {
    const s = await open();
    const first = await s.announce(1, ask(v4(1), { event: 'started' }));
    expect(first).toMatchObject({ seeders: 0, leechers: 1, completed: 0 });
    expect(first.peers4.length).toBe(0);
    const second = await s.announce(1, ask(v4(2), { event: 'started', seeder: true }));
    expect(second).toMatchObject({ seeders: 1, leechers: 1 });
    expect(compact(second.peers4, 6)).toEqual([hexOf(v4(1))]);
    expect(await s.counts([1, 2])).toEqual([{ seeders: 1, leechers: 1, completed: 0 }, { seeders: 0, leechers: 0, completed: 0 }]);
  });

  it('counts a completion once, when a leecher becomes a seeder', async () => {
    const s = await open();
    await s.announce(1, ask(v4(1), { event: 'started' }));
    await s.announce(1, ask(v4(1), { event: 'completed', seeder: true }));
    await s.announce(1, ask(v4(1), { event: 'completed', seeder: true })); // repeated: not counted again
    await s.announce(1, ask(v4(2), { event: 'completed', seeder: true })); // new, having finished: counted
    expect(await s.counts([1])).toEqual([{ seeders: 2, leechers: 0, completed: 2 }]);
  });

  it('removes a peer that stops, and keeps counts exact through many arrivals and departures', async () => {
    const s = await open();
    for (let i = 0; i < 3000; i++) await s.announce(5, ask(v4(i, 1000 + (i % 7)), { seeder: i % 3 === 0 }));
    for (let i = 0; i < 3000; i += 2) await s.announce(5, ask(v4(i, 1000 + (i % 7)), { event: 'stopped' }));
    const seeders = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 2 === 1 && i % 3 === 0).length;
    expect(await s.counts([5])).toEqual([{ seeders, leechers: 1500 - seeders, completed: 0 }]);
    const stoppedAgain = await s.announce(5, ask(v4(0, 1000), { event: 'stopped' }));
    expect(stoppedAgain).toMatchObject({ seeders, leechers: 1500 - seeders });
  });

  it('returns numwant distinct peers, picked at random', async () => {
    const s = await open();
    for (let i = 0; i < 500; i++) await s.announce(9, ask(v4(i)));
    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const a = await s.announce(9, ask(v4(0), { numwant: 30 }));
      const peers = compact(a.peers4, 6);
      expect(peers.length).toBe(30);
      expect(new Set(peers).size).toBe(30);
      expect(peers).not.toContain(hexOf(v4(0)));
      for (const p of peers) seen.add(p);
    }
    // Twenty picks of 30 out of 499 reach far more than the first 30.
    expect(seen.size).toBeGreaterThan(200);
    expect((await s.announce(9, ask(v4(0), { numwant: 0 }))).peers4.length).toBe(0);
  });

  it('keeps IPv6 peers apart, and gives both families only when asked (BEP 7)', async () => {
    const s = await open();
    await s.announce(3, ask(v4(1)));
    await s.announce(3, ask(v6(1)));
    const both = await s.announce(3, ask(v6(2)));
    expect(compact(both.peers6, 18)).toEqual([hexOf(v6(1))]);
    expect(compact(both.peers4, 6)).toEqual([hexOf(v4(1))]);
    const own = await s.announce(3, ask(v4(2), { bothFamilies: false }));
    expect(compact(own.peers4, 6)).toEqual([hexOf(v4(1))]);
    expect(own.peers6.length).toBe(0);
    expect(await s.counts([3])).toEqual([{ seeders: 0, leechers: 4, completed: 0 }]);
  });

  it('forgets peers that stop announcing', async () => {
    const s = await open(60_000);
    await s.announce(4, ask(v4(1)));
    now += 30_000;
    await s.announce(4, ask(v4(2), { seeder: true }));
    now += 45_000; // the first is 75 s old, the second 45 s
    await s.sweep();
    expect(await s.counts([4])).toEqual([{ seeders: 1, leechers: 0, completed: 0 }]);
    const a = await s.announce(4, ask(v4(3)));
    expect(compact(a.peers4, 6)).toEqual([hexOf(v4(2))]);
  });

  it('drops a swarm, and restores completion counts', async () => {
    const s = await open();
    await s.announce(8, ask(v4(1), { event: 'completed', seeder: true }));
    await s.restoreCompleted(new Map([[8, 40], [9, 3]]));
    expect(await s.counts([8, 9])).toEqual([{ seeders: 1, leechers: 0, completed: 40 }, { seeders: 0, leechers: 0, completed: 3 }]);
    await s.drop(8);
    expect(await s.counts([8])).toEqual([{ seeders: 0, leechers: 0, completed: 0 }]);
  });

  it('tells swarms apart', async () => {
    const s = await open();
    await s.announce(1, ask(v4(1)));
    const other = await s.announce(2, ask(v4(2)));
    expect(other.peers4.length).toBe(0);
    expect(await s.counts([1, 2])).toEqual([{ seeders: 0, leechers: 1, completed: 0 }, { seeders: 0, leechers: 1, completed: 0 }]);
  });
});
