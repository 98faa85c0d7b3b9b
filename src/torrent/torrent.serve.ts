import { type Encodable, RawBencode, encode } from './bencode.ts';

/** Where a torrent is announced and its files are served; from the configuration, never stored. */
export interface DistributionUrls {
  /** The archive's public base URL, without a trailing slash. */
  readonly publicUrl: string;
  /** Tracker announce URLs, one tier each, in order. */
  readonly trackers: readonly string[];
  /** Base URLs of mirrors that serve the same `/files/` tree as the archive. */
  readonly mirrors: readonly string[];
}

/** What serving a stored torrent needs to know about it. */
export interface ServableTorrent {
  readonly releaseId: number;
  readonly name: string;
  readonly singleFile: boolean;
  readonly info: Uint8Array;
  readonly pieceLayers: Uint8Array | null;
  readonly createdBy: string;
  readonly creationDate: number;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * BEP 19 web-seed URLs of a release. A single-file torrent gets the file's own URL; a multi-file
 * one gets its folder URL ending in `/`, to which clients append `<name>/<path>`.
 */
export function webSeedUrls(urls: DistributionUrls, t: Pick<ServableTorrent, 'releaseId' | 'name' | 'singleFile'>): string[] {
  return [urls.publicUrl, ...urls.mirrors].map((base) => `${trimSlash(base)}/files/${t.releaseId}/${t.singleFile ? encodePath(t.name) : ''}`);
}

/**
 * The URLs of a private release (BEP 27) as served to one reader: every tracker URL ending in
 * `/announce` (the archive's own, and `kinora tracker` hosts) gets the reader's passkey as its
 * last path segment, the way private trackers name their users; the web seeds and the `.torrent`
 * are under `/private/<passkey>/` on the archive. Mirrors are left out: they cannot check a passkey.
 */
export function personalUrls(urls: DistributionUrls, passkey: string): DistributionUrls {
  return {
    publicUrl: `${trimSlash(urls.publicUrl)}/private/${passkey}`,
    trackers: urls.trackers.map((u) => (/\/announce$/.test(u) ? `${u}/${passkey}` : u)),
    mirrors: [],
  };
}

export const torrentUrl = (urls: DistributionUrls, releaseId: number): string => `${trimSlash(urls.publicUrl)}/releases/${releaseId}.torrent`;

/** URL of one file of a release on the archive itself (for links and the video player). */
export const fileUrl = (releaseId: number, torrentName: string, path: string, singleFile: boolean): string =>
  `/files/${releaseId}/${encodePath(singleFile ? torrentName : `${torrentName}/${path}`)}`;

/**
 * The `.torrent` file as served: the stored `info` bytes untouched (so the infohash never
 * changes) with today's announce and web-seed URLs around them.
 */
export function servedTorrent(t: ServableTorrent, urls: DistributionUrls): Buffer {
  const doc: Record<string, Encodable> = {
    'created by': t.createdBy,
    'creation date': t.creationDate,
    info: new RawBencode(t.info),
    'url-list': webSeedUrls(urls, t),
  };
  if (urls.trackers.length) {
    doc.announce = urls.trackers[0]!;
    // BEP 12: each URL its own tier, tried in order.
    if (urls.trackers.length > 1) doc['announce-list'] = urls.trackers.map((u) => [u]);
  }
  if (t.pieceLayers) doc['piece layers'] = new RawBencode(t.pieceLayers);
  return encode(doc);
}

export interface MagnetInput {
  readonly infohashV1: string | null;
  readonly infohashV2: string | null;
  readonly name: string;
  readonly totalBytes: number;
  readonly trackers: readonly string[];
  readonly webSeeds: readonly string[];
}

/**
 * A magnet URI (BEP 9; BEP 52 for `urn:btmh`): both exact topics for hybrids, so v1-only and v2
 * clients alike find the swarm, with the name, size, trackers and web seeds.
 */
export function magnetLink(m: MagnetInput): string {
  const params: string[] = [];
  if (m.infohashV1) params.push(`xt=urn:btih:${m.infohashV1}`);
  // A multihash: 0x12 = sha2-256, 0x20 = 32 bytes.
  if (m.infohashV2) params.push(`xt=urn:btmh:1220${m.infohashV2}`);
  params.push(`dn=${encodeURIComponent(m.name)}`, `xl=${m.totalBytes}`);
  for (const tr of m.trackers) params.push(`tr=${encodeURIComponent(tr)}`);
  for (const ws of m.webSeeds) params.push(`ws=${encodeURIComponent(ws)}`);
  return `magnet:?${params.join('&')}`;
}
