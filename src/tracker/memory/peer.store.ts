import type { SwarmCounts } from '../announce.types.ts';
import type { PeerStore, PeerStoreOptions, StoreAnnounce, StoreAnswer } from '../peer.store.ts';
import { PeerTable, Previous, TIME_UNIT_MS, timeUnit } from './peer.table.ts';

/** One swarm: a peer table per address family and O(1) counters. */
class Swarm {
  readonly v4 = new PeerTable(1);
  readonly v6 = new PeerTable(4);
  seeders = 0;
  leechers = 0;
  completed = 0;

  count(was: Previous, delta: 1 | -1): void {
    if (was === Previous.Seeder) this.seeders += delta;
    else if (was === Previous.Leecher) this.leechers += delta;
  }
}

const EMPTY = new Uint8Array(0);
/** Swarms swept per timer tick, so a sweep of a large tracker never holds the event loop long. */
const SWEEP_SLICE = 2000;

/**
 * The default peer store: swarms in this process's memory, packed (see peer.table.ts). Peers that
 * stop announcing are swept on a timer, a slice of swarms at a time.
 */
export function createMemoryPeerStore(options: PeerStoreOptions): PeerStore {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const ttl = Math.max(1, Math.ceil(options.peerTtlMs / TIME_UNIT_MS));
  const swarms = new Map<number, Swarm>();
  const ip = new Uint32Array(4);
  const out = new Uint8Array(18 * 1024);

  const wordsOf = (bytes: Uint8Array): void => {
    for (let w = 0; w < bytes.length / 4; w++) ip[w] = ((bytes[w * 4]! << 24) | (bytes[w * 4 + 1]! << 16) | (bytes[w * 4 + 2]! << 8) | bytes[w * 4 + 3]!) >>> 0;
  };

  const pick = (table: PeerTable, max: number, entry: number, now: number, port: number): Uint8Array => {
    if (max <= 0 || table.size === 0) return EMPTY;
    const n = table.sample(Math.min(max, Math.floor(out.length / entry)), out, 0, Math.floor(random() * 0x100000000), now, ttl, ip, 0, port);
    return out.slice(0, n * entry);
  };

  const sweepSwarm = (id: number, swarm: Swarm, now: number): void => {
    const a = swarm.v4.sweep(now, ttl);
    const b = swarm.v6.sweep(now, ttl);
    swarm.seeders -= a.seeders + b.seeders;
    swarm.leechers -= a.leechers + b.leechers;
    if (swarm.seeders + swarm.leechers === 0 && swarm.completed === 0) swarms.delete(id);
  };

  let sweepQueue: number[] = [];
  const timer = setInterval(() => {
    if (sweepQueue.length === 0) sweepQueue = [...swarms.keys()];
    const now = timeUnit(clock());
    for (const id of sweepQueue.splice(0, SWEEP_SLICE)) {
      const swarm = swarms.get(id);
      if (swarm) sweepSwarm(id, swarm, now);
    }
  }, Math.max(1000, Math.min(60_000, options.peerTtlMs / 10)));
  timer.unref();

  return {
    announce(id: number, a: StoreAnnounce): StoreAnswer {
      const now = timeUnit(clock());
      let swarm = swarms.get(id);
      if (!swarm) {
        swarm = new Swarm();
        swarms.set(id, swarm);
      }
      wordsOf(a.peer.ip);
      const own = a.peer.family === 4 ? swarm.v4 : swarm.v6;
      if (a.event === 'stopped') {
        swarm.count(own.remove(ip, 0, a.peer.port), -1);
        return { seeders: swarm.seeders, leechers: swarm.leechers, completed: swarm.completed, peers4: EMPTY, peers6: EMPTY };
      }
      const was = own.upsert(ip, 0, a.peer.port, a.seeder, now);
      swarm.count(was, -1);
      swarm.count(a.seeder ? Previous.Seeder : Previous.Leecher, 1);
      // A completion counts once per download: a peer that was known as a leecher (or is new and
      // says so, having downloaded while the tracker was restarted) and now seeds.
      if (a.event === 'completed' && a.seeder && was !== Previous.Seeder) swarm.completed++;

      const other = a.peer.family === 4 ? swarm.v6 : swarm.v4;
      const ownEntry = a.peer.family === 4 ? 6 : 18;
      const mine = pick(own, a.numwant, ownEntry, now, a.peer.port);
      const more = a.bothFamilies ? pick(other, a.numwant - mine.length / ownEntry, a.peer.family === 4 ? 18 : 6, now, -1) : EMPTY;
      return {
        seeders: swarm.seeders,
        leechers: swarm.leechers,
        completed: swarm.completed,
        peers4: a.peer.family === 4 ? mine : more,
        peers6: a.peer.family === 4 ? more : mine,
      };
    },

    async counts(ids: readonly number[]): Promise<SwarmCounts[]> {
      return ids.map((id) => {
        const s = swarms.get(id);
        return s ? { seeders: s.seeders, leechers: s.leechers, completed: s.completed } : { seeders: 0, leechers: 0, completed: 0 };
      });
    },

    async restoreCompleted(completed: ReadonlyMap<number, number>): Promise<void> {
      for (const [id, n] of completed) {
        let swarm = swarms.get(id);
        if (!swarm) {
          swarm = new Swarm();
          swarms.set(id, swarm);
        }
        swarm.completed = Math.max(swarm.completed, n);
      }
    },

    async drop(id: number): Promise<void> {
      swarms.delete(id);
    },

    async sweep(): Promise<void> {
      const now = timeUnit(clock());
      for (const [id, swarm] of swarms) sweepSwarm(id, swarm, now);
    },

    async close(): Promise<void> {
      clearInterval(timer);
      swarms.clear();
    },
  };
}
