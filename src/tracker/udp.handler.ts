import type { Logger } from 'pino';
import { isAppError } from '../errors.ts';
import type { IpBytes } from './peer.address.ts';
import type { RateLimiter } from './rate.limit.ts';
import type { Tracker } from './tracker.service.ts';
import type { CookieJar } from './udp.cookie.ts';
import { UdpParseError, announceReply, connectReply, errorReply, parseUdpRequest, scrapeReply } from './udp.packet.ts';

export interface UdpHandlerDeps {
  readonly tracker: Tracker;
  readonly limiter: RateLimiter;
  readonly cookies: CookieJar;
  readonly logger: Pick<Logger, 'error'>;
  readonly clock: () => number;
}

/**
 * One BEP 15 packet from `client`: answered through `send` (at once for a connect or an error,
 * later for an announce or scrape), or not at all (too short to hold a transaction id, or over
 * the client's rate limit). No socket here, so the fuzzer drives the same code the server runs.
 */
export type UdpHandler = (msg: Buffer, client: IpBytes, send: (answer: Buffer) => void) => void;

const NONE = Object.freeze({ seeders: 0, completed: 0, leechers: 0 });
/** The passkey of `udp://host:port/announce/<passkey>`, as BEP 41 URL data carries the path. */
const PASSKEY_IN_PATH = /^\/announce\/([0-9a-f]{32})(?:[/?]|$)/;

export function createUdpHandler(deps: UdpHandlerDeps): UdpHandler {
  const { tracker, limiter, cookies, logger, clock } = deps;
  return (msg, client, send) => {
    // Over the limit: no answer at all, so a flood of spoofed requests is not amplified.
    if (!limiter.allow(Buffer.from(client.ip.buffer, client.ip.byteOffset, client.ip.byteLength).toString('latin1'), clock())) return;
    let request;
    try {
      request = parseUdpRequest(msg);
    } catch (e) {
      if (e instanceof UdpParseError && e.transactionId !== null) send(errorReply(e.transactionId, e.message));
      return;
    }
    const now = clock();
    if (request.action === 'connect') return send(connectReply(request.transactionId, cookies.issue(client.ip, now)));
    if (!cookies.valid(client.ip, request.connectionHi, request.connectionLo, now)) return send(errorReply(request.transactionId, 'connection id expired or unknown; connect again'));
    const tid = request.transactionId;
    const failed = (e: unknown) => {
      if (isAppError(e)) return send(errorReply(tid, e.message));
      logger.error({ err: e }, 'a UDP tracker request failed');
      send(errorReply(tid, 'internal error'));
    };
    if (request.action === 'announce') {
      const passkey = request.urlData ? PASSKEY_IN_PATH.exec(request.urlData)?.[1] : undefined;
      tracker
        .announce({ infoHash: request.infoHash, peer: { family: client.family, ip: client.ip, port: request.port }, event: request.event, left: request.left, numwant: request.numwant, bothFamilies: false, ...(passkey ? { passkey } : {}) })
        .then((a) => send(announceReply(tid, a.interval, a.leechers, a.seeders, client.family === 4 ? a.peers4 : a.peers6)), failed);
    } else {
      // BEP 15 answers in request order; an untracked torrent counts zeros.
      tracker.scrape({ infoHashes: request.infoHashes }).then((counts) => send(scrapeReply(tid, request.infoHashes.map((h) => counts.get(Buffer.from(h).toString('latin1')) ?? NONE))), failed);
    }
  };
}
