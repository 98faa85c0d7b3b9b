import { AppError } from '../errors.ts';
import { Allowlist, type TrackedSource } from './allowlist.ts';
import type { AnnounceAnswer, AnnounceRequest, ScrapeRequest, SwarmCounts } from './announce.types.ts';
import type { PeerStore, StoreAnswer } from './peer.store.ts';

export interface TrackerSettings {
  /** Seconds between regular announces, sent as `interval`. */
  readonly intervalSeconds: number;
  /** Seconds a client must wait at least, sent as `min interval`. */
  readonly minIntervalSeconds: number;
  readonly defaultNumwant: number;
  readonly maxNumwant: number;
  /** How often the allowlist is checked against the catalog. */
  readonly refreshMs: number;
}

export interface TrackerDeps {
  readonly store: PeerStore;
  readonly source: TrackedSource;
  readonly settings: TrackerSettings;
  /** Called when a refresh fails (the previous allowlist stays in force). */
  readonly onRefreshError?: (err: unknown) => void;
  /** Whether a passkey belongs to an account (private releases); without it, private torrents are refused. */
  readonly passkeys?: (passkey: string) => Promise<boolean>;
}

/** The core every transport calls: it decides, the transports parse and encode. */
export interface Tracker {
  readonly settings: TrackerSettings;
  /**
   * Answers an announce: at once when the store answers at once (the memory store, public
   * torrents), else with a promise. Throws (or rejects with) an AppError for anything refused.
   */
  announce(request: AnnounceRequest): AnnounceAnswer | Promise<AnnounceAnswer>;
  /** Counts per requested infohash (as a latin1 string of its 20 bytes); untracked ones are absent. */
  scrape(request: ScrapeRequest): Promise<Map<string, SwarmCounts>>;
  /** Counts per release, for the catalog's pages. */
  counts(releaseIds: readonly number[]): Promise<SwarmCounts[]>;
  /** Every tracked release. */
  releases(): number[];
  /** Checks the catalog now (also done every `refreshMs`); swarms of untracked torrents are dropped. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export const unregistered = () => new AppError('not_found', 'unregistered_torrent', 'unregistered torrent');
const passkeyNeeded = () => new AppError('forbidden', 'passkey_required', 'this torrent is private: download its .torrent again while logged in to the archive (the passkey in this announce URL is missing or no longer valid)');

export async function createTracker(deps: TrackerDeps): Promise<Tracker> {
  const { store, settings } = deps;
  const allowlist = new Allowlist(deps.source);

  let refreshing: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    refreshing ??= (async () => {
      try {
        for (const gone of await allowlist.refresh()) await store.drop(gone);
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  };
  await refresh();
  const timer = setInterval(() => refresh().catch((err: unknown) => deps.onRefreshError?.(err)), settings.refreshMs);
  timer.unref();

  const withIntervals = (a: StoreAnswer): AnnounceAnswer => ({
    seeders: a.seeders, leechers: a.leechers, completed: a.completed, peers4: a.peers4, peers6: a.peers6,
    interval: settings.intervalSeconds, minInterval: settings.minIntervalSeconds,
  });
  const finish = (swarm: number, r: AnnounceRequest): AnnounceAnswer | Promise<AnnounceAnswer> => {
    const numwant = r.event === 'stopped' ? 0 : Math.min(r.numwant < 0 ? settings.defaultNumwant : r.numwant, settings.maxNumwant);
    const a = store.announce(swarm, { peer: r.peer, event: r.event, seeder: r.left === 0, numwant, bothFamilies: r.bothFamilies });
    return a instanceof Promise ? a.then(withIntervals) : withIntervals(a);
  };

  return {
    settings,
    announce(r) {
      const swarm = allowlist.lookup(r.infoHash);
      if (swarm === undefined) throw unregistered();
      if (allowlist.isPrivate(swarm)) {
        const check = r.passkey !== undefined && deps.passkeys ? deps.passkeys(r.passkey) : Promise.resolve(false);
        return check.then((ok) => {
          if (!ok) throw passkeyNeeded();
          return finish(swarm, r);
        });
      }
      return finish(swarm, r);
    },
    async scrape(r) {
      // Private torrents are scraped only with a valid passkey; to anybody else they are not tracked.
      const trusted = r.passkey !== undefined && deps.passkeys !== undefined && (await deps.passkeys(r.passkey));
      const found = r.infoHashes.map((h) => [Buffer.from(h).toString('latin1'), allowlist.lookup(h)] as const)
        .filter((e): e is readonly [string, number] => e[1] !== undefined && (trusted || !allowlist.isPrivate(e[1])));
      const counts = await store.counts(found.map(([, id]) => id));
      return new Map(found.map(([key], i) => [key, counts[i]!]));
    },
    counts: (ids) => store.counts(ids),
    releases: () => allowlist.releases(),
    refresh,
    async close() {
      clearInterval(timer);
      await refreshing?.catch(() => undefined);
    },
  };
}
