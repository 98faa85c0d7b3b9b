import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What every client download takes: the torrent, and the folder its content is saved into. */
export interface DownloadOptions {
  readonly torrentFile: string;
  /** Created if missing; the content lands at `<outDir>/<torrent name>`. */
  readonly outDir: string;
  /** Rejects (with the client's log tail) when the torrent is not complete and verified by then. Default 60 s. */
  readonly timeoutMs?: number;
}

/** A finished download. */
export interface DownloadResult {
  /** The file (single-file torrent) or folder (multi-file torrent) the client wrote. */
  readonly contentPath: string;
  /** From starting the client to it reporting the torrent complete and verified. */
  readonly elapsedMs: number;
  /** The infohashes as the client itself computed them, when it reports them (not aria2c). */
  readonly clientInfohashes?: { readonly v1: string | null; readonly v2: string | null };
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** The last `lines` lines of a text, to put in an error. */
export const tail = (text: string, lines = 30): string => text.trimEnd().split('\n').slice(-lines).join('\n');

/** The tail of a log file, or a note that it does not exist. */
export const tailFile = (path: string, lines = 30): string => (existsSync(path) ? tail(readFileSync(path, 'utf8'), lines) : `(no ${path})`);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A scratch folder for one client run (its config, profile, logs, API socket). Kept when the
 * download fails, so its logs can be read; the path is short because Unix socket paths are
 * limited to 107 bytes.
 */
export function clientStateDir(client: string): { readonly path: string; discard(): void } {
  const path = mkdtempSync(join(tmpdir(), `kinora-${client}-`));
  return { path, discard: () => rmSync(path, { recursive: true, force: true }) };
}

export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true });
}

/** What joining a swarm takes: the torrent names the tracker; the client downloads from the peers it names. */
export interface SwarmOptions extends DownloadOptions {
  /** Bytes a second at most, so that a download of a few MB on loopback lasts long enough to be watched. */
  readonly maxBytesPerSecond?: number;
}

/**
 * A client in a swarm until `close`: it downloads (or, given the content, verifies it) and then
 * stays as a seeder, so the tracker counts it as one.
 */
export interface SwarmPeer {
  /** The TCP port it listens on for peers, and announces. */
  readonly peerPort: number;
  /** Resolves when the client has every piece, verified; rejects if it fails, stops, or the timeout passes first. */
  readonly done: Promise<DownloadResult>;
  /** The tail of its log (or console output) so far, for failure messages. */
  logTail(): string;
  /** Stops it gracefully (it announces `stopped`, as when a user quits), then deletes its state. */
  close(): Promise<void>;
}
