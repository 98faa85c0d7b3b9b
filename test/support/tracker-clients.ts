import { randomBytes } from 'node:crypto';
import { type Socket, createSocket } from 'node:dgram';
import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { decode, isBytes, isDict, isInt } from '../../src/torrent/index.ts';

/** What a test asks a tracker, whatever the transport. */
export interface TestAnnounce {
  readonly infoHash: Buffer;
  readonly port: number;
  readonly left: number;
  readonly event?: 'started' | 'completed' | 'stopped';
  readonly numwant?: number;
}

export interface TestAnswer {
  readonly seeders: number;
  readonly leechers: number;
  readonly interval: number;
  /** "ip:port" of each peer returned. */
  readonly peers: string[];
}

export type TestScrape = { seeders: number; completed: number; leechers: number }[];

/** A tracker client over one transport; answers that are failures reject with the tracker's reason. */
export interface TrackerClient {
  readonly transport: 'http' | 'udp';
  announce(a: TestAnnounce): Promise<TestAnswer>;
  scrape(infoHashes: Buffer[]): Promise<TestScrape>;
  close(): Promise<void>;
}

const compactPeers = (b: Uint8Array, size: 6 | 18): string[] => {
  const out: string[] = [];
  for (let i = 0; i + size <= b.length; i += size) {
    const ip = size === 6 ? [...b.subarray(i, i + 4)].join('.') : Buffer.from(b.subarray(i, i + 16)).toString('hex');
    out.push(`${ip}:${(b[i + size - 2]! << 8) | b[i + size - 1]!}`);
  }
  return out;
};

const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');

/**
 * BEP 3 over `app.inject`: the request comes from 127.0.0.1 unless told otherwise; `passkey`
 * announces to `/announce/<passkey>` (private releases).
 */
export function httpClient(app: FastifyInstance, remoteAddress = '127.0.0.1', passkey?: string): TrackerClient {
  const suffix = passkey === undefined ? '' : `/${passkey}`;
  const peerId = randomBytes(20);
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, remoteAddress });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    const body = decode(res.rawPayload);
    if (!isDict(body)) throw new Error('the answer is not a dictionary');
    const failure = body.get('failure reason');
    if (isBytes(failure)) throw new Error(failure.toString('utf8'));
    return body;
  };
  return {
    transport: 'http',
    async announce(a) {
      const q = `info_hash=${pct(a.infoHash)}&peer_id=${pct(peerId)}&port=${a.port}&uploaded=0&downloaded=0&left=${a.left}&compact=1${a.event ? `&event=${a.event}` : ''}${a.numwant !== undefined ? `&numwant=${a.numwant}` : ''}`;
      const body = await get(`/announce${suffix}?${q}`);
      const num = (k: string) => {
        const v = body.get(k);
        if (!isInt(v)) throw new Error(`"${k}" is missing`);
        return v;
      };
      const p4 = body.get('peers');
      const p6 = body.get('peers6');
      return { seeders: num('complete'), leechers: num('incomplete'), interval: num('interval'), peers: [...compactPeers(isBytes(p4) ? p4 : Buffer.alloc(0), 6), ...compactPeers(isBytes(p6) ? p6 : Buffer.alloc(0), 18)] };
    },
    async scrape(hashes) {
      const body = await get(`/scrape${suffix}?${hashes.map((h) => `info_hash=${pct(h)}`).join('&')}`);
      const files = body.get('files');
      if (!isDict(files)) throw new Error('no "files"');
      return hashes.map((h) => {
        const f = files.get(h.toString('latin1'));
        if (!isDict(f)) return { seeders: 0, completed: 0, leechers: 0 };
        return { seeders: f.get('complete') as number, completed: f.get('downloaded') as number, leechers: f.get('incomplete') as number };
      });
    },
    close: async () => undefined,
  };
}

