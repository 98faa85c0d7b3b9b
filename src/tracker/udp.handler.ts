import type { Logger } from 'pino';
import { isAppError } from '../errors.ts';
import type { AnnounceAnswer } from './announce.types.ts';
import { type IpBytes, keyOf } from './peer.address.ts';
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

const encodeAnnounce = (tid: number, a: AnnounceAnswer, family: 4 | 6) => announceReply(tid, a.interval, a.leechers, a.seeders, family === 4 ? a.peers4 : a.peers6);

export function createUdpHandler(deps: UdpHandlerDeps): UdpHandler {
  const { tracker, limiter, cookies, logger, clock } = deps;
  /** A refusal is the error's message; anything else is Kinora's fault, logged, and said as little as possible. */
  const fail = (send: (b: Buffer) => void, tid: number, e: unknown) => {
    if (isAppError(e)) return send(errorReply(tid, e.message));
    logger.error({ err: e }, 'a UDP tracker request failed');
    send(errorReply(tid, 'internal error'));
  };
  return (msg, client, send) => {
    // Over the limit: no answer at all, so a flood of spoofed requests is not amplified.
    const key = keyOf(client);
    if (!limiter.allow(key, clock())) return;
    let request;
    try {
      request = parseUdpRequest(msg);
    } catch (e) {
      if (e instanceof UdpParseError && e.transactionId !== null) send(errorReply(e.transactionId, e.message));
      return;
    }
    const now = clock();
    if (request.action === 'connect') return send(connectReply(request.transactionId, cookies.issue(client.ip, now)));
    if (!cookies.valid(client.ip, request.connectionHi, request.connectionLo, now, key)) return send(errorReply(request.transactionId, 'connection id expired or unknown; connect again'));
    const tid = request.transactionId;
    if (request.action === 'announce') {
      const passkey = request.urlData ? PASSKEY_IN_PATH.exec(request.urlData)?.[1] : undefined;
      let answer;
      try {
        answer = tracker.announce({ infoHash: request.infoHash, peer: { family: client.family, ip: client.ip, port: request.port }, event: request.event, left: request.left, numwant: request.numwant, bothFamilies: false, ...(passkey ? { passkey } : {}) });
      } catch (e) {
        return fail(send, tid, e);
      }
      // The memory store answers at once: no promise, no extra turn of the event loop, and no
      // closure made for the common case.
      if (answer instanceof Promise) answer.then((a) => send(encodeAnnounce(tid, a, client.family)), (e: unknown) => fail(send, tid, e));
      else send(encodeAnnounce(tid, answer, client.family));
    } else {
      // BEP 15 answers in request order; an untracked torrent counts zeros.
      tracker.scrape({ infoHashes: request.infoHashes }).then((counts) => send(scrapeReply(tid, request.infoHashes.map((h) => counts.get(Buffer.from(h).toString('latin1')) ?? NONE))), (e: unknown) => fail(send, tid, e));
    }
  };
}
