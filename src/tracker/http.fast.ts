import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { createHttpTrackerHandler } from './http.handler.ts';
import { type TrackerHttpOptions, clientAddress, noClient } from './http.routes.ts';
import { createAddressCache } from './peer.address.ts';

/**
 * Announces and scrapes straight from Node's HTTP server, before Fastify: routing, hooks and the
 * reply pipeline cost three times the tracker's own work per announce (measured with
 * bench/tracker), and an announce needs none of them: no session, no body, no page. Requests
 * that are not a GET of /announce[/<passkey>] or /scrape[/<passkey>] return false and go on to
 * Fastify, which serves the same paths through trackerHttpRoutes for `inject` in tests: both run
 * the one handler (http.handler.ts), so they answer alike.
 */
/** A path segment decoded; a malformed one is kept as it is (and then refused as a passkey). */
const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export function trackerFastPath(options: TrackerHttpOptions & { readonly logger: Pick<Logger, 'error'> }): (req: IncomingMessage, res: ServerResponse) => boolean {
  const handle = createHttpTrackerHandler({ tracker: options.tracker, limiter: options.limiter, clock: options.clock ?? Date.now });
  const parse = createAddressCache();
  const PATH = /^\/(announce|scrape)(?:\/([^/?]*))?(?:\?|$)/;
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const m = PATH.exec(url);
    if (!m) return false;
    const q = url.indexOf('?');
    const client = clientAddress(req.socket.remoteAddress, req.headers, options.ipHeader, parse);
    const send = (body: Buffer) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': body.length });
      res.end(body);
    };
    if (!client) {
      send(noClient(options.ipHeader));
      return true;
    }
    handle(m[1] as 'announce' | 'scrape', q < 0 ? '' : url.slice(q + 1), client, m[2] === undefined ? undefined : decoded(m[2])).then(send, (err: unknown) => {
      options.logger.error({ err }, 'a tracker request failed');
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error');
    });
    return true;
  };
}
