interface Entry<V> {
  readonly version: string;
  readonly value: V;
  readonly size: number;
}

/**
 * A least-recently-used cache whose entries are valid for one version of the data they were built
 * from. When the version lives in the shared database (as the catalog's does), a write made by any
 * process invalidates every process's cache at once: nothing is served stale. Bounded by a total
 * size (`sizeOf` per entry).
 */
export class VersionedCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxSize: number;
  readonly #sizeOf: (value: V) => number;
  #size = 0;

  constructor(maxSize: number, sizeOf: (value: V) => number) {
    this.#maxSize = maxSize;
    this.#sizeOf = sizeOf;
  }

  get enabled(): boolean {
    return this.#maxSize > 0;
  }

  async get(key: string, version: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      if (hit.version === version) {
        this.#entries.set(key, hit);
        return hit.value;
      }
      this.#size -= hit.size;
    }
    const value = await compute();
    const size = this.#sizeOf(value);
    if (size <= this.#maxSize) {
      // Another request may have filled the key while this one computed.
      const raced = this.#entries.get(key);
      if (raced) this.#size -= raced.size;
      this.#entries.set(key, { version, value, size });
      this.#size += size;
      for (const [k, e] of this.#entries) {
        if (this.#size <= this.#maxSize) break;
        this.#entries.delete(k);
        this.#size -= e.size;
      }
    }
    return value;
  }
}
