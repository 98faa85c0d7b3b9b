import type { AnnounceEvent } from './announce.types.ts';

/** BEP 15 wire format: requests in, answers out. Pure functions; the socket is udp.server.ts. */

/** BEP 15: "0x41727101980", the magic constant that opens a connect request. */
export const PROTOCOL_ID = 0x41727101980n;
export const ACTION_CONNECT = 0;
export const ACTION_ANNOUNCE = 1;
export const ACTION_SCRAPE = 2;
export const ACTION_ERROR = 3;
/** BEP 15: a scrape names up to about 74 torrents, so its answer fits one 1,500-byte packet. */
export const MAX_UDP_SCRAPE = 74;

const EVENTS: readonly AnnounceEvent[] = ['none', 'completed', 'started', 'stopped'];

export type UdpRequest =
  | { readonly action: 'connect'; readonly transactionId: number }
  | {
      readonly action: 'announce';
      readonly transactionId: number;
      /** The connection id as two 32-bit halves, to compare without a BigInt. */
      readonly connectionHi: number;
      readonly connectionLo: number;
      readonly infoHash: Uint8Array;
      readonly left: number;
      readonly event: AnnounceEvent;
      /** -1 (the default) or a count. */
      readonly numwant: number;
      readonly port: number;
      /** BEP 41 URLData options joined: the announce URL's path and query (`/announce/<passkey>`), or ''. */
      readonly urlData: string;
    }
  | { readonly action: 'scrape'; readonly transactionId: number; readonly connectionHi: number; readonly connectionLo: number; readonly infoHashes: readonly Uint8Array[] };

/** A packet that cannot be served; `transactionId` is null when the packet is too short to hold one (it gets no answer). */
export class UdpParseError extends Error {
  readonly transactionId: number | null;
  constructor(transactionId: number | null, message: string) {
    super(message);
    this.name = 'UdpParseError';
    this.transactionId = transactionId;
  }
}

/**
 * BEP 41 options after an announce: 0 ends them, 1 is a NOP, 2 is URLData (a length byte, then
 * that many bytes of the announce URL's path and query, the pieces joined in order); any other
 * type carries a length byte too and is skipped. Options cut short end the list: the announce
 * itself is still good.
 */
function urlDataOf(p: Buffer, from: number): string {
  let out = '';
  for (let i = from; i < p.length;) {
    const type = p[i]!;
    if (type === 0) break;
    if (type === 1) {
      i++;
      continue;
    }
    if (i + 1 >= p.length) break;
    const length = p[i + 1]!;
    const end = Math.min(p.length, i + 2 + length);
    if (type === 2) out += p.toString('latin1', i + 2, end);
    i = end;
  }
  return out;
}

/**
 * Reads one request. Announces may carry BEP 41 options after their 98 bytes; the URL data they
 * carry holds the passkey of a private release's announce URL.
 */
export function parseUdpRequest(p: Buffer): UdpRequest {
  if (p.length < 16) throw new UdpParseError(null, 'packet too short');
  const action = p.readUInt32BE(8);
  const transactionId = p.readUInt32BE(12);
  if (action === ACTION_CONNECT) {
    if (p.readBigUInt64BE(0) !== PROTOCOL_ID) throw new UdpParseError(transactionId, 'a connect request must begin with the protocol id 0x41727101980');
    return { action: 'connect', transactionId };
  }
  const connectionHi = p.readUInt32BE(0);
  const connectionLo = p.readUInt32BE(4);
  if (action === ACTION_ANNOUNCE) {
    if (p.length < 98) throw new UdpParseError(transactionId, `an announce is 98 bytes, this one ${p.length}`);
    const eventCode = p.readUInt32BE(80);
    const event = EVENTS[eventCode];
    if (event === undefined) throw new UdpParseError(transactionId, `unknown event ${eventCode}`);
    const port = p.readUInt16BE(96);
    if (port === 0) throw new UdpParseError(transactionId, 'port 0 is not a port a peer can be reached at');
    // `left` is 64-bit; only whether it is zero matters, so the high half need not be combined exactly.
    const left = p.readUInt32BE(64) * 0x100000000 + p.readUInt32BE(68);
    return { action: 'announce', transactionId, connectionHi, connectionLo, infoHash: p.subarray(16, 36), left, event, numwant: p.readInt32BE(92), port, urlData: p.length > 98 ? urlDataOf(p, 98) : '' };
  }
  if (action === ACTION_SCRAPE) {
    const body = p.length - 16;
    if (body === 0 || body % 20 !== 0) throw new UdpParseError(transactionId, 'a scrape carries one or more 20-byte infohashes');
    if (body / 20 > MAX_UDP_SCRAPE) throw new UdpParseError(transactionId, `a scrape may name at most ${MAX_UDP_SCRAPE} torrents`);
    const infoHashes = [];
    for (let at = 16; at < p.length; at += 20) infoHashes.push(p.subarray(at, at + 20));
    return { action: 'scrape', transactionId, connectionHi, connectionLo, infoHashes };
  }
  throw new UdpParseError(transactionId, `unknown action ${action}`);
}

export function connectReply(transactionId: number, connectionId: Buffer): Buffer {
  const out = Buffer.allocUnsafe(16);
  out.writeUInt32BE(ACTION_CONNECT, 0);
  out.writeUInt32BE(transactionId, 4);
  connectionId.copy(out, 8, 0, 8);
  return out;
}

export function announceReply(transactionId: number, interval: number, leechers: number, seeders: number, peers: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(20 + peers.length);
  out.writeUInt32BE(ACTION_ANNOUNCE, 0);
  out.writeUInt32BE(transactionId, 4);
  out.writeUInt32BE(interval, 8);
  out.writeUInt32BE(leechers, 12);
  out.writeUInt32BE(seeders, 16);
  out.set(peers, 20);
  return out;
}

export function scrapeReply(transactionId: number, counts: readonly { seeders: number; completed: number; leechers: number }[]): Buffer {
  const out = Buffer.allocUnsafe(8 + counts.length * 12);
  out.writeUInt32BE(ACTION_SCRAPE, 0);
  out.writeUInt32BE(transactionId, 4);
  counts.forEach((c, i) => {
    out.writeUInt32BE(c.seeders, 8 + i * 12);
    out.writeUInt32BE(c.completed, 12 + i * 12);
    out.writeUInt32BE(c.leechers, 16 + i * 12);
  });
  return out;
}

export function errorReply(transactionId: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const out = Buffer.allocUnsafe(8 + text.length);
  out.writeUInt32BE(ACTION_ERROR, 0);
  out.writeUInt32BE(transactionId, 4);
  text.copy(out, 8);
  return out;
}