/** BEP 15 over a real UDP socket to `port` on 127.0.0.1; `urlPath` goes in a BEP 41 URLData option of each announce. */
export async function udpClient(port: number, urlPath?: string): Promise<TrackerClient & { raw(packet: Buffer): Promise<Buffer | undefined>; connectionId(): Promise<Buffer> }> {
  const socket: Socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const waiting = new Map<number, (b: Buffer) => void>();
  const anyWaiters: ((b: Buffer) => void)[] = [];
  socket.on('message', (msg) => {
    const tid = msg.length >= 8 ? msg.readUInt32BE(4) : -1;
    const w = waiting.get(tid);
    if (w) {
      waiting.delete(tid);
      w(msg);
    } else anyWaiters.shift()?.(msg);
  });
  const send = (packet: Buffer, tid: number, timeoutMs = 2000) =>
    new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(tid);
        reject(new Error('no answer'));
      }, timeoutMs);
      waiting.set(tid, (b) => {
        clearTimeout(timer);
        resolve(b);
      });
      socket.send(packet, port, '127.0.0.1');
    });
  const tid = () => randomBytes(4).readUInt32BE(0);
  const check = (b: Buffer, action: number) => {
    if (b.readUInt32BE(0) === 3) throw new Error(b.subarray(8).toString('utf8'));
    if (b.readUInt32BE(0) !== action) throw new Error(`action ${b.readUInt32BE(0)}, expected ${action}`);
    return b;
  };
  const connectionId = async () => {
    const t = tid();
    const req = Buffer.alloc(16);
    req.writeBigUInt64BE(0x41727101980n, 0);
    req.writeUInt32BE(0, 8);
    req.writeUInt32BE(t, 12);
    return check(await send(req, t), 0).subarray(8, 16);
  };
  const peerId = randomBytes(20);
  const events = { started: 2, completed: 1, stopped: 3 } as const;
  return {
    transport: 'udp',
    connectionId,
    async announce(a) {
      const cid = await connectionId();
      const t = tid();
      const req = Buffer.alloc(98);
      cid.copy(req, 0);
      req.writeUInt32BE(1, 8);
      req.writeUInt32BE(t, 12);
      a.infoHash.copy(req, 16);
      peerId.copy(req, 36);
      req.writeBigUInt64BE(BigInt(a.left), 64);
      req.writeUInt32BE(a.event ? events[a.event] : 0, 80);
      req.writeInt32BE(a.numwant ?? -1, 92);
      req.writeUInt16BE(a.port, 96);
      // BEP 41: URLData options of at most 255 bytes each, then the end of options.
      const options = urlPath === undefined ? [] : [...Buffer.from(urlPath, 'latin1')].reduce<number[][]>((parts, byte, i) => (i % 255 === 0 ? [...parts, [byte]] : (parts.at(-1)!.push(byte), parts)), []).flatMap((part) => [2, part.length, ...part]);
      const b = check(await send(options.length ? Buffer.concat([req, Buffer.from([...options, 0])]) : req, t), 1);
      return { interval: b.readUInt32BE(8), leechers: b.readUInt32BE(12), seeders: b.readUInt32BE(16), peers: compactPeers(b.subarray(20), 6) };
    },
    async scrape(hashes) {
      const cid = await connectionId();
      const t = tid();
      const req = Buffer.concat([cid, Buffer.alloc(8), ...hashes]);
      req.writeUInt32BE(2, 8);
      req.writeUInt32BE(t, 12);
      const b = check(await send(req, t), 2);
      return hashes.map((_, i) => ({ seeders: b.readUInt32BE(8 + i * 12), completed: b.readUInt32BE(12 + i * 12), leechers: b.readUInt32BE(16 + i * 12) }));
    },
    /** Sends any bytes; resolves to the next packet that comes back, or undefined after 300 ms. */
    raw: (packet) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          anyWaiters.splice(anyWaiters.indexOf(done), 1);
          resolve(undefined);
        }, 300);
        const done = (b: Buffer) => {
          clearTimeout(timer);
          resolve(b);
        };
        anyWaiters.push(done);
        socket.send(packet, port, '127.0.0.1');
      }),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A UDP port nobody holds right now (the tracker binds it a moment later). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
