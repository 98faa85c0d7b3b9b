// Types for hash.job.js, which stays plain JavaScript so worker threads start without a loader.

export interface JobLayout {
  readonly spans: readonly { readonly path: string; readonly offset: number; readonly length: number }[];
  readonly end: number;
  readonly pieceLength: number;
  readonly v1: boolean;
  readonly v2: boolean;
}

export interface JobRunner {
  /**
   * Hashes pieces [first, first + count) into `sha1` (20 bytes per piece) and `v2` (32 bytes per
   * piece), starting at piece slot `at`; returns the file bytes (not padding) hashed.
   */
  run(first: number, count: number, sha1: Buffer | null, v2: Buffer | null, at: number): number;
  /** Closes the files the runner opened. */
  close(): void;
}

export function createJobRunner(layout: JobLayout): JobRunner;

