import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { TrackerConfig } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import type { TrackedSource } from './allowlist.ts';
import type { SwarmCounts } from './announce.types.ts';
import { createMemoryPeerStore } from './memory/peer.store.ts';
import type { PeerStore } from './peer.store.ts';
import { type RateLimiter, createRateLimiter } from './rate.limit.ts';
import { type PeerSample, addSamples, loadCompleted, loadSamples, saveCounts } from './stats.store.ts';
import { type Tracker, createTracker } from './tracker.service.ts';
import { type UdpTracker, startUdpTracker } from './udp.server.ts';

/** Counts are written to the database this often (they survive restarts, and other processes read them). */
const SAVE_MS = 60_000;
/** One sample per release per period, for the 7-day chart. */
export const SAMPLE_PERIOD_MS = 10 * 60_000;
export const SAMPLE_DAYS = 7;

/** A running tracker with its store, limits and bookkeeping: what `kinora serve` and `kinora tracker` start. */
export interface TrackerRuntime {
  readonly tracker: Tracker;
  readonly limiter: RateLimiter;
  readonly config: TrackerConfig;
  /** Milliseconds now, the clock of the announce paths. */
  readonly nowMs: () => number;
  /** Starts UDP (BEP 15) on the configured port, unless it is 0. */
  startUdp(host: string): Promise<UdpTracker | undefined>;
  /** Live counts of releases. */
  counts(releaseIds: readonly number[]): Promise<SwarmCounts[]>;
  /** A release's peers over the last SAMPLE_DAYS days. */
  samples(releaseId: number): Promise<PeerSample[]>;
  /** Writes counts (and a sample, at the start of each period) now; also done on a timer. */
  record(): Promise<void>;
  close(): Promise<void>;
}

export interface TrackerRuntimeDeps {
  readonly config: TrackerConfig;
  readonly db: Kysely<Database>;
  readonly source: TrackedSource;
  readonly logger: Logger;
  readonly clock: () => Date;
  /**
   * Milliseconds now, for the announce paths (the store, UDP connection ids): `Date.now` unless a
   * test injects a clock; making a Date per announce showed in the profile.
   */
  readonly nowMs?: () => number;
  /** How often the allowlist is checked against the catalog (default 1 s). */
  readonly refreshMs?: number;
  /** Whether a passkey belongs to an account (announces of private releases). */
  readonly passkeys?: (passkey: string) => Promise<boolean>;
}

async function openStore(config: TrackerConfig, nowMs: () => number): Promise<PeerStore> {
  const options = { peerTtlMs: config.intervalSeconds * 1500, clock: nowMs };
  if (config.store === 'memory') return createMemoryPeerStore(options);
  // Loaded only when asked for, so the embedded setup never loads a Redis client.
  const { createRedisPeerStore } = await import('./redis/peer.store.ts');
  return createRedisPeerStore({ ...options, url: config.redisUrl, prefix: config.redisPrefix });
}

export async function openTrackerRuntime(deps: TrackerRuntimeDeps): Promise<TrackerRuntime> {
  const { config, db, logger, clock } = deps;
  const nowMs = deps.nowMs ?? (() => clock().getTime());
  const store = await openStore(config, nowMs);
  let tracker: Tracker;
  try {
    await store.restoreCompleted(await loadCompleted(db));
    tracker = await createTracker({
      store,
      source: deps.source,
      settings: { intervalSeconds: config.intervalSeconds, minIntervalSeconds: Math.floor(config.intervalSeconds / 2), defaultNumwant: 50, maxNumwant: config.maxNumwant, refreshMs: deps.refreshMs ?? 1000 },
      onRefreshError: (err) => logger.warn({ err }, 'the tracker could not read the catalog; it keeps its previous list'),
      ...(deps.passkeys ? { passkeys: deps.passkeys } : {}),
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const limiter = createRateLimiter({ rate: config.ratePerSecond, burst: config.ratePerSecond * 4 });
  const udp: UdpTracker[] = [];

  let lastPeriod = -1;
  const record = async () => {
    const now = clock();
    const ids = tracker.releases();
    const counts = await store.counts(ids);
    const byId = new Map(ids.map((id, i) => [id, counts[i]!]));
    await saveCounts(db, byId, now);
    const period = Math.floor(now.getTime() / SAMPLE_PERIOD_MS);
    if (period !== lastPeriod) {
      lastPeriod = period;
      await addSamples(db, byId, new Date(period * SAMPLE_PERIOD_MS), new Date(now.getTime() - (SAMPLE_DAYS + 1) * 86_400_000));
    }
  };
  const timer = setInterval(() => record().catch((err: unknown) => logger.warn({ err }, 'the tracker could not write its counts')), SAVE_MS);
  timer.unref();

  return {
    tracker,
    limiter,
    config,
    nowMs,
    async startUdp(host) {
      if (config.udpPort === 0) return undefined;
      const u = await startUdpTracker({ tracker, limiter, host, port: config.udpPort, receiveBufferBytes: config.udpReceiveBufferBytes, connectionIdMs: config.connectionIdSeconds * 1000, logger, clock: nowMs });
      udp.push(u);
      return u;
    },
    counts: (ids) => store.counts(ids),
    samples: (id) => loadSamples(db, id, new Date(clock().getTime() - SAMPLE_DAYS * 86_400_000)),
    record,
    async close() {
      clearInterval(timer);
      await Promise.all(udp.map((u) => u.close()));
      await record().catch((err: unknown) => logger.warn({ err }, 'the tracker could not write its last counts'));
      await tracker.close();
      limiter.close();
      await store.close();
    },
  };
}
