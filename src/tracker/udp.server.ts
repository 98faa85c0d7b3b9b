import { type RemoteInfo, type Socket, createSocket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { once } from 'node:events';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import { createAddressCache } from './peer.address.ts';
import type { RateLimiter } from './rate.limit.ts';
import type { Tracker } from './tracker.service.ts';
import { createCookieJar } from './udp.cookie.ts';
import { createUdpHandler } from './udp.handler.ts';

export interface UdpTrackerOptions {
  readonly tracker: Tracker;
  readonly limiter: RateLimiter;
  /** The HTTP host setting: `localhost` binds 127.0.0.1 and ::1, `::` both families, else the address given. */
  readonly host: string;
  readonly port: number;
  /** SO_RCVBUF in bytes: packets arriving while the process is busy wait here instead of being dropped. */
  readonly receiveBufferBytes: number;
  /** Connection ids are accepted for at least half of this and at most this long (BEP 15: at least a minute). */
  readonly connectionIdMs: number;
  readonly logger: Logger;
  readonly clock?: () => number;
  /** Shared by tracker processes behind one address, so an id from one is good at another. */
  readonly cookieSecret?: Uint8Array;
}

export interface UdpTracker {
  /** The bound addresses and ports (the port is chosen by the system when 0 was asked for). */
  addresses(): { address: string; family: string; port: number }[];
  close(): Promise<void>;
}

const bindAddresses = (host: string): string[] => {
  if (host === 'localhost') return ['127.0.0.1', '::1'];
  if (host === '::') return ['0.0.0.0', '::'];
  return [host];
};

/** BEP 15 on its own port: connect, announce, scrape, error; one socket per address family. */
export async function startUdpTracker(options: UdpTrackerOptions): Promise<UdpTracker> {
  const { tracker, limiter, logger } = options;
  const clock = options.clock ?? Date.now;
  const cookies = createCookieJar({ windowMs: Math.max(1000, Math.floor(options.connectionIdMs / 2)), ...(options.cookieSecret ? { secret: options.cookieSecret } : {}) });
  const sockets: Socket[] = [];

  const handle = createUdpHandler({ tracker, limiter, cookies, logger, clock });
  const addressOf = createAddressCache();
  const serve = (socket: Socket) => (msg: Buffer, rinfo: RemoteInfo) => {
    const client = addressOf(rinfo.address);
    if (client) handle(msg, client, (answer) => socket.send(answer, rinfo.port, rinfo.address));
  };

  for (const address of bindAddresses(options.host)) {
    const v6 = address.includes(':');
    // Answers go to the address a packet came from, always an IP: no lookup needed (dgram's
    // default runs dns.lookup for every send). Still answered later, as dgram expects (bind
    // emits 'listening' from this callback).
    const socket = createSocket({
      type: v6 ? 'udp6' : 'udp4', ipv6Only: v6, recvBufferSize: options.receiveBufferBytes, reuseAddr: false,
      lookup: (host, o, cb) => (isIP(host) ? queueMicrotask(() => (cb as (e: null, a: string, f: number) => void)(null, host, v6 ? 6 : 4)) : dnsLookup(host, o, cb)),
    });
    socket.on('message', serve(socket));
    socket.on('error', (err) => logger.warn({ err, address }, 'UDP tracker socket error'));
    try {
      socket.bind(sockets[0] ? sockets[0].address().port : options.port, address);
      await once(socket, 'listening');
      sockets.push(socket);
    } catch (err) {
      socket.close();
      // ::1 is absent where IPv6 is off; one family is enough to serve.
      if (address === '::1' && sockets.length > 0) logger.info({ err }, 'UDP tracker: no IPv6 loopback, IPv4 only');
      else {
        for (const s of sockets) s.close();
        throw err;
      }
    }
  }

  return {
    addresses: () => sockets.map((s) => s.address()),
    async close() {
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
