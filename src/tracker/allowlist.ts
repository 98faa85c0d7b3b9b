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

/** The first 6 bytes of an infohash as a number (exact: under 2^53). */
const prefixOf = (b: Uint8Array): number => ((b[0]! * 256 + b[1]!) * 256 + b[2]!) * 16_777_216 + ((b[3]! << 16) | (b[4]! << 8) | b[5]!);

/**
 * The torrents this tracker serves, kept in sync with the catalog: a map from the 20 bytes an
 * announce carries (as a latin1 string) to the release. BEP 52: a v2 infohash is announced
 * truncated to 20 bytes, so both keys of a hybrid lead to one swarm.
 */
export class Allowlist {
  /**
   * Releases by the first 6 bytes of the 20 an announce carries (as a number), then compared in
   * full: no string is made per announce (the profile showed it), and collisions of 48 bits
   * among an archive's torrents are as good as never, yet handled.
   */
  #byPrefix = new Map<number, { readonly key: Uint8Array; readonly id: number }[]>();
  #releases = new Set<number>();
  #private = new Set<number>();
  #version: string | undefined;
  readonly #source: TrackedSource;

  constructor(source: TrackedSource) {
    this.#source = source;
  }

  /** The release an announced infohash belongs to, or undefined if it is not tracked. */
  lookup(infoHash: Uint8Array): number | undefined {
    if (infoHash.length !== 20) return undefined;
    const candidates = this.#byPrefix.get(prefixOf(infoHash));
    if (!candidates) return undefined;
    for (const c of candidates) {
      let same = true;
      for (let i = 6; i < 20; i++) {
        if (c.key[i] !== infoHash[i]) {
          same = false;
          break;
        }
      }
      if (same) return c.id;
    }
    return undefined;
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
    const byPrefix = new Map<number, { key: Uint8Array; id: number }[]>();
    const add = (hex: string, id: number) => {
      const key = Buffer.from(hex.slice(0, 40), 'hex');
      const p = prefixOf(key);
      byPrefix.set(p, [...(byPrefix.get(p) ?? []), { key, id }]);
    };
    const releases = new Set<number>();
    const privates = new Set<number>();
    for (const t of torrents) {
      releases.add(t.releaseId);
      if (t.private) privates.add(t.releaseId);
      if (t.infohashV1) add(t.infohashV1, t.releaseId);
      if (t.infohashV2) add(t.infohashV2, t.releaseId);
    }
    const gone = [...this.#releases].filter((id) => !releases.has(id));
    this.#byPrefix = byPrefix;
    this.#releases = releases;
    this.#private = privates;
    this.#version = version;
    return gone;
  }
}
