import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { failureReply } from './announce.reply.ts';
import { createHttpTrackerHandler } from './http.handler.ts';
import { type IpBytes, ipBytes } from './peer.address.ts';
import type { RateLimiter } from './rate.limit.ts';
import type { Tracker } from './tracker.service.ts';

export interface TrackerHttpOptions {
  readonly tracker: Tracker;
  readonly limiter: RateLimiter;
  /**
   * A header set by a reverse proxy in front of Kinora that carries the client's address
   * (`x-forwarded-for`: its last entry, the one the proxy added; `x-real-ip`…). Unset: the
   * socket's address, the only one a client cannot choose.
   */
  readonly ipHeader: string | undefined;
  readonly clock?: () => number;
}

const TYPE = 'text/plain; charset=utf-8';

/** Who is announcing: the socket's address, or the trusted proxy's header (its last entry). */
export function clientAddress(socketAddress: string | undefined, headers: Readonly<Record<string, string | string[] | undefined>>, ipHeader: string | undefined, parse: (t: string) => IpBytes | undefined = ipBytes): IpBytes | undefined {
  if (!ipHeader) return socketAddress === undefined ? undefined : parse(socketAddress);
  const value = headers[ipHeader];
  const text = (Array.isArray(value) ? value.at(-1) : value)?.split(',').at(-1)?.trim();
  return text === undefined ? undefined : parse(text);
}

/** The failure for a request whose client address is unknown. */
export const noClient = (ipHeader: string | undefined) => failureReply(ipHeader ? `the proxy did not say who the client is (${ipHeader})` : 'unknown client address');

/** `GET /announce` and `GET /scrape` (BEP 3, 7, 23, 48) on the archive's own HTTP port. */
export function trackerHttpRoutes(app: FastifyInstance, options: TrackerHttpOptions): void {
  const { tracker, limiter } = options;
  const clock = options.clock ?? Date.now;

  const clientOf = (req: FastifyRequest): IpBytes | undefined => clientAddress(req.socket.remoteAddress, req.headers, options.ipHeader);

  const handle = createHttpTrackerHandler({ tracker, limiter, clock });
  // Failures are answered with 200 and a bencoded `failure reason` too: what clients read (BEP 3).
  const answer = (reply: FastifyReply, body: Buffer) => reply.code(200).type(TYPE).header('cache-control', 'no-store').send(body);

  const serve = (kind: 'announce' | 'scrape') => async (req: FastifyRequest<{ Params: { passkey?: string } }>, reply: FastifyReply) => {
    const client = clientOf(req);
    if (!client) return answer(reply, noClient(options.ipHeader));
    const url = req.raw.url ?? '';
    const q = url.indexOf('?');
    return answer(reply, await handle(kind, q < 0 ? '' : url.slice(q + 1), client, req.params.passkey));
  };

  // Announces come every few seconds from every peer: a log line for each would cost more than the answer.
  app.get('/announce', { logLevel: 'warn' }, serve('announce'));
  app.get('/scrape', { logLevel: 'warn' }, serve('scrape'));
  // Private releases (BEP 27) announce with the reader's passkey in the path, as private trackers do.
  app.get('/announce/:passkey', { logLevel: 'warn' }, serve('announce'));
  app.get('/scrape/:passkey', { logLevel: 'warn' }, serve('scrape'));
}
