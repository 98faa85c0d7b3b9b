/** A torrent the tracker serves: a release and the infohashes that reach its swarm. */
export interface TrackedTorrent {
  readonly releaseId: number;
  /** 40 hex digits, or null for a v2-only torrent. */
  readonly infohashV1: string | null;
  /** 64 hex digits, or null for a v1 torrent. */
  readonly infohashV2: string | null;
  /** BEP 27: announces must carry a reader's passkey. */
  readonly private?: boolean;
}

/** Where the allowlist comes from: the catalog, read through its service. */
export interface TrackedSource {
  /** Changes whenever the set of torrents may have changed. */
  version(): Promise<string>;
  list(): Promise<TrackedTorrent[]>;
}

/**
 * The torrents this tracker serves, kept in sync with the catalog: a map from the 20 bytes an
 * announce carries (as a latin1 string) to the release. BEP 52: a v2 infohash is announced
 * truncated to 20 bytes, so both keys of a hybrid lead to one swarm.
 */
export class Allowlist {
  #byKey = new Map<string, number>();
  #releases = new Set<number>();
  #private = new Set<number>();
  #version: string | undefined;
  readonly #source: TrackedSource;

  constructor(source: TrackedSource) {
    this.#source = source;
  }

  /** The release an announced infohash belongs to, or undefined if it is not tracked. */
  lookup(infoHash: Uint8Array): number | undefined {
    return this.#byKey.get(Buffer.from(infoHash.buffer, infoHash.byteOffset, infoHash.byteLength).toString('latin1'));
  }

  /** Whether a tracked release's torrent is private (BEP 27). */
  isPrivate(releaseId: number): boolean {
    return this.#private.has(releaseId);
  }

  get size(): number {
    return this.#releases.size;
  }

  /** Every tracked release. */
  releases(): number[] {
    return [...this.#releases];
  }

  /** Reloads if the catalog changed; returns the releases that are no longer tracked. */
  async refresh(): Promise<number[]> {
    const version = await this.#source.version();
    if (version === this.#version) return [];
    const torrents = await this.#source.list();
    const byKey = new Map<string, number>();
    const releases = new Set<number>();
    const privates = new Set<number>();
    for (const t of torrents) {
      releases.add(t.releaseId);
      if (t.private) privates.add(t.releaseId);
      if (t.infohashV1) byKey.set(Buffer.from(t.infohashV1, 'hex').toString('latin1'), t.releaseId);
      if (t.infohashV2) byKey.set(Buffer.from(t.infohashV2.slice(0, 40), 'hex').toString('latin1'), t.releaseId);
    }
    const gone = [...this.#releases].filter((id) => !releases.has(id));
    this.#byKey = byKey;
    this.#releases = releases;
    this.#private = privates;
    this.#version = version;
    return gone;
  }
}
