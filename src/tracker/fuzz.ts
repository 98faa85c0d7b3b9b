import { isAppError } from '../errors.ts';
import { mulberry32 } from '../prng.ts';
import { decode, isBytes, isDict, isInt } from '../torrent/index.ts';
import type { TrackedSource } from './allowlist.ts';
import { type AnnounceLimits, parseAnnounce, parseScrape } from './announce.parse.ts';
import type { IpBytes } from './peer.address.ts';
import { createHttpTrackerHandler } from './http.handler.ts';
import { createMemoryPeerStore } from './memory/peer.store.ts';
import { createRateLimiter } from './rate.limit.ts';
import { createTracker } from './tracker.service.ts';
import { createCookieJar } from './udp.cookie.ts';
import { createUdpHandler } from './udp.handler.ts';
import { ACTION_ANNOUNCE, ACTION_CONNECT, ACTION_ERROR, ACTION_SCRAPE, PROTOCOL_ID, UdpParseError, parseUdpRequest } from './udp.packet.ts';

/**
 * Inputs for fuzzing both tracker transports, from a seeded generator (so a finding replays),
 * and the properties every input must satisfy. The inputs go through the very handlers the
 * servers run (`http.handler.ts`, `udp.handler.ts`) into a real tracker core with a memory peer
 * store, so a finding anywhere from the parser to the encoder shows. Shared by the short run in
 * `npm test` (fuzz.test.ts) and the long one (`npm run bench:fuzz -- --tracker`).
 */

export const prng = mulberry32;

/** What a generated input should get, where the generator knows: `any` for blind mutations. */
export type Expect = 'any' | 'answer' | 'failure' | 'silence' | 'connect' | 'error';

export interface HttpInput {
  readonly kind: 'announce' | 'scrape';
  readonly query: string;
  readonly expect: Expect;
  /** A substring the failure reason must contain, when the generator knows it. */
  readonly reason?: RegExp;
}

export interface UdpInput {
  readonly packet: Buffer;
  readonly expect: Expect;
  readonly reason?: RegExp;
}

/** Tracked torrents the generator announces to (and untracked ones), and the clients it speaks for. */
export interface FuzzWorld {
  readonly tracked: readonly Buffer[];
  readonly untracked: readonly Buffer[];
  readonly clients: readonly IpBytes[];
  /** A valid connection id for a client, and one from long ago. */
  connectionId(client: IpBytes): Buffer;
  expiredConnectionId(client: IpBytes): Buffer;
}

const pickOf = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const bytes = (random: () => number, n: number): Buffer => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(random() * 256);
  return b;
};

