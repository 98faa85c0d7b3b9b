/**
 * What every transport (HTTP, UDP) parses its wire format into, and what the tracker answers;
 * one core decides, each transport encodes (as bittorrent-tracker does, in one place each).
 */

/** BEP 3 / BEP 15 events; `none` is a regular re-announce. */
export type AnnounceEvent = 'none' | 'started' | 'completed' | 'stopped';

/** A peer's address as the tracker saw it: 4 or 16 bytes of IP and a port. */
export interface PeerAddress {
  readonly family: 4 | 6;
  /** 4 bytes (IPv4) or 16 bytes (IPv6), network order. */
  readonly ip: Uint8Array;
  readonly port: number;
}

export interface AnnounceRequest {
  /** 20 bytes: a v1 infohash, or a v2 infohash truncated to 20 bytes (BEP 52). */
  readonly infoHash: Uint8Array;
  readonly peer: PeerAddress;
  readonly event: AnnounceEvent;
  /** Bytes the peer still needs; 0 makes it a seeder. */
  readonly left: number;
  readonly numwant: number;
  /**
   * Whether the answer may hold peers of both families (HTTP: `peers` and `peers6`, BEP 7), or
   * only of the peer's own (UDP: BEP 15's answer has one address size, the socket's).
   */
  readonly bothFamilies: boolean;
  /** The peer's passkey from the announce URL (private releases), if any. */
  readonly passkey?: string;
}

export interface ScrapeRequest {
  /** 20-byte infohashes; none asks for every torrent, which Kinora refuses (BEP 48 allows it). */
  readonly infoHashes: readonly Uint8Array[];
  /** The passkey of the scrape URL, which private torrents need. */
  readonly passkey?: string;
}

/** Seeders, leechers and completed downloads of one swarm. */
export interface SwarmCounts {
  readonly seeders: number;
  readonly leechers: number;
  readonly completed: number;
}

export interface AnnounceAnswer extends SwarmCounts {
  /** Seconds until the next regular announce. */
  readonly interval: number;
  readonly minInterval: number;
  /** Compact IPv4 peers, 6 bytes each (BEP 23). */
  readonly peers4: Uint8Array;
  /** Compact IPv6 peers, 18 bytes each (BEP 7). */
  readonly peers6: Uint8Array;
  readonly warning?: string;
}
