/** The metainfo of a torrent (BEP 3, BEP 52), parsed once and trusted inside Kinora. */

/** v1: SHA-1 pieces only; v2: per-file merkle trees only; hybrid: both, describing the same bytes (BEP 52). */
export type TorrentVersion = 'v1' | 'v2' | 'hybrid';

/** One file in the torrent's byte space, in v1 order; BEP 47 padding files included and marked. */
export interface TorrentFile {
  /** Path components below the torrent's name; empty for a single-file torrent. */
  readonly path: readonly string[];
  readonly length: number;
  /** Offset of the file's first byte in the torrent's concatenated data (v1 piece space). */
  readonly offset: number;
  readonly pad: boolean;
  /** BEP 52 merkle root of the file (v2 and hybrid torrents, files longer than zero bytes). */
  readonly piecesRoot: Buffer | null;
}

export interface Metainfo {
  /** The `info` dictionary exactly as stored or received; both infohashes are hashes of these bytes. */
  readonly infoBytes: Buffer;
  readonly infohashV1: string | null;
  readonly infohashV2: string | null;
  readonly version: TorrentVersion;
  readonly name: string;
  readonly pieceLength: number;
  readonly private: boolean;
  /** True when the torrent is a single file named `name` (v1 `length` key, or a v2 tree of one file named `name`). */
  readonly singleFile: boolean;
  readonly files: readonly TorrentFile[];
  /** Bytes of content, padding excluded. */
  readonly totalLength: number;
  /** Number of v1 pieces (v2-only torrents: pieces of all files, each file starting a new piece). */
  readonly pieceCount: number;
  /** Concatenated 20-byte SHA-1 piece hashes (v1 and hybrid). */
  readonly pieces: Buffer | null;
  /** BEP 52 piece layers, by the hex merkle root of the file they belong to. */
  readonly pieceLayers: ReadonlyMap<string, Buffer>;
  readonly announce: readonly (readonly string[])[];
  readonly webSeeds: readonly string[];
  readonly comment: string | null;
  readonly createdBy: string | null;
  readonly creationDate: number | null;
}

export const BLOCK_SIZE = 16 * 1024;
export const MIN_PIECE_LENGTH = 16 * 1024;
export const MAX_PIECE_LENGTH = 256 * 1024 * 1024;

/** The content files of a torrent, padding left out. */
export const contentFiles = (m: Pick<Metainfo, 'files'>): TorrentFile[] => m.files.filter((f) => !f.pad);

/** A file's path inside the torrent, as written in URLs and on disk: `name/dir/file` (or `name`). */
export const torrentPath = (m: Pick<Metainfo, 'name'>, file: Pick<TorrentFile, 'path'>): string => [m.name, ...file.path].join('/');
