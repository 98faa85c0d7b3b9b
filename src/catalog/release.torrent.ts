import { type HashOptions, type Metainfo, createTorrent, encode, unsafeComponentReason } from '../torrent/index.ts';
import type { BlobStore } from '../files/blob.store.ts';
import type { StoredTorrent } from './release.store.ts';

export interface ReleaseTorrentOptions extends HashOptions {
  readonly pieceLength?: number;
  readonly v1Only?: boolean;
  /** BEP 27: peers only from the archive's tracker, which asks for each reader's passkey. */
  readonly private?: boolean;
  readonly now: Date;
}

/**
 * The name inside a release's torrent: a single file keeps its own name; several files sit in a
 * folder named after the release, with characters no file system accepts replaced.
 */
export function torrentNameFor(releaseName: string, files: readonly { readonly path: string }[]): string {
  if (files.length === 1 && !files[0]!.path.includes('/')) return files[0]!.path;
  // Characters no file system (or Transmission) keeps become dashes; leading dots and trailing dots or spaces go.
  const name = releaseName.replace(/[/\\:"<>|?*\0-\x1f\x7f]+/g, '-').replace(/^[.\s]+|[.\s]+$/g, '');
  return unsafeComponentReason(name) ? 'release' : name;
}

/** Makes the torrent of release files already in the blob store. */
export async function makeReleaseTorrent(blobs: BlobStore, releaseName: string, files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[], options: ReleaseTorrentOptions): Promise<StoredTorrent> {
  const name = torrentNameFor(releaseName, files);
  const single = files.length === 1 && name === files[0]!.path;
  const entries = files.map((f) => ({ absPath: blobs.pathOf(f.sha256), path: single ? [] : f.path.split('/'), length: f.bytes }));
  const { metainfo } = await createTorrent({ name, entries }, { ...options, name });
  return storedTorrentOf(metainfo);
}

/** What is stored of a parsed torrent: its info bytes as they are, and its piece layers. */
export function storedTorrentOf(m: Metainfo): StoredTorrent {
  const layers = new Map([...m.pieceLayers].map(([hex, layer]) => [Buffer.from(hex, 'hex').toString('latin1'), layer] as const));
  return {
    version: m.version,
    name: m.name,
    piece_length: m.pieceLength,
    single_file: m.singleFile ? 1 : 0,
    info: m.infoBytes,
    piece_layers: layers.size ? encode(layers) : null,
    infohash_v1: m.infohashV1,
    infohash_v2: m.infohashV2,
    created_by: m.createdBy ?? 'unknown',
    creation_date: m.creationDate ?? 0,
    private: m.private ? 1 : 0,
  };
}
