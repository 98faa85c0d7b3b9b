import { type RemoteInfo, type Socket, createSocket } from 'node:dgram';
import { once } from 'node:events';
import type { Logger } from 'pino';
import { isAppError } from '../errors.ts';
import { ipBytes } from './peer.address.ts';
import type { RateLimiter } from './rate.limit.ts';
import type { Tracker } from './tracker.service.ts';
import { createCookieJar } from './udp.cookie.ts';
import { UdpParseError, announceReply, connectReply, errorReply, parseUdpRequest, scrapeReply } from './udp.packet.ts';

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

  const serve = (socket: Socket) => (msg: Buffer, rinfo: RemoteInfo) => {
    const client = ipBytes(rinfo.address);
    if (!client) return;
    const send = (b: Buffer) => socket.send(b, rinfo.port, rinfo.address);
    // Over the limit: no answer at all, so a flood of spoofed requests is not amplified.
    if (!limiter.allow(Buffer.from(client.ip).toString('latin1'), clock())) return;
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
      tracker
        .announce({ infoHash: request.infoHash, peer: { family: client.family, ip: client.ip, port: request.port }, event: request.event, left: request.left, numwant: request.numwant, bothFamilies: false })
        .then((a) => send(announceReply(tid, a.interval, a.leechers, a.seeders, client.family === 4 ? a.peers4 : a.peers6)), failed);
    } else {
      tracker.scrape({ infoHashes: request.infoHashes }).then((counts) => {
        const none = { seeders: 0, completed: 0, leechers: 0 };
        // BEP 15 answers in request order; an untracked torrent counts zeros.
        send(scrapeReply(tid, request.infoHashes.map((h) => counts.get(Buffer.from(h).toString('latin1')) ?? none)));
      }, failed);
    }
  };

  for (const address of bindAddresses(options.host)) {
    const v6 = address.includes(':');
    const socket = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6, recvBufferSize: options.receiveBufferBytes, reuseAddr: false });
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
