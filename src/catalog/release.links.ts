import { type DistributionUrls, fileUrl, magnetLink, personalUrls, torrentUrl, webSeedUrls } from '../torrent/index.ts';
import type { Release } from './catalog.types.ts';

/** Where a release can be fetched: its `.torrent`, magnet link, web seeds, and each file's URL. */
export interface ReleaseLinks {
  readonly torrentUrl: string;
  readonly magnet: string;
  readonly webSeedUrls: readonly string[];
  /** Path of each file (in release order) on this archive, for links and the video player. */
  readonly fileUrls: readonly string[];
}

/**
 * The links of a release with a torrent: null until its torrent is made, and for a private
 * release unless the viewer's passkey is given (its links name the reader who downloads).
 */
export function releaseLinks(r: Release, base: DistributionUrls, passkey?: string | null): ReleaseLinks | null {
  const t = r.torrent;
  if (!t) return null;
  if (t.private && !passkey) return null;
  const urls = t.private && passkey ? personalUrls(base, passkey) : base;
  const seeds = webSeedUrls(urls, { releaseId: r.id, name: t.name, singleFile: t.singleFile });
  return {
    torrentUrl: torrentUrl(urls, r.id),
    magnet: magnetLink({ infohashV1: t.infohashV1, infohashV2: t.infohashV2, name: t.name, totalBytes: r.totalBytes, trackers: urls.trackers, webSeeds: seeds }),
    webSeedUrls: seeds,
    fileUrls: r.files.map((f) => fileUrl(r.id, t.name, f.path, t.singleFile)),
  };
}
