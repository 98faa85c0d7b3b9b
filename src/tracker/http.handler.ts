import { isAppError } from '../errors.ts';
import { PASSKEY_PATTERN, parseAnnounce, parseScrape } from './announce.parse.ts';
import { compactAnnounceReply, failureReply, listAnnounceReply, scrapeReply } from './announce.reply.ts';
import type { IpBytes } from './peer.address.ts';
import type { RateLimiter } from './rate.limit.ts';
import type { Tracker } from './tracker.service.ts';

export interface HttpTrackerDeps {
  readonly tracker: Tracker;
  readonly limiter: RateLimiter;
  readonly clock: () => number;
}

/**
 * One HTTP tracker request, from its raw query string to the bencoded body: an answer, or a
 * `failure reason` for anything refused. No server here, so the fuzzer drives the same code the
 * routes run. Rejects only on a fault of Kinora's own (never on a client's input).
 */
export type HttpTrackerHandler = (kind: 'announce' | 'scrape', query: string, client: IpBytes, passkey?: string) => Promise<Buffer>;

export function createHttpTrackerHandler(deps: HttpTrackerDeps): HttpTrackerHandler {
  const { tracker, limiter, clock } = deps;
  const s = tracker.settings;
  const limits = { defaultNumwant: s.defaultNumwant, maxNumwant: s.maxNumwant };
  return async (kind, query, client, passkey) => {
    if (!limiter.allow(Buffer.from(client.ip.buffer, client.ip.byteOffset, client.ip.byteLength).toString('latin1'), clock())) return failureReply('too many requests from your address; slow down');
    try {
      if (passkey !== undefined && !PASSKEY_PATTERN.test(passkey)) return failureReply('the passkey in this announce URL is malformed; download the .torrent again');
      if (kind === 'scrape') return scrapeReply(await tracker.scrape(parseScrape(query, passkey)));
      const request = parseAnnounce(query, client, limits, passkey);
      const answer = await tracker.announce(request);
      return request.compact ? compactAnnounceReply(answer) : listAnnounceReply(answer);
    } catch (e) {
      // BEP 3: "failure reason … a human readable string which explains why the query failed".
      if (isAppError(e)) return failureReply(e.message);
      throw e;
    }
  };
}
