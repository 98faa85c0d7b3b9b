import type { AnnounceEvent, PeerAddress, SwarmCounts } from './announce.types.ts';

/**
 * Where swarms live. One interface, one folder per backend with the same file names
 * (`memory/peer.store.ts`, `redis/peer.store.ts`), one test suite run against every backend
 * (peer.store.suite.ts). A swarm is a release: its v1 and v2 infohashes reach the same one.
 */
export interface PeerStore {
  /**
   * Records the announce (adds, refreshes or, for `stopped`, removes the peer; counts a
   * completion), then picks up to `numwant` other peers at random. The memory store answers at
   * once (no promise: announces are the tracker's hot path), the Redis store with a promise.
   */
  announce(swarm: number, announce: StoreAnnounce): StoreAnswer | Promise<StoreAnswer>;
  /** Counts of each swarm, in order; a swarm never seen counts zeros. */
  counts(swarms: readonly number[]): Promise<SwarmCounts[]>;
  /** Raises completion counts to at least the given ones (restored from the database at start). */
  restoreCompleted(completed: ReadonlyMap<number, number>): Promise<void>;
  /** Forgets a swarm entirely: its torrent is no longer tracked. */
  drop(swarm: number): Promise<void>;
  /** Removes peers that stopped announcing; stores also do this on their own timer. */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreAnnounce {
  readonly peer: PeerAddress;
  readonly event: AnnounceEvent;
  readonly seeder: boolean;
  readonly numwant: number;
  /** Whether peers of the other family may be returned too (HTTP, BEP 7). */
  readonly bothFamilies: boolean;
}

export interface StoreAnswer extends SwarmCounts {
  /** Compact IPv4 peers, 6 bytes each. */
  readonly peers4: Uint8Array;
  /** Compact IPv6 peers, 18 bytes each. */
  readonly peers6: Uint8Array;
}

export interface PeerStoreOptions {
  /** A peer that has not announced for this long is gone (BEP 3 leaves it to the tracker: interval × 1.5). */
  readonly peerTtlMs: number;
  readonly clock?: () => number;
  /** A source of numbers in [0, 1), for peer selection; tests pass a seeded one. */
  readonly random?: () => number;
}