/** Percent-encodes every byte that is not unreserved (RFC 3986), as clients do for info_hash. */
export const percentEncode = (b: Uint8Array): string => {
  let out = '';
  for (const c of b) out += (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e ? String.fromCharCode(c) : `%${c.toString(16).padStart(2, '0')}`;
  return out;
};

/** A few ports per client, so well-formed announces refresh the same peers instead of adding new ones forever. */
const PORTS = [1, 6881, 6882, 51413, 65535, 8999, 20000, 443];
const NUMBERS = ['0', '1', '50', '200', '201', '2147483648', '4294967296', '99999999999999999999', '999999999999999999999', '-1', '1.5', '1e3', '', ' 1', '0x10', '٣'];
/** The keys an announce reads; repeating any of them is refused (the others are ignored). */
const READ_KEYS = new Set(['info_hash', 'peer_id', 'port', 'uploaded', 'downloaded', 'left', 'event', 'numwant', 'compact']);
const JUNK = ['%', '%z', '%zz', '%0', '%GG', '+', '&', '&&', '=', '==', '?', '#', '\u0100', '\u{1F600}', '\0', '%00', '%ff', '%FF', ';', 'info_hash', 'numwant'];

/**
 * An HTTP query: a well-formed announce or scrape, the same with one defect the generator
 * names (a wrong length of info_hash, a repeated key, a port of 0, numwant 2^31, a bad `%`…),
 * or a blind mutation of one.
 */
export function httpInput(random: () => number, world: FuzzWorld): HttpInput {
  const pick = random();
  const tracked = random() < 0.85;
  const hash = pickOf(random, tracked ? world.tracked : world.untracked);
  if (pick < 0.1) {
    const n = 1 + Math.floor(random() * 120);
    const hashes = Array.from({ length: n }, () => `info_hash=${percentEncode(pickOf(random, random() < 0.7 ? world.tracked : world.untracked))}`);
    if (n > 100) return { kind: 'scrape', query: hashes.join('&'), expect: 'failure', reason: /at most 100/ };
    return { kind: 'scrape', query: hashes.join('&'), expect: 'answer' };
  }
  const fields: [string, string][] = [
    ['info_hash', percentEncode(hash)], ['peer_id', percentEncode(bytes(random, 20))], ['port', pickOf(random, PORTS).toString()],
    ['uploaded', '0'], ['downloaded', '0'], ['left', random() < 0.5 ? '0' : String(Math.floor(random() * 1e12))],
  ];
  if (random() < 0.5) fields.push(['event', pickOf(random, ['started', 'completed', 'stopped', '', 'paused'])]);
  if (random() < 0.5) fields.push(['numwant', pickOf(random, ['0', '1', '50', '200', '1000', '2147483648'])]);
  if (random() < 0.5) fields.push(['compact', pickOf(random, ['0', '1'])]);
  if (random() < 0.2) fields.push(['key', percentEncode(bytes(random, 4))], ['ip', '203.0.113.9'], ['supportcrypto', '1']);
  // Shuffle: order does not matter to a tracker.
  for (let i = fields.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [fields[i], fields[j]] = [fields[j]!, fields[i]!];
  }
  const join = () => fields.map(([k, v]) => `${k}=${v}`).join('&');
  if (pick < 0.35) return { kind: 'announce', query: join(), expect: tracked ? 'answer' : 'failure', ...(tracked ? {} : { reason: /unregistered/ }) };
  if (pick < 0.75) {
    const at = (key: string) => fields.findIndex(([k]) => k === key);
    switch (Math.floor(random() * 9)) {
      case 0: fields[at('info_hash')]![1] = percentEncode(bytes(random, random() < 0.5 ? 19 : 21)); return { kind: 'announce', query: join(), expect: 'failure', reason: /info_hash.*20 bytes/ };
      case 1: fields[at('peer_id')]![1] = percentEncode(bytes(random, Math.floor(random() * 40))); return { kind: 'announce', query: join(), expect: 'any' };
      case 2: fields[at('port')]![1] = pickOf(random, ['0', '65536', '-1', 'http', '']); return { kind: 'announce', query: join(), expect: 'failure', reason: /port/ };
      case 3: { const f = pickOf(random, fields.filter(([k]) => READ_KEYS.has(k))); fields.push([f[0], f[1]]); return { kind: 'announce', query: join(), expect: 'failure', reason: /given 2 times/ }; }
      case 4: { const key = pickOf(random, ['info_hash', 'peer_id', 'port', 'left']); fields.splice(at(key), 1); return { kind: 'announce', query: join(), expect: 'failure', reason: new RegExp(`"${key}" is missing`) }; }
      case 5: { const f = pickOf(random, fields); f[1] = `${f[1].slice(0, Math.floor(random() * f[1].length))}${pickOf(random, ['%', '%z', '%0', '%G1'])}`; return { kind: 'announce', query: join(), expect: 'failure', reason: /"%" not followed/ }; }
      case 6: fields[at('left')]![1] = pickOf(random, NUMBERS); return { kind: 'announce', query: join(), expect: 'any' };
      case 7: fields.push(['numwant', '2147483648']); return { kind: 'announce', query: join(), expect: fields.filter(([k]) => k === 'numwant').length > 1 ? 'failure' : tracked ? 'answer' : 'failure' };
      default: fields.push(['event', pickOf(random, ['start', 'STOPPED', 'completed ', '%00', 'x'.repeat(200)])]); return { kind: 'announce', query: join(), expect: 'failure' };
    }
  }
  // Blind mutations of the text: truncation, junk inserted, characters dropped or repeated.
  let q = join();
  for (let m = 1 + Math.floor(random() * 4); m > 0; m--) {
    const at = Math.floor(random() * (q.length + 1));
    switch (Math.floor(random() * 4)) {
      case 0: q = q.slice(0, at); break;
      case 1: q = q.slice(0, at) + pickOf(random, JUNK) + q.slice(at); break;
      case 2: q = q.slice(0, at) + q.slice(at + 1 + Math.floor(random() * 8)); break;
      default: q = q.slice(0, at) + q.slice(Math.max(0, at - 20), at) + q.slice(at);
    }
  }
  if (random() < 0.05) q = q.repeat(1 + Math.floor(random() * 200)); // oversized
  return { kind: random() < 0.9 ? 'announce' : 'scrape', query: q, expect: 'any' };
}

const header = (connectionId: Buffer, action: number, tid: number, size: number): Buffer => {
  const p = Buffer.alloc(size);
  connectionId.copy(p, 0, 0, 8);
  p.writeUInt32BE(action, 8);
  p.writeUInt32BE(tid, 12);
  return p;
};

/**
 * A UDP packet: a well-formed connect, announce or scrape, the same with a named defect (wrong
 * or expired connection id, unknown action, port 0, numwant 2^31, a short announce, a scrape of
 * 0 or 75 torrents, BEP 41 options after the announce), or random and mutated bytes.
 */
export function udpInput(random: () => number, world: FuzzWorld, client: IpBytes): UdpInput {
  const pick = random();
  const tid = Math.floor(random() * 0x100000000);
  const conn = world.connectionId(client);
  if (pick < 0.05) {
    const p = Buffer.alloc(16);
    p.writeBigUInt64BE(PROTOCOL_ID, 0);
    p.writeUInt32BE(ACTION_CONNECT, 8);
    p.writeUInt32BE(tid, 12);
    if (random() < 0.3) { p.writeUInt32BE(Math.floor(random() * 0x100000000), 0); return { packet: p, expect: 'error', reason: /protocol id/ }; }
    return { packet: p, expect: 'connect' };
  }
  if (pick < 0.15) {
    const n = Math.floor(random() * 80);
    const p = header(conn, ACTION_SCRAPE, tid, 16 + n * 20);
    for (let i = 0; i < n; i++) pickOf(random, random() < 0.7 ? world.tracked : world.untracked).copy(p, 16 + i * 20);
    return { packet: p, expect: n === 0 || n > 74 ? 'error' : 'answer' };
  }
  const tracked = random() < 0.85;
  const announce = (id: Buffer) => {
    const p = header(id, ACTION_ANNOUNCE, tid, 98);
    pickOf(random, tracked ? world.tracked : world.untracked).copy(p, 16);
    bytes(random, 20).copy(p, 36);
    p.writeUInt32BE(random() < 0.5 ? 0 : Math.floor(random() * 1e9), 68);
    p.writeUInt32BE(Math.floor(random() * 4), 80);
    p.writeInt32BE(pickOf(random, [-1, 0, 1, 50, 200, 1000]), 92);
    p.writeUInt16BE(pickOf(random, PORTS), 96);
    return p;
  };
  if (pick < 0.35) return { packet: announce(conn), expect: tracked ? 'answer' : 'error', ...(tracked ? {} : { reason: /unregistered/ }) };
  if (pick < 0.7) {
    switch (Math.floor(random() * 9)) {
      case 0: return { packet: announce(bytes(random, 8)), expect: 'error', reason: /connection id/ };
      case 1: return { packet: announce(world.expiredConnectionId(client)), expect: 'error', reason: /connection id/ };
      case 2: { const p = announce(conn); p.writeUInt32BE(4 + Math.floor(random() * 1000), 8); return { packet: p, expect: 'error', reason: /unknown action/ }; }
      case 3: { const p = announce(conn); p.writeUInt16BE(0, 96); return { packet: p, expect: 'error', reason: /port 0/ }; }
      case 4: { const p = announce(conn); p.writeUInt32BE(0x80000000, 92); return { packet: p, expect: tracked ? 'answer' : 'error' }; }
      case 5: return { packet: announce(conn).subarray(0, 16 + Math.floor(random() * 82)), expect: 'error', reason: /98 bytes/ };
      case 6: return { packet: announce(conn).subarray(0, Math.floor(random() * 16)), expect: 'silence' };
      case 7: { // BEP 41: options after the announce (URL data, NOPs, end of options)
        const opts = Buffer.from([2, 5, 0x2f, 0x61, 0x3f, 0x62, 0x3d, 1, 0]);
        return { packet: Buffer.concat([announce(conn), opts, bytes(random, Math.floor(random() * 40))]), expect: tracked ? 'answer' : 'error' };
      }
      default: { const p = announce(conn); p.writeUInt32BE(4 + Math.floor(random() * 100), 80); return { packet: p, expect: 'error', reason: /unknown event/ }; }
    }
  }
  if (pick < 0.8) return { packet: bytes(random, Math.floor(random() * (random() < 0.1 ? 2048 : 120))), expect: 'any' };
  const p = Buffer.from(pickOf(random, [announce(conn), header(conn, ACTION_SCRAPE, tid, 36)]));
  for (let e = 1 + Math.floor(random() * 4); e > 0; e--) p[Math.floor(random() * p.length)] = Math.floor(random() * 256);
  return { packet: random() < 0.2 ? p.subarray(0, Math.floor(random() * p.length)) : p, expect: 'any' };
}

/**
 * The property of the parsers alone: a precise value within its bounds, or a typed error.
 * Anything else is a finding and is thrown.
 */
export function checkParsers(http: HttpInput, udp: UdpInput, limits: AnnounceLimits): void {
  const from = { family: 4 as const, ip: Uint8Array.of(127, 0, 0, 1) };
  try {
    if (http.kind === 'scrape') {
      const s = parseScrape(http.query);
      if (s.infoHashes.length < 1 || s.infoHashes.length > 100 || s.infoHashes.some((h) => h.length !== 20)) throw new Error('scrape out of bounds');
    } else {
      const a = parseAnnounce(http.query, from, limits);
      if (a.infoHash.length !== 20 || a.peer.port < 1 || a.peer.port > 65535 || !(a.numwant >= 0 && a.numwant <= limits.maxNumwant) || !Number.isFinite(a.left) || a.left < 0) throw new Error(`announce out of bounds: ${JSON.stringify({ ...a, infoHash: undefined, peer: undefined })}`);
    }
  } catch (e) {
    if (!(isAppError(e) && e.kind === 'invalid' && e.message.length > 0)) throw finding('HTTP parser', e, http.query);
  }
  try {
    const r = parseUdpRequest(udp.packet);
    if (r.action === 'announce' && (r.infoHash.length !== 20 || r.port < 1 || r.port > 65535)) throw new Error('announce out of bounds');
    if (r.action === 'scrape' && (r.infoHashes.length < 1 || r.infoHashes.length > 74)) throw new Error('scrape out of bounds');
  } catch (e) {
    if (!(e instanceof UdpParseError && (e.transactionId === null) === (udp.packet.length < 16))) throw finding('UDP parser', e, udp.packet.toString('hex'));
  }
}

const finding = (where: string, e: unknown, input: string) =>
  new Error(`finding in the ${where}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} for input ${input.slice(0, 600)}`);

/** What one input came to, for the run's tally. */
export type Outcome = 'answer' | 'failure' | 'silence' | 'connect' | 'error' | 'scrape';

/** A tracker core with a memory store, fed through the servers' own handlers. */
export interface FuzzTracker {
  readonly world: FuzzWorld;
  http(input: HttpInput, client: IpBytes): Promise<Outcome>;
  udp(input: UdpInput, client: IpBytes): Promise<Outcome>;
  /** Advances the tracker's clock. */
  tick(ms: number): void;
  close(): Promise<void>;
}

const CONNECTION_MS = 120_000;

export async function createFuzzTracker(seed: number): Promise<FuzzTracker> {
  const random = prng(seed);
  let now = 1_800_000_000_000;
  const clock = () => now;
  const tracked = Array.from({ length: 8 }, () => bytes(random, 20));
  const untracked = Array.from({ length: 4 }, () => bytes(random, 20));
  const source: TrackedSource = {
    version: async () => '1',
    // Release 1 is a hybrid: its v1 infohash and its truncated v2 infohash reach one swarm.
    list: async () => tracked.map((h, i) => ({ releaseId: i === 1 ? 1 : i + 1, infohashV1: i === 1 ? null : h.toString('hex'), infohashV2: i === 1 ? h.toString('hex') + '00'.repeat(12) : null })),
  };
  const store = createMemoryPeerStore({ peerTtlMs: 2_700_000, clock, random });
  const tracker = await createTracker({ store, source, settings: { intervalSeconds: 1800, minIntervalSeconds: 900, defaultNumwant: 50, maxNumwant: 200, refreshMs: 3_600_000 } });
  // A limit high enough never to refuse the fuzzer, so every input reaches the parsers.
  const limiter = createRateLimiter({ rate: 1_000_000_000, burst: 1_000_000_000 });
  const cookies = createCookieJar({ windowMs: CONNECTION_MS / 2 });
  const errors: unknown[] = [];
  const logger = { error: (o: unknown) => void errors.push(o) } as never;
  const http = createHttpTrackerHandler({ tracker, limiter, clock });
  const udp = createUdpHandler({ tracker, limiter, cookies, logger, clock });
  const clients: IpBytes[] = [
    { family: 4, ip: Uint8Array.of(127, 0, 0, 1) }, { family: 4, ip: Uint8Array.of(192, 0, 2, 7) }, { family: 4, ip: Uint8Array.of(10, 1, 2, 3) },
    { family: 6, ip: Uint8Array.from(Buffer.from('20010db8000000000000000000000001', 'hex')) }, { family: 6, ip: Uint8Array.from(Buffer.from('00000000000000000000000000000001', 'hex')) },
  ];
  const world: FuzzWorld = {
    tracked, untracked, clients,
    connectionId: (c) => cookies.issue(c.ip, now),
    expiredConnectionId: (c) => cookies.issue(c.ip, now - CONNECTION_MS - 1),
  };

  const check = (ok: boolean, what: string, input: string) => {
    if (!ok) throw new Error(`finding: ${what} for input ${input.slice(0, 600)}`);
  };

  return {
    world,
    async http(input, client) {
      let body: Buffer;
      try {
        body = await http(input.kind, input.query, client);
      } catch (e) {
        throw finding('HTTP handler', e, input.query);
      }
      let dict;
      try {
        dict = decode(body); // the strict decoder: the answer must be canonical bencode
      } catch (e) {
        throw finding('HTTP answer encoding', e, input.query);
      }
      check(isDict(dict), 'the answer is not a dictionary', input.query);
      if (!isDict(dict)) return 'failure';
      const reason = dict.get('failure reason');
      if (reason !== undefined) {
        check(isBytes(reason) && reason.length > 0 && dict.size === 1, 'a failure must hold a reason and nothing else', input.query);
        check(input.expect === 'any' || input.expect === 'failure', `expected ${input.expect}, got failure "${String(reason)}"`, input.query);
        if (input.reason) check(input.reason.test(String(reason)), `the failure "${String(reason)}" does not match ${input.reason}`, input.query);
        return 'failure';
      }
      check(input.expect === 'any' || input.expect === 'answer', `expected ${input.expect}, got an answer`, input.query);
      if (input.kind === 'scrape') {
        check(isDict(dict.get('files')), 'a scrape answer holds files', input.query);
        return 'scrape';
      }
      const peers = dict.get('peers');
      check(isInt(dict.get('interval')), 'an announce answer has an interval', input.query);
      check(peers !== undefined && (!isBytes(peers) || peers.length % 6 === 0), 'compact peers come 6 bytes each', input.query);
      return 'answer';
    },
    async udp(input, client) {
      const sent: Buffer[] = [];
      try {
        udp(input.packet, client, (b) => void sent.push(b));
        // The memory store answers within microtasks; one macrotask later every answer is out.
        await new Promise((resolve) => setImmediate(resolve));
      } catch (e) {
        throw finding('UDP handler', e, input.packet.toString('hex'));
      }
      const hex = input.packet.toString('hex');
      check(errors.length === 0, `an internal error was logged: ${String(errors[0])}`, hex);
      check(sent.length <= 1, `${sent.length} answers to one packet`, hex);
      if (sent.length === 0) {
        check(input.packet.length < 16 && (input.expect === 'silence' || input.expect === 'any'), 'a packet with a transaction id got no answer', hex);
        return 'silence';
      }
      const a = sent[0]!;
      check(a.length >= 8 && a.readUInt32BE(4) === input.packet.readUInt32BE(12), 'the answer carries the transaction id', hex);
      const action = a.readUInt32BE(0);
      if (action === ACTION_ERROR) {
        const message = a.subarray(8).toString('utf8');
        check(message.length > 0, 'an error has a message', hex);
        check(input.expect === 'any' || input.expect === 'error', `expected ${input.expect}, got error "${message}"`, hex);
        if (input.reason) check(input.reason.test(message), `the error "${message}" does not match ${input.reason}`, hex);
        return 'error';
      }
      if (action === ACTION_CONNECT) {
        check(a.length === 16 && (input.expect === 'any' || input.expect === 'connect'), `expected ${input.expect}, got a connect answer`, hex);
        return 'connect';
      }
      check(input.expect === 'any' || input.expect === 'answer', `expected ${input.expect}, got action ${action}`, hex);
      if (action === ACTION_SCRAPE) {
        check((a.length - 8) === ((input.packet.length - 16) / 20) * 12, 'a scrape answers each torrent asked for', hex);
        return 'scrape';
      }
      check(action === ACTION_ANNOUNCE && (a.length - 20) % (client.family === 4 ? 6 : 18) === 0, 'an announce answer holds whole peers of the client\'s family', hex);
      return 'answer';
    },
    tick: (ms) => void (now += ms),
    async close() {
      await tracker.close();
      limiter.close();
      await store.close();
    },
  };
}
