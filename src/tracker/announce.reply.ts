import { encode } from '../torrent/index.ts';
import type { AnnounceAnswer, SwarmCounts } from './announce.types.ts';

/**
 * Bencoded HTTP tracker answers (BEP 3, 7, 23, 48). The compact announce, the one nearly every
 * client asks for, is written directly (keys in sorted order, as bencode requires); the rest go
 * through the general encoder.
 */

export function compactAnnounceReply(a: AnnounceAnswer): Buffer {
  // Sorted keys: complete, downloaded, incomplete, interval, min interval, peers, peers6, warning message.
  const head = `d8:completei${a.seeders}e10:downloadedi${a.completed}e10:incompletei${a.leechers}e8:intervali${a.interval}e12:min intervali${a.minInterval}e5:peers${a.peers4.length}:`;
  const parts: Uint8Array[] = [Buffer.from(head, 'latin1'), a.peers4];
  if (a.peers6.length > 0) parts.push(Buffer.from(`6:peers6${a.peers6.length}:`, 'latin1'), a.peers6);
  if (a.warning !== undefined) parts.push(encodeWarning(a.warning));
  parts.push(END);
  return Buffer.concat(parts);
}

const END = Buffer.from('e', 'latin1');
const encodeWarning = (w: string) => {
  const bytes = Buffer.from(w, 'utf8');
  return Buffer.concat([Buffer.from(`15:warning message${bytes.length}:`, 'latin1'), bytes]);
};

/** BEP 3's original model, for clients that send `compact=0`: a list of dictionaries (without peer ids, which Kinora does not keep). */
export function listAnnounceReply(a: AnnounceAnswer): Buffer {
  const peers: { ip: string; port: number }[] = [];
  for (let i = 0; i + 6 <= a.peers4.length; i += 6) peers.push({ ip: [...a.peers4.subarray(i, i + 4)].join('.'), port: (a.peers4[i + 4]! << 8) | a.peers4[i + 5]! });
  for (let i = 0; i + 18 <= a.peers6.length; i += 18) {
    const groups = [];
    for (let g = 0; g < 8; g++) groups.push(((a.peers6[i + g * 2]! << 8) | a.peers6[i + g * 2 + 1]!).toString(16));
    peers.push({ ip: groups.join(':'), port: (a.peers6[i + 16]! << 8) | a.peers6[i + 17]! });
  }
  return encode({ complete: a.seeders, downloaded: a.completed, incomplete: a.leechers, interval: a.interval, 'min interval': a.minInterval, peers, ...(a.warning === undefined ? {} : { 'warning message': a.warning }) });
}

/** BEP 3: a request the tracker will not serve gets a dictionary with `failure reason` only. */
export const failureReply = (reason: string): Buffer => encode({ 'failure reason': reason });

/** BEP 48: `files` maps each raw 20-byte infohash to its counts; untracked ones are left out. */
export function scrapeReply(files: ReadonlyMap<string, SwarmCounts>): Buffer {
  const dict = new Map<string, { complete: number; downloaded: number; incomplete: number }>();
  for (const [binary, c] of files) dict.set(binary, { complete: c.seeders, downloaded: c.completed, incomplete: c.leechers });
  return encode({ files: dict });
}
