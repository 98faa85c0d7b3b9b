import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What libtorrent (python3-libtorrent) reads from a .torrent; see lt_info.py. */
export interface LibtorrentInfo {
  readonly infohashV1: string | null;
  readonly infohashV2: string | null;
  readonly name: string;
  readonly totalSize: number;
  readonly numPieces: number;
  readonly pieceLength: number;
  readonly files: readonly { readonly path: string; readonly size: number; readonly pad: boolean }[];
  readonly webSeeds: readonly string[];
  readonly trackers: readonly string[];
}

const SCRIPT = fileURLToPath(new URL('./lt_info.py', import.meta.url));
/** Debian's python3 carries the libtorrent module; a python3 earlier on PATH may not. */
export const PYTHON = '/usr/bin/python3';

export const hasLibtorrent = (): boolean => spawnSync(PYTHON, ['-c', 'import libtorrent'], { stdio: 'ignore' }).status === 0;

export function libtorrentInfo(torrentFile: string): LibtorrentInfo {
  const r = spawnSync(PYTHON, [SCRIPT, torrentFile], { encoding: 'utf8' });
  const out = JSON.parse(r.stdout || '{}') as LibtorrentInfo & { error?: string };
  if (r.status !== 0 || out.error) throw new Error(`libtorrent rejected ${torrentFile}: ${out.error ?? r.stderr}`);
  return out;
}
