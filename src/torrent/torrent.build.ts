import { type Encodable, RawBencode, binaryKey, encode } from './bencode.ts';
import type { PieceHashes } from './hash.pool.ts';
import { rootFromPieceLayer } from './merkle.ts';
import { MAX_PIECE_LENGTH, MIN_PIECE_LENGTH, type TorrentFile } from './metainfo.ts';

/** One file to put in a torrent: its path below the torrent's name (empty for a single-file torrent). */
export interface PlannedFile {
  readonly path: readonly string[];
  readonly length: number;
}

/** Where every file (and padding) sits in the torrent's byte space. */
export interface TorrentPlan {
  readonly name: string;
  readonly pieceLength: number;
  readonly hybrid: boolean;
  readonly files: readonly TorrentFile[];
  /** Offset just past the last byte. */
  readonly end: number;
}

const PIECE_TARGET = 1024;
/** Largest piece length chosen automatically; larger ones are allowed when asked for. */
export const MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;

/**
 * The piece length for `totalBytes`: the power of two that makes about a thousand pieces, between
 * 16 KiB and 16 MiB, as mainstream creators do (1 GiB → 1 MiB pieces). Fewer, larger pieces keep
 * the torrent small; more, smaller ones let a client verify and share sooner.
 */
export function choosePieceLength(totalBytes: number): number {
  let length = MIN_PIECE_LENGTH;
  while (length < MAX_AUTO_PIECE_LENGTH && totalBytes / length > PIECE_TARGET) length *= 2;
  return length;
}

export const isValidPieceLength = (n: number): boolean => Number.isSafeInteger(n) && n >= MIN_PIECE_LENGTH && n <= MAX_PIECE_LENGTH && (n & (n - 1)) === 0;

/** Orders paths as BEP 52's file tree does: component by component, by UTF-8 bytes. */
export function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = Buffer.compare(Buffer.from(a[i]!, 'utf8'), Buffer.from(b[i]!, 'utf8'));
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/**
 * Lays files out in torrent order. Hybrid torrents get a BEP 47 padding file after every file
 * that does not end on a piece boundary, so each file starts a piece and the v1 pieces and v2
 * trees describe the same bytes (BEP 52, "Upgrade path"). The last file of a multi-file hybrid is
 * padded too, as libtorrent does: the torrent is then byte for byte the one libtorrent (and so
 * qBittorrent) makes of the same folder, and both land in one swarm.
 */
export function planTorrent(name: string, files: readonly PlannedFile[], pieceLength: number, hybrid: boolean): TorrentPlan {
  const single = files.length === 1 && files[0]!.path.length === 0;
  const ordered = single ? [...files] : [...files].sort((a, b) => comparePaths(a.path, b.path));
  const laid: TorrentFile[] = [];
  let offset = 0;
  ordered.forEach((f, i) => {
    laid.push({ path: [...f.path], length: f.length, offset, pad: false, piecesRoot: null });
    offset += f.length;
    const rest = offset % pieceLength;
    if (hybrid && rest !== 0 && (i < ordered.length - 1 || !single)) {
      const pad = pieceLength - rest;
      laid.push({ path: ['.pad', String(pad)], length: pad, offset, pad: true, piecesRoot: null });
      offset += pad;
    }
  });
  return { name, pieceLength, hybrid, files: laid, end: offset };
}

export interface TorrentExtras {
  readonly createdBy: string;
  readonly creationDate: number;
  readonly comment?: string;
  readonly private?: boolean;
}

/** A built torrent, without announce or web-seed URLs (those are added when it is served). */
export interface BuiltTorrent {
  readonly infoBytes: Buffer;
  /** The bencoded BEP 52 `piece layers` dictionary, or null for v1 torrents and hybrids of small files. */
  readonly pieceLayers: Buffer | null;
  /** The whole `.torrent` file. */
  readonly torrent: Buffer;
}

/** Builds the `info` dictionary (and piece layers) from a plan and its piece hashes. */
export function buildTorrent(plan: TorrentPlan, hashes: PieceHashes, extras: TorrentExtras): BuiltTorrent {
  const { pieceLength } = plan;
  if (!hashes.sha1) throw new Error('buildTorrent: v1 piece hashes are missing');
  if (plan.hybrid && !hashes.v2) throw new Error('buildTorrent: v2 piece hashes are missing');
  const single = plan.files.length === 1 && plan.files[0]!.path.length === 0;
  const info: Record<string, Encodable> = { name: plan.name, 'piece length': pieceLength, pieces: hashes.sha1 };
  if (extras.private) info.private = 1;
  if (single) info.length = plan.files[0]!.length;
  else {
    info.files = plan.files.map((f) => (f.pad ? { attr: 'p', length: f.length, path: [...f.path] } : { length: f.length, path: [...f.path] }));
  }

  let pieceLayers: Buffer | null = null;
  if (plan.hybrid) {
    const tree = new Map<string, Encodable>();
    const layers = new Map<string, Encodable>();
    for (const f of plan.files) {
      if (f.pad) continue;
      const leaf: Record<string, Encodable> = { length: f.length };
      if (f.length > 0) {
        const first = f.offset / pieceLength;
        const count = Math.ceil(f.length / pieceLength);
        const slice = hashes.v2!.subarray(first * 32, (first + count) * 32);
        const root = count === 1 ? Buffer.from(slice) : rootFromPieceLayer(slice, pieceLength);
        leaf['pieces root'] = root;
        if (count > 1) layers.set(root.toString('latin1'), Buffer.from(slice));
      }
      insert(tree, single ? [plan.name] : f.path, new Map([['', leaf]]));
    }
    info['file tree'] = tree;
    info['meta version'] = 2;
    if (layers.size) pieceLayers = encode(layers);
  }

  const infoBytes = encode(info);
  const torrent = encode({
    'created by': extras.createdBy,
    'creation date': extras.creationDate,
    ...(extras.comment ? { comment: extras.comment } : {}),
    info: new RawBencode(infoBytes),
    ...(pieceLayers ? { 'piece layers': new RawBencode(pieceLayers) } : {}),
  });
  return { infoBytes, pieceLayers, torrent };
}

function insert(tree: Map<string, Encodable>, path: readonly string[], leaf: Encodable): void {
  let node = tree;
  path.forEach((part, i) => {
    const key = binaryKey(part);
    if (i === path.length - 1) node.set(key, leaf);
    else {
      let child = node.get(key);
      if (!(child instanceof Map)) {
        child = new Map<string, Encodable>();
        node.set(key, child);
      }
      node = child as Map<string, Encodable>;
    }
  });
}
