import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Other programs' view of a torrent file, and other programs making torrents: libtorrent (through
 * lt_tool.py), transmission-show, mktorrent, transmission-create. All run on the host; none of
 * them touches the network.
 */

/** Debian's python3 carries the libtorrent module; a python3 earlier on PATH (pyenv) may not. */
export const PYTHON = '/usr/bin/python3';
const LT_TOOL = fileURLToPath(new URL('./lt_tool.py', import.meta.url));

export const hasLibtorrent = (): boolean => spawnSync(PYTHON, ['-c', 'import libtorrent'], { stdio: 'ignore' }).status === 0;

/** What libtorrent read from a torrent. Sizes and piece counts include BEP 47 padding files. */
export interface LibtorrentInfo {
  readonly infohashV1: string | null;
  /** The full 32-byte SHA-256 infohash, 64 hex digits. */
  readonly infohashV2: string | null;
  readonly name: string;
  readonly totalSize: number;
  readonly numPieces: number;
  readonly pieceLength: number;
  /** In the torrent's order, paths starting with the torrent's name for a multi-file torrent. */
  readonly files: readonly { readonly path: string; readonly size: number; readonly padFile: boolean }[];
  readonly webSeeds: readonly string[];
  readonly trackers: readonly string[];
  readonly private: boolean;
}

/** Reads a torrent with libtorrent; throws libtorrent's own message when it rejects the file. */
export function libtorrentInfo(torrentFile: string): LibtorrentInfo {
  const r = spawnSync(PYTHON, [LT_TOOL, 'info', torrentFile], { encoding: 'utf8' });
  const out = parseJson(r.stdout) as (LibtorrentInfo & { error?: string }) | undefined;
  if (r.status !== 0 || !out || out.error) throw new Error(out?.error ?? `lt_tool.py info failed (${r.status}): ${r.stderr}`);
  return out;
}

export interface LibtorrentCreateOptions {
  /** Bytes, a power of two of at least 16 KiB; libtorrent chooses when omitted. */
  readonly pieceLength?: number;
  /** libtorrent 2.0 makes hybrid (v1 + v2) torrents unless told otherwise. */
  readonly format?: 'hybrid' | 'v1' | 'v2';
  readonly webSeeds?: readonly string[];
  readonly trackers?: readonly string[];
  readonly private?: boolean;
}

/**
 * Makes a torrent of `path` (a file or a folder) with libtorrent. Hybrid and v2 multi-file
 * torrents get a padding file (`.pad/<n>`) after every file that does not end on a piece
 * boundary, the last file included.
 */
export function libtorrentCreate(path: string, out: string, options: LibtorrentCreateOptions = {}): void {
  run(PYTHON, [LT_TOOL, 'create', path, out, JSON.stringify({ ...options, pieceLength: options.pieceLength ?? 0 })]);
}

/** What transmission-show (3.00) prints about a torrent. */
export interface TransmissionShowInfo {
  readonly name: string;
  /** Transmission 3.00 knows only v1: this is the v1 infohash. */
  readonly infohash: string;
  readonly pieceCount: number;
  readonly webSeeds: readonly string[];
  readonly trackers: readonly string[];
  /** As Transmission will name them on disk: `\ : " < > | ? *` become `_`, trailing dots and spaces go. */
  readonly files: readonly string[];
  readonly raw: string;
}

/**
 * Reads a torrent with transmission-show. Throws when Transmission cannot parse it, which 3.00
 * does for every torrent with a BEP 52 `file tree` (hybrid or v2).
 */
export function transmissionShow(torrentFile: string): TransmissionShowInfo {
  const r = spawnSync('transmission-show', [torrentFile], { encoding: 'utf8' });
  const raw = r.stdout + r.stderr;
  const hash = /^\s*Hash: ([0-9a-f]{40})$/m.exec(raw)?.[1];
  if (r.status !== 0 || !hash) throw new Error(`transmission-show could not read ${torrentFile}: ${raw.trim()}`);
  const section = (title: string) => {
    const m = new RegExp(`^${title}\\n\\n([\\s\\S]*?)(?:\\n\\n[A-Z]+\\n|\\s*$)`, 'm').exec(raw);
    return (m?.[1] ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  };
  return {
    name: /^\s*Name: (.*)$/m.exec(raw)?.[1] ?? '',
    infohash: hash,
    pieceCount: Number(/^\s*Piece Count: (\d+)$/m.exec(raw)?.[1]),
    webSeeds: section('WEBSEEDS'),
    trackers: section('TRACKERS').filter((l) => !/^Tier #\d+$/.test(l)),
    // "path (1.30 MB)": the size is rounded for people, so only the path is kept.
    files: section('FILES').map((l) => l.replace(/ \([^()]*\)$/, '')),
    raw,
  };
}

export interface MktorrentOptions {
  /** The piece length is 2^pieceLengthLog2 bytes (mktorrent -l); mktorrent 1.1 defaults to 18. */
  readonly pieceLengthLog2?: number;
  readonly webSeeds?: readonly string[];
  readonly trackers?: readonly string[];
  readonly name?: string;
  readonly private?: boolean;
}

/** Makes a v1 torrent with mktorrent 1.1, without a creation date (so the same input gives the same bytes). */
export function mktorrentCreate(path: string, out: string, o: MktorrentOptions = {}): void {
  run('mktorrent', [
    '--no-date', '--output', out,
    ...(o.pieceLengthLog2 === undefined ? [] : ['--piece-length', String(o.pieceLengthLog2)]),
    ...(o.webSeeds ?? []).flatMap((w) => ['--web-seed', w]),
    ...(o.trackers ?? []).flatMap((t) => ['--announce', t]),
    ...(o.name === undefined ? [] : ['--name', o.name]),
    ...(o.private ? ['--private'] : []),
    path,
  ]);
}

export interface TransmissionCreateOptions {
  /** KiB (transmission-create -s). */
  readonly pieceSizeKiB?: number;
  readonly trackers?: readonly string[];
  readonly comment?: string;
  readonly private?: boolean;
}

/** Makes a v1 torrent with transmission-create 3.00, which cannot add web seeds (4.0 added -w). */
export function transmissionCreate(path: string, out: string, o: TransmissionCreateOptions = {}): void {
  run('transmission-create', [
    '--outfile', out,
    ...(o.pieceSizeKiB === undefined ? [] : ['--piecesize', String(o.pieceSizeKiB)]),
    ...(o.trackers ?? []).flatMap((t) => ['--tracker', t]),
    ...(o.comment === undefined ? [] : ['--comment', o.comment]),
    ...(o.private ? ['--private'] : []),
    path,
  ]);
}

function run(command: string, args: readonly string[]): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${command} could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${(r.stdout + r.stderr).trim()}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
