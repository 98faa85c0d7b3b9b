import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { invalid } from '../errors.ts';
import { type HashOptions, hashPieces } from './hash.pool.ts';
import type { Metainfo } from './metainfo.ts';
import { parseTorrent, unsafeComponentReason } from './metainfo.parse.ts';
import { type BuiltTorrent, buildTorrent, choosePieceLength, isValidPieceLength, planTorrent } from './torrent.build.ts';

/** A file on disk and its path inside the torrent. */
export interface SourceEntry {
  readonly absPath: string;
  /** Components below the torrent's name; empty for a single-file torrent. */
  readonly path: readonly string[];
  readonly length: number;
}

export interface TorrentSource {
  /** The torrent's name: the file's name, or the folder's. */
  readonly name: string;
  readonly entries: readonly SourceEntry[];
}

/** Lists a file, or every regular file below a folder (following symbolic links), for a torrent. */
export async function scanSource(path: string): Promise<TorrentSource> {
  const root = resolve(path);
  const info = await stat(root).catch(() => undefined);
  if (!info) throw invalid('source_missing', `Nothing at ${root}.`);
  const name = basename(root);
  if (info.isFile()) return { name, entries: [{ absPath: root, path: [], length: info.size }] };
  if (!info.isDirectory()) throw invalid('source_not_file', `${root} is neither a file nor a folder.`);
  const entries: SourceEntry[] = [];
  const walk = async (dir: string, parts: string[]) => {
    for (const entry of (await readdir(dir)).sort()) {
      const abs = join(dir, entry);
      const s = await stat(abs);
      if (s.isDirectory()) await walk(abs, [...parts, entry]);
      else if (s.isFile()) entries.push({ absPath: abs, path: [...parts, entry], length: s.size });
    }
  };
  await walk(root, []);
  if (entries.length === 0) throw invalid('source_empty', `${root} holds no files.`);
  return { name, entries };
}

export interface CreateOptions extends HashOptions {
  /** Name inside the torrent; defaults to the source's. */
  readonly name?: string;
  /** Bytes per piece, a power of two; chosen from the size when absent. */
  readonly pieceLength?: number;
  /** A v1-only torrent instead of a hybrid v1 + v2 one. */
  readonly v1Only?: boolean;
  readonly comment?: string;
  readonly private?: boolean;
  readonly createdBy?: string;
  readonly now?: Date;
}

export const CREATED_BY = 'Kinora 0.1';

/** Hashes the source on worker threads and builds its torrent, checked by parsing it back. */
export async function createTorrent(source: TorrentSource, options: CreateOptions = {}): Promise<{ built: BuiltTorrent; metainfo: Metainfo }> {
  const name = options.name ?? source.name;
  const nameProblem = unsafeComponentReason(name);
  if (nameProblem) throw invalid('invalid_torrent_name', `The torrent name "${name}" ${nameProblem}.`);
  for (const e of source.entries) {
    for (const part of e.path) {
      const reason = unsafeComponentReason(part);
      if (reason) throw invalid('invalid_path', `The path "${e.path.join('/')}" has a component that ${reason}.`);
    }
  }
  const total = source.entries.reduce((n, e) => n + e.length, 0);
  if (total === 0) throw invalid('source_empty', 'A torrent needs at least one byte of data.');
  const pieceLength = options.pieceLength ?? choosePieceLength(total);
  if (!isValidPieceLength(pieceLength)) throw invalid('invalid_piece_length', `The piece length must be a power of two between 16 KiB and 256 MiB, not ${pieceLength}.`);

  const plan = planTorrent(name, source.entries, pieceLength, !options.v1Only);
  const byPath = new Map(source.entries.map((e) => [e.path.join('/'), e.absPath]));
  const spans = plan.files.filter((f) => !f.pad && f.length > 0).map((f) => ({ path: byPath.get(f.path.join('/'))!, offset: f.offset, length: f.length }));
  const hashes = await hashPieces({ spans, end: plan.end, pieceLength, v1: true, v2: plan.hybrid }, options);
  const built = buildTorrent(plan, hashes, {
    createdBy: options.createdBy ?? CREATED_BY,
    creationDate: Math.floor((options.now ?? new Date()).getTime() / 1000),
    ...(options.comment ? { comment: options.comment } : {}),
    ...(options.private ? { private: true } : {}),
  });
  return { built, metainfo: parseTorrent(built.torrent) };
}
